/**
 * Lines whose meaning depends on their neighbours: blank or indented lines, DSN fields, transcript
 * prefixes, bare replies. The whole-document scan reads them even when they hold no failure code.
 * Tested at a line's start, in text (a document's chunk) or in bytes (a run read from disk).
 */

/** Any white space counts (a byte order mark, a no-break space): the structure checks skip it as `\s`. */
const STRUCTURAL =
  /\s|(?:Status|Diagnostic-Code|Action|Remote-MTA|Final-Recipient|Original-Recipient):|(?:S:|C:|<-|->|<~|~>|<\*\*|\*\*>|===|<<<|>>>|\?\?\?|Out:|In:|reply:|send:)|[2-5][0-5]\d(?=[ \-\r\n]|$)/iy;

/**
 * 1 for each first byte (or first character below 256) that can start a STRUCTURAL match: white
 * space, what its words, prefixes and bare replies start with, and every non-ASCII byte. Most log
 * lines are ruled out by their first character; `lineEvents.wat` reads this table too.
 */
export const MAY_START_STRUCTURE = new Uint8Array(256).fill(1, 128);
for (const c of ' \t\n\v\f\r2345SsDdAaRrFfOoCcIi<->~*=?') MAY_START_STRUCTURE[c.charCodeAt(0)] = 1;

/** Whether the line starting at `start` in `text` carries structure. */
export function isStructuralAt(text: string, start: number): boolean {
  if (start >= text.length) return true;
  const c = text.charCodeAt(start);
  if (c < 128 && MAY_START_STRUCTURE[c] === 0) return false;
  STRUCTURAL.lastIndex = start;
  return STRUCTURAL.test(text);
}

/** STRUCTURAL's words, lower case, by first byte. */
const WORDS = ['status:', 'diagnostic-code:', 'action:', 'remote-mta:', 'final-recipient:', 'original-recipient:', 's:', 'c:', '<-', '->', '<~', '~>', '<**', '**>', '===', '<<<', '>>>', '???', 'out:', 'in:', 'reply:', 'send:'];
const WORDS_BY_FIRST: Uint8Array[][] = [];
for (const word of WORDS) (WORDS_BY_FIRST[word.charCodeAt(0)] ??= []).push(new TextEncoder().encode(word));

const isSpaceByte = (c: number) => c === 32 || (c >= 9 && c <= 13);
const firstCharacter = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * `isStructuralAt` on UTF-8 bytes: the line starting at `start` in `bytes`, which end the run
 * (STRUCTURAL's `$`). Gives what the regular expression gives on the decoded run.
 */
export function isStructuralInBytes(bytes: Uint8Array, start: number): boolean {
  if (start >= bytes.length) return true;
  const c = bytes[start];
  if (isSpaceByte(c)) return true;
  // Only white space starts with a byte of a non-ASCII character: decode that one character.
  if (c >= 0x80) return /^\s/.test(firstCharacter.decode(bytes.subarray(start, start + 4)));
  if (c >= 50 && c <= 53) {
    const c1 = bytes[start + 1];
    const c2 = bytes[start + 2];
    if (!(c1 >= 48 && c1 <= 53 && c2 >= 48 && c2 <= 57)) return false;
    if (start + 3 >= bytes.length) return true;
    const c3 = bytes[start + 3];
    return c3 === 32 || c3 === 45 || c3 === 13 || c3 === 10;
  }
  const words = WORDS_BY_FIRST[c >= 65 && c <= 90 ? c | 32 : c];
  if (words === undefined) return false;
  for (const word of words) if (startsWithFolded(bytes, start, word)) return true;
  return false;
}

/** Whether `bytes` at `start` spell `word` (lower case), letters in either case. */
function startsWithFolded(bytes: Uint8Array, start: number, word: Uint8Array): boolean {
  if (start + word.length > bytes.length) return false;
  for (let i = 0; i < word.length; i++) {
    const w = word[i];
    const b = bytes[start + i];
    if (b !== w && !(w >= 97 && w <= 122 && b === w - 32)) return false;
  }
  return true;
}
