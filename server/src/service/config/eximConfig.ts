/**
 * Exim's configure file: in the `begin acl` section, the code that leads an ACL statement's
 * `message =` (and `log_message =`) text.
 *
 * Exim (smtp_in.c, smtp_message_code) uses a leading `NNN ` (optionally `NNN D.S.N `) of the
 * message as the reply only when its first digit is the one the verb sends by default: 5 for
 * deny, drop and require, 4 for defer. Otherwise it keeps its default code and writes
 * "configured error code starts with incorrect digit" to the panic log.
 */
import type { LineSource } from '../documentScanner';
import { classWord, type ConfigCollector, type Span } from './collector';
import { ConfigDiagnosticCode, Severity, type ConfigFix, type LineEdit, type LogicalLine } from './configTypes';
import { eximLogicalLines } from './logicalLines';

const VERB = /^(accept|defer|deny|discard|drop|require|warn)(?=\s|$)/;
/** The first digit each verb's failure reply starts with. */
const VERB_DIGIT: Record<string, '4' | '5'> = { deny: '5', drop: '5', require: '5', defer: '4' };
/** The verb to switch to when the code is right and the verb is not. */
const VERB_FOR_DIGIT: Record<'4' | '5', string> = { '4': 'defer', '5': 'deny' };
const MODIFIER = /^(!?)(message|log_message)[ \t]*=[ \t]*/;
const LEADING_CODE = /^(\d{3})[ \t]+(?:([245]\.\d{1,3}\.\d{1,3})(?=[ \t"]|$))?/;

/** Reads an Exim configuration. */
export function analyzeEximConfig(lines: LineSource, out: ConfigCollector): void {
  const logicals = [...eximLogicalLines(lines)];
  // A file without any `begin` is a fragment (Debian's conf.d/acl/*): ACL statements count there.
  let inAcl = !logicals.some((l) => /^begin\s/.test(l.text));
  let verb: (Span & { word: string }) | undefined;
  for (const logical of logicals) {
    const text = logical.text;
    const section = /^begin\s+(\w+)/.exec(text);
    if (section) {
      inAcl = section[1] === 'acl';
      verb = undefined;
      continue;
    }
    if (!inAcl || text.startsWith('.')) continue; // .ifdef, .include ...
    if (/^[\w-]+:\s*$/.test(text)) {
      verb = undefined; // a new ACL
      continue;
    }
    let offset = 0;
    const verbMatch = VERB.exec(text);
    if (verbMatch) {
      verb = { word: verbMatch[1], ...out.span(logical, 0, verbMatch[1].length) };
      offset = verbMatch[0].length;
      while (offset < text.length && /\s/.test(text[offset])) offset++;
    }
    if (!verb) continue; // a modifier belongs to a statement
    const modifier = MODIFIER.exec(text.slice(offset));
    if (modifier) messageValue(out, logical, offset + modifier[0].length, modifier[2], verb);
  }
}

/** The text of `message =` or `log_message =`, starting at `start`. */
function messageValue(out: ConfigCollector, logical: LogicalLine, start: number, modifier: string, verb: Span & { word: string }): void {
  let at = start;
  if (logical.text[at] === '"') at++;
  const lead = LEADING_CODE.exec(logical.text.slice(at));
  if (!lead) return;
  const basic = out.token(logical, at, lead[1]);
  const enhanced = lead[2] ? out.token(logical, at + lead[0].trimEnd().length - lead[2].length, lead[2]) : undefined;
  out.reply([basic, enhanced], `configured in a ${verb.word} ACL statement's ${modifier}`);
  if (modifier !== 'message' || !basic) return;
  const expected = VERB_DIGIT[verb.word];
  if (expected && basic.code[0] !== expected) {
    const edits: LineEdit[] = [{ line: basic.line, start: basic.start, end: basic.start + 1, newText: expected }];
    if (enhanced && enhanced.code[0] !== expected) edits.push({ line: enhanced.line, start: enhanced.start, end: enhanced.start + 1, newText: expected });
    const fixes: ConfigFix[] = [
      {
        title: `Change ${[basic.code, enhanced?.code].filter(Boolean).join(' ')} to ${[expected + basic.code.slice(1), enhanced ? expected + enhanced.code.slice(1) : undefined].filter(Boolean).join(' ')} (${classWord(expected)}, like ${verb.word})`,
        edits,
        preferred: true,
      },
    ];
    const digit = basic.code[0];
    if ((digit === '4' || digit === '5') && (!enhanced || enhanced.code[0] === digit)) {
      const other = VERB_FOR_DIGIT[digit];
      fixes.push({ title: `Change ${verb.word} to ${other}`, edits: [{ line: verb.line, start: verb.start, end: verb.end, newText: other }] });
    }
    out.problem(
      ConfigDiagnosticCode.AclCodeMismatch,
      Severity.error,
      basic,
      `${verb.word} answers with a ${expected}xx code, but this message starts with ${basic.code} (${classWord(basic.code)}). ` +
        `Exim ignores a code whose first digit differs, sends its default ${expected}xx code and logs "configured error code starts with incorrect digit (expected ${expected})" to the panic log.`,
      fixes,
    );
    return;
  }
  if (enhanced) out.checkPair(basic, enhanced, 'Exim sends both as written.');
}
