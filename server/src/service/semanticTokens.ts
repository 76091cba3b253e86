import type { SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver-types';
import { classOf, type CodeClass } from './codeSyntax';
import type { DocumentIndex } from './documentIndex';

/** Token types, one per class, declared in package.json `semanticTokenTypes`. */
export const TOKEN_TYPES = ['smtpSuccess', 'smtpIntermediate', 'smtpTransient', 'smtpPermanent'] as const;
/** `enhanced` marks RFC 3463 status codes (5.1.1) as opposed to reply codes (550). */
export const TOKEN_MODIFIERS = ['enhanced'] as const;
export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

const TYPE_INDEX: Record<CodeClass, number> = { success: 0, intermediate: 1, transient: 2, permanent: 3 };

/** Semantic tokens for the codes on lines [fromLine, toLine], encoded relative as LSP wants. */
export function semanticTokens(index: DocumentIndex, fromLine = 0, toLine = Number.MAX_SAFE_INTEGER): SemanticTokens {
  const data: number[] = [];
  let lastLine = 0;
  let lastChar = 0;
  let lastEnd = -1;
  for (const { token } of index.tokensIn(fromLine, toLine)) {
    if (token.line === lastLine && token.start < lastEnd) continue; // never overlap: editors reject it
    const deltaLine = token.line - lastLine;
    const deltaChar = deltaLine === 0 ? token.start - lastChar : token.start;
    data.push(deltaLine, deltaChar, token.end - token.start, TYPE_INDEX[classOf(token.code)], token.kind === 'enhanced' ? 1 : 0);
    lastLine = token.line;
    lastChar = token.start;
    lastEnd = token.end;
  }
  return { data };
}
