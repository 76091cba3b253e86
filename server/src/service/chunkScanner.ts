/**
 * Whole-document scanning at speed: one global regular expression finds the few lines that can
 * hold a failure code (4xx, 4.x.x, 5xx, 5.x.x); only those, and the lines that carry structure
 * (blank, indented, DSN fields, transcript prefixes, bare replies), go through the recognizers.
 * Every other line is skipped without even being sliced out of the text.
 */
import type { Chunk } from './chunkedDocument';
import { quietRepeatsOfDsn, ReplyScanner, type ScanMode } from './documentScanner';
import type { Reply } from './replyTypes';

/** A failure code could start here. A superset: the recognizers decide. */
const FAILURE_CANDIDATE = /(?<![0-9.])(?:[45][0-5][0-9](?![a-zA-Z0-9.])|[45]\.[0-9]{1,3}\.[0-9])/g;
/**
 * Lines whose meaning depends on their neighbours, tested in place at the line start. Any white
 * space counts (a byte order mark, a no-break space): the structure checks skip it as `\s`.
 */
const STRUCTURAL =
  /\s|(?:Status|Diagnostic-Code|Action|Remote-MTA|Final-Recipient|Original-Recipient):|(?:S:|C:|<-|->|<~|~>|<\*\*|\*\*>|===|<<<|>>>|\?\?\?|Out:|In:|reply:|send:)|[2-5][0-5]\d(?=[ \-\r\n]|$)/iy;

/** What a chunk's scan found: its replies in order, and where each was read. */
export interface ChunkScan {
  replies: Reply[];
  /**
   * For each reply, the chunk line being read when it was found, times two, plus one when that
   * line was a plain log line read on its own (its replies can be read again from it alone).
   */
  origins: number[];
}

/**
 * The replies of one chunk that matter for diagnostics: every failure, plus whatever else the
 * structural lines yield. Token lines count from `firstLine`, the chunk's first document line.
 */
export function scanChunkFailures(chunk: Chunk, mode: ScanMode, firstLine = 0): Reply[] {
  return scanChunk(chunk, mode, firstLine).replies;
}

/** `scanChunkFailures`, telling where each reply was read. */
export function scanChunk(chunk: Chunk, mode: ScanMode, firstLine = 0): ChunkScan {
  const scanner = new ReplyScanner(mode, true);
  const replies: Reply[] = [];
  const origins: number[] = [];
  const add = (found: Reply[], line: number, plain: boolean) => {
    for (const reply of found) {
      replies.push(reply);
      origins.push(line * 2 + (plain ? 1 : 0));
    }
  };
  const text = chunk.text;
  const starts = chunk.starts;
  if (mode === 'transcript') {
    // Transcripts need every line (commands, DATA phases); they are small.
    for (let i = 0; i < starts.length; i++) add(scanner.scanLine(chunk.lineAt(i), firstLine + i), i, false);
    scanner.finish();
    quietRepeatsOfDsn(replies);
    return { replies, origins };
  }
  // `test` allocates no match; the end of a match is on its line, which is all that is needed.
  FAILURE_CANDIDATE.lastIndex = 0;
  let candidate = FAILURE_CANDIDATE.test(text) ? FAILURE_CANDIDATE.lastIndex - 1 : Infinity;
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i];
    const next = i + 1 < starts.length ? starts[i + 1] : text.length;
    STRUCTURAL.lastIndex = start;
    const structural = start >= text.length || STRUCTURAL.test(text);
    if (candidate < next) {
      FAILURE_CANDIDATE.lastIndex = next;
      candidate = FAILURE_CANDIDATE.test(text) ? FAILURE_CANDIDATE.lastIndex - 1 : Infinity;
      if (structural) add(scanner.scanLine(chunk.lineAt(i), firstLine + i), i, false);
      else add(scanner.scanPlainLine(chunk.lineAt(i), firstLine + i), i, true);
    } else if (structural) {
      add(scanner.scanLine(chunk.lineAt(i), firstLine + i), i, false);
    } else {
      scanner.skipLine();
    }
  }
  scanner.finish();
  quietRepeatsOfDsn(replies);
  return { replies, origins };
}
