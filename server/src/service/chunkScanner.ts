/**
 * Whole-document scanning at speed: a first pass over every byte (`lineIndex.ts`) finds the few
 * lines that can hold a failure code (4xx, 4.x.x, 5xx, 5.x.x); only those, and the lines that carry
 * structure (blank, indented, DSN fields, transcript prefixes, bare replies), go through the
 * recognizers. Every other line is skipped without even being sliced out of the text.
 */
import { quietRepeatsOfDsn, ReplyScanner, type ScanMode } from './documentScanner';
import { MARK_CANDIDATE, MARK_STRUCTURE } from './lineIndex';
import type { Reply } from './replyTypes';
import type { TranscriptCarry } from './transcript';

/** What the scan needs of a run of whole lines: a document's chunk, or bytes read from disk. */
export interface LineRun {
  readonly lineCount: number;
  /** The lines worth reading, ascending, as `line * 4 + MARK_*` flags (`lineIndex.ts`). */
  readonly marks: readonly number[];
  /** Where each marked line starts in the run. */
  readonly markStarts: readonly number[];
  /** Line `i` without its line break. */
  lineAt(i: number): string;
  /** The line that starts at `offset`, without its line break. */
  lineFrom(offset: number): string;
  /** Whether the line starting at `offset` carries structure (`lineStructure.ts`). */
  isStructuralFrom(offset: number): boolean;
}

/** What a chunk's scan found: its replies in order, and where each was read. */
export interface ChunkScan {
  replies: Reply[];
  /**
   * For each reply, the chunk line being read when it was found, times two, plus one when that
   * line was a plain log line read on its own (its replies can be read again from it alone).
   */
  origins: number[];
  /** Where a transcript's session stood at the chunk's end (`TranscriptCarry`), for the next chunk. */
  carry?: TranscriptCarry;
  /** In a transcript: chunk lines where a read may start again, each with the session's state there. */
  resumePoints?: ResumePoints;
}

/**
 * Lines of a transcript's chunk that follow a blank line (which ends every multi-line reply and
 * bounce block, so the session's carry is all the state there is), at least RESUME_EVERY apart:
 * a hover reads from the nearest one above it instead of from the chunk's start.
 */
export interface ResumePoints {
  lines: number[];
  carries: TranscriptCarry[];
}

const RESUME_EVERY = 64;
const NOT_BLANK = /\S/;

/**
 * The replies of one chunk that matter for diagnostics: every failure, plus whatever else the
 * structural lines yield. Token lines count from `firstLine`, the chunk's first document line.
 */
export function scanChunkFailures(chunk: LineRun, mode: ScanMode, firstLine = 0): Reply[] {
  return scanChunk(chunk, mode, firstLine).replies;
}

/**
 * `scanChunkFailures`, telling where each reply was read. A transcript's chunk goes on from
 * `carry`, where the chunk before it left the session.
 */
export function scanChunk(chunk: LineRun, mode: ScanMode, firstLine = 0, carry?: TranscriptCarry): ChunkScan {
  const scanner = new ReplyScanner(mode, true, carry);
  const replies: Reply[] = [];
  const origins: number[] = [];
  const add = (found: Reply[], line: number, plain: boolean) => {
    for (const reply of found) {
      replies.push(reply);
      origins.push(line * 2 + (plain ? 1 : 0));
    }
  };
  const lineCount = chunk.lineCount;
  if (mode === 'transcript') {
    // Transcripts need every line (commands, DATA phases).
    const resumePoints: ResumePoints = { lines: [], carries: [] };
    let lastPoint = 0;
    let afterBlank = false;
    for (let i = 0; i < lineCount; i++) {
      if (afterBlank && i - lastPoint >= RESUME_EVERY) {
        resumePoints.lines.push(i);
        resumePoints.carries.push(scanner.transcriptCarry());
        lastPoint = i;
      }
      const text = chunk.lineAt(i);
      add(scanner.scanLine(text, firstLine + i), i, false);
      afterBlank = !NOT_BLANK.test(text);
    }
    scanner.finish();
    quietRepeatsOfDsn(replies);
    return { replies, origins, carry: scanner.transcriptCarry(), resumePoints };
  }
  const { marks, markStarts } = chunk;
  // Unmarked lines hold no candidate and no structure: a run of them only ends what came before.
  let nextLine = 0;
  for (let k = 0; k < marks.length; k++) {
    const line = marks[k] >> 2;
    if (line > nextLine) scanner.skipLine();
    nextLine = line + 1;
    const start = markStarts[k];
    const structural = (marks[k] & MARK_STRUCTURE) !== 0 && chunk.isStructuralFrom(start);
    if (marks[k] & MARK_CANDIDATE) {
      if (structural) add(scanner.scanLine(chunk.lineFrom(start), firstLine + line), line, false);
      else add(scanner.scanPlainLine(chunk.lineFrom(start), firstLine + line), line, true);
    } else if (structural) {
      add(scanner.scanLine(chunk.lineFrom(start), firstLine + line), line, false);
    } else {
      scanner.skipLine();
    }
  }
  scanner.finish();
  quietRepeatsOfDsn(replies);
  return { replies, origins };
}
