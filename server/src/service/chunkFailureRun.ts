/**
 * One chunk's failures, kept small. A 48 MB log holds some 25,000 failures; keeping each as a
 * reply with its tokens (half a dozen objects) made the first scan spend as long in the garbage
 * collector as in reading. A failure read from a plain log line (one that needs no neighbours) is
 * kept as its line number only and read again from that line when it is asked for: the same
 * replies come back, since reading such a line depends on nothing else. Failures from lines read
 * with their neighbours (bounce fields, bare multi-line replies, transcripts) are kept as they are.
 */
import type { Chunk } from './chunkedDocument';
import { isFailure } from './codeSyntax';
import { scanChunk, type ResumePoints } from './chunkScanner';
import type { FailureRun } from './diagnostics';
import { holdsDsnStatus, type ScanMode } from './documentScanner';
import { recognizeLogLine, shiftedReply } from './logRecognizers';
import type { Reply } from './replyTypes';
import type { TranscriptCarry } from './transcript';

export class ChunkFailureRun implements FailureRun {
  /** The replies once asked for by `list` (diagnostics want the same objects from one call to the next). */
  private kept: Reply[] | undefined;

  private constructor(
    private readonly chunk: Chunk,
    readonly firstLine: number,
    /** Chunk lines, read on their own, that hold failures (a plain array: a typed one costs more to allocate than it holds). */
    private readonly plainLines: readonly number[],
    /** Failures read with their neighbours, and the chunk line each was read at. */
    private readonly others: readonly Reply[],
    private readonly otherLines: readonly number[],
    readonly permanent: number,
    readonly temporary: number,
    /** Failures in all, diagnosed or not. */
    readonly count: number,
    /** A transcript's session where the chunk began and where it ended (`TranscriptCarry`). */
    readonly startCarry: TranscriptCarry | undefined,
    readonly endCarry: TranscriptCarry | undefined,
    private readonly resumePoints: ResumePoints | undefined,
  ) {}

  /** Scans a chunk whose first line is document line `firstLine`; a transcript's goes on from `carry`. */
  static scan(chunk: Chunk, mode: ScanMode, firstLine: number, carry?: TranscriptCarry): ChunkFailureRun {
    const { replies, origins, carry: endCarry, resumePoints } = scanChunk(chunk, mode, firstLine, carry);
    // Where a bounce's Status quieted repeats elsewhere in the chunk, a line alone no longer tells
    // the whole story: keep every reply as it is (bounce files are small).
    const compact = !holdsDsnStatus(replies);
    const plainLines: number[] = [];
    const others: Reply[] = [];
    const otherLines: number[] = [];
    let permanent = 0;
    let temporary = 0;
    let count = 0;
    for (let i = 0; i < replies.length; i++) {
      const reply = replies[i];
      if (!isFailure(reply.class)) continue;
      count++;
      if (reply.diagnose) {
        if (reply.class === 'permanent') permanent++;
        else temporary++;
      }
      const line = origins[i] >> 1;
      if (compact && (origins[i] & 1) === 1) {
        if (plainLines[plainLines.length - 1] !== line) plainLines.push(line);
      } else {
        others.push(reply);
        otherLines.push(line);
      }
    }
    return new ChunkFailureRun(chunk, firstLine, plainLines, others, otherLines, permanent, temporary, count, carry, endCarry, resumePoints);
  }

  /** The same failures for the chunk now starting at document line `firstLine`. */
  movedTo(firstLine: number): ChunkFailureRun {
    const offset = firstLine - this.firstLine;
    const others = this.others.map((reply) => shiftedReply(reply, offset));
    return new ChunkFailureRun(this.chunk, firstLine, this.plainLines, others, this.otherLines, this.permanent, this.temporary, this.count, this.startCarry, this.endCarry, this.resumePoints);
  }

  /**
   * Where a transcript can be read again from to reach chunk line `line` as this scan did: the
   * nearest resume point at or above it (`ResumePoints`), else the chunk's start.
   */
  resumeAt(line: number): { line: number; carry: TranscriptCarry | undefined } {
    const points = this.resumePoints;
    let found = -1;
    if (points) {
      let low = 0;
      let high = points.lines.length - 1;
      while (low <= high) {
        const middle = (low + high) >> 1;
        if (points.lines[middle] <= line) {
          found = middle;
          low = middle + 1;
        } else high = middle - 1;
      }
    }
    return found < 0 || !points ? { line: 0, carry: this.startCarry } : { line: points.lines[found], carry: points.carries[found] };
  }

  /** The failures in document order, kept once asked for. */
  get list(): readonly Reply[] {
    return (this.kept ??= this.read());
  }

  /** The failures in document order, without keeping them (one pass over a whole document). */
  replies(): readonly Reply[] {
    return this.kept ?? this.read();
  }

  private read(): Reply[] {
    const out: Reply[] = [];
    let other = 0;
    for (const line of this.plainLines) {
      while (other < this.others.length && this.otherLines[other] < line) out.push(this.others[other++]);
      for (const reply of recognizeLogLine(this.chunk.lineAt(line), this.firstLine + line, true)) if (isFailure(reply.class)) out.push(reply);
    }
    while (other < this.others.length) out.push(this.others[other++]);
    return out;
  }
}
