/**
 * The right-hand side of an access table entry: Postfix access(5) actions (`REJECT text`,
 * `DEFER 4.7.1 text`, `550 5.7.1 text`) and Sendmail access database values
 * (`ERROR:5.7.1:550 text`, `ERROR:"550 text"`).
 *
 * What Postfix does with them (smtpd_check.c, check_table_result):
 * - `4NN text` / `5NN text` rejects with that code; an enhanced code may lead the text.
 *   The text is required: an all-numerical value (`550`) is read as OK (a time stamp written by
 *   POP-before-SMTP tools), so a bare `550` accepts.
 * - `REJECT`/`DEFER`/`DEFER_IF_PERMIT`/`DEFER_IF_REJECT` take optional text, which may start with
 *   an enhanced code; the reply code comes from access_map_reject_code (554) or
 *   access_map_defer_code (450), and the enhanced code's class is forced to match it.
 * - Anything else (`45 text`, `250 text`) is read as a restriction name: unknown, so the client
 *   gets 451 4.3.5 Server configuration error.
 * In header_checks and body_checks (cleanup), `REJECT 4.x.x text` defers the message, which is
 * why regular-expression tables are not held to the access-map classes.
 */
import { BASIC_CODE } from '../codeSyntax';
import type { CodeToken } from '../replyTypes';
import { classWord, type ConfigCollector } from './collector';
import { ConfigDiagnosticCode, Severity, type LogicalLine } from './configTypes';

/** How to read an action. */
export interface ActionContext {
  /** Which program reads the table. */
  dialect: 'postfix' | 'sendmail';
  /**
   * True for regular-expression table lines (`/pattern/ action`): they may be header_checks,
   * where `REJECT 4.x.x` legitimately defers.
   */
  regexp: boolean;
  /**
   * True when the table looks like an access table (other entries hold access actions): only
   * then do bare numbers and 2xx entries count. A `virtual_uid_maps` table maps users to `550`.
   */
  accessLike: boolean;
  /** Reply status text for hovers: "configured in an access table". */
  label: string;
}

const ENHANCED_LEAD = /^([245]\.\d{1,3}\.\d{1,3})(?=\s|"|$)/;
const NUMBER_LEAD = /^(\d+)(?=\s|"|$)/;
const POSTFIX_TEXT_ACTIONS: Record<string, { expect: '4' | '5'; parameter: string; defaultCode: string }> = {
  REJECT: { expect: '5', parameter: 'access_map_reject_code', defaultCode: '554' },
  DEFER: { expect: '4', parameter: 'access_map_defer_code', defaultCode: '450' },
  DEFER_IF_PERMIT: { expect: '4', parameter: 'access_map_defer_code', defaultCode: '450' },
  DEFER_IF_REJECT: { expect: '4', parameter: 'access_map_defer_code', defaultCode: '450' },
};

/** First words of values that mark a table as an access table. */
const ACCESS_WORDS = new Set([
  'OK', 'REJECT', 'DEFER', 'DEFER_IF_PERMIT', 'DEFER_IF_REJECT', 'DUNNO', 'DISCARD', 'HOLD', 'RELAY', 'PERMIT',
  'WARN', 'INFO', 'FILTER', 'REDIRECT', 'BCC', 'PREPEND', 'IGNORE', 'REPLACE', 'STRIP', 'SKIP',
]);

/** True when a right-hand side is an access action (so the table is an access table). */
export function isAccessAction(value: string): boolean {
  const word = /^[^\s:]+/.exec(value)?.[0].toUpperCase() ?? '';
  if (ACCESS_WORDS.has(word)) return true;
  if (/^(?:ERROR|QUARANTINE):/i.test(value)) return true;
  return /^[2-5]\d\d\s+\S/.test(value);
}

/** True when a right-hand side uses Sendmail syntax only (`ERROR:550 ...`, `ERROR:"5.7.1:550 ..."`). */
export function isSendmailAction(value: string): boolean {
  return /^ERROR:\s*"?\s*(?:\d\.\d{1,3}\.\d{1,3}:)?\d/i.test(value) || /^QUARANTINE:/i.test(value);
}

/** Reads the action that stands between `offset` and `end` (the end of the line by default) of a logical line. */
export function analyzeAction(out: ConfigCollector, logical: LogicalLine, offset: number, context: ActionContext, end = logical.text.length): void {
  const value = logical.text.slice(offset, end).trimEnd();
  if (value.length === 0) return;
  if (/^ERROR:/i.test(value)) return errorAction(out, logical, offset, value, context);
  const word = /^[^\s]+/.exec(value)![0];
  const textAction = POSTFIX_TEXT_ACTIONS[word.toUpperCase()];
  if (textAction && context.dialect === 'postfix') return textWithCode(out, logical, offset, word, value, textAction, context);
  const number = NUMBER_LEAD.exec(value);
  if (number) return numericAction(out, logical, offset, number[1], value, context);
}

/** `REJECT 5.7.1 text`, `DEFER 4.7.1 text`; also `REJECT 550 text`, where the code is only text. */
function textWithCode(
  out: ConfigCollector,
  logical: LogicalLine,
  offset: number,
  word: string,
  value: string,
  action: (typeof POSTFIX_TEXT_ACTIONS)[string],
  context: ActionContext,
): void {
  const textStart = word.length + (/^\s*/.exec(value.slice(word.length))?.[0].length ?? 0);
  const text = value.slice(textStart);
  if (text.length === 0) return;
  const at = offset + textStart;
  const label = `${context.label}: ${word.toUpperCase()}`;
  const enhanced = ENHANCED_LEAD.exec(text);
  if (enhanced) {
    const token = out.token(logical, at, enhanced[1]);
    out.reply([token], label);
    if (!token) return;
    if (token.code[0] === '2') {
      out.problem(
        ConfigDiagnosticCode.SuccessInReject,
        Severity.warning,
        token,
        `${token.code} is a success status, but ${word.toUpperCase()} rejects. Postfix ${context.regexp ? 'needs 4.x.x or 5.x.x here and turns it into a temporary failure' : `forces the class to match ${action.parameter} (${action.defaultCode} by default)`}.`,
        [fixDigit(token, action.expect, `Change ${token.code} to ${action.expect}${token.code.slice(1)}`)],
      );
      return;
    }
    // header_checks/body_checks: REJECT 4.x.x defers, REJECT 5.x.x bounces; both are meant.
    if (context.regexp && action.expect === '5') return;
    if (token.code[0] !== action.expect) {
      out.problem(
        ConfigDiagnosticCode.ClassMismatch,
        Severity.warning,
        token,
        `${word.toUpperCase()} answers with ${action.parameter} (${action.defaultCode} by default), a ${classWord(action.expect)} code, but ${token.code} is a ${classWord(token.code)} status: ` +
          `Postfix changes it to ${action.expect}${token.code.slice(1)}. ` +
          (action.expect === '5'
            ? `To defer instead, write \`DEFER ${token.code} text\` or \`450 ${token.code} text\`.`
            : `To reject instead, write \`REJECT ${token.code} text\` or \`550 ${token.code} text\`.`),
        [fixDigit(token, action.expect, `Change ${token.code} to ${action.expect}${token.code.slice(1)} (${classWord(action.expect)}, like ${word.toUpperCase()})`)],
      );
    }
    return;
  }
  const basic = /^(\d{3})(?=\s|$)/.exec(text);
  if (basic) {
    const token = out.token(logical, at, basic[1]);
    out.reply([token], label);
    const span = token ?? out.span(logical, at, 3);
    if (basic[1][0] === '2' || basic[1][0] === '3') {
      out.problem(
        ConfigDiagnosticCode.SuccessInReject,
        Severity.warning,
        span,
        `${word.toUpperCase()} rejects; the ${basic[1]} after it is not a reply code but the start of the text: the client gets "${action.defaultCode} ... ${text}".`,
      );
    } else {
      out.problem(
        ConfigDiagnosticCode.CodeInText,
        Severity.information,
        span,
        `${word.toUpperCase()} takes text, not a reply code: the client gets "${action.defaultCode} ... ${text}". To choose the code, write the entry as \`${text}\`.`,
        [{ title: `Write \`${text}\``, edits: [{ ...out.span(logical, offset, value.length), newText: text }], preferred: true }],
      );
    }
  }
}

/** `550 text`, `450 4.7.1 text`, a bare `550`, `45 text`, `250 text`. */
function numericAction(out: ConfigCollector, logical: LogicalLine, offset: number, digits: string, value: string, context: ActionContext): void {
  const rest = value.slice(digits.length);
  const textOffset = digits.length + (/^\s*/.exec(rest)?.[0].length ?? 0);
  const text = value.slice(textOffset);
  const span = out.span(logical, offset, digits.length);
  const label = `${context.label}: ${digits} action`;
  if (digits.length !== 3) {
    if (context.accessLike && text.length > 0 && (digits.length === 2 || digits.length === 4) && /^[245]/.test(digits)) {
      out.problem(
        ConfigDiagnosticCode.MalformedAction,
        Severity.error,
        span,
        `"${digits}" is not a three-digit reply code. ` +
          (context.dialect === 'postfix'
            ? 'Postfix reads the entry as a restriction name it does not know and answers 451 4.3.5 Server configuration error.'
            : 'Sendmail expects ### (three digits) before the text.'),
      );
    }
    return;
  }
  if (text.length === 0) {
    if (!context.accessLike || !/^[45]/.test(digits)) return;
    if (context.dialect === 'sendmail') {
      out.reply([out.token(logical, offset, digits)], label);
      return;
    }
    // Postfix: an all-numerical result means OK (check_table_result, "alldig").
    out.reply([out.token(logical, offset, digits)], `${context.label}: all-numerical value (OK)`);
    out.problem(
      ConfigDiagnosticCode.MalformedAction,
      Severity.warning,
      span,
      `A bare ${digits} is an all-numerical result, which Postfix treats as OK: this entry accepts instead of rejecting. Add text after the code, e.g. "${digits} Access denied".`,
      [{ title: `Add text: "${digits} Access denied"`, edits: [{ ...span, start: span.end, newText: ' Access denied' }], preferred: true }],
    );
    return;
  }
  const enhanced = ENHANCED_LEAD.exec(text);
  const basicToken = out.token(logical, offset, digits);
  const enhancedToken = enhanced ? out.token(logical, offset + textOffset, enhanced[1]) : undefined;
  if (digits[0] === '2' || digits[0] === '3') {
    if (!context.accessLike) return;
    out.reply([basicToken, enhancedToken], label);
    out.problem(
      ConfigDiagnosticCode.SuccessInReject,
      context.dialect === 'postfix' ? Severity.error : Severity.warning,
      span,
      context.dialect === 'postfix'
        ? `Access tables take 4NN or 5NN codes. Postfix reads "${digits} ..." as a restriction name it does not know and answers 451 4.3.5 Server configuration error. To accept, write OK.`
        : `${digits} is a ${classWord(digits)} code where the access database rejects. To accept, write OK or RELAY.`,
    );
    return;
  }
  if (digits[0] !== '4' && digits[0] !== '5') return;
  out.reply([basicToken, enhancedToken], label);
  if (!BASIC_CODE.test(digits)) {
    out.problem(ConfigDiagnosticCode.MalformedAction, Severity.warning, span, `${digits} is not a valid SMTP reply code: the second digit is 0 to 5 (RFC 5321 §4.2.1).`);
    return;
  }
  if (basicToken && enhancedToken) {
    out.checkPair(basicToken, enhancedToken, context.dialect === 'postfix' ? `Postfix sends ${digits} ${digits[0]}${enhancedToken.code.slice(1)}: the reply code wins.` : '');
  }
}

/** Sendmail `ERROR:### text`, `ERROR:D.S.N:### text`, optionally quoted; Postfix transport `error:5.1.1 text`. */
function errorAction(out: ConfigCollector, logical: LogicalLine, offset: number, value: string, context: ActionContext): void {
  let at = 'ERROR:'.length;
  while (value[at] === ' ' || value[at] === '"') at++;
  const rest = value.slice(at);
  const sendmail = /^(?:(\d+(?:\.\d+)*):)?(\d+)(?=[\s"]|$)/.exec(rest);
  if (!sendmail) {
    // Postfix's error(8) transport: "error:5.1.1 text" (no reply code). Explained, not judged.
    const enhanced = ENHANCED_LEAD.exec(rest);
    if (enhanced) out.reply([out.token(logical, offset + at, enhanced[1])], `${context.label}: error transport`);
    else if (context.dialect === 'sendmail' && /^\d/.test(rest)) {
      out.problem(ConfigDiagnosticCode.MalformedAction, Severity.error, out.span(logical, offset, at + (/^\S*/.exec(rest)?.[0].length ?? 0)), 'Sendmail expects ERROR:### text or ERROR:D.S.N:### text (### is a three-digit reply code, D.S.N an enhanced status code).');
    }
    return;
  }
  const [whole, dsn, code] = sendmail;
  const dsnOffset = offset + at;
  const codeOffset = offset + at + whole.length - code.length;
  if ((dsn !== undefined && !/^[245]\.\d{1,3}\.\d{1,3}$/.test(dsn)) || code.length !== 3) {
    out.problem(
      ConfigDiagnosticCode.MalformedAction,
      Severity.error,
      out.span(logical, dsnOffset, whole.length),
      `"${whole}" is not ### or D.S.N:###: Sendmail expects a three-digit reply code, optionally after an enhanced status code (ERROR:5.7.1:550 text).`,
    );
    return;
  }
  const basicToken = out.token(logical, codeOffset, code);
  const enhancedToken = dsn ? out.token(logical, dsnOffset, dsn) : undefined;
  out.reply([basicToken, enhancedToken], `${context.label}: ERROR`);
  const codeSpan = basicToken ?? out.span(logical, codeOffset, 3);
  if (code[0] !== '4' && code[0] !== '5') {
    out.problem(
      ConfigDiagnosticCode.SuccessInReject,
      Severity.error,
      codeSpan,
      `ERROR: rejects, but ${code} is a ${classWord(code)} code. Use a 4xx (temporary) or 5xx (permanent) code; to accept, write OK or RELAY.`,
    );
    return;
  }
  if (enhancedToken && enhancedToken.code[0] === '2') {
    out.problem(
      ConfigDiagnosticCode.SuccessInReject,
      Severity.error,
      enhancedToken,
      `ERROR: rejects, but ${enhancedToken.code} is a success status.`,
      [fixDigit(enhancedToken, code[0], `Change ${enhancedToken.code} to ${code[0]}${enhancedToken.code.slice(1)} (${classWord(code)}, like ${code})`)],
    );
    return;
  }
  if (basicToken && enhancedToken) out.checkPair(basicToken, enhancedToken);
}

/** A fix that replaces a code's class digit. */
function fixDigit(token: CodeToken, digit: string, title: string) {
  return { title, edits: [{ line: token.line, start: token.start, end: token.start + 1, newText: digit }], preferred: true };
}
