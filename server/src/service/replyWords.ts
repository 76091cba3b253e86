/**
 * The words of a reply on its log line: the text after the reply's own codes, up to where the
 * log's own fields start again, without the code prefixes a flattened multi-line reply repeats
 * ("550-5.7.26 ... 550-5.7.26 ... 550 5.7.26 ..."). `scan --failures` prints them as written; the
 * summary groups them with their variable parts blanked.
 */
import type { CodeToken, Reply } from './replyTypes';

/**
 * Where the reply's text stops in a log line: Postfix's "(in reply to ... command)" and the
 * fields it appends to a rejection, qmail's "(#5.1.1)". Without a leading `\s*` (it made a search
 * over a long run of spaces quadratic): trailing white space is trimmed afterwards.
 */
const WORDS_END = /\(in reply to |; (?:from|to|proto|helo)=|\(#\d/g;

/** JavaScript's `\s`: ASCII white space and the Unicode spaces. */
export function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
/** Separators between the codes and the reply text: `[\s\-_:"']`. */
const isLead = (c: number) => isSpace(c) || c === 45 || c === 95 || c === 58 || c === 34 || c === 39;

/** A status field rather than the reply itself: Postfix and Sendmail `dsn=5.1.1`, qmail `(#5.1.1)`. */
function isStatusField(text: string, token: CodeToken): boolean {
  return text.startsWith('dsn=', token.start - 4) || text.startsWith('(#', token.start - 2);
}

/** A range of the line, and the code repeats inside it to leave out. */
export interface WordsRange {
  start: number;
  end: number;
  /** Ranges [start, end) of repeated codes inside, in order: what `wordsOf` leaves out. */
  skips: number[];
}

const NO_SKIPS: number[] = [];

/** Where a reply's words are on its line (`text` is the line of `reply.tokens[0]`). */
export function wordsRange(reply: Reply, text: string): WordsRange {
  const line = reply.tokens[0].line;
  const tokens = reply.tokens;
  let lead = -1;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].line === line && !isStatusField(text, tokens[i])) {
      lead = i;
      break;
    }
  }
  if (lead === -1) return statusFieldWords(reply, text);

  const first = tokens[lead];
  let start = first.end;
  // "550 5.1.1": the enhanced partner right after the basic code is part of the codes.
  const next = tokens[lead + 1];
  if (next && next.line === line && next.kind === 'enhanced' && first.kind === 'basic' && next.start >= first.end && next.start - first.end <= 3) start = next.end;
  while (start < text.length && isLead(text.charCodeAt(start))) start++;

  // A reply in quotes (msg="...", C="...", di="...", Exchange's ,"..."), ends at the closing quote;
  // an Exchange log field without quotes at the next comma.
  const before = text.charCodeAt(first.start - 1);
  let end = text.length;
  if (before === 34) {
    const close = text.indexOf('"', start);
    if (close !== -1) end = close;
  } else if (before === 39) {
    const close = closingApostrophe(text, start);
    if (close !== -1) end = close;
  } else if (reply.source === 'exchange') {
    const comma = text.indexOf(',', start);
    if (comma !== -1) end = comma;
  }
  end = wordsEnd(text, start, end);

  let skips = NO_SKIPS;
  for (let i = lead + 1; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.line !== line || token.start < start || token.end > end) continue;
    if (skips === NO_SKIPS) skips = [];
    // The code and the one space or hyphen after it.
    const after = text.charCodeAt(token.end);
    skips.push(token.start, after === 32 || after === 45 ? token.end + 1 : token.end);
  }
  return { start, end, skips };
}

/**
 * The quote that closes a reply in single quotes (Exchange's "returned '550 ...'"): not one inside
 * a word, as in "doesn't" or "recipient's".
 */
function closingApostrophe(text: string, from: number): number {
  for (let at = text.indexOf("'", from); at !== -1; at = text.indexOf("'", at + 1)) {
    const next = text.charCodeAt(at + 1);
    const inWord = (next >= 48 && next <= 57) || (next >= 65 && next <= 90) || (next >= 97 && next <= 122);
    if (!inWord) return at;
  }
  return -1;
}

/**
 * A reply known only by its status field (`dsn=4.4.1, status=expired, returned to sender (connect
 * to ...: Connection refused)`, Sendmail's `dsn=5.1.1, stat=User unknown`): the words are what the
 * log says after the field.
 */
function statusFieldWords(reply: Reply, text: string): WordsRange {
  const token = reply.tokens[0];
  let start = token.end;
  const stat = text.indexOf('stat=', start);
  const paren = text.indexOf(' (', start);
  if (stat !== -1 && (paren === -1 || stat < paren)) start = stat + 5;
  else if (paren !== -1) start = paren + 2;
  else if (text.startsWith('(#', token.start - 2)) {
    // qmail: "failure: Sorry,_no_mailbox_here_by_that_name._(#5.1.1)/": the words come before.
    const colon = text.lastIndexOf(': ', token.start);
    return { start: colon === -1 ? 0 : colon + 2, end: wordsEnd(text, colon === -1 ? 0 : colon + 2, token.start - 2), skips: NO_SKIPS };
  }
  while (start < text.length && isLead(text.charCodeAt(start))) start++;
  let end = text.length;
  const comma = stat !== -1 && start === stat + 5 ? text.indexOf(', ', start) : -1;
  if (comma !== -1) end = comma;
  return { start, end: wordsEnd(text, start, end), skips: NO_SKIPS };
}

/**
 * Where the words in [start, end) stop: before the log's own words (WORDS_END), trailing white
 * space, and closing parentheses that close something opened before the reply ("status=deferred
 * (host ... said: 450 Try later)").
 */
function wordsEnd(text: string, start: number, end: number): number {
  WORDS_END.lastIndex = start;
  const found = WORDS_END.exec(text);
  if (found && found.index < end) end = found.index;
  for (;;) {
    while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
    if (end <= start || text.charCodeAt(end - 1) !== 41 || balance(text, start, end) >= 0) return end;
    end--;
  }
}

/** Opening minus closing parentheses in [start, end). */
function balance(text: string, start: number, end: number): number {
  let open = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 40) open++;
    else if (c === 41) open--;
  }
  return open;
}

/** The words of the range as written, repeats left out. */
export function wordsOf(text: string, range: WordsRange): string {
  if (range.skips.length === 0) return text.slice(range.start, range.end);
  let out = '';
  let at = range.start;
  for (let i = 0; i < range.skips.length; i += 2) {
    out += text.slice(at, range.skips[i]);
    at = range.skips[i + 1];
  }
  return out + text.slice(at, range.end);
}

/**
 * The reply's words as the line writes them, a flattened reply's repeated codes left out; a DSN
 * Status's are its Diagnostic-Code's (`reply.words`).
 */
export function replyWords(reply: Reply, text: string): string {
  return reply.words ?? wordsOf(text, wordsRange(reply, text));
}
