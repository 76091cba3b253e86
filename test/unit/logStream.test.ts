import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { forEachRun, type RunsRead } from '../../server/src/node/logStream';
import { ChunkedDocument } from '../../server/src/service/chunkedDocument';
import { scanChunkFailures } from '../../server/src/service/chunkScanner';
import { FailureTally } from '../../server/src/service/failureTally';

/** Streams `bytes` in pieces of `size` bytes and returns the lines the runs hold, in order. */
async function linesVia(bytes: Buffer, size: number): Promise<{ lines: string[]; count: number }> {
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) pieces.push(bytes.subarray(i, i + size));
  const lines: string[] = [];
  let expectedFirst = 0;
  const { lines: count } = await forEachRun(Readable.from(pieces), (run, firstLine) => {
    assert.equal(firstLine, expectedFirst, 'runs follow each other');
    for (let i = 0; i < run.lineCount; i++) lines.push(run.lineAt(i));
    expectedFirst += run.lineCount;
  });
  return { lines, count };
}

test('streamed runs give back every line: multi-byte characters split across reads, CRLF, no final newline', async () => {
  const original = Array.from({ length: 5000 }, (_, i) => `line ${i} é ü 日本 ${'x'.repeat(i % 97)}${i % 3 === 0 ? '\r' : ''}`);
  const text = original.join('\n');
  for (const size of [1, 7, 4096, 1 << 20]) {
    const { lines, count } = await linesVia(Buffer.from(text, 'utf8'), size);
    assert.equal(count, original.length, `piece size ${size}`);
    assert.deepEqual(lines, original.map((l) => l.replace(/\r$/, '')), `piece size ${size}`);
  }
});

test('a line longer than a run, and an empty stream', async () => {
  const long = 'a'.repeat(300 * 1024);
  const { lines } = await linesVia(Buffer.from(`first\n${long}\nlast\n`), 65536);
  assert.deepEqual(lines, ['first', long, 'last']);
  assert.deepEqual(await linesVia(Buffer.alloc(0), 10), { lines: [], count: 0 });
});

test('a run of bytes with no line break and no character boundary is scanned in its first part, without empty runs, and stays one line', async () => {
  const garbage = Buffer.alloc(300 * 1024, 0x80); // continuation bytes only: not UTF-8 text
  const bytes = Buffer.concat([garbage, Buffer.from('\nlast line\n')]);
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 64 * 1024) pieces.push(bytes.subarray(i, i + 64 * 1024));
  const lines: string[] = [];
  let empty = 0;
  const read = await forEachRun(
    Readable.from(pieces),
    (run, firstLine) => {
      if (run.bytes.length === 0) empty++;
      for (let i = 0; i < run.lineCount; i++) lines[firstLine + i] = (lines[firstLine + i] ?? '') + run.lineAt(i);
    },
    200 * 1024,
  );
  assert.equal(empty, 0, 'no empty run');
  assert.deepEqual({ ...read, lines: undefined }, { lines: undefined, binary: false, longLines: 1, firstLongLine: 0 });
  assert.equal(read.lines, 2, 'the long line and the last');
  assert.equal(lines.length, 2);
  assert.equal(lines[1], 'last line');
  assert.equal(lines[0], '\ufffd'.repeat(200 * 1024), 'its first 200 KB');
});

test('a line too long is cut at the same place whatever pieces the bytes arrive in, and the rest of it is skipped', async () => {
  const long = 'é'.repeat(150 * 1024) + 'x'; // two bytes a character: the cut must not split one
  const text = `first\n${long}\nlast\n${'y'.repeat(500 * 1024)}`;
  const cutsVia = async (size: number) => {
    const pieces: Buffer[] = [];
    const bytes = Buffer.from(text);
    for (let i = 0; i < bytes.length; i += size) pieces.push(bytes.subarray(i, i + size));
    const runs: string[] = [];
    const read = await forEachRun(Readable.from(pieces), (run) => runs.push(Buffer.from(run.bytes).toString('utf8')), 200 * 1024);
    return { runs, read };
  };
  const reference = await cutsVia(1 << 20);
  assert.deepEqual(reference.read, { lines: 4, binary: false, longLines: 2, firstLongLine: 1 });
  assert.deepEqual(reference.runs, [`first\n${'é'.repeat(100 * 1024)}`, 'last\n' + 'y'.repeat(200 * 1024)]);
  for (const size of [1000, 4096, 65536, 300 * 1024]) assert.deepEqual(await cutsVia(size), reference, `pieces of ${size}`);
});

/** Failures as the CLI lists them: [line, column from 0, codes], from a stream of `bytes` in pieces of `size`. */
async function failuresVia(bytes: Buffer, size: number, longestLine?: number): Promise<{ failures: Array<[number, number, string]>; read: RunsRead }> {
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) pieces.push(bytes.subarray(i, i + size));
  const tally = new FailureTally();
  const failures: Array<[number, number, string]> = [];
  const read = await forEachRun(
    Readable.from(pieces),
    (run, firstLine) => tally.addRun(run, 'log', (reply) => failures.push([firstLine + reply.tokens[0].line, reply.tokens[0].start, `${reply.basic} ${reply.enhanced}`])),
    longestLine,
  );
  return { failures, read };
}

/** The same as the editor finds them in an open document of the same text. */
function failuresInEditor(text: string): Array<[number, number, string]> {
  const failures: Array<[number, number, string]> = [];
  for (const { chunk, firstLine } of new ChunkedDocument('file:///long.log', 'mail-log', 1, text).chunkList()) {
    for (const reply of scanChunkFailures(chunk, 'log', firstLine)) {
      if (reply.diagnose && (reply.class === 'permanent' || reply.class === 'transient')) failures.push([reply.tokens[0].line, reply.tokens[0].start, `${reply.basic} ${reply.enhanced}`]);
    }
  }
  return failures;
}

const MIB = 1024 * 1024;

test('a line over 1 MiB is scanned as one line: a code across the 1 MiB mark, codes past it at their true columns, later lines numbered right', async () => {
  // The reviewer's file: the code straddles byte 1,048,576.
  const straddle = 'a'.repeat(MIB - 4) + ' 550 5.1.1 user unknown';
  let columns = 'x'.repeat(MIB + 1) + ' 550 5.1.1 user unknown ';
  columns += 'y'.repeat(2_000_001 - columns.length) + ' 554 5.7.1 rejected';
  const text = [straddle, columns, 'ok', 'Nov 25 mx1 postfix/smtp[1]: 5A: to=<a@b.example>, dsn=4.2.0, status=deferred (host mx[192.0.2.1] said: 450 4.2.0 busy)', ''].join('\n');
  const expected: Array<[number, number, string]> = [
    [0, MIB - 3, '550 5.1.1'],
    [1, MIB + 2, '550 5.1.1'],
    [1, 2_000_002, '554 5.7.1'],
    [3, text.split('\n')[3].indexOf('dsn=') + 4, '450 4.2.0'],
  ];
  assert.deepEqual(failuresInEditor(text), expected, 'the editor');
  for (const size of [64 * 1024, 256 * 1024, 3 * MIB]) {
    const { failures, read } = await failuresVia(Buffer.from(text), size);
    assert.deepEqual(failures, expected, `pieces of ${size}`);
    assert.deepEqual(read, { lines: 4, binary: false, longLines: 0, firstLongLine: undefined });
  }
});

test('a line over the longest scanned whole: codes in its first part found at their columns, the rest skipped, the lines after it numbered right', async () => {
  const head = 'Nov 25 mx1 postfix/smtp[1]: 5A: said: 451 4.3.0 first\n';
  const long = 'z'.repeat(150 * 1024) + ' said: 550 5.1.1 inside ' + 'z'.repeat(200 * 1024) + ' said: 552 5.2.2 beyond';
  const text = head + long + '\nx said: 554 5.7.1 after\n' + long; // the last line has no line break
  const expected: Array<[number, number, string]> = [
    [0, head.indexOf('451'), '451 4.3.0'],
    [1, 150 * 1024 + 7, '550 5.1.1'],
    [2, 8, '554 5.7.1'],
    [3, 150 * 1024 + 7, '550 5.1.1'],
  ];
  for (const size of [4096, 64 * 1024, MIB]) {
    const { failures, read } = await failuresVia(Buffer.from(text), size, 300 * 1024);
    assert.deepEqual(failures, expected, `pieces of ${size}`);
    assert.deepEqual(read, { lines: 4, binary: false, longLines: 2, firstLongLine: 1 });
  }
  // Within the longest line scanned whole, the editor finds the same (and the code beyond it).
  assert.deepEqual(failuresInEditor(text).filter(([, , codes]) => codes !== '552 5.2.2'), expected);
  assert.deepEqual((await failuresVia(Buffer.from(text), 65536)).read.longLines, 0, 'the default is larger');
});

test('a run cut for length right after a line break still counts every line once', async () => {
  // Lines of 100 bytes: a cut at 50,000 bytes (less than a chunk) falls just after a line break.
  const lines = Array.from({ length: 3000 }, (_, i) => `line ${String(i).padStart(5, '0')} ${'x'.repeat(88)}`);
  const bytes = Buffer.from(lines.join('\n') + '\n');
  const seen: string[] = [];
  const { lines: count } = await forEachRun(
    Readable.from([bytes]),
    (run, firstLine) => {
      for (let i = 0; i < run.lineCount; i++) seen[firstLine + i] = (seen[firstLine + i] ?? '') + run.lineAt(i);
    },
    50_000,
  );
  assert.equal(count, 3000);
  assert.deepEqual(seen, lines);
});
