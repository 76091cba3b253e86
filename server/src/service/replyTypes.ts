import type { CodeClass } from './codeSyntax';

/** One code as it stands in the text. Offsets are UTF-16 columns in the line. */
export interface CodeToken {
  kind: 'basic' | 'enhanced';
  code: string;
  line: number;
  start: number;
  end: number;
}

/** Who rejected whom, as far as the line tells. */
export type Direction = 'inbound' | 'outbound' | 'unknown';

/** Which recognizer found a reply; also tells what kind of line it is. */
export type ReplySource =
  | 'postfix-delivery'
  | 'postfix-reject'
  | 'exim'
  | 'sendmail'
  | 'exchange'
  | 'opensmtpd'
  | 'courier'
  | 'qmail'
  | 'dsn'
  | 'transcript'
  | 'log'
  /** A code a mail server configuration sets up (main.cf, an access table, an Exim ACL): not a failure that happened. */
  | 'config';

/**
 * One SMTP reply or status report: the unit of diagnostics ("one failure, one diagnostic").
 * A Postfix line with `dsn=5.1.1` and `said: 550 5.1.1` is one reply with three tokens.
 */
export interface Reply {
  /** All tokens that belong to this reply; `tokens[0]` is where its diagnostic goes. */
  tokens: CodeToken[];
  /** The basic reply code, when the text has one. */
  basic?: string;
  /** The enhanced status code, when the text has one. */
  enhanced?: string;
  /**
   * Class of the reply: the basic code's when there is one, else the enhanced code's, unless the
   * log says what became of the message (Postfix `status=expired` after a 4.x.x, `status=deferred`
   * after a 5xx under soft_bounce, a DSN's `Action: failed`): then that.
   */
  class: CodeClass;
  source: ReplySource;
  direction: Direction;
  /** The remote server (outbound) or client (inbound), e.g. "mx.example.net[203.0.113.5]". */
  peer?: string;
  /** The command the reply answered: "RCPT TO", "end of DATA", "AUTH". */
  command?: string;
  /** The log's verdict: "bounced", "deferred", "reject", "failed" (DSN Action) ... */
  status?: string;
  /** The recipient concerned, when the line says. */
  recipient?: string;
  /** The reply's words when they are not on its first token's line: a DSN Status's, from its Diagnostic-Code. */
  words?: string;
  /** False when another reply already reports the same failure (a DSN's Diagnostic-Code under its Status). */
  diagnose: boolean;
  /**
   * The log line, kept until the context fields above are read: whole-document scans leave the
   * context to be worked out for the few replies that are shown (see `withContext`).
   */
  pendingContext?: string;
}
