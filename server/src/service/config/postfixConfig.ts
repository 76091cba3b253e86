/**
 * Postfix main.cf and master.cf: reply codes in `*_reject_code` / `*_defer_code` parameters, in
 * action-valued parameters (`smtpd_policy_service_default_action = 451 4.3.5 ...`), in
 * `inline:{...}` access maps of restriction lists, and the same in master.cf `-o name=value`
 * overrides. Numbers anywhere else (limits, sizes, times, ports) are never codes.
 */
import type { LineSource } from '../documentScanner';
import { analyzeAction, type ActionContext } from './accessActions';
import { classWord, type ConfigCollector } from './collector';
import { ConfigDiagnosticCode, Severity, type ConfigFix, type LogicalLine } from './configTypes';
import { postfixLogicalLines } from './logicalLines';
import { ACTION_PARAMETERS, codeParameter, type CodeParameter } from './postfixParameters';

const PARAMETER = /^([A-Za-z0-9_][\w.-]*)[ \t]*=[ \t]*/;
/** master.cf overrides: `-o name=value` and (Postfix 3.0+) `-o { name = value with spaces }`. */
const OVERRIDE = /(?<=^|\s)-o\s+(?:\{\s*([A-Za-z0-9_]+)\s*=\s*([^}]*?)\s*\}|([A-Za-z0-9_]+)=(\S*))/dg;

/** Reads a main.cf or master.cf document. */
export function analyzePostfixConfig(lines: LineSource, out: ConfigCollector): void {
  for (const logical of postfixLogicalLines(lines)) {
    const parameter = PARAMETER.exec(logical.text);
    if (parameter) {
      parameterValue(out, logical, parameter[1], parameter[0].length, logical.text.length);
      continue;
    }
    if (!logical.text.includes('-o')) continue;
    OVERRIDE.lastIndex = 0;
    for (let m = OVERRIDE.exec(logical.text); m; m = OVERRIDE.exec(logical.text)) {
      const braced = m[1] !== undefined;
      const [start, end] = m.indices![braced ? 2 : 4]!;
      parameterValue(out, logical, braced ? m[1] : m[3], start, end);
    }
  }
}

/** The value of parameter `name`, which stands at [start, end) of the logical line. */
function parameterValue(out: ConfigCollector, logical: LogicalLine, name: string, start: number, end: number): void {
  const value = logical.text.slice(start, end).trimEnd();
  if (value.length === 0) return;
  const code = codeParameter(name);
  if (code) return codeValue(out, logical, name, code, start, value);
  if (ACTION_PARAMETERS.has(name)) {
    return analyzeAction(out, logical, start, { dialect: 'postfix', regexp: false, accessLike: true, label: `configured in ${name}` }, end);
  }
  if (/_reject_reason$/.test(name)) return reasonValue(out, logical, name, start, value);
  if (value.includes('inline:{')) inlineMaps(out, logical, start, end);
}

/** `unknown_local_recipient_reject_code = 450`. */
function codeValue(out: ConfigCollector, logical: LogicalLine, name: string, parameter: CodeParameter, start: number, value: string): void {
  if (value.startsWith('$')) return; // a reference to another parameter
  const span = out.span(logical, start, value.length);
  const toDefault = (title: string): ConfigFix[] =>
    parameter.defaultCode ? [{ title: `${title} ${parameter.defaultCode} (the Postfix default)`, edits: [{ ...span, newText: parameter.defaultCode }], preferred: true }] : [];
  if (!/^\d+$/.test(value)) {
    out.problem(
      ConfigDiagnosticCode.RejectCodeRange,
      Severity.error,
      span,
      `${name} takes a number, a three-digit reply code; Postfix stops with "bad numerical configuration" on "${value}".` +
        (/^\d{3}\s/.test(value) ? ' The text of the reply is not configurable here.' : ''),
      toDefault('Change to'),
    );
    return;
  }
  const token = out.token(logical, start, value);
  out.reply([token], `configured in ${name}`);
  const digit = value[0];
  const accepts = parameter.expect === 'temporary-or-accept' ? ['2', '4'] : parameter.expect === 'temporary' ? ['4'] : ['4', '5'];
  if (value.length === 3 && accepts.includes(digit)) {
    if (parameter.expect === 'permanent' && digit === '4') {
      out.problem(
        ConfigDiagnosticCode.RejectCodeTemporary,
        Severity.hint,
        span,
        `${name} = ${value} is a temporary code: ${parameter.whyPermanent} Postfix's default is ${parameter.defaultCode}.`,
        toDefault('Change to'),
      );
    }
    return;
  }
  if (value.length === 3 && digit === '5' && (parameter.expect === 'temporary' || parameter.expect === 'temporary-or-accept')) {
    out.problem(
      ConfigDiagnosticCode.DeferCodePermanent,
      Severity.warning,
      span,
      `${name} is the "try again later" answer, but ${value} is a permanent code: clients give up and bounce what they would have retried. Use a 4xx code` +
        (parameter.expect === 'temporary-or-accept' ? ' (or 250 to accept the address anyway).' : '.'),
      toDefault('Change to'),
    );
    return;
  }
  const wanted = parameter.expect === 'temporary-or-accept' ? '4xx or 2xx' : parameter.expect === 'temporary' ? '4xx' : '4xx or 5xx';
  out.problem(
    ConfigDiagnosticCode.RejectCodeRange,
    Severity.error,
    span,
    `${name} must be a ${wanted} reply code; ${value} is ${value.length === 3 ? `a ${classWord(value)} code` : 'not a three-digit code'}. ` +
      'Postfix logs "SMTP reply code configuration error" and answers 450 4.7.1 Service unavailable instead.',
    toDefault('Change to'),
  );
}

/** `unverified_recipient_reject_reason = 550 5.1.1 ...`: Postfix adds the codes itself (postconf(5)). */
function reasonValue(out: ConfigCollector, logical: LogicalLine, name: string, start: number, value: string): void {
  const lead = /^(\d{3})(?:\s+([245]\.\d{1,3}\.\d{1,3}))?(?=\s|$)/.exec(value);
  if (!lead) return;
  const basic = out.token(logical, start, lead[1]);
  const enhanced = lead[2] ? out.token(logical, start + lead[0].length - lead[2].length, lead[2]) : undefined;
  out.reply([basic, enhanced], `configured in ${name}`);
  const text = value.slice(lead[0].length).trimStart();
  out.problem(
    ConfigDiagnosticCode.CodeInText,
    Severity.information,
    out.span(logical, start, lead[0].length),
    `${name} is text only: Postfix adds the reply and status codes itself, so "${lead[0]}" is sent as part of the text. Remove the codes.`,
    text ? [{ title: 'Remove the codes', edits: [{ ...out.span(logical, start, value.length), newText: text }], preferred: true }] : undefined,
  );
}

/**
 * `check_client_access inline:{ 192.0.2.1=REJECT, { 192.0.2.2 = 550 5.7.1 Go away } }`: each
 * entry's value is read as an access action when the map follows a `check_*_access` restriction.
 */
function inlineMaps(out: ConfigCollector, logical: LogicalLine, start: number, end: number): void {
  const text = logical.text;
  for (let at = text.indexOf('inline:{', start); at !== -1 && at < end; at = text.indexOf('inline:{', at + 1)) {
    const before = text.slice(start, at).trimEnd();
    const accessLike = /(?:^|[\s,])check_\w+_access$/.test(before);
    const context: ActionContext = { dialect: 'postfix', regexp: false, accessLike, label: accessLike ? 'configured in an inline access map' : 'configured in an inline map' };
    let i = at + 'inline:{'.length;
    while (i < end) {
      while (i < end && /[\s,]/.test(text[i])) i++;
      if (i >= end || text[i] === '}') break;
      if (text[i] === '{') {
        const close = text.indexOf('}', i + 1);
        const stop = close === -1 || close > end ? end : close;
        entry(out, logical, i + 1, stop, context);
        i = stop + 1;
      } else {
        let stop = i;
        while (stop < end && !/[\s,}]/.test(text[stop])) stop++;
        entry(out, logical, i, stop, context);
        i = stop;
      }
    }
  }
}

/** One `key = value` of an inline map, at [start, end). */
function entry(out: ConfigCollector, logical: LogicalLine, start: number, end: number, context: ActionContext): void {
  const equals = logical.text.indexOf('=', start);
  if (equals === -1 || equals >= end) return;
  let value = equals + 1;
  while (value < end && /\s/.test(logical.text[value])) value++;
  analyzeAction(out, logical, value, context, end);
}
