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
  FAILURE_CANDIDATE.lastIndex = 0;
  let candidate = FAILURE_CANDIDATE.exec(text)?.index ?? Infinity;
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i];
    const next = i + 1 < starts.length ? starts[i + 1] : text.length;
    let feed = false;
    if (candidate < next) {
      feed = true;
      FAILURE_CANDIDATE.lastIndex = next;
      candidate = FAILURE_CANDIDATE.exec(text)?.index ?? Infinity;
    } else {
      STRUCTURAL.lastIndex = start;
      feed = start >= text.length || STRUCTURAL.test(text);
    }
    if (!feed) {
      scanner.skipLine();
      continue;
    }
    for (const reply of scanner.scanLine(chunk.lineAt(i), firstLine + i)) replies.push(reply);
  }
  scanner.finish();
  quietRepeatsOfDsn(replies);
  return replies;
}
