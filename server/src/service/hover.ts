import type { Hover } from 'vscode-languageserver-types';
import type { Catalog } from './catalog';
import type { DocumentIndex } from './documentIndex';
import { describeReply, explainCode } from './explain';
import type { Reply } from './replyTypes';

/**
 * The hover for the code under the cursor: the code explained, with what the line says happened.
 * `textOf` gives the text that tells whose server wrote a reply.
 */
export function doHover(catalog: Catalog, index: DocumentIndex, line: number, character: number, textOf: (reply: Reply) => string = () => ''): Hover | null {
  const hit = index.at(line, character);
  if (!hit) return null;
  const { token, reply } = hit;
  let text: string | undefined;
  const around = () => (text ??= textOf(reply));
  const info = catalog.lookupIn(token.code, around);
  if (!info) return null;
  const partnerCode = token.kind === 'basic' ? reply.enhanced : reply.basic;
  const partner = partnerCode && partnerCode !== token.code ? catalog.lookupIn(partnerCode, around) : undefined;
  return {
    contents: { kind: 'markdown', value: explainCode(info, { partner, context: describeReply(reply) }) },
    range: { start: { line, character: token.start }, end: { line, character: token.end } },
  };
}
