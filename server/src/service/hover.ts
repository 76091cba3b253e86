import type { Hover } from 'vscode-languageserver-types';
import type { Catalog } from './catalog';
import type { DocumentIndex } from './documentIndex';
import { describeReply, explainCode } from './explain';

/** The hover for the code under the cursor: the code explained, with what the line says happened. */
export function doHover(catalog: Catalog, index: DocumentIndex, line: number, character: number): Hover | null {
  const hit = index.at(line, character);
  if (!hit) return null;
  const { token, reply } = hit;
  const info = catalog.lookup(token.code);
  if (!info) return null;
  const partnerCode = token.kind === 'basic' ? reply.enhanced : reply.basic;
  const partner = partnerCode && partnerCode !== token.code ? catalog.lookup(partnerCode) : undefined;
  return {
    contents: { kind: 'markdown', value: explainCode(info, { partner, context: describeReply(reply) }) },
    range: { start: { line, character: token.start }, end: { line, character: token.end } },
  };
}
