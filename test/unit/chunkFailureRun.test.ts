/**
 * A chunk's failures kept small (plain lines as line numbers, read again when asked for) must come
 * back exactly as the scan found them, at the chunk's place and after the chunk moves.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ChunkedDocument } from '../../server/src/service/chunkedDocument';
import { ChunkFailureRun } from '../../server/src/service/chunkFailureRun';
import { isFailure } from '../../server/src/service/codeSyntax';
import { scanChunkFailures } from '../../server/src/service/chunkScanner';
import { linesOf, scanLines, type ScanMode } from '../../server/src/service/documentScanner';
import { MIXED_LOG_LINES } from '../support/mixedLines';
import { corpusDir } from '../support/paths';
import { seededRandom } from '../support/random';

const LINES = MIXED_LOG_LINES;

/**
 * A log mixing plain failure lines with bare multi-line replies (first half: chunks kept small)
 * and with bounce fields too (second half: a DSN Status keeps a chunk's replies whole).
 */
function mixedLog(lines: number): string {
  const random = seededRandom(3);
  const withoutBounces = LINES.filter((line) => !/^(?:Final-Recipient|Action|Status|Diagnostic-Code):/.test(line));
  return Array.from({ length: lines }, (_, i) => (i < lines / 2 ? withoutBounces[random(withoutBounces.length)] : LINES[random(LINES.length)])).join('\n');
}

function assertSameFailures(text: string, mode: ScanMode, label: string): number {
  const document = new ChunkedDocument('file:///t', 'mail-log', 1, text);
  let failures = 0;
  for (const { chunk, firstLine } of document.chunkList()) {
    const expected = scanChunkFailures(chunk, mode, firstLine).filter((reply) => isFailure(reply.class));
    const run = ChunkFailureRun.scan(chunk, mode, firstLine);
    assert.deepEqual(run.replies(), expected, `${label}: chunk at line ${firstLine}`);
    assert.deepEqual(run.list, expected, `${label}: kept list at line ${firstLine}`);
    assert.equal(run.count, expected.length);
    assert.equal(run.permanent + run.temporary, expected.filter((r) => r.diagnose).length);
    const moved = run.movedTo(firstLine + 7);
    assert.deepEqual(moved.replies(), scanChunkFailures(chunk, mode, firstLine + 7).filter((reply) => isFailure(reply.class)), `${label}: moved chunk at line ${firstLine}`);
    failures += expected.length;
  }
  return failures;
}

test('kept-small failures come back as scanned, in log and transcript modes, and after a move', () => {
  const text = mixedLog(20000);
  assert.ok(assertSameFailures(text, 'log', 'mixed log') > 5000);
  assertSameFailures(text, 'transcript', 'mixed log as transcript');
});

const corpus = corpusDir();
test('kept-small failures come back as scanned on the corpus', { skip: corpus ? false : 'the corpus (../shared/corpus) is not on this machine' }, () => {
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
  let failures = 0;
  for (const file of walk(corpus!)) failures += assertSameFailures(readFileSync(file, 'utf8'), 'log', file);
  assert.ok(failures > 100, `failures in the corpus: ${failures}`);
});

test('a line that starts with a byte order mark or a no-break space keeps its structure', () => {
  for (const lead of ['\ufeff', '\u00a0', '\u3000', '\v']) {
    const text = `${lead}S: 550 User unknown\r\nS: 451 Try again later\r\n`;
    const [{ chunk, firstLine }] = [...new ChunkedDocument('file:///t', 'mail-log', 1, text).chunkList()];
    const fromChunk = scanChunkFailures(chunk, 'log', firstLine).map((r) => `${r.basic}/${r.source}`);
    const lineByLine = scanLines(linesOf(text), 'log').map((r) => `${r.basic}/${r.source}`);
    assert.deepEqual(fromChunk, lineByLine, JSON.stringify(lead));
    assert.deepEqual(fromChunk, ['550/transcript', '451/transcript'], JSON.stringify(lead));
  }
});
