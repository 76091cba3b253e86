import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { forEachRun } from '../../server/src/node/logStream';

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

test('a run of bytes with no line break and no character boundary is cut without empty runs, and stays one line', async () => {
  const garbage = Buffer.alloc(300 * 1024, 0x80); // continuation bytes only: not UTF-8 text
  const bytes = Buffer.concat([garbage, Buffer.from('\nlast line\n')]);
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 64 * 1024) pieces.push(bytes.subarray(i, i + 64 * 1024));
  // Document lines by number: the runs a long line is cut into continue the same line.
  const lines: string[] = [];
  let runs = 0;
  let empty = 0;
  const { lines: count } = await forEachRun(
    Readable.from(pieces),
    (run, firstLine) => {
      runs++;
      if (run.bytes.length === 0) empty++;
      for (let i = 0; i < run.lineCount; i++) lines[firstLine + i] = (lines[firstLine + i] ?? '') + run.lineAt(i);
    },
    100 * 1024,
  );
  assert.equal(empty, 0, 'no empty run');
  assert.ok(runs > 2, `the long line was cut (${runs} runs)`);
  assert.equal(count, 2, 'the long line and the last');
  assert.equal(lines.length, count);
  assert.equal(lines[1], 'last line');
  assert.equal(lines[0].replace(/\ufffd/g, ''), '');
});

test('a long line is cut at the same places whatever pieces the bytes arrive in', async () => {
  const long = 'é'.repeat(90 * 1024) + 'x'; // two bytes a character: cuts must not split one
  const text = `first\n${long}\nlast\n`;
  const cutsVia = async (size: number) => {
    const pieces: Buffer[] = [];
    const bytes = Buffer.from(text);
    for (let i = 0; i < bytes.length; i += size) pieces.push(bytes.subarray(i, i + size));
    const runs: string[] = [];
    const { lines: count } = await forEachRun(Readable.from(pieces), (run) => runs.push(Buffer.from(run.bytes).toString('utf8')), 50 * 1024);
    return { runs, count };
  };
  const reference = await cutsVia(1 << 20);
  assert.equal(reference.count, 3);
  assert.equal(reference.runs.join(''), text);
  assert.ok(reference.runs.length > 2, 'the long line was cut');
  for (const run of reference.runs) assert.ok(!run.includes('\ufffd'), 'no character split');
  for (const size of [1000, 4096, 65536]) assert.deepEqual(await cutsVia(size), reference, `pieces of ${size}`);
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
