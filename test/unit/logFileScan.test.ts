import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChunkedDocument } from '../../server/src/service/chunkedDocument';
import { FailureTally } from '../../server/src/service/failureTally';
import { chunkAlignedSplits, scanLogFile, scanLogFiles } from '../../server/src/node/logFileScan';
import { gzipSync } from 'node:zlib';
import { execFileSync, spawn } from 'node:child_process';
import { MIXED_LOG_LINES } from '../support/mixedLines';
import { repoRoot } from '../support/paths';
import { Catalog } from '../../server/src/service/catalog';
import { catalogData } from '../../server/src/catalogData';

const WORKER = join(repoRoot(), 'dist', 'scanWorker.js');

/** A log of mixed formats and bounce blocks, lines of varying length, about `megabytes` MB. */
function mixedLog(megabytes: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < megabytes * 1024 * 1024; i++) {
    const line = MIXED_LOG_LINES[i % MIXED_LOG_LINES.length] + (i % 7 === 0 ? ' '.repeat(i % 113) : '');
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n') + '\n';
}

/** chunkAlignedSplits over a file at `path`. */
async function splitsOf(path: string, size: number, parts: number): Promise<number[]> {
  const fd = openSync(path, 'r');
  try {
    return await chunkAlignedSplits(fd, size, parts);
  } finally {
    closeSync(fd);
  }
}

function writeLog(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'smtp-scan-')), 'mail.log');
  writeFileSync(path, text);
  return path;
}

test('a file is split only where the editor ends a chunk of the same text', async () => {
  const text = mixedLog(3);
  const path = writeLog(text);
  const ends = new Set<number>();
  let offset = 0;
  for (const { chunk } of new ChunkedDocument('file:///x', 'mail-log', 1, text).chunkList()) ends.add((offset += chunk.text.length));
  assert.ok(ends.size > 30, `many chunks (${ends.size})`);
  for (const parts of [2, 3, 7]) {
    const splits = await splitsOf(path, text.length, parts);
    assert.equal(splits.length, parts + 1, `${parts} parts`);
    assert.deepEqual([splits[0], splits[parts]], [0, text.length]);
    for (const split of splits.slice(1, -1)) assert.ok(ends.has(split), `${split} ends a chunk`);
    // Near even parts: each within a chunk or two of its share.
    for (let i = 1; i < parts; i++) assert.ok(Math.abs(splits[i] - (text.length * i) / parts) < 200 * 1024, `split ${i} near its share`);
  }
  // A file of one chunk, or of no line break, has nowhere to cut.
  const short = writeLog('550 5.1.1 x\n');
  assert.deepEqual(await splitsOf(short, 12, 4), [0, 12]);
  const unbroken = writeLog('x'.repeat(300 * 1024));
  assert.deepEqual(await splitsOf(unbroken, 300 * 1024, 2), [0, 300 * 1024]);
});

test('a scan in parts by worker threads counts what one scan counts', async () => {
  const path = writeLog(mixedLog(3));
  const one = new FailureTally();
  const alone = await scanLogFile(path, one, { mode: 'log' });
  const many = new FailureTally();
  const split = await scanLogFile(path, many, { mode: 'log', jobs: 4, workerScript: WORKER, partBytesAtLeast: 512 * 1024 });
  assert.equal(alone.parts, 1);
  assert.equal(split.parts, 4);
  assert.equal(split.lines, alone.lines);
  assert.ok(one.counts().permanent > 1000);
  assert.deepEqual(many.counts(), one.counts());
});

test('worker threads count a code a provider reuses under its meaning, as the calling thread does', async () => {
  const gmail = 'Nov 25 06:00:01 mx1 postfix/smtp[701]: 4F1A: to=<ann@gmail.com>, relay=gmail-smtp-in.l.google.com[142.250.1.26]:25, delay=1, dsn=4.7.27, status=deferred (host gmail-smtp-in.l.google.com[142.250.1.26] said: 421-4.7.27 SPF did not pass. - gsmtp (in reply to end of DATA command))';
  // Gmail's lines all through the file, so that every part has some.
  const lines = mixedLog(3).split('\n');
  for (let i = 0; i < lines.length; i += 500) lines[i] = gmail;
  const path = writeLog(lines.join('\n'));
  const reused = new Catalog(catalogData).reusedCodes();
  const one = new FailureTally(reused);
  await scanLogFile(path, one, { mode: 'log' });
  const many = new FailureTally(reused);
  const split = await scanLogFile(path, many, { mode: 'log', jobs: 4, workerScript: WORKER, partBytesAtLeast: 512 * 1024 });
  assert.equal(split.parts, 4);
  const gmailRows = one.counts().byCode.filter(([key]) => key.endsWith('Gmail (Google)'));
  assert.equal(gmailRows.length, 1);
  assert.equal(gmailRows[0][1], Math.ceil(lines.length / 500));
  assert.deepEqual(many.counts(), one.counts());
});

test('a scan in parts stops when aborted, and a worker that cannot start is reported', async () => {
  const path = writeLog(mixedLog(3));
  const abort = new AbortController();
  let progressSeen = 0;
  const stopped = scanLogFile(path, new FailureTally(), {
    mode: 'log',
    jobs: 2,
    workerScript: WORKER,
    partBytesAtLeast: 512 * 1024,
    signal: abort.signal,
    onProgress: (bytes) => {
      progressSeen = bytes;
      if (bytes > 256 * 1024) abort.abort(new Error('cancelled by the test'));
    },
  });
  await assert.rejects(stopped, /cancelled by the test/);
  assert.ok(progressSeen > 0);
  const missing = scanLogFile(path, new FailureTally(), { mode: 'log', jobs: 2, workerScript: join(tmpdir(), 'no-such-worker.js'), partBytesAtLeast: 512 * 1024 });
  await assert.rejects(missing, /no-such-worker|Cannot find module/);
  // A worker that fails: its error is the one reported, whichever thread is still scanning.
  const broken = join(mkdtempSync(join(tmpdir(), 'smtp-worker-')), 'broken.js');
  writeFileSync(broken, "throw new Error('the worker broke');\n");
  await assert.rejects(scanLogFile(path, new FailureTally(), { mode: 'log', jobs: 3, workerScript: broken, partBytesAtLeast: 512 * 1024 }), /the worker broke/);
});

test('parts: strictly increasing splits around long lines, which are cut where one scan cuts them, whichever part they are in', async () => {
  const log = mixedLog(1);
  // Lines too long to be scanned whole (longestLine 150 KB here) before, between and after the
  // cuts, with failures in their first part, after it, and after them.
  const long = (fill: string) => fill.repeat(120 * 1024) + ' said: 554 5.6.0 gone ' + fill.repeat(200 * 1024) + ' said: 552 5.2.2 beyond\n';
  const text = long('w') + log + log + long('x') + log + log + long('y') + log.slice(0, 100 * 1024);
  const path = writeLog(text);
  const lineFeeds = new Set<number>();
  for (let p = text.indexOf('\n'); p !== -1; p = text.indexOf('\n', p + 1)) lineFeeds.add(p + 1);
  const splits = await splitsOf(path, text.length, 4);
  assert.equal(splits.length, 5, `a long line before them does not stop the cuts: ${splits}`);
  for (let i = 1; i < splits.length; i++) assert.ok(splits[i] > splits[i - 1], `increasing: ${splits}`);
  for (const split of splits.slice(1, -1)) assert.ok(lineFeeds.has(split), `${split} follows a line break`);
  const options = { mode: 'log' as const, workerScript: WORKER, partBytesAtLeast: 256 * 1024, longestLine: 150 * 1024 };
  const one = new FailureTally();
  const alone = await scanLogFile(path, one, { ...options, jobs: 1 });
  for (const jobs of [2, 3, 4]) {
    const many = new FailureTally();
    const split = await scanLogFile(path, many, { ...options, jobs });
    assert.equal(split.parts, jobs);
    assert.equal(alone.lines, text.split('\n').length, 'the last line has no line break');
    assert.deepEqual([split.lines, split.longLines, split.firstLongLine], [alone.lines, 3, 0], `${jobs} parts`);
    assert.deepEqual(many.counts(), one.counts(), `${jobs} parts`);
  }
  // Each long line's first code counts, at its column, and not the one past its first 150 KB.
  const longLines = text.split('\n').flatMap((line, i) => (line.length > 150 * 1024 ? [i] : []));
  const onLong: Array<[number, number, string]> = [];
  const listed = await scanLogFile(path, new FailureTally(), {
    ...options,
    onFailure: (reply, _text, line) => {
      if (longLines.includes(line)) onLong.push([line, reply.tokens[0].start, `${reply.basic} ${reply.enhanced}`]);
    },
  });
  assert.equal(listed.lines, alone.lines);
  assert.deepEqual(onLong, longLines.map((line) => [line, 120 * 1024 + 7, '554 5.6.0']));
  // One chunk spanning several shares gives one cut, not the same cut twice.
  const wide = log.slice(0, 300 * 1024).replace(/\n[^\n]*$/, '\n') + 'z'.repeat(1024 * 1024) + '\n' + log.slice(0, 200 * 1024);
  const cuts = await splitsOf(writeLog(wide), wide.length, 6);
  for (let i = 1; i < cuts.length; i++) assert.ok(cuts[i] > cuts[i - 1], `increasing: ${cuts}`);
});

test('a log renamed and created again during a scan in parts is read as it was when opened', async () => {
  const text = mixedLog(3);
  const path = writeLog(text);
  const reference = new FailureTally();
  await scanLogFile(path, reference, { mode: 'log' });
  const tally = new FailureTally();
  let rotated = false;
  const scan = await scanLogFile(path, tally, {
    mode: 'log',
    jobs: 3,
    workerScript: WORKER,
    partBytesAtLeast: 512 * 1024,
    onProgress: () => {
      if (rotated) return;
      rotated = true;
      renameSync(path, `${path}.1`);
      writeFileSync(path, 'Nov 25 06:00:00 mx1 postfix/smtpd[1]: connect from a[192.0.2.1]\n');
    },
  });
  assert.ok(rotated);
  assert.equal(scan.parts, 3);
  assert.equal(scan.lines, text.split('\n').length - 1);
  assert.deepEqual(tally.counts(), reference.counts());
});

test('several files share the threads (a file each, or all of them for a large one) and count what one thread counts, outcomes in order', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-files-'));
  const small = mixedLog(0.3);
  writeFileSync(join(dir, 'mail.log'), small);
  writeFileSync(join(dir, 'mail.log.1'), mixedLog(0.2));
  writeFileSync(join(dir, 'mail.log.2.gz'), gzipSync(mixedLog(0.5)));
  writeFileSync(join(dir, 'mail.log.3.gz'), Buffer.concat([gzipSync(small).subarray(0, 200), Buffer.alloc(100, 7)])); // broken gzip data
  writeFileSync(join(dir, 'big.log'), mixedLog(2));
  const paths = ['mail.log', 'nope.log', 'mail.log.1', 'mail.log.2.gz', 'mail.log.3.gz', 'big.log'].map((name) => join(dir, name));
  const options = { mode: 'log' as const, workerScript: WORKER, partBytesAtLeast: 512 * 1024 };
  const one = new FailureTally();
  const alone = await scanLogFiles(paths, one, { ...options, jobs: 1 });
  const many = new FailureTally();
  let done = 0;
  const shared = await scanLogFiles(paths, many, { ...options, jobs: 3, onFileDone: (count) => (done = count) });
  assert.equal(done, paths.length);
  assert.deepEqual(shared.map((o) => o.path), paths);
  assert.deepEqual(shared.map((o) => o.scan?.lines), alone.map((o) => o.scan?.lines));
  assert.deepEqual(shared.map((o) => o.error !== undefined), [false, true, false, false, true, false]);
  assert.equal(shared[5].scan?.parts, 3, 'the large file in parts on every thread');
  assert.ok(one.counts().permanent > 1000);
  assert.deepEqual(many.counts(), one.counts());
});

test('a file a pool worker reads: what a broken gzip counted before breaking is kept, and the binary check looks where one thread looks', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-pool-'));
  // The first file goes to this thread, the second to the worker (each takes from the queue in turn).
  writeFileSync(join(dir, 'first.log'), mixedLog(1));
  writeFileSync(join(dir, 'cut.log.gz'), gzipSync(mixedLog(1)).subarray(0, 60_000));
  // A first line over 1 MB with a NUL byte after its first MB: no warning from either thread.
  writeFileSync(join(dir, 'long.log'), Buffer.concat([Buffer.alloc(1_200_000, 0x61), Buffer.from([0]), Buffer.from('\n' + mixedLog(0.1))]));
  for (const second of ['cut.log.gz', 'long.log']) {
    const paths = [join(dir, 'first.log'), join(dir, second)];
    // Parts of 1 MB: the two files come to more than a part (worth a worker), neither to two (to be split).
    const options = { mode: 'log' as const, workerScript: WORKER, partBytesAtLeast: 1024 * 1024 };
    const one = new FailureTally();
    const alone = await scanLogFiles(paths, one, { ...options, jobs: 1 });
    const two = new FailureTally();
    const shared = await scanLogFiles(paths, two, { ...options, jobs: 2 });
    assert.deepEqual(two.counts(), one.counts(), second);
    assert.deepEqual(shared.map((o) => [o.scan?.lines, o.scan?.binary, o.error === undefined]), alone.map((o) => [o.scan?.lines, o.scan?.binary, o.error === undefined]), second);
  }
});

test('a named pipe among files is read once, on this thread, without waiting forever', { timeout: 20_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-fifo-'));
  const text = mixedLog(0.2);
  writeFileSync(join(dir, 'mail.log'), text);
  const fifo = join(dir, 'pipe');
  execFileSync('mkfifo', [fifo]);
  const writer = spawn('sh', ['-c', `cat "${join(dir, 'mail.log')}" > "${fifo}"`]);
  const tally = new FailureTally();
  const outcomes = await scanLogFiles([fifo, join(dir, 'mail.log')], tally, { mode: 'log', jobs: 2, workerScript: WORKER });
  writer.kill();
  assert.deepEqual(outcomes.map((o) => o.scan?.lines), [text.split('\n').length - 1, text.split('\n').length - 1]);
  const reference = new FailureTally();
  await scanLogFile(join(dir, 'mail.log'), reference, { mode: 'log' });
  assert.equal(tally.counts().permanent, 2 * reference.counts().permanent);
});

test('several files: an abort stops every thread and rejects with its reason', { timeout: 20_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-abort-'));
  const paths = [1, 2, 3, 4].map((i) => join(dir, `mail.log.${i}.gz`));
  const packed = gzipSync(mixedLog(1));
  for (const path of paths) writeFileSync(path, packed);
  const abort = new AbortController();
  const scanning = scanLogFiles(paths, new FailureTally(), {
    mode: 'log',
    jobs: 3,
    workerScript: WORKER,
    partBytesAtLeast: 256 * 1024,
    signal: abort.signal,
    onFileDone: () => abort.abort(new Error('stopped by the test')),
  });
  await assert.rejects(scanning, /stopped by the test/);
});
