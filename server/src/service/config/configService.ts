/**
 * Mail configurations (Postfix main.cf/master.cf and lookup tables, Sendmail access, Exim):
 * the codes they configure, as replies, and what is wrong with them, as diagnostics.
 */
import type { CodeAction, Diagnostic, Range } from 'vscode-languageserver-types';
import type { Catalog } from '../catalog';
import type { LineSource } from '../documentScanner';
import type { Reply } from '../replyTypes';
import { ConfigCollector } from './collector';
import { ConfigDiagnosticCode, Severity, type ConfigAnalysis, type ConfigFix, type ConfigProblem } from './configTypes';
import { analyzeEximConfig } from './eximConfig';
import { analyzePostfixConfig } from './postfixConfig';
import { analyzePostfixTable } from './postfixTable';

export { CONFIG_LANGUAGES, ConfigDiagnosticCode, isConfigLanguage } from './configTypes';

/** Reads a configuration document of one of the config language ids; other ids give nothing. */
export function analyzeConfig(lines: LineSource, languageId: string): ConfigCollector {
  const out = new ConfigCollector();
  switch (languageId) {
    case 'postfix-config':
      analyzePostfixConfig(lines, out);
      break;
    case 'postfix-table':
      analyzePostfixTable(lines, out);
      break;
    case 'exim-config':
      analyzeEximConfig(lines, out);
      break;
  }
  return out;
}

/** The codes a configuration sets up, as replies (for hover and semantic tokens), in document order. */
export function scanConfig(lines: LineSource, languageId: string): Reply[] {
  return [...analyzeConfig(lines, languageId).replies].sort((a, b) => a.tokens[0].line - b.tokens[0].line || a.tokens[0].start - b.tokens[0].start);
}

/** The data a config diagnostic carries: its quick fixes. */
export interface ConfigDiagnosticData {
  fixes: ConfigFix[];
}

/** What is wrong with a configuration's codes, as LSP diagnostics (`source: 'smtp'`, `code` a ConfigDiagnosticCode). */
export function configDiagnostics(catalog: Catalog, lines: LineSource, languageId: string): Diagnostic[] {
  return problemsOf(catalog, analyzeConfig(lines, languageId)).map((problem) => toDiagnostic(problem));
}

/** An analysis's problems, with the unregistered codes among its replies, in document order. */
export function problemsOf(catalog: Catalog, analysis: ConfigAnalysis): ConfigProblem[] {
  const problems = [...analysis.problems, ...unregistered(catalog, analysis.replies)];
  problems.sort((a, b) => a.line - b.line || a.start - b.start);
  return problems;
}

/** Enhanced codes the catalogue does not know (`5.1.11`, `5.9.1`): usually typos in a configuration. */
function unregistered(catalog: Catalog, replies: readonly Reply[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const reply of replies) {
    for (const token of reply.tokens) {
      if (token.kind !== 'enhanced') continue;
      const info = catalog.lookup(token.code);
      if (!info || info.registered !== false) continue;
      const subject = token.code.split('.')[1];
      const known = catalog.subjectMeaning(String(Number(subject)));
      problems.push({
        code: ConfigDiagnosticCode.UnregisteredEnhanced,
        severity: known ? Severity.information : Severity.warning,
        line: token.line,
        start: token.start,
        end: token.end,
        message: known
          ? `${token.code} is not in the IANA registry of enhanced status codes: clients understand only its class and subject (${known.name.toLowerCase()}). Check for a typo, or use a registered code such as ${token.code[0]}.${subject}.0.`
          : `${token.code} has subject ${subject}, which RFC 3463 does not define: clients understand only its class. Check for a typo.`,
      });
    }
  }
  return problems;
}

/** A problem as an LSP diagnostic, its lines (and its fixes' lines) moved down by `lineOffset` (a part read on its own). */
export function toDiagnostic(problem: ConfigProblem, lineOffset = 0): Diagnostic {
  const line = problem.line + lineOffset;
  const diagnostic: Diagnostic = {
    range: { start: { line, character: problem.start }, end: { line, character: problem.end } },
    severity: problem.severity,
    source: 'smtp',
    code: problem.code,
    message: problem.message,
  };
  if (problem.fixes) {
    const fixes = lineOffset === 0 ? problem.fixes : problem.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => ({ ...edit, line: edit.line + lineOffset })) }));
    diagnostic.data = { fixes } satisfies ConfigDiagnosticData;
  }
  return diagnostic;
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/**
 * Quick fixes for the config diagnostics in `range`. The fixes are recomputed from the current
 * text (`current`, from configDiagnostics) rather than trusted from the client's copy; when the
 * client names diagnostics (`context`), only those are fixed.
 */
export function configCodeActions(uri: string, current: readonly Diagnostic[], range: Range, context: readonly Diagnostic[]): CodeAction[] {
  const wanted = context.filter((d) => d.source === 'smtp' && typeof d.code === 'string' && d.code.startsWith('config.'));
  const actions: CodeAction[] = [];
  for (const diagnostic of current) {
    const fixes = (diagnostic.data as ConfigDiagnosticData | undefined)?.fixes;
    if (!fixes || !overlaps(diagnostic.range, range)) continue;
    if (context.length > 0 && !wanted.some((w) => w.code === diagnostic.code && sameRange(w.range, diagnostic.range))) continue;
    for (const fix of fixes) {
      actions.push({
        title: fix.title,
        kind: 'quickfix',
        diagnostics: [diagnostic],
        isPreferred: fix.preferred === true ? true : undefined,
        edit: {
          changes: {
            [uri]: fix.edits.map((e) => ({ range: { start: { line: e.line, character: e.start }, end: { line: e.line, character: e.end } }, newText: e.newText })),
          },
        },
      });
    }
  }
  return actions;
}
