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
/** Lines whose meaning depends on their neighbours, tested in place at the line start. */
const STRUCTURAL =
  /[ \t\r\n]|(?:Status|Diagnostic-Code|Action|Remote-MTA|Final-Recipient|Original-Recipient):|(?:S:|C:|<-|->|<~|~>|<\*\*|\*\*>|===|<<<|>>>|\?\?\?|Out:|In:|reply:|send:)|[2-5][0-5]\d(?=[ \-\r\n]|$)/iy;

/**
 * The replies of one chunk that matter for diagnostics: every failure, plus whatever else the
 * structural lines yield. Token lines count from `firstLine`, the chunk's first document line.
 */
export function scanChunkFailures(chunk: Chunk, mode: ScanMode, firstLine = 0): Reply[] {
  const scanner = new ReplyScanner(mode, true);
  const replies: Reply[] = [];
  const text = chunk.text;
  const starts = chunk.starts;
  if (mode === 'transcript') {
    // Transcripts need every line (commands, DATA phases); they are small.
    for (let i = 0; i < starts.length; i++) for (const reply of scanner.scanLine(chunk.lineAt(i), firstLine + i)) replies.push(reply);
    scanner.finish();
    quietRepeatsOfDsn(replies);
    return replies;
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
      const found = structural ? scanner.scanLine(chunk.lineAt(i), firstLine + i) : scanner.scanPlainLine(chunk.lineAt(i), firstLine + i);
      for (const reply of found) replies.push(reply);
    } else if (structural) {
      for (const reply of scanner.scanLine(chunk.lineAt(i), firstLine + i)) replies.push(reply);
    } else {
      scanner.skipLine();
    }
  }
  scanner.finish();
  quietRepeatsOfDsn(replies);
  return replies;
}
