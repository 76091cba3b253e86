/**
 * A text document kept as chunks of whole lines, so that an edit rebuilds one chunk (a few hundred
 * KB) instead of the whole text: a 48 MB log costs the same per keystroke or append as a 1 MB one.
 * `vscode-languageserver-textdocument` rebuilds the full string on every change (hundreds of ms at
 * 48 MB); this replaces it on the server.
 */
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { LineRun } from './chunkScanner';
import { indexText, lineStartsOf, markedStart } from './lineIndex';
import { isStructuralAt } from './lineStructure';

/** What the language service needs of a document. */
export interface MailDocument {
  readonly uri: string;
  readonly languageId: string;
  readonly version: number;
  readonly lineCount: number;
  /** The text of a line, without its line break. */
  lineAt(line: number): string;
}

/** Chunks grow to about this many UTF-16 units before they are split. */
const CHUNK_TARGET = 64 * 1024;
// Under V8's 128 KiB limit for ordinary heap objects, so edited chunks stay cheap to build.
export const CHUNK_MAX = 100 * 1024;

/** A run of whole lines. `text` ends with a line break except in the document's last chunk. */
export class Chunk implements LineRun {
  readonly lineCount: number;
  /** The lines worth reading in a scan (`lineIndex.ts`), found in the one pass that counts the lines. */
  readonly marks: readonly number[];
  readonly markStarts: readonly number[];
  private lineStarts: readonly number[] | undefined;
  /** Bumped by nothing: a changed chunk is a new Chunk, so caches keyed by chunk stay valid. */
  constructor(readonly text: string) {
    const index = indexText(text);
    this.lineCount = index.lineCount;
    this.marks = index.marks;
    this.markStarts = index.markStarts;
    this.lineStarts = index.starts;
  }
  /**
   * Offsets in `text` where each line starts. Worked out when first asked for: a scan reads only
   * the marked lines, and most chunks of a large log are never shown.
   */
  get starts(): readonly number[] {
    return (this.lineStarts ??= lineStartsOf(this.text));
  }
  /** Line `i` of this chunk without its line break. */
  lineAt(i: number): string {
    if (this.lineStarts === undefined) {
      // A marked line (one a scan read) is found without working out every line's start.
      const marked = markedStart(this, i);
      if (marked >= 0) return this.lineFrom(marked);
    }
    return this.text.slice(this.starts[i], this.lineEnd(i));
  }
  /** The line that starts at `offset`, without its line break. */
  lineFrom(offset: number): string {
    let end = this.text.indexOf('\n', offset);
    if (end < 0) end = this.text.length;
    if (end > offset && this.text.charCodeAt(end - 1) === 13) end--;
    return this.text.slice(offset, end);
  }
  /** Whether the line starting at `offset` carries structure (`lineStructure.ts`). */
  isStructuralFrom(offset: number): boolean {
    return isStructuralAt(this.text, offset);
  }
  /** Offset in `text` of the end of line `i`, before its line break. */
  lineEnd(i: number): number {
    const starts = this.starts;
    let end = i + 1 < starts.length ? starts[i + 1] : this.text.length;
    if (end > starts[i] && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > starts[i] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }
}

/** Cuts a text into chunks of whole lines near CHUNK_TARGET, preferring blank lines as boundaries. */
function chunksOf(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  const lineFeedFrom = (from: number) => text.indexOf('\n', from);
  const blankLineIn = (from: number, to: number) => text.slice(from, to).indexOf('\n\n');
  let start = 0;
  for (let end; (end = nextChunkEnd(start, text.length, lineFeedFrom, blankLineIn)) !== -1; start = end) {
    chunks.push(new Chunk(text.slice(start, end)));
  }
  chunks.push(new Chunk(text.slice(start)));
  return chunks;
}

/**
 * Where the chunk that begins at `start` of a run of `length` units ends (characters here, bytes
 * in a disk scan, which cuts the same way so that both count the same failures): after a line
 * feed near CHUNK_TARGET, or at a blank line when one is near (bounce blocks and sessions stay
 * whole). -1 when the rest is short enough to be one chunk, or has no line feed to cut at.
 * `lineFeedFrom` finds a line feed, `blankLineIn` the offset of "\n\n" inside [from, to) or -1.
 */
export function nextChunkEnd(start: number, length: number, lineFeedFrom: (from: number) => number, blankLineIn: (from: number, to: number) => number): number {
  if (length - start <= CHUNK_MAX) return -1;
  const cut = lineFeedFrom(start + CHUNK_TARGET);
  if (cut === -1) return -1;
  const windowStart = start + CHUNK_TARGET - 1;
  const blank = blankLineIn(windowStart, Math.min(length, windowStart + 16 * 1024));
  return (blank !== -1 ? windowStart + blank + 1 : cut) + 1;
}

/** Where lines begin and end after an edit, for caches that want to follow it. */
export interface LineEdit {
  /** First line touched. */
  from: number;
  /** Lines [from, from + removed) were replaced by [from, from + added). */
  removed: number;
  added: number;
}

/** The next `ChunkedDocument.revision`: counts every text any document has had. */
let nextRevision = 0;

export class ChunkedDocument implements MailDocument {
  private chunks: Chunk[];
  /** Index of the first line of each chunk; recomputed after edits (one entry per chunk). */
  private firstLines: number[] = [];
  private total = 0;
  /**
   * Changes whenever the text does, unique across documents: what caches key on. The version
   * alone is the client's to keep, and a client that opens a document again or edits it without
   * a new version would leave them stale.
   */
  revision = nextRevision++;

  constructor(
    readonly uri: string,
    public languageId: string,
    public version: number,
    text: string,
  ) {
    this.chunks = chunksOf(text);
    this.reindex();
  }

  get lineCount(): number {
    return this.total;
  }

  /** The chunks in order, with the document line each starts at. */
  *chunkList(): Iterable<{ chunk: Chunk; firstLine: number }> {
    for (let i = 0; i < this.chunks.length; i++) yield { chunk: this.chunks[i], firstLine: this.firstLines[i] };
  }

  /** The chunk holding a line, and the line's index inside it. */
  locate(line: number): { chunk: Chunk; index: number; firstLine: number; chunkIndex: number } {
    const clamped = Math.max(0, Math.min(line, this.total - 1));
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.firstLines[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { chunk: this.chunks[lo], index: clamped - this.firstLines[lo], firstLine: this.firstLines[lo], chunkIndex: lo };
  }

  lineAt(line: number): string {
    if (line < 0 || line >= this.total) return '';
    const { chunk, index } = this.locate(line);
    return chunk.lineAt(index);
  }

  getText(): string {
    return this.chunks.map((c) => c.text).join('');
  }

  /** Applies LSP content changes in order; returns the line edits they made. */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): LineEdit[] {
    // All or nothing: a batch with a malformed change is refused whole, the document and its
    // version as they were (applying the changes before it left text and version out of step).
    const malformed = changes.find((change) => !isWellFormed(change));
    if (malformed !== undefined) throw new Error(`smtp-codes: ignored a change to ${this.uri} that is not a text edit: ${JSON.stringify(malformed).slice(0, 200)}`);
    const edits: LineEdit[] = [];
    this.revision = nextRevision++;
    for (const change of changes) {
      if (!('range' in change) || !change.range) {
        const before = this.total;
        this.chunks = chunksOf(change.text);
        this.reindex();
        edits.push({ from: 0, removed: before, added: this.total });
        continue;
      }
      const { start, end } = change.range;
      // A range given end first is the same range.
      const reversed = end.line < start.line || (end.line === start.line && end.character < start.character);
      edits.push(reversed ? this.replace(end, start, change.text) : this.replace(start, end, change.text));
    }
    this.version = version;
    return edits;
  }

  private replace(startPos: { line: number; character: number }, endPos: { line: number; character: number }, text: string): LineEdit {
    const startLine = Math.max(0, Math.min(startPos.line, this.total - 1));
    const endLine = Math.max(startLine, Math.min(endPos.line, this.total - 1));
    const first = this.locate(startLine);
    const last = this.locate(endLine);
    // Merge the chunks the edit spans, edit the merged text, and cut it again if it grew.
    const merged = this.chunks.slice(first.chunkIndex, last.chunkIndex + 1);
    const base = merged.map((c) => c.text).join('');
    const offsetOf = (info: { chunk: Chunk; index: number; firstLine: number }, character: number, chunkOffset: number) => {
      const lineStart = info.chunk.starts[info.index];
      const lineEnd = info.chunk.lineEnd(info.index);
      return chunkOffset + Math.min(lineStart + Math.max(0, character), lineEnd);
    };
    let lastChunkOffset = 0;
    for (let i = first.chunkIndex; i < last.chunkIndex; i++) lastChunkOffset += this.chunks[i].text.length;
    const startOffset = startPos.line >= this.total ? base.length : offsetOf(first, startPos.character, 0);
    const endOffset = endPos.line >= this.total ? base.length : Math.max(startOffset, offsetOf(last, endPos.character, lastChunkOffset));
    const edited = base.slice(0, startOffset) + text + base.slice(endOffset);
    const replacement = edited.length > CHUNK_MAX ? chunksOf(edited) : [new Chunk(edited)];
    const removed = merged.reduce((n, c) => n + c.lineCount, 0);
    const added = replacement.reduce((n, c) => n + c.lineCount, 0);
    this.chunks.splice(first.chunkIndex, merged.length, ...replacement);
    this.mergeTinyNeighbours(first.chunkIndex);
    this.reindex();
    return { from: first.firstLine, removed, added };
  }

  /** An empty chunk left by a deletion (or a last chunk that lost its line break) joins its neighbour. */
  private mergeTinyNeighbours(index: number): void {
    for (let i = Math.max(0, index - 1); i < Math.min(this.chunks.length - 1, index + 1); i++) {
      const a = this.chunks[i];
      const b = this.chunks[i + 1];
      const aOpen = a.text.length > 0 && a.text.charCodeAt(a.text.length - 1) !== 10;
      if (a.text.length === 0 || b.text.length === 0 || aOpen || a.text.length + b.text.length < CHUNK_TARGET / 4) {
        this.chunks.splice(i, 2, new Chunk(a.text + b.text));
        i--;
      }
    }
  }

  private reindex(): void {
    if (this.chunks.length === 0) this.chunks = [new Chunk('')];
    this.firstLines = new Array(this.chunks.length);
    let line = 0;
    for (let i = 0; i < this.chunks.length; i++) {
      this.firstLines[i] = line;
      line += this.chunks[i].lineCount;
    }
    // A document ending in a line break has an empty last line (as editors count lines).
    const last = this.chunks[this.chunks.length - 1].text;
    if (last.length > 0 && last.charCodeAt(last.length - 1) === 10) {
      this.chunks.push(new Chunk(''));
      this.firstLines.push(line);
      line++;
    }
    this.total = line;
  }
}

const isPosition = (p: unknown): boolean =>
  typeof p === 'object' && p !== null && Number.isInteger((p as { line: unknown }).line) && Number.isInteger((p as { character: unknown }).character);

/** A change the protocol allows: its text, and for a range whole-number lines and characters. */
function isWellFormed(change: TextDocumentContentChangeEvent): boolean {
  if (typeof change !== 'object' || change === null || typeof change.text !== 'string') return false;
  if (!('range' in change) || change.range === undefined || change.range === null) return true;
  return isPosition(change.range.start) && isPosition(change.range.end);
}
