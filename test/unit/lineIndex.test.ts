/**
 * The byte pass under every scan (`lineIndex.ts`) runs in WebAssembly here; its JavaScript twins
 * must give the same marks, and both must agree with the definitions they implement: the
 * FAILURE_CANDIDATE regular expression per line, and STRUCTURAL at each line's start.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  FAILURE_CANDIDATE,
  indexBytes,
  indexBytesInJavaScript,
  indexText,
  indexTextInJavaScript,
  lineStartsOf,
  MARK_CANDIDATE,
  MARK_STRUCTURE,
  usesWebAssembly,
  type LineIndex,
} from '../../server/src/service/lineIndex';
import { isStructuralAt, isStructuralInBytes } from '../../server/src/service/lineStructure';
import { corpusDir } from '../support/paths';
import { seededRandom } from '../support/random';

const PIECES = [
  '550', '550 ', '550-', '451', '4.7.1', '5.1.1 ', '5.1.10', '5.1234.1', '4.1.', '45.2', '0.5/', '.550', '5502', '550a', '550_', '550.',
  '4', '5', '.', '0', '6', '9', '560', '469 ', '5.a.1', '4.7.1a', '1.2.3', 'x', 'A', 'Apr', 'Status: ', 'status:', 'STATUS:', 'Diagnostic-Code: smtp; ', 'Action: failed',
  'Remote-MTA: dns; mx', 'Final-Recipient: rfc822; a@b', 'S: ', 's:', 'C:', '<- ', '-> ', '<~', '~>', '<**', '**>', '===', '<<<',
  '>>>', '???', 'Out: ', 'in:', 'reply: ', 'send:', 'dsn=5.1.1', 'said: ', ' ', '\t', '\r', '\n', '\n', '\n', '\r\n', '\n\n',
  '\u00a0', '\ufeff', '\u2003', 'é', '日本', '\ud83d\ude00', '\ud800', '\u0000', '\u000b', '-', '*', '?', '<', '~', '=', ':', '[',
];

function builtText(seed: number, pieces: number): string {
  const random = seededRandom(seed);
  return Array.from({ length: pieces }, () => PIECES[random(PIECES.length)]).join('');
}

/** The marks by definition: each line tested with the regular expressions. */
function marksByDefinition(text: string): Pick<LineIndex, 'lineCount' | 'marks'> {
  const starts = lineStartsOf(text);
  const marks: number[] = [];
  for (let i = 0; i < starts.length; i++) {
    const end = i + 1 < starts.length ? starts[i + 1] : text.length;
    // The candidate pattern never crosses a line feed; its look-arounds see the one ending the line.
    FAILURE_CANDIDATE.lastIndex = 0;
    const line = text.slice(starts[i], end);
    let flags = FAILURE_CANDIDATE.test(line) ? MARK_CANDIDATE : 0;
    if (isStructuralAt(text, starts[i])) flags |= MARK_STRUCTURE;
    if (flags !== 0) marks.push(i * 4 + flags);
  }
  return { lineCount: starts.length, marks };
}

/** Marks whose structure flag was confirmed: the flag is a cheap first-character superset. */
function confirmed(index: LineIndex, structural: (start: number) => boolean): number[] {
  return index.marks
    .map((mark, k) => ((mark & MARK_STRUCTURE) !== 0 && !structural(index.markStarts[k]) ? mark & ~MARK_STRUCTURE : mark))
    .filter((mark) => (mark & 3) !== 0);
}

function checkText(text: string, label: string): void {
  const wasm = indexText(text);
  const js = indexTextInJavaScript(text);
  assert.equal(wasm.lineCount, js.lineCount, `${label}: line count`);
  assert.deepEqual(wasm.marks, js.marks, `${label}: marks`);
  assert.deepEqual(wasm.markStarts, js.markStarts, `${label}: mark starts`);
  const reference = marksByDefinition(text);
  assert.equal(wasm.lineCount, reference.lineCount, `${label}: line count by definition`);
  assert.deepEqual(confirmed(wasm, (start) => isStructuralAt(text, start)), reference.marks, `${label}: marks by definition`);

  const bytes = Buffer.from(text, 'utf8');
  const fromBytes = indexBytes(bytes);
  assert.deepEqual(fromBytes, indexBytesInJavaScript(bytes), `${label}: bytes, WebAssembly and JavaScript`);
  assert.equal(fromBytes.lineCount, reference.lineCount, `${label}: bytes, line count`);
  // Lone surrogates are written as U+FFFD, so the decoded bytes stand for the text here.
  const decoded = bytes.toString('utf8');
  assert.deepEqual(confirmed(fromBytes, (start) => isStructuralInBytes(bytes, start)), marksByDefinition(decoded).marks, `${label}: bytes, marks by definition`);
  for (let k = 0; k < fromBytes.marks.length; k++) {
    const line = fromBytes.marks[k] >> 2;
    const start = fromBytes.markStarts[k];
    assert.equal(start === 0 || bytes[start - 1] === 10, true, `${label}: mark ${k} starts a line`);
    assert.equal(isStructuralInBytes(bytes, start), isStructuralAt(decoded, lineStartsOf(decoded)[line]), `${label}: structure of line ${line}`);
  }
}

test('the byte pass runs in WebAssembly on this engine', () => {
  assert.equal(usesWebAssembly(), true);
});

test('WebAssembly and JavaScript mark the same lines, as the regular expressions define them, on built texts', () => {
  let candidates = 0;
  let structure = 0;
  for (let seed = 1; seed <= 3000; seed++) {
    const text = builtText(seed, 1 + (seed % 60));
    checkText(text, `seed ${seed}`);
    for (const mark of indexText(text).marks) {
      if (mark & MARK_CANDIDATE) candidates++;
      if (mark & MARK_STRUCTURE) structure++;
    }
  }
  assert.ok(candidates > 3000 && structure > 3000, `the texts exercise both marks (${candidates}, ${structure})`);
});

test('empty texts, a lone line feed, no final line feed, and texts across several slices', () => {
  for (const text of ['', '\n', '\n\n', '550', '550\n', ' 550 5.1.1', 'x\r\n4.7.1']) checkText(text, JSON.stringify(text));
  // Over a megabyte: the byte pass goes in slices of whole lines.
  const big = Array.from({ length: 40 }, (_, i) => builtText(i + 1, 4000)).join('\n');
  checkText(big, 'several slices');
  // One line longer than a slice, between ordinary ones.
  checkText(`550 first\n${'5.1.1 x'.repeat(200000)}\nStatus: 5.1.1\n`, 'a line longer than a slice');
});

test('the corpus: WebAssembly and JavaScript mark the same lines', (t) => {
  const dir = corpusDir();
  if (!dir) return t.skip('../shared/corpus is not on this machine');
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk(dir);
  for (const file of files) checkText(readFileSync(file, 'utf8'), file);
  assert.ok(files.length > 10);
});

test('a line longer than a WebAssembly slice (1 MiB): marks on the right lines, as JavaScript and the text give them', () => {
  const MIB = 1024 * 1024;
  const text = ['short 550 5.1.1', 'a'.repeat(MIB - 4) + ' 550 5.1.1 across the slice', 'b'.repeat(2 * MIB) + ' 4.2.0 late', 'plain', ' 451 after'].join('\n');
  const bytes = Buffer.from(text);
  const index = indexBytes(bytes);
  assert.deepEqual(index, indexBytesInJavaScript(bytes));
  const fromText = indexTextInJavaScript(text);
  assert.deepEqual([index.lineCount, index.marks, index.markStarts], [fromText.lineCount, fromText.marks, fromText.markStarts]);
  assert.deepEqual(index.marks.filter((mark) => mark & MARK_CANDIDATE).map((mark) => mark >> 2), [0, 1, 2, 4]);
});
