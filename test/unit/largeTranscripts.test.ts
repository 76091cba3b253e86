/**
 * Transcripts larger than one chunk: the editor and the disk scan read them a chunk at a time, and
 * each chunk must go on from where the session stood at the end of the one before (a DATA phase,
 * commands awaiting replies). One pass over the whole text is the reference.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLanguageService } from '../../server/src/service/languageService';
import { ChunkedDocument } from '../../server/src/service/chunkedDocument';
import { DocumentIndex } from '../../server/src/service/documentIndex';
import { linesOf, scanLines } from '../../server/src/service/documentScanner';
import { isFailure } from '../../server/src/service/codeSyntax';
import { FailureTally } from '../../server/src/service/failureTally';
import { scanLogFile } from '../../server/src/node/logFileScan';
import type { Reply } from '../../server/src/service/replyTypes';
import { tinyCatalog } from '../support/tinyCatalog';

/** A small seeded generator, so that a failure names the text it failed on. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * Sessions in the S:/C: and bare telnet styles, some refused, some pipelined, and message bodies
 * long enough to cross a chunk boundary, holding blank lines (where chunks are cut) and lines that
 * look like replies ("550 5.7.1 ..." quoted from a bounce) but are message content.
 */
function transcript(seed: number, bytes: number): string {
  const next = random(seed);
  const parts: string[] = [];
  let size = 0;
  for (let session = 0; size < bytes; session++) {
    const bare = next() < 0.5;
    const s = (text: string) => (bare ? text : `S: ${text}`);
    const c = (text: string) => (bare ? text : `C: ${text}`);
    const lines = [s(`220 mx${session}.example.com ESMTP`), c('EHLO client.example.org'), s('250-mx.example.com'), s('250-PIPELINING'), s('250 SIZE 10240000')];
    const refused = next();
    if (refused < 0.15) lines.push(c('MAIL FROM:<a@example.org>'), s('451 4.7.1 Try again later'), c('QUIT'), s('221 2.0.0 Bye'));
    else if (refused < 0.3) lines.push(c('MAIL FROM:<a@example.org>'), c(`RCPT TO:<u${session}@example.com>`), c('DATA'), s('250 2.1.0 Ok'), s('550 5.1.1 No such user'), s('554 5.5.1 No valid recipients'), c('QUIT'), s('221 2.0.0 Bye'));
    else {
      lines.push(c('MAIL FROM:<a@example.org>'), s('250 2.1.0 Ok'), c(`RCPT TO:<u${session}@example.com>`), s('250 2.1.5 Ok'), c('DATA'), s('354 End data with <CR><LF>.<CR><LF>'));
      lines.push(c('Subject: a returned message'), c(''));
      const body = next() < 0.1 ? 2000 : Math.floor(next() * 40);
      for (let i = 0; i < body; i++) {
        const kind = next();
        if (kind < 0.3) lines.push(c(`550 5.7.1 quoted line ${i} of an earlier bounce`));
        else if (kind < 0.4) lines.push(c(''));
        else if (kind < 0.5) lines.push(c(`421-4.7.0 quoted greylisting notice ${i}`));
        else lines.push(c(`Some words of the message, line ${i}, with nothing to say about mail.`));
      }
      lines.push(c('.'), s(next() < 0.2 ? '452 4.3.1 Insufficient system storage' : '250 2.0.0 Ok: queued'), c('QUIT'), s('221 2.0.0 Bye'));
    }
    const text = lines.join('\n') + '\n\n';
    parts.push(text);
    size += text.length;
  }
  return parts.join('');
}

/** What matters of a failure: where, which codes, and which command it answered. */
const describe = (reply: Reply) => `${reply.tokens[0].line}:${reply.tokens[0].start} ${reply.basic ?? ''} ${reply.enhanced ?? ''} to ${reply.command ?? '?'}`;

/** The failures one pass over the whole text finds. */
function referenceFailures(text: string): string[] {
  return scanLines(linesOf(text), 'transcript')
    .filter((reply) => isFailure(reply.class))
    .map(describe);
}

test('a transcript of many chunks: failures and hovers are those of one pass over the whole text', () => {
  const text = transcript(7, 600 * 1024);
  const document = new ChunkedDocument('file:///t/session.smtp', 'smtp-transcript', 1, text);
  assert.ok([...document.chunkList()].length >= 6, 'the text spans several chunks');
  const expected = referenceFailures(text);
  const service = createLanguageService(tinyCatalog);
  assert.deepEqual(service.findFailures(document).map(describe), expected);
  // The quoted bounce lines inside message bodies are content, not failures.
  assert.ok(!expected.some((failure) => failure.includes('to DATA') && failure.includes('5.7.1')));

  // A hover, from a service that has scanned nothing yet, finds what the whole pass finds.
  const fresh = createLanguageService(tinyCatalog);
  const whole = new DocumentIndex(scanLines(linesOf(text), 'transcript'));
  const next = random(11);
  for (let i = 0; i < 300; i++) {
    const line = Math.floor(next() * document.lineCount);
    const character = document.lineAt(line).startsWith('S: ') ? 3 : 0;
    const got = fresh.replyAt(document, { line, character });
    const want = whole.at(line, character)?.reply;
    assert.equal(got && describe(got), want && describe(want), `line ${line}: ${document.lineAt(line)}`);
  }
});

test('an edit that opens or closes a DATA phase changes how every chunk after it reads', () => {
  const service = createLanguageService(tinyCatalog);
  const text = transcript(3, 400 * 1024);
  const document = new ChunkedDocument('file:///t/edits.smtp', 'smtp-transcript', 1, text);
  service.findFailures(document);
  const next = random(5);
  const edits = ['DATA\n354 go ahead\n', '.\n', 'C: DATA\nS: 354 go ahead\n', '\n', 'C: NOOP\n', 'S: 550 5.7.1 refused\n'];
  for (let version = 2; version < 40; version++) {
    const line = Math.floor(next() * (document.lineCount - 1));
    const remove = next() < 0.3 ? 1 : 0;
    document.update([{ range: { start: { line, character: 0 }, end: { line: line + remove, character: 0 } }, text: edits[version % edits.length] }], version);
    assert.deepEqual(service.findFailures(document).map(describe), referenceFailures(document.getText()), `after edit ${version} at line ${line}`);
  }
});

test('a transcript scanned from disk counts what one pass counts, also when threads are offered', async () => {
  const text = transcript(9, 2 * 1024 * 1024);
  const path = join(mkdtempSync(join(tmpdir(), 'smtp-transcript-')), 'sessions.smtp');
  writeFileSync(path, text);
  const expected = scanLines(linesOf(text), 'transcript').filter((reply) => reply.diagnose && isFailure(reply.class));
  const tally = new FailureTally();
  await scanLogFile(path, tally, { mode: 'transcript', jobs: 4, partBytesAtLeast: 64 * 1024 });
  const counts = tally.counts();
  assert.equal(counts.permanent, expected.filter((reply) => reply.class === 'permanent').length);
  assert.equal(counts.temporary, expected.filter((reply) => reply.class === 'transient').length);
  assert.ok(counts.permanent > 0 && counts.temporary > 0);
});

test('a multi-line reply cut by a chunk boundary is counted once, and its rest still answers the same command', () => {
  // One long pipelined session without a blank line: chunks are cut at any line feed, often inside a reply.
  const lines = ['S: 220 mx.example.com ESMTP', 'C: EHLO client.example.org', 'S: 250-mx.example.com', 'S: 250 PIPELINING'];
  for (let i = 0; lines.length < 12000; i++) {
    lines.push(`C: RCPT TO:<user${i}@example.com>`);
    if (i % 3 === 0) lines.push('S: 250 2.1.5 Ok');
    else lines.push(`S: 550-5.7.1 The recipient user${i} is refused by policy, first line`, 'S: 550-5.7.1 and its second line', 'S: 550 5.7.1 and the last line');
  }
  const text = lines.join('\n') + '\n';
  const document = new ChunkedDocument('file:///t/pipelined.smtp', 'smtp-transcript', 1, text);
  const cutInside = [...document.chunkList()].filter(({ firstLine }) => firstLine > 0 && /^S: 550[ -]/.test(document.lineAt(firstLine)) && document.lineAt(firstLine - 1).startsWith('S: 550-'));
  assert.ok(cutInside.length > 0, 'some chunk starts inside a multi-line reply');
  const counted = (replies: readonly Reply[]) => replies.filter((reply) => reply.diagnose && isFailure(reply.class)).map(describe);
  const service = createLanguageService(tinyCatalog);
  assert.deepEqual(counted(service.findFailures(document)), counted(scanLines(linesOf(text), 'transcript')));
  // A hover on the rest of a cut reply names the command the whole reply answers.
  const whole = new DocumentIndex(scanLines(linesOf(text), 'transcript'));
  for (const { firstLine } of cutInside) {
    const got = service.replyAt(document, { line: firstLine, character: 3 });
    const want = whole.at(firstLine, 3)?.reply;
    assert.equal(`${got?.basic} ${got?.enhanced} to ${got?.command}`, `${want?.basic} ${want?.enhanced} to ${want?.command}`, `line ${firstLine}`);
  }
  // Each chunk is read as the session reaches it: the line after a cut reply is paired as in one pass.
  const diagnostics = service.doValidation(document, { maxProblems: 1e9 });
  assert.equal(diagnostics.length, counted(scanLines(linesOf(text), 'transcript')).length);
});

test('the rest of a cut reply is found after prefixed lines that are not replies, as one pass finds it', () => {
  for (const between of ['=== a note of the test harness', 'S: (continued)']) {
    let head = 'S: 220 mx.example ESMTP\nC: EHLO c.example\nS: 250 mx.example\n';
    const cut = 'C: RCPT TO:<a@example.com>\nC: RCPT TO:<b@example.com>\nS: 550-5.1.1 <a@example.com>: no such user\n';
    // NOOP pairs without a blank line: the chunk is cut at the first line feed past 64 KB, right after the 550- line.
    while (head.length + cut.length < 64 * 1024) head += 'C: NOOP\nS: 250 2.0.0 Ok\n';
    const text = `${head}${cut}${between}\nS: 550 5.1.1 rest of the refusal\nS: 452 4.5.3 too many recipients\n` + 'C: NOOP\nS: 250 2.0.0 Ok\n'.repeat(2000);
    const document = new ChunkedDocument('file:///t/cut.smtp', 'smtp-transcript', 1, text);
    const cutAt = text.slice(0, text.indexOf('S: 550-')).split('\n').length;
    assert.ok([...document.chunkList()].some(({ firstLine }) => firstLine === cutAt), `a chunk starts right after the 550- line (${between})`);
    const counted = (replies: readonly Reply[]) => replies.filter((reply) => reply.diagnose && isFailure(reply.class)).map(describe);
    const service = createLanguageService(tinyCatalog);
    assert.deepEqual(counted(service.findFailures(document)), counted(scanLines(linesOf(text), 'transcript')), between);
    assert.deepEqual(service.countFailures(document), { permanent: 1, temporary: 1 }, between);
  }
});
