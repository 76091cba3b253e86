/**
 * Collects what the config recognizers find: configured replies (as the `Reply` objects hover and
 * semantic tokens already understand) and problems, with the checks every format shares.
 */
import { classOf, codeKind } from '../codeSyntax';
import type { CodeToken, Reply } from '../replyTypes';
import { ConfigDiagnosticCode, Severity, type ConfigAnalysis, type ConfigFix, type ConfigProblem, type LogicalLine } from './configTypes';

/** Where a problem goes: a token or any span on one line. */
export interface Span {
  line: number;
  start: number;
  end: number;
}

const CLASS_WORD: Record<string, string> = { '2': 'success', '3': 'intermediate', '4': 'temporary', '5': 'permanent' };

/** "temporary" for "450" or "4.7.1". */
export function classWord(code: string): string {
  return CLASS_WORD[code[0]] ?? 'unknown';
}

export class ConfigCollector implements ConfigAnalysis {
  readonly replies: Reply[] = [];
  readonly problems: ConfigProblem[] = [];

  /** The span of `length` characters at `offset` of a logical line. */
  span(logical: LogicalLine, offset: number, length: number): Span {
    const place = logical.at(offset);
    return { line: place.line, start: place.character, end: place.character + length };
  }

  /** A code token at `offset` of a logical line, or undefined when `code` is not a well-formed code. */
  token(logical: LogicalLine, offset: number, code: string): CodeToken | undefined {
    const kind = codeKind(code);
    if (!kind) return undefined;
    return { kind, ...this.span(logical, offset, code.length), code };
  }

  /**
   * Records a configured reply. It never counts as a failure (`diagnose: false`): a 550 in a
   * configuration is a rejection the admin set up, not a delivery that failed.
   */
  reply(tokens: Array<CodeToken | undefined>, status: string): Reply | undefined {
    const present = tokens.filter((t): t is CodeToken => t !== undefined);
    if (present.length === 0) return undefined;
    const basic = present.find((t) => t.kind === 'basic')?.code;
    const enhanced = present.find((t) => t.kind === 'enhanced')?.code;
    const reply: Reply = {
      tokens: present,
      basic,
      enhanced,
      class: classOf(basic ?? enhanced ?? '5'),
      source: 'config',
      direction: 'unknown',
      status,
      diagnose: false,
    };
    this.replies.push(reply);
    return reply;
  }

  problem(code: ConfigDiagnosticCode, severity: ConfigProblem['severity'], at: Span, message: string, fixes?: ConfigFix[]): void {
    this.problems.push({ code, severity, line: at.line, start: at.start, end: at.end, message, fixes: fixes && fixes.length > 0 ? fixes : undefined });
  }

  /**
   * `450 5.7.1`: the reply code and the status code must agree on the class (RFC 2034 §4).
   * Offers to align the status with the reply code (preferred) or the reply code with the status.
   * `what` says what the server does about it, when known.
   */
  checkPair(basic: Span & { code: string }, enhanced: Span & { code: string }, what = ''): boolean {
    if (basic.code[0] === enhanced.code[0]) return true;
    const fixes: ConfigFix[] = [];
    if (basic.code[0] === '4' || basic.code[0] === '5') {
      const aligned = basic.code[0] + enhanced.code.slice(1);
      fixes.push({
        title: `Change ${enhanced.code} to ${aligned} (${classWord(basic.code)}, like ${basic.code})`,
        edits: [{ line: enhanced.line, start: enhanced.start, end: enhanced.end, newText: aligned }],
      });
    }
    if (enhanced.code[0] === '4' || enhanced.code[0] === '5') {
      const aligned = enhanced.code[0] + basic.code.slice(1);
      fixes.push({
        title: `Change ${basic.code} to ${aligned} (${classWord(enhanced.code)}, like ${enhanced.code})`,
        edits: [{ line: basic.line, start: basic.start, end: basic.end, newText: aligned }],
      });
    }
    if (fixes.length > 0) fixes[0].preferred = true;
    this.problem(
      ConfigDiagnosticCode.ClassMismatch,
      Severity.warning,
      { line: enhanced.line, start: enhanced.start, end: enhanced.end },
      `${basic.code} is a ${classWord(basic.code)} reply code but ${enhanced.code} is a ${classWord(enhanced.code)} status code: ` +
        `the status code must agree with the reply code's first digit (RFC 2034 §4).${what ? ' ' + what : ''}`,
      fixes,
    );
    return false;
  }
}
