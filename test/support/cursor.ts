/** Test helpers that read like the feature: a document with `|` at the cursor. */
import { ChunkedDocument } from '../../server/src/service/chunkedDocument';
import { scanLines, linesOf, type ScanMode } from '../../server/src/service/documentScanner';
import type { Reply } from '../../server/src/service/replyTypes';

/** Splits "text with | cursor" into the text and the cursor's line/character. */
export function withCursor(marked: string): { text: string; line: number; character: number } {
  const offset = marked.indexOf('|');
  if (offset < 0) throw new Error('no | cursor in test input');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const before = text.slice(0, offset).split('\n');
  return { text, line: before.length - 1, character: before[before.length - 1].length };
}

export function doc(text: string, languageId = 'mail-log', uri = 'file:///test/mail.log'): ChunkedDocument {
  return new ChunkedDocument(uri, languageId, 1, text);
}

/** The replies of a text. */
export function replies(text: string, mode: ScanMode = 'log'): Reply[] {
  return scanLines(linesOf(text), mode);
}

/** "550 5.1.1" per reply: the codes each reply was built from, in document order. */
export function replyCodes(text: string, mode: ScanMode = 'log'): string[] {
  return replies(text, mode).map((r) => [r.basic, r.enhanced].filter(Boolean).join(' '));
}

/** Every code token's text, in order, e.g. ["5.1.1", "550", "5.1.1"]. */
export function tokenTexts(text: string, mode: ScanMode = 'log'): string[] {
  return replies(text, mode)
    .flatMap((r) => r.tokens)
    .sort((a, b) => a.line - b.line || a.start - b.start)
    .map((t) => t.code);
}
