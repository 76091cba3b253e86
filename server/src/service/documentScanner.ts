/**
 * Finds every reply in a document: log lines, DSN fields of bounce messages, and transcripts,
 * with the little state each needs (an open multi-line reply, a DSN recipient block).
 */
import { continuationTokens, laterEnhanced, makeReply, recognizeLogLine, replyTokensAt, withContext } from './logRecognizers';
import type { CodeToken, Reply } from './replyTypes';
import { classifyTranscriptLine, TranscriptState, type TranscriptCarry } from './transcript';
import { replyWords } from './replyWords';

/** How to read a document: a log (bare numbers never count) or a transcript (bare reply lines count). */
export type ScanMode = 'log' | 'transcript';

/** The document as lines; lets callers scan a TextDocument, a string or a stream alike. */
export interface LineSource {
  readonly lineCount: number;
  lineAt(line: number): string;
}

/** Splits a string into lines without copying more than each line (CRLF and CR aware). */
export function linesOf(text: string): LineSource {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return {
    lineCount: starts.length,
    lineAt(line: number): string {
      const start = starts[line];
      let end = line + 1 < starts.length ? starts[line + 1] - 1 : text.length;
      if (end > start && text.charCodeAt(end - 1) === 13) end--;
      return text.slice(start, end);
    },
  };
}

const DSN_STATUS = /^Status:[ \t]*([245]\.\d{1,3}\.\d{1,3})(?!\w|\.\d)/i;
const DSN_DIAGNOSTIC = /^Diagnostic-Code:/i;
const DSN_ACTION = /^Action:[ \t]*([\w-]+)/i;
const DSN_REMOTE_MTA = /^Remote-MTA:[ \t]*[\w-]+;[ \t]*(\S+)/i;
const DSN_RECIPIENT = /^(?:Final|Original)-Recipient:[ \t]*[\w-]+;[ \t]*(\S+)/i;
const FOLDED = /^[ \t]+\S/;
const NOT_BLANK = /\S/;
/** A reply line without any prefix: "550-Your message was rejected", "550 5.7.1 ...". */
const BARE_REPLY = /^[ \t]*([2-5][0-5]\d)([ -]|$)/;

/** The last bare `550-` line, so that the lines continuing it join one reply. */
interface BareReply {
  code: string;
  line: number;
  tokens: CodeToken[];
  reply?: Reply;
  open: boolean;
}

/** The replies a DSN block closed (its Status and Diagnostic-Code): a bounce's own failure report. */
const dsnFieldReplies = new WeakSet<Reply>();

/** One recipient's block of DSN fields (RFC 3464 §2.3), closed by a blank line. */
class DsnBlock {
  status?: Reply;
  diagnostic?: Reply;
  action?: string;
  remoteMta?: string;
  recipient?: string;
  inDiagnostic = false;
  /** The Diagnostic-Code's words: its first line's, then each folded line's. */
  diagnosticWords: string[] = [];

  close(): void {
    const replies = [this.status, this.diagnostic].filter((r): r is Reply => r !== undefined);
    for (const reply of replies) {
      withContext(reply);
      reply.status ??= this.action;
      reply.peer ??= this.remoteMta;
      reply.recipient ??= this.recipient;
      reply.source = 'dsn';
      reply.direction = 'outbound';
      dsnFieldReplies.add(reply);
    }
    if (this.status && this.diagnostic) {
      // Status and Diagnostic-Code describe the same failure: one diagnostic, on Status, with the
      // Diagnostic-Code's words. Its basic code joins the Status only when their enhanced codes
      // agree: "550" from "550 5.1.1" beside "Status: 5.0.0" would make a pair that neither wrote.
      this.diagnostic.diagnose = false;
      const status = this.status;
      const detail = this.diagnostic.enhanced;
      // A generic Status (5.0.0) says less than the remote's own enhanced code of the same class
      // (550 5.1.1): the failure is counted under the remote's.
      if (detail !== undefined && status.enhanced?.endsWith('.0.0') && detail[0] === status.enhanced[0] && detail !== status.enhanced) status.enhanced = detail;
      if (detail === undefined || detail === status.enhanced) status.basic ??= this.diagnostic.basic;
      status.words = withoutRepeats(this.diagnosticWords.join(' '), this.diagnostic);
    }
    // What became of the message is the Action's to say: "failed" after a 4.x.x status (it
    // expired in the queue) is a permanent failure, "delayed" after a 5.x.x one a temporary one.
    for (const reply of replies) {
      if (this.action === 'failed' && reply.class === 'transient') reply.class = 'permanent';
      else if (this.action === 'delayed' && reply.class === 'permanent') reply.class = 'transient';
    }
  }
}

/**
 * Reads a document one line at a time, in order, keeping the little state that spans lines.
 * Used over whole documents and over streams of any size (the CLI's scan).
 */
export class ReplyScanner {
  private readonly transcript: TranscriptState;
  private block = new DsnBlock();
  private previous = '';
  private bare: BareReply | undefined;

  /**
   * With `lazyContext`, log replies keep their line for `withContext` instead of being described at once.
   * `carry`: where an earlier run of a transcript's lines left its session (`TranscriptCarry`).
   */
  constructor(
    private readonly mode: ScanMode,
    private readonly lazyContext = false,
    carry?: TranscriptCarry,
  ) {
    this.transcript = new TranscriptState(carry);
  }

  /** Where the session being read stands, for the run of lines after these. */
  transcriptCarry(): TranscriptCarry {
    return this.transcript.carry();
  }

  /** The replies that start on this line (continuations join replies already returned). */
  scanLine(text: string, line: number): Reply[] {
    const previous = this.previous;
    this.previous = text;
    const block = this.block;
    const mode = this.mode;
    if (!NOT_BLANK.test(text)) {
      this.bare = undefined;
      this.closeBlock();
      this.transcript.feed(text, line, mode === 'transcript');
      return [];
    }

    if (block.inDiagnostic && FOLDED.test(text)) {
      foldDiagnostic(block.diagnostic, previous, text, line);
      block.diagnosticWords.push(text.trim());
      return [];
    }
    block.inDiagnostic = false;

    const status = DSN_STATUS.exec(text);
    if (status) {
      const start = text.indexOf(status[1], 7);
      block.status = makeReply([{ kind: 'enhanced', code: status[1], line, start, end: start + status[1].length }], 'dsn', 'outbound');
      return [block.status];
    }
    if (DSN_DIAGNOSTIC.test(text)) {
      const found = recognizeLogLine(text, line);
      block.diagnostic = found[0];
      block.inDiagnostic = true;
      if (found[0]) block.diagnosticWords = [replyWords(found[0], text)];
      return found;
    }
    const action = DSN_ACTION.exec(text);
    if (action) block.action = action[1].toLowerCase();
    const mta = DSN_REMOTE_MTA.exec(text);
    if (mta) block.remoteMta = mta[1];
    const recipient = DSN_RECIPIENT.exec(text);
    if (recipient) block.recipient = recipient[1];
    if (action || mta || recipient) return [];

    if (mode === 'transcript' || classifyTranscriptLine(text).prefixed) {
      const reply = this.transcript.feed(text, line, mode === 'transcript');
      return reply ? [reply] : [];
    }
    return this.logLine(text, line);
  }

  /**
   * A log line; also joins bare multi-line replies quoted in bounces ("550-..." lines followed by
   * more lines with the same code), which on their own would not count as codes in a log.
   */
  private logLine(text: string, line: number): Reply[] {
    const bare = BARE_REPLY.exec(text);
    const previous = this.bare;
    this.bare = undefined;
    const codeStart = bare ? text.indexOf(bare[1]) : -1;
    if (bare && previous?.open && previous.code === bare[1] && previous.line === line - 1) {
      const tokens = replyTokensAt(text, codeStart, line) ?? [{ kind: 'basic' as const, code: bare[1], line, start: codeStart, end: codeStart + 3 }];
      let reply = previous.reply;
      const result: Reply[] = [];
      if (reply) for (const token of tokens) reply.tokens.push(token);
      else result.push((reply = makeReply([...previous.tokens, ...tokens], 'log', 'unknown')));
      this.bare = { code: bare[1], line, tokens, reply, open: bare[2] === '-' };
      return result;
    }
    const found = recognizeLogLine(text, line, this.lazyContext);
    if (bare && bare[2] === '-') {
      const tokens = replyTokensAt(text, codeStart, line) ?? [{ kind: 'basic' as const, code: bare[1], line, start: codeStart, end: codeStart + 3 }];
      const reply = found.find((r) => r.tokens.some((t) => t.line === line && t.start === codeStart));
      this.bare = { code: bare[1], line, tokens, reply, open: true };
    }
    return found;
  }

  /**
   * A line known to carry no structure (not blank, not indented, no prefix, no DSN field, no bare
   * reply): straight to the log recognizers, past the checks `scanLine` would make and fail.
   */
  scanPlainLine(text: string, line: number): Reply[] {
    this.previous = text;
    this.bare = undefined;
    this.block.inDiagnostic = false;
    return recognizeLogLine(text, line, this.lazyContext);
  }

  /**
   * Passes over a line known to hold no code and no structure (not blank, not indented, no prefix,
   * no DSN field): it only ends what a next line could have continued.
   */
  skipLine(): void {
    this.previous = '';
    this.bare = undefined;
    this.block.inDiagnostic = false;
  }

  /** Closes the open DSN block; call at the end of the input. */
  finish(): void {
    this.closeBlock();
  }

  private closeBlock(): void {
    this.block.close();
    this.block = new DsnBlock();
  }
}

/** Scans lines [from, to) and returns the replies found, in document order. `carry`: as in `ReplyScanner`. */
export function scanLines(source: LineSource, mode: ScanMode, from = 0, to = source.lineCount, carry?: TranscriptCarry): Reply[] {
  const scanner = new ReplyScanner(mode, false, carry);
  const replies: Reply[] = [];
  for (let line = from; line < to; line++) {
    const found = scanner.scanLine(source.lineAt(line), line);
    for (const reply of found) replies.push(reply);
  }
  scanner.finish();
  quietRepeatsOfDsn(replies);
  return replies;
}

/**
 * A folded Diagnostic-Code line may carry repeats of the reply's codes, even split across the fold
 * ("... Please visit 550" / "    5.7.1 https://..."). They join the reply instead of making new ones.
 */
function foldDiagnostic(reply: Reply | undefined, previous: string, text: string, line: number): void {
  if (!reply?.basic) return;
  reply.tokens.push(...continuationTokens(text, 0, line, reply.basic, reply.enhanced));
  reply.enhanced ??= laterEnhanced(reply);
  const lead = /^[ \t]+([245]\.\d{1,3}\.\d{1,3})(?!\w|\.\d)/.exec(text);
  if (lead && lead[1] === reply.enhanced && new RegExp(`(?<![\\w.])${reply.basic}\\s*$`).test(previous)) {
    const start = text.indexOf(lead[1]);
    const previousStart = previous.trimEnd().length - 3;
    const split: CodeToken[] = [
      { kind: 'basic', code: reply.basic, line: line - 1, start: previousStart, end: previousStart + 3 },
      { kind: 'enhanced', code: lead[1], line, start, end: start + lead[1].length },
    ];
    reply.tokens.push(...split.filter((t) => !reply.tokens.some((o) => o.line === t.line && o.start === t.start)));
  }
}

/** Folded words without the reply's codes repeated in them ("... Please visit 550 5.7.1 https://..."). */
function withoutRepeats(words: string, reply: Reply): string {
  if (!reply.basic) return words;
  const codes = reply.enhanced ? `${reply.basic}[ -]${reply.enhanced.replace(/\./g, '\\.')}` : `${reply.basic}-`;
  return words.replace(new RegExp(`(?<![\\w.])${codes}(?![\\w.])\\s*`, 'g'), '').trim();
}

/** Whether replies include a DSN status (the case where `quietRepeatsOfDsn` may quiet others). */
export function holdsDsnStatus(replies: readonly Reply[]): boolean {
  return replies.some((r) => dsnFieldReplies.has(r) && r.tokens[0].kind === 'enhanced');
}

/**
 * A bounce tells each failure up to three times: in words, in the DSN fields and in the session
 * transcript. The DSN Status carries the diagnostic; the replies quoted around it with the same
 * codes as its Status or Diagnostic-Code stay quiet (still found, for hovers and colours, but not
 * counted again). Other replies keep theirs: the text may hold other messages (a mailbox of
 * bounces), and a reply with other codes is another failure.
 */
export function quietRepeatsOfDsn(replies: Reply[]): void {
  if (!holdsDsnStatus(replies)) return;
  const reported = new Set<string>();
  for (const reply of replies) {
    if (!dsnFieldReplies.has(reply)) continue;
    for (const token of reply.tokens) reported.add(token.code);
  }
  for (const reply of replies) {
    if (dsnFieldReplies.has(reply)) continue;
    // A reply folded before its enhanced code ("said: 550" / "    5.1.1 ...") is told by its basic code.
    const code = reply.enhanced ?? reply.basic;
    if (code !== undefined && reported.has(code)) reply.diagnose = false;
  }
}
