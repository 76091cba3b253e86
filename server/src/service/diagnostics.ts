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

/** A run of replies (one chunk's) with its failure counts, so that totals need no walk over replies. */
export interface FailureRun {
  list: readonly Reply[];
  permanent: number;
  temporary: number;
}

/** Counts the failures that get diagnostics in a list of replies. */
export function failureRun(list: readonly Reply[]): FailureRun {
  let permanent = 0;
  let temporary = 0;
  for (const reply of list) {
    if (!reply.diagnose) continue;
    if (reply.class === 'permanent') permanent++;
    else if (reply.class === 'transient') temporary++;
  }
  return { list, permanent, temporary };
}

/**
 * One diagnostic per temporary or permanent failure, capped, errors first, with a note of what was
 * left out. Walks the runs only until the cap is filled: the totals come from the runs' counts.
 */
export function doValidation(
  catalog: Catalog,
  replies: readonly Reply[] | readonly FailureRun[],
  settings: DiagnosticSettings,
  /** The text that tells whose server wrote a reply. */
  textOf: (reply: Reply) => string = () => '',
): Diagnostic[] {
  const runs: readonly FailureRun[] = replies.length > 0 && 'list' in replies[0] ? (replies as readonly FailureRun[]) : [failureRun(replies as readonly Reply[])];
  const cap = Math.max(0, Math.floor(settings.maxProblems));
  const permanentTotal = settings.permanent === 'off' ? 0 : runs.reduce((n, r) => n + r.permanent, 0);
  const temporaryTotal = settings.temporary === 'off' ? 0 : runs.reduce((n, r) => n + r.temporary, 0);
  const pick = (cls: Reply['class'], room: number): Reply[] => {
    const picked: Reply[] = [];
    for (const run of runs) {
      if (picked.length >= room) break;
      if ((cls === 'permanent' ? run.permanent : run.temporary) === 0) continue;
      for (const reply of run.list) {
        if (reply.diagnose && reply.class === cls && picked.length < room) picked.push(reply);
      }
    }
    return picked;
  };
  const permanent = permanentTotal > 0 ? pick('permanent', cap) : [];
  const temporary = temporaryTotal > 0 ? pick('transient', cap - permanent.length) : [];
  const diagnostics = [...permanent, ...temporary].map((reply) => toDiagnostic(catalog, reply, settings, textOf));
  const left = permanentTotal + temporaryTotal - diagnostics.length;
  if (left > 0) {
    diagnostics.push(truncationNote(`${left} more failure${left === 1 ? '' : 's'} not shown (${permanentTotal} permanent, ${temporaryTotal} temporary in all; limit smtpCodes.diagnostics.maxProblems = ${cap}). "SMTP: Show Failures in This File" lists them all.`));
  }
  return diagnostics;
}

/** The note at the top of a file whose diagnostics were capped, saying what was left out. */
export function truncationNote(message: string): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: 'smtp',
    code: DiagnosticCode.Truncated,
    message,
  };
}

/**
 * Diagnostics already made, per reply object and severity settings. Replies of unchanged chunks are
 * the same objects from one version to the next, so after an edit only new replies cost anything.
 */
const made = new WeakMap<Reply, { key: string; diagnostic: Diagnostic }>();

function toDiagnostic(catalog: Catalog, reply: Reply, settings: DiagnosticSettings, textOf: (reply: Reply) => string): Diagnostic {
  const key = `${settings.permanent}/${settings.temporary}`;
  const known = made.get(reply);
  if (known && known.key === key) return known.diagnostic;
  let readText = false;
  const diagnostic = makeDiagnostic(catalog, reply, settings, () => {
    readText = true;
    return textOf(reply);
  });
  // A code read by the words around it (bounce fields reach into neighbouring lines) is not kept.
  if (!readText) made.set(reply, { key, diagnostic });
  return diagnostic;
}

function makeDiagnostic(catalog: Catalog, reply: Reply, settings: DiagnosticSettings, text: () => string): Diagnostic {
  const token = reply.tokens[0];
  const code = diagnosticCodeOf(reply);
  const info = catalog.lookupIn(code, text);
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
