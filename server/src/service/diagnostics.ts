import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { Catalog } from './catalog';
import type { Reply } from './replyTypes';
import { describeReply } from './explain';

/** Severity per failure class; `off` drops them. */
export type SeveritySetting = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface DiagnosticSettings {
  temporary: SeveritySetting;
  permanent: SeveritySetting;
  /** At most this many diagnostics; permanent failures are kept first. */
  maxProblems: number;
}

export const DEFAULT_DIAGNOSTIC_SETTINGS: DiagnosticSettings = { temporary: 'warning', permanent: 'error', maxProblems: 1000 };

/** Codes of diagnostics that are not about one reply. */
export enum DiagnosticCode {
  /** More failures than `smtpCodes.diagnostics.maxProblems`: says how many were left out. */
  Truncated = 'smtp.truncated',
}

const SEVERITY: Record<Exclude<SeveritySetting, 'off'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The code a diagnostic is about: the enhanced code when the reply has one (it says more), else the reply code. */
export function diagnosticCodeOf(reply: Reply): string {
  return reply.enhanced ?? reply.basic ?? '';
}

/** One diagnostic per temporary or permanent failure, capped, errors first, with a note of what was left out. */
export function doValidation(catalog: Catalog, replies: readonly Reply[], settings: DiagnosticSettings): Diagnostic[] {
  const permanent: Reply[] = [];
  const temporary: Reply[] = [];
  for (const reply of replies) {
    if (!reply.diagnose) continue;
    if (reply.class === 'permanent' && settings.permanent !== 'off') permanent.push(reply);
    else if (reply.class === 'transient' && settings.temporary !== 'off') temporary.push(reply);
  }
  const cap = Math.max(0, Math.floor(settings.maxProblems));
  const chosen = [...permanent.slice(0, cap), ...temporary.slice(0, Math.max(0, cap - permanent.length))];
  const diagnostics = chosen.map((reply) => toDiagnostic(catalog, reply, settings));
  const left = permanent.length + temporary.length - chosen.length;
  if (left > 0) {
    diagnostics.push({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: DiagnosticSeverity.Information,
      source: 'smtp',
      code: DiagnosticCode.Truncated,
      message: `${left} more failure${left === 1 ? '' : 's'} not shown (${permanent.length} permanent, ${temporary.length} temporary in all; limit smtpCodes.diagnostics.maxProblems = ${cap}). "SMTP: Show Failures in This File" lists them all.`,
    });
  }
  return diagnostics;
}

function toDiagnostic(catalog: Catalog, reply: Reply, settings: DiagnosticSettings): Diagnostic {
  const token = reply.tokens[0];
  const code = diagnosticCodeOf(reply);
  const info = catalog.lookup(code);
  const setting = reply.class === 'permanent' ? settings.permanent : settings.temporary;
  const codes = [reply.basic, reply.enhanced].filter(Boolean).join(' ');
  const kind = reply.class === 'permanent' ? 'Permanent failure' : 'Temporary failure';
  const context = describeReply(reply);
  const reference = info?.references.find((r) => r.url);
  return {
    range: { start: { line: token.line, character: token.start }, end: { line: token.line, character: token.end } },
    severity: SEVERITY[setting as Exclude<SeveritySetting, 'off'>],
    source: 'smtp',
    code,
    codeDescription: reference?.url ? { href: reference.url } : undefined,
    message: `${kind} ${codes}: ${info?.title ?? 'unknown code'}${context ? `. ${context}` : ''}`,
    data: { basic: reply.basic, enhanced: reply.enhanced },
  };
}
