/**
 * Shared shapes of the mail-config recognizers: the diagnostic codes, the problems they report and
 * the logical lines (continuations joined) they read.
 */
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Reply } from '../replyTypes';

/** Language ids read as mail server configuration. */
export const CONFIG_LANGUAGES: ReadonlySet<string> = new Set(['postfix-config', 'postfix-table', 'exim-config']);

/** True for the language ids whose documents are configurations, not logs or transcripts. */
export function isConfigLanguage(languageId: string): boolean {
  return CONFIG_LANGUAGES.has(languageId);
}

/**
 * Codes of the problems found in mail configurations (`Diagnostic.code`, with `source: 'smtp'`).
 * docs/config-diagnostics.md lists them with examples and fixes.
 */
export enum ConfigDiagnosticCode {
  /** The reply code and the enhanced status code of one configured reply disagree on the class (`450 5.7.1`), or the status disagrees with the action (`DEFER 5.7.1`). */
  ClassMismatch = 'config.class-mismatch',
  /** An enhanced status code whose subject or detail number is not in the IANA registry (`5.1.11`, `5.9.1`): often a typo. */
  UnregisteredEnhanced = 'config.unregistered-enhanced',
  /** A success (2xx, 2.x.x) or intermediate (3xx) code where the configuration rejects (`REJECT 2.0.0`, `ERROR:2.0.0:250`, `250 text` in an access table). */
  SuccessInReject = 'config.success-in-reject',
  /** A Postfix `*_reject_code` set to a temporary (4xx) code where Postfix's documentation expects a permanent one: senders retry for days instead of bouncing. */
  RejectCodeTemporary = 'config.reject-code-temporary',
  /** A Postfix `*_code` parameter set to something Postfix does not accept there (not a three-digit 4xx/5xx code): Postfix logs a configuration error and answers 450 instead. */
  RejectCodeRange = 'config.reject-code-range',
  /** A Postfix defer code (`defer_code`, `access_map_defer_code`, `unverified_*_defer_code`) set to a permanent (5xx) code: "try again later" turned into a bounce. */
  DeferCodePermanent = 'config.defer-code-permanent',
  /** An access-table action that is not what it looks like: `45 text`, `4501 text`, a bare `550` (Postfix reads an all-numerical result as OK), `ERROR:55 text`. */
  MalformedAction = 'config.malformed-action',
  /** A reply code written where only text belongs (`REJECT 550 text`, `*_reject_reason = 550 ...`): it is sent as part of the text, not as the code. */
  CodeInText = 'config.code-in-text',
  /** An Exim ACL `message =` whose leading code contradicts its verb (`defer` with 5xx, `deny` with 4xx): Exim ignores the code and logs a panic. */
  AclCodeMismatch = 'config.acl-code-mismatch',
}

/** A text replacement on one line, in UTF-16 columns. */
export interface LineEdit {
  line: number;
  start: number;
  end: number;
  newText: string;
}

/** One way to fix a problem, offered as a quick fix. */
export interface ConfigFix {
  title: string;
  edits: LineEdit[];
  /** The fix an editor applies with "auto fix" (the first, most likely one). */
  preferred?: boolean;
}

/** A problem found in a configuration, before it becomes an LSP Diagnostic. */
export interface ConfigProblem {
  code: ConfigDiagnosticCode;
  severity: DiagnosticSeverity;
  line: number;
  start: number;
  end: number;
  message: string;
  fixes?: ConfigFix[];
}

/** What a recognizer found in a document: the configured replies (for hover and colours) and the problems. */
export interface ConfigAnalysis {
  replies: Reply[];
  problems: ConfigProblem[];
}

/** A position in the document. */
export interface Place {
  line: number;
  character: number;
}

/**
 * One logical line: physical lines joined the way the configuration format joins them, with a map
 * back from offsets in the joined text to document positions.
 */
export class LogicalLine {
  text = '';
  private readonly segments: Array<{ offset: number; line: number; column: number }> = [];

  /** Appends `piece`, which stands at `column` of document line `line`; `separator` goes between pieces. */
  append(line: number, column: number, piece: string, separator = ' '): void {
    if (this.segments.length > 0) this.text += separator;
    this.segments.push({ offset: this.text.length, line, column });
    this.text += piece;
  }

  get firstLine(): number {
    return this.segments[0]?.line ?? 0;
  }

  /** The document position of an offset in `text`. */
  at(offset: number): Place {
    let segment = this.segments[0];
    for (const s of this.segments) {
      if (s.offset > offset) break;
      segment = s;
    }
    return { line: segment.line, character: segment.column + (offset - segment.offset) };
  }
}

/** Problem severities by name, to keep the recognizers readable. */
export const Severity = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
} as const;
