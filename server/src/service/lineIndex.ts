/**
 * The one pass over every byte that a whole-document scan makes: it counts lines and marks the
 * few worth reading, those that can hold a failure code and those that may carry structure. It runs
 * in WebAssembly with SIMD (`lineEvents.wat`), several times faster than a regular expression over
 * the text; engines without it get the same marks from JavaScript.
 */
import lineEventsWasm from './lineEvents.wat';
import { MAY_START_STRUCTURE } from './lineStructure';

/** A failure code could start here. A superset: the recognizers decide. `lineEvents.wat` tests the same. */
export const FAILURE_CANDIDATE = /(?<![0-9.])(?:[45][0-5][0-9](?![a-zA-Z0-9.])|[45]\.[0-9]{1,3}\.[0-9])/g;

/** A marked line holds a failure candidate. */
export const MARK_CANDIDATE = 1;
/** A marked line starts with a character that may start structure (`lineStructure.ts` decides). */
export const MARK_STRUCTURE = 2;

export interface LineIndex {
  /** Lines in the run: a run ending in a line feed does not start another line after it. */
  lineCount: number;
  /** The lines worth reading, ascending, each once, as `line * 4 + MARK_* flags`. */
  marks: number[];
  /** Where each marked line starts: in characters for text, in bytes for bytes. */
  markStarts: number[];
  /** Every line's start, when it was worked out on the way (text that is not ASCII). */
  starts?: number[];
}

/** Where a marked line starts (binary search of the marks), or -1 when the line is not marked. */
export function markedStart(index: { readonly marks: readonly number[]; readonly markStarts: readonly number[] }, line: number): number {
  const { marks, markStarts } = index;
  let low = 0;
  let high = marks.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const at = marks[middle] >> 2;
    if (at === line) return markStarts[middle];
    if (at < line) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/** Bytes the WebAssembly side looks at in one call; longer runs go in slices of whole lines. */
const SLICE = 1 << 20;
/** Its memory: MAY_START_STRUCTURE at 256, the bytes at INPUT (a line feed before them), then the events. */
const TABLE = 256;
const INPUT = 1024;
const EVENTS = INPUT + SLICE + 64;
const CANDIDATE_BIT = 0x80000000;
const STRUCTURE_BIT = 0x40000000;
const OFFSET_BITS = 0x3fffffff;

interface Engine {
  lineEvents(start: number, end: number, out: number): number;
  bytes: Uint8Array;
  events: Uint32Array;
}

let engine: Engine | null | undefined;

/** The WebAssembly engine, or null where WebAssembly or its SIMD is missing (then JavaScript does it). */
function wasmEngine(): Engine | null {
  if (engine !== undefined) return engine;
  try {
    if (typeof WebAssembly !== 'object') return (engine = null);
    const instance = new WebAssembly.Instance(new WebAssembly.Module(lineEventsWasm));
    const memory = instance.exports.memory as WebAssembly.Memory;
    memory.grow(Math.ceil((EVENTS + SLICE * 4 - memory.buffer.byteLength) / 65536));
    const bytes = new Uint8Array(memory.buffer);
    bytes.set(MAY_START_STRUCTURE, TABLE);
    engine = { lineEvents: instance.exports.lineEvents as Engine['lineEvents'], bytes, events: new Uint32Array(memory.buffer) };
  } catch {
    engine = null;
  }
  return engine;
}

/** Whether the scan runs in WebAssembly here (tests check that they compare it with JavaScript). */
export function usesWebAssembly(): boolean {
  return wasmEngine() !== null;
}

/** Collects the marks as line feeds and candidates come by, in order. */
class IndexBuilder {
  readonly marks: number[] = [];
  readonly markStarts: number[] = [];
  line = 0;
  private lineStart = 0;

  /** `length`: where the run ends (no line starts there). `firstMark`: the first line's flags. */
  constructor(
    private readonly length: number,
    firstMark: number,
  ) {
    if (firstMark !== 0) this.mark(firstMark);
  }

  private mark(flag: number): void {
    const marks = this.marks;
    const last = marks.length - 1;
    if (last >= 0 && marks[last] >> 2 === this.line) marks[last] |= flag;
    else {
      marks.push(this.line * 4 + flag);
      this.markStarts.push(this.lineStart);
    }
  }

  /** A line feed at `offset`; `nextMayBeStructure` when the line after it starts like structure. */
  lineFeed(offset: number, nextMayBeStructure: boolean): void {
    if (offset + 1 >= this.length) return;
    this.line++;
    this.lineStart = offset + 1;
    if (nextMayBeStructure) this.mark(MARK_STRUCTURE);
  }

  candidate(): void {
    this.mark(MARK_CANDIDATE);
  }

  /** Feeds the events `lineEvents` wrote, with offsets counted from `origin` in its memory. */
  events(engine: Engine, count: number, origin: number): void {
    const events = engine.events;
    const first = EVENTS >> 2;
    for (let i = first; i < first + count; i++) {
      const event = events[i];
      if (event & CANDIDATE_BIT) this.candidate();
      else this.lineFeed((event & OFFSET_BITS) - origin, (event & STRUCTURE_BIT) !== 0);
    }
  }

  finish(): LineIndex {
    return { lineCount: this.line + 1, marks: this.marks, markStarts: this.markStarts };
  }
}

/** The first line's flags: the byte (or character) it starts with, or an empty run (a blank line). */
function firstMark(first: number | undefined): number {
  return first === undefined || first > 255 || MAY_START_STRUCTURE[first] === 1 ? MARK_STRUCTURE : 0;
}

/**
 * Runs the WebAssembly scan over `length` bytes already at INPUT; `offset` is their place in the
 * run, `next` the byte after them if the run goes on (the start of the next slice's first line).
 */
function scanInput(engine: Engine, length: number, offset: number, builder: IndexBuilder, next = 0): void {
  engine.bytes[INPUT - 1] = 10;
  engine.bytes.fill(0, INPUT + length, INPUT + length + 32);
  engine.bytes[INPUT + length] = next;
  builder.events(engine, engine.lineEvents(INPUT, INPUT + length, EVENTS), INPUT - offset);
}

const encoder = new TextEncoder();

/** Line count and marks of a text (a document's chunk). */
export function indexText(text: string): LineIndex {
  const wasm = wasmEngine();
  // Up to three bytes per character: a text that may not fit one slice is left to JavaScript.
  if (!wasm || text.length * 3 > SLICE) return indexTextInJavaScript(text);
  const { written } = encoder.encodeInto(text, wasm.bytes.subarray(INPUT, INPUT + SLICE));
  const builder = new IndexBuilder(written, firstMark(text.length > 0 ? text.charCodeAt(0) : undefined));
  scanInput(wasm, written, 0, builder);
  const index = builder.finish();
  // Byte offsets are character offsets only in ASCII text; otherwise the starts are counted apart.
  if (written !== text.length) {
    const starts = lineStartsOf(text);
    index.markStarts = index.marks.map((mark) => starts[mark >> 2]);
    index.starts = starts;
  }
  return index;
}

/** `indexText` without WebAssembly: the regular expression and `indexOf` over the text. */
export function indexTextInJavaScript(text: string): LineIndex {
  const starts = lineStartsOf(text);
  const candidates: number[] = [];
  FAILURE_CANDIDATE.lastIndex = 0;
  let line = 0;
  // `test` allocates no match; a match ends on the line it starts on.
  while (FAILURE_CANDIDATE.test(text)) {
    const at = FAILURE_CANDIDATE.lastIndex - 1;
    while (line + 1 < starts.length && starts[line + 1] <= at) line++;
    candidates.push(line);
    // The rest of this line cannot add anything: go on from the next one.
    if (line + 1 >= starts.length) break;
    FAILURE_CANDIDATE.lastIndex = starts[line + 1];
  }
  const marks: number[] = [];
  const markStarts: number[] = [];
  let next = 0;
  for (let i = 0; i < starts.length; i++) {
    const first = starts[i] < text.length ? text.charCodeAt(starts[i]) : undefined;
    let flags = firstMark(first);
    if (candidates[next] === i) {
      flags |= MARK_CANDIDATE;
      next++;
    }
    if (flags === 0) continue;
    marks.push(i * 4 + flags);
    markStarts.push(starts[i]);
  }
  return { lineCount: starts.length, marks, markStarts, starts };
}

/** Line start offsets of a text; a text ending in a line feed does not start another line. */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1 && i < text.length - 1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Line count and marks of UTF-8 bytes (a run read from disk); offsets in bytes. */
export function indexBytes(bytes: Uint8Array): LineIndex {
  const wasm = wasmEngine();
  const builder = new IndexBuilder(bytes.length, firstMark(bytes[0]));
  let start = 0;
  while (start < bytes.length) {
    let end = Math.min(bytes.length, start + SLICE);
    // Slices end after a line feed, so that no candidate test looks across one.
    if (end < bytes.length) end = bytes.lastIndexOf(10, end - 1) + 1;
    if (!wasm || end <= start) {
      // No WebAssembly, or one line longer than a slice: JavaScript reads up to that line's end.
      const lineEnd = wasm ? bytes.indexOf(10, start + SLICE) : -1;
      end = lineEnd < 0 ? bytes.length : lineEnd + 1;
      eventsInJavaScript(bytes, start, end, builder);
    } else {
      wasm.bytes.set(bytes.subarray(start, end), INPUT);
      scanInput(wasm, end - start, start, builder, end < bytes.length ? bytes[end] : 0);
    }
    start = end;
  }
  return builder.finish();
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/** What `lineEvents.wat` reports, one byte at a time. Bytes outside [start, end) count as absent. */
function eventsInJavaScript(bytes: Uint8Array, start: number, end: number, builder: IndexBuilder): void {
  const at = (i: number) => (i < end ? bytes[i] : 0);
  for (let i = start; i < end; i++) {
    const c = bytes[i];
    if (c === 10) {
      builder.lineFeed(i, i + 1 < bytes.length && MAY_START_STRUCTURE[bytes[i + 1]] === 1);
      continue;
    }
    if ((c !== 52 && c !== 53) || (i > start && (isDigit(bytes[i - 1]) || bytes[i - 1] === 46))) continue;
    const c1 = at(i + 1);
    const c2 = at(i + 2);
    if (c1 >= 48 && c1 <= 53 && isDigit(c2)) {
      const c3 = at(i + 3);
      const letter = (c3 | 32) >= 97 && (c3 | 32) <= 122;
      if (!isDigit(c3) && !letter && c3 !== 46) builder.candidate();
    } else if (c1 === 46 && isDigit(c2)) {
      let p = i + 2;
      while (p < i + 5 && isDigit(at(p))) p++;
      if (at(p) === 46 && isDigit(at(p + 1))) builder.candidate();
    }
  }
}

/** For tests: the JavaScript byte scan, as `indexBytes` would give without WebAssembly. */
export function indexBytesInJavaScript(bytes: Uint8Array): LineIndex {
  const builder = new IndexBuilder(bytes.length, firstMark(bytes[0]));
  eventsInJavaScript(bytes, 0, bytes.length, builder);
  return builder.finish();
}
