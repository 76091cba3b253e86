/**
 * A scan of bytes read from disk (`ByteRun`, decoding only the lines it reads) must find what a
 * scan of the decoded text finds, and the summary's peer and recipient must be what the full
 * context gives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ByteRun } from '../../server/src/service/byteRun';
import { decodeBuffer } from '../../server/src/node/logStream';
import { Chunk } from '../../server/src/service/chunkedDocument';
import { scanChunkFailures } from '../../server/src/service/chunkScanner';
import type { ScanMode } from '../../server/src/service/documentScanner';
import { peerAndRecipientOf, withContext } from '../../server/src/service/logRecognizers';
import type { Reply } from '../../server/src/service/replyTypes';
import { MIXED_LOG_LINES } from '../support/mixedLines';
import { corpusDir } from '../support/paths';
import { seededRandom } from '../support/random';

const LINES = [
  ...MIXED_LOG_LINES,
  'Nov 25 06:00:06 mx1 postfix/smtp[2221]: 5A: to=<d@example.org>, relay=none, delay=30, dsn=4.4.1, status=deferred (connect to mx.example.com[192.0.2.25]:25: Connection timed out)',
  '    5.1.1 again, folded',
  '\ufeffS: 550 5.7.1 after a byte order mark',
  '\u00a0 451 4.7.1 after a no-break space',
  'Apr 3 mx2 sm-mta[99]: 7AB: ruleset=check_rcpt, arg1=<u@example.com>, relay=[192.0.2.3], reject=550 5.7.1 <u@example.com>... Relaying denied',
  'Dec 1 é 日本 said: 452 4.2.2 mailbox full\r',
];

/** Comparable form of a scan's replies (context filled in, as shown). */
function shown(replies: Reply[]): unknown[] {
  return replies.map((reply) => ({ ...withContext(reply), pendingContext: undefined }));
}

function assertSameScan(text: string, bytes: Uint8Array, mode: ScanMode, label: string): number {
  const fromText = scanChunkFailures(new Chunk(text), mode);
  const run = new ByteRun(bytes);
  const fromBytes = scanChunkFailures(run, mode);
  // The disk summary takes a reply's line from the text the recognizer kept: it must be that line.
  for (const reply of fromBytes) {
    if (reply.pendingContext !== undefined) assert.equal(reply.pendingContext, run.lineAt(reply.tokens[0].line), `${label}: the kept line`);
  }
  assert.deepEqual(shown(fromBytes), shown(fromText), `${label} (${mode})`);
  // The disk scan decodes lines with Buffer#toString: the same text, bad bytes included.
  const fromBuffer = scanChunkFailures(new ByteRun(Buffer.from(bytes), decodeBuffer), mode);
  assert.deepEqual(shown(fromBuffer), shown(fromText), `${label} (${mode}, Buffer decoding)`);
  return fromText.length;
}

test('a scan of bytes finds what a scan of the decoded text finds: logs, bounces, non-ASCII, CRLF, bad bytes', () => {
  const random = seededRandom(9);
  let found = 0;
  for (let round = 0; round < 200; round++) {
    const text = Array.from({ length: 1 + random(30) }, () => LINES[random(LINES.length)]).join(random(2) ? '\n' : '\r\n');
    const bytes = Buffer.from(text, 'utf8');
    for (const mode of ['log', 'transcript'] as const) found += assertSameScan(text, bytes, mode, `round ${round}`);
    // Bytes that are not UTF-8 decode to U+FFFD wherever they fall.
    const broken = Buffer.concat([bytes, Buffer.from([0xc3, 0x0a, 0xff, 0x35, 0x35, 0x30, 0x20, 0x80, 0x0a, 0xed, 0xa0, 0x80, 0x34, 0x35, 0x31, 0x20, 0xe2, 0x82, 0x0a, 0xf0, 0x9f, 0x98, 0x20, 0x35, 0x35, 0x34, 0xc0, 0xaf, 0x0a])]);
    assertSameScan(broken.toString('utf8'), broken, 'log', `round ${round}, bad bytes`);
  }
  assert.ok(found > 1000, `the texts hold replies (${found})`);
});

test('the disk decoder reads a plain Uint8Array as text too, not as a list of numbers', () => {
  const bytes = new Uint8Array([0x78, 0x35, 0x35, 0x30, 0x20, 0xc3, 0xa9, 0xff]);
  assert.equal(decodeBuffer(bytes.subarray(1), 0, 7), '550 \u00e9\ufffd');
  assert.equal(decodeBuffer(Buffer.from(bytes), 1, 4), '550');
});

test('line by line, a byte run gives back every line as its text', () => {
  const text = LINES.join('\n');
  const run = new ByteRun(Buffer.from(text, 'utf8'));
  const chunk = new Chunk(text);
  assert.equal(run.lineCount, chunk.lineCount);
  for (let i = 0; i < chunk.lineCount; i++) assert.equal(run.lineAt(i), chunk.lineAt(i), `line ${i}`);
});

test('the summary reads peer and recipient as the full context does', (t) => {
  const lines = [...LINES];
  const dir = corpusDir();
  if (dir) {
    const walk = (d: string): string[] => readdirSync(d).flatMap((name) => (statSync(join(d, name)).isDirectory() ? walk(join(d, name)) : [join(d, name)]));
    for (const file of walk(dir)) lines.push(...readFileSync(file, 'utf8').split('\n'));
  } else {
    t.diagnostic('../shared/corpus is not on this machine: built lines only');
  }
  let compared = 0;
  for (const line of lines) {
    for (const reply of scanChunkFailures(new Chunk(line), 'log')) {
      if (reply.pendingContext === undefined) continue;
      const quick = peerAndRecipientOf(reply);
      withContext(reply);
      assert.deepEqual(quick, { peer: reply.peer, recipient: reply.recipient }, line);
      compared++;
    }
  }
  assert.ok(compared > 5, `replies compared: ${compared}`);
});
