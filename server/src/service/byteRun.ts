/**
 * A run of whole lines kept as the UTF-8 bytes they were read as (a log streamed from disk). The
 * byte pass marks the lines worth reading; only those are decoded, so a scan of a large log
 * decodes a few percent of it.
 */
import type { LineRun } from './chunkScanner';
import { indexBytes, markedStart } from './lineIndex';
import { isStructuralInBytes } from './lineStructure';

// Bad bytes become U+FFFD as they would in the whole run (a line feed ends any broken sequence);
// with ignoreBOM a byte order mark stays a character, as Buffer#toString keeps it.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** Decodes bytes [start, end) as UTF-8, bad bytes as U+FFFD, a byte order mark kept. */
export type Utf8Decode = (bytes: Uint8Array, start: number, end: number) => string;
const decodeWithTextDecoder: Utf8Decode = (bytes, start, end) => decoder.decode(bytes.subarray(start, end));

export class ByteRun implements LineRun {
  readonly lineCount: number;
  readonly marks: readonly number[];
  readonly markStarts: readonly number[];
  private starts: number[] | undefined;

  /** `decode`: Node's Buffer decodes a short line in half the time TextDecoder takes (`logStream.ts`). */
  constructor(
    readonly bytes: Uint8Array,
    private readonly decode: Utf8Decode = decodeWithTextDecoder,
  ) {
    const index = indexBytes(bytes);
    this.lineCount = index.lineCount;
    this.marks = index.marks;
    this.markStarts = index.markStarts;
  }

  /** The line that starts at byte `offset`, decoded, without its line break. */
  lineFrom(offset: number): string {
    const bytes = this.bytes;
    let end = bytes.indexOf(10, offset);
    if (end < 0) end = bytes.length;
    if (end > offset && bytes[end - 1] === 13) end--;
    return this.decode(bytes, offset, end);
  }

  isStructuralFrom(offset: number): boolean {
    return isStructuralInBytes(this.bytes, offset);
  }

  /** Line `i`, decoded. Marked lines are found from their marks; others from line starts found when first needed. */
  lineAt(i: number): string {
    const marked = markedStart(this, i);
    if (marked >= 0) return this.lineFrom(marked);
    if (this.starts === undefined) {
      const starts = [0];
      const bytes = this.bytes;
      for (let p = bytes.indexOf(10); p !== -1 && p < bytes.length - 1; p = bytes.indexOf(10, p + 1)) starts.push(p + 1);
      this.starts = starts;
    }
    return this.lineFrom(this.starts[i]);
  }
}
