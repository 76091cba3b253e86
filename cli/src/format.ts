/** How the CLI prints codes: JSON with stable field names, or wrapped text for a terminal. */
import type { CodeInfo } from '../../server/src/service/catalog';
import { classLine } from '../../server/src/service/explain';

/** What --json prints for one code: stable field names other tools rely on. */
export function codeJson(info: CodeInfo) {
  return {
    code: info.code,
    kind: info.kind,
    class: info.class,
    title: info.title,
    standard: info.standard,
    registered: info.registered,
    references: info.references,
    explanation: info.explanation,
    causes: info.causes,
    advice: info.advice,
    associated: info.associated,
    ...(info.deprecated ? { deprecated: info.deprecated } : {}),
    ...(info.nonStandardNote ? { nonStandardNote: info.nonStandardNote } : {}),
    ...(info.subject ? { subject: info.subject } : {}),
    ...(info.provider ? { provider: info.provider } : {}),
    ...(info.providerUse ? { providerUse: info.providerUse } : {}),
  };
}

/** Plain-text explanation for a terminal. */
export function codeText(info: CodeInfo): string {
  const lines = [`${info.code}  ${info.title}`, `  ${classLine(info)}`];
  if (!info.standard) lines.push(`  Not a standard code. ${info.nonStandardNote ?? ''}`.trimEnd());
  if (info.deprecated) lines.push(`  Deprecated: ${info.deprecated}`);
  lines.push('', wrap(info.explanation, '  '));
  if (info.providerUse) lines.push('', wrap(`${info.providerUse.provider} uses ${info.code} for something else: ${info.providerUse.title.replace(/ \([^)]*\)$/, '')}. ${info.providerUse.explanation}`, '  '));
  if (info.causes.length) lines.push('', '  Typical causes:', ...info.causes.map((c) => wrap(c, '    - ', '      ')));
  lines.push('', '  What to do:', wrap(`Sender: ${info.advice.sender}`, '    '), wrap(`Mail admin: ${info.advice.admin}`, '    '));
  if (info.providerUse) {
    const { provider, advice } = info.providerUse;
    lines.push('', `  What to do if ${provider} sent it:`, wrap(`Sender: ${advice.sender}`, '    '), wrap(`Mail admin: ${advice.admin}`, '    '));
  }
  if (info.associated.length) lines.push('', `  Usually sent with: ${info.associated.join(', ')}`);
  if (info.references.length) lines.push('', '  References:', ...info.references.map((r) => `    ${r.label}${r.url ? `  ${r.url}` : ''}`));
  return lines.join('\n');
}

export function wrap(text: string, first: string, rest = first, width = 96): string {
  const out: string[] = [];
  let line = first;
  for (const word of text.split(/\s+/)) {
    if (line.length + word.length > width && line.trim().length > 0) {
      out.push(line.trimEnd());
      line = rest;
    }
    line += word + ' ';
  }
  out.push(line.trimEnd());
  return out.join('\n');
}

