import type { Catalog } from './catalog';
import { isFailure } from './codeSyntax';
import { diagnosticCodeOf } from './diagnostics';
import type { Reply } from './replyTypes';

/** One code's failures in a document. */
export interface FailureGroup {
  /** "550 5.1.1", or one code when the reply had only one. */
  codes: string;
  /** The code used for the title and for grouping (enhanced when present). */
  code: string;
  class: 'transient' | 'permanent';
  title: string;
  count: number;
  /** Where each failure is: line and columns of its first code. */
  locations: Array<{ line: number; start: number; end: number }>;
}

export interface FailureSummary {
  permanent: number;
  temporary: number;
  /** Most frequent first. */
  groups: FailureGroup[];
}

/** Every temporary and permanent failure (one per reply, uncapped), grouped by its codes. */
export function summarizeFailures(catalog: Catalog, replies: readonly Reply[], textOf: (reply: Reply) => string = () => ''): FailureSummary {
  const groups = new Map<string, FailureGroup>();
  let permanent = 0;
  let temporary = 0;
  for (const reply of replies) {
    if (!reply.diagnose || !isFailure(reply.class)) continue;
    if (reply.class === 'permanent') permanent++;
    else temporary++;
    const codes = [reply.basic, reply.enhanced].filter(Boolean).join(' ');
    const code = diagnosticCodeOf(reply);
    // A code a provider uses its own way is grouped by the meaning that applies, as its diagnostic says.
    const info = catalog.lookupIn(code, () => textOf(reply));
    const key = info?.provider ? `${codes} ${info.provider}` : codes;
    let group = groups.get(key);
    if (!group) {
      group = { codes, code, class: reply.class, title: info?.title ?? '', count: 0, locations: [] };
      groups.set(key, group);
    }
    group.count++;
    const token = reply.tokens[0];
    group.locations.push({ line: token.line, start: token.start, end: token.end });
  }
  const sorted = [...groups.values()].sort((a, b) => b.count - a.count || (a.class === b.class ? a.codes.localeCompare(b.codes) : a.class === 'permanent' ? -1 : 1));
  return { permanent, temporary, groups: sorted };
}
