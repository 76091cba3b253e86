/**
 * Recognizers for one line of a mail log: a number is a code only where the line's format puts a
 * reply or a status there (after `said:`, in `dsn=`, after `reject=` ...). Everything else on the
 * line (PIDs, ports, delays, sizes, addresses, versions) is never looked at as a code.
 */
import { classOf, isFailure, type CodeClass } from './codeSyntax';
import type { CodeToken, Direction, Reply, ReplySource } from './replyTypes';

/** A reply code at a given position (the definition `replyTokensAt` implements by hand): basic code, then optionally an enhanced code (`550 5.1.1`, `550-5.1.1`, qmail `550_5.1.1`). */
export const REPLY_AT = /([2-5][0-5]\d)(?:(?:[ \-_]|\\n)+([245]\.\d{1,3}\.\d{1,3})(?![a-zA-Z0-9]|\.\d))?(?=[\s\-_"',;:)\]<]|\\[rn]|$)/y;
/**
 * An enhanced code alone at a position (`milter-reject: ...: 5.7.1 ...`, `dsn=5.1.1`), and after a
 * reply code, where an underscore may follow (qmail writes "451_4.3.0_Try"). `enhancedCodeAt`
 * reads them by hand; these are its definition, checked against it in the tests.
 */
export const ENHANCED_AT = /([245]\.\d{1,3}\.\d{1,3})(?!\w|\.\d)/y;
export const ENHANCED_IN_REPLY = /([245]\.\d{1,3}\.\d{1,3})(?![a-zA-Z0-9]|\.\d)/y;
/** A basic and an enhanced code of the same class side by side: a reply wherever it stands. */
const PAIR_ANYWHERE = /(?<![\w.:/?-])([2-5][0-5]\d)[ -]([245]\.\d{1,3}\.\d{1,3})(?!\w|\.\d)/g;

/**
 * Where a reply starts, by log format. Each pattern ends exactly where the code begins.
 * Order matters only for context: the first anchor that yields a code names the source.
 *
 * A line is not searched for every anchor: each code-shaped place on it is looked at from behind
 * (the character the anchor would end with, then `gate`), and only anchors that could end there
 * are searched for, forwards, with their pattern. The gate is a superset test; the pattern decides.
 */
interface Anchor {
  source: ReplySource;
  /** The characters the pattern can end with, before its trailing spaces or underscores. */
  endsWith: string;
  /**
   * A test at a code's position that the anchor could end right there: a sticky look-behind for
   * anchors of bounded length, or words the line must contain for those with free text inside.
   */
  gate: RegExp | string[];
  pattern: RegExp;
  direction: Direction;
}

// The free text inside a pattern is bounded (`.{0,1000}?` rather than `.*?`): on a long line with
// many starts and no end (a dump of "(in reply to" or "error ... after"), an unbounded lazy search
// from each start made the line quadratic. Real fields are far shorter than the bounds.
const ANCHORS: Anchor[] = [
  // Postfix smtp/lmtp: "host mx[1.2.3.4] said: 550 5.1.1 ..." (qmail writes "Remote_host_said:_550_...").
  { source: 'postfix-delivery', endsWith: ':', gate: /(?<=said:[ _]+)/y, pattern: /(?:\b|_)said:[ _]+/g, direction: 'outbound' },
  { source: 'postfix-delivery', endsWith: ':', gate: /(?<=refused to talk to me:\s+)/y, pattern: /\brefused to talk to me:\s+/g, direction: 'outbound' },
  // Postfix smtpd/postscreen/cleanup: "NOQUEUE: reject: RCPT from host[1.2.3.4]:port: 554 5.7.1 ..."
  {
    source: 'postfix-reject',
    endsWith: ':',
    gate: /(?<=\](?::\d+)?:\s+)/y,
    pattern: /\b(?:reject|reject_warning|milter-reject|discard|hold|defer(?:_if_permit)?): [A-Z][A-Z-]*(?: [A-Z]+)* from [^\s[]*\[[^\]]{0,200}\](?::\d+)?:\s+/g,
    direction: 'inbound',
  },
  // Exim: "SMTP error from remote mail server after RCPT TO:<x>: 550 ...", LMTP likewise.
  { source: 'exim', endsWith: ':', gate: ['error'], pattern: /\b(?:SMTP|LMTP) error (?:from remote (?:mail server|MTA) )?after .{0,1000}?:\s+(?=[2-5][0-5]\d[\s-])/g, direction: 'outbound' },
  // Exim: "login authenticator failed for (helo) [1.2.3.4]:port I=[...]:25: 535 Incorrect authentication data".
  { source: 'exim', endsWith: ':', gate: ['authenticator failed'], pattern: /\bauthenticator failed for .{0,1000}?:\s+(?=[2-5][0-5]\d[\s-])/g, direction: 'inbound' },
  // Exim delivery confirmations: C="250 OK id=..."
  { source: 'exim', endsWith: '"', gate: /(?<=C=")/y, pattern: /\bC="/g, direction: 'outbound' },
  // Sendmail: "reject=550 5.7.1 ...", "stat=Deferred: 452 4.2.2 ...", OpenSMTPD "stat=\"550 5.7.1 ...\"".
  { source: 'sendmail', endsWith: '=', gate: /(?<=re(?:ject|ply)=)/y, pattern: /\b(?:reject|reply)=/g, direction: 'inbound' },
  { source: 'sendmail', endsWith: '=":(', gate: /(?<=stat=(?:"|[A-Za-z][\w ]{0,200}?(?:: | \())?)/y, pattern: /\bstat=(?:"|[A-Za-z][\w ]{0,200}?(?:: | \())?/g, direction: 'outbound' },
  // Courier: msg="535 Authentication failed.", "error,relay=...,to=<x>: 550 User unknown."
  { source: 'courier', endsWith: '"', gate: /(?<=msg=")/y, pattern: /\bmsg="/g, direction: 'inbound' },
  { source: 'courier', endsWith: ':', gate: ['courieresmtpd'], pattern: /\bcourieresmtpd(?:\[\d+\])?: error,.{0,1000}?:\s+(?=[2-5][0-5]\d\s)/g, direction: 'inbound' },
  // qmail's rblsmtpd: "rblsmtpd: 1.2.3.4 pid 123 zen.spamhaus.org: 451 http://..."
  { source: 'qmail', endsWith: ':', gate: ['rblsmtpd'], pattern: /\brblsmtpd: .{0,1000}?:\s+(?=[2-5][0-5]\d\s)/g, direction: 'inbound' },
  // Exchange protocol logs (CSV): ...,>,535 5.7.3 Authentication unsuccessful,
  { source: 'exchange', endsWith: ',"', gate: /(?<=,[<>],"?)/y, pattern: /,[<>],"?/g, direction: 'unknown' },
  // Bounces: "Diagnostic-Code: smtp; 550 ...", Exchange "<mx #5.0.0 smtp; 550 ...>".
  { source: 'dsn', endsWith: ';', gate: /(?<=smtp;\s*)/iy, pattern: /\bsmtp;\s*/gi, direction: 'outbound' },
  // ASSP and other proxies: "after reply: 535 5.7.8 ...", "[SMTP Error] 535 ..."
  { source: 'log', endsWith: ':]', gate: /(?<=(?:after reply:|\[SMTP Error\])\s+)/y, pattern: /(?:\bafter reply:|\[SMTP Error\])\s+/g, direction: 'unknown' },
  // Exchange NDR text: "Remote Server returned '550 5.1.1 ...'"
  { source: 'dsn', endsWith: "'", gate: /(?<=returned ')/y, pattern: /\breturned '/g, direction: 'outbound' },
];

/**
 * Bounds the work on pathological lines (a 1 MB line of numbers): at most this many repeats and
 * stray pairs per line are kept. Real lines hold a handful.
 */
const MAX_PER_LINE = 64;

/**
 * Code strings are shared, not sliced out of each line: a scan keeps thousands of failures, and
 * a few distinct codes make up nearly all of them (fewer objects to allocate and to collect).
 */
const BASIC_CODES: string[] = [];
for (let n = 200; n < 600; n++) BASIC_CODES[n] = String(n);
const ENHANCED_CODES = new Map<number, string>();
const isDigit = (c: number) => c >= 48 && c <= 57;

/** Reads 1-3 digits at `p`: [value, length], or length 0. Greedy, as `\d{1,3}` followed by a non-digit test. */
function digitsAt(text: string, p: number): number {
  let value = 0;
  let length = 0;
  while (length < 3 && isDigit(text.charCodeAt(p + length))) value = value * 10 + text.charCodeAt(p + length++) - 48;
  return length === 0 ? -1 : value * 4 + length;
}

/**
 * The enhanced code `[245]\.\d{1,3}\.\d{1,3}` at `pos` if what follows is not a letter or digit
 * (nor `_` unless `underscoreEnds`) and not `.digit`; the same as ENHANCED_AT / ENHANCED_IN_REPLY.
 */
function enhancedCodeAt(text: string, pos: number, underscoreEnds: boolean): string | undefined {
  const c = text.charCodeAt(pos);
  if ((c !== 50 && c !== 52 && c !== 53) || text.charCodeAt(pos + 1) !== 46) return undefined;
  const subject = digitsAt(text, pos + 2);
  if (subject < 0) return undefined;
  const dot = pos + 2 + (subject & 3);
  if (text.charCodeAt(dot) !== 46) return undefined;
  const detail = digitsAt(text, dot + 1);
  if (detail < 0) return undefined;
  const end = dot + 1 + (detail & 3);
  const next = text.charCodeAt(end);
  if (isDigit(next) || (next >= 65 && next <= 90) || (next >= 97 && next <= 122) || (next === 95 && !underscoreEnds)) return undefined;
  if (next === 46 && isDigit(text.charCodeAt(end + 1))) return undefined;
  const key = ((c - 48) * 4096 + subject) * 4096 + detail;
  let code = ENHANCED_CODES.get(key);
  if (code === undefined) {
    code = text.slice(pos, end);
    if (ENHANCED_CODES.size < 4096) ENHANCED_CODES.set(key, code);
  }
  return code;
}

/** Reads a reply code at `pos`, with its enhanced partner if any. Returns tokens or undefined. */
export function replyTokensAt(text: string, pos: number, line: number): CodeToken[] | undefined {
  // Hand-written for the hot path; same language as REPLY_AT (kept above as its definition).
  const c0 = text.charCodeAt(pos);
  const c1 = text.charCodeAt(pos + 1);
  const c2 = text.charCodeAt(pos + 2);
  if (c0 >= 50 && c0 <= 53 && c1 >= 48 && c1 <= 53 && c2 >= 48 && c2 <= 57) {
    const basic: CodeToken = { kind: 'basic', code: BASIC_CODES[(c0 - 48) * 100 + (c1 - 48) * 10 + c2 - 48], line, start: pos, end: pos + 3 };
    // Separators before an enhanced partner: spaces, hyphens, underscores, a literal "\n".
    let p = pos + 3;
    for (;;) {
      const c = text.charCodeAt(p);
      if (c === 32 || c === 45 || c === 95) p++;
      else if (c === 92 && text.charCodeAt(p + 1) === 110) p += 2;
      else break;
    }
    if (p > pos + 3) {
      const enhanced = enhancedCodeAt(text, p, true);
      if (enhanced && endsCode(text, p + enhanced.length)) return [basic, { kind: 'enhanced', code: enhanced, line, start: p, end: p + enhanced.length }];
    }
    return endsCode(text, pos + 3) ? [basic] : undefined;
  }
  const enhanced = enhancedCodeAt(text, pos, false);
  return enhanced ? [{ kind: 'enhanced', code: enhanced, line, start: pos, end: pos + enhanced.length }] : undefined;
}

/** Whether a code may end at `p`: REPLY_AT's final lookahead. */
function endsCode(text: string, p: number): boolean {
  if (p >= text.length) return true;
  const c = text.charCodeAt(p);
  switch (c) {
    case 32: case 9: case 10: case 11: case 12: case 13: case 45: case 95: case 34: case 39: case 44: case 59: case 58: case 41: case 93: case 60:
      return true;
    case 92: {
      const next = text.charCodeAt(p + 1);
      return next === 114 || next === 110;
    }
    default:
      return c > 127 && /\s/.test(text[p]);
  }
}

/** What `continuationTokens` returns when the line has no repeat: shared, never changed. */
const NO_TOKENS: readonly CodeToken[] = [];

/** Compiled repeat patterns per reply ("550 5.7.1"): a handful of distinct replies make up most logs. */
const CONTINUATION_PATTERNS = new Map<string, RegExp>();

/**
 * The reply an Exim callout quotes after one of its own reply's lines, whatever its code: after
 * "Response: " ("550-Response: 554 5.7.1 ...", a sender verify) or right after the line's code
 * ("550 550 5.1.1 ...", a recipient verify: "Callout verification failed:" then the reply).
 * `codeStart` is where that line's code starts.
 */
export function quotedReplyAfter(text: string, codeStart: number, line: number): CodeToken[] | undefined {
  let at = codeStart + 4;
  if (text.startsWith('Response: ', at)) at += 10;
  const c = text.charCodeAt(at + 3);
  // A code, then a space or a hyphen: a reply's start, not a number in its words.
  if (c !== 32 && c !== 45) return undefined;
  return replyTokensAt(text, at, line);
}

/**
 * Finds later repeats of the same reply on one line: a multi-line reply flattened by the logger
 * ("550-5.7.1 ... 550-5.7.1 ... 550 5.7.1 ..."). They belong to the reply already found, and so
 * does a reply Exim quotes in them (`quotedReplyAfter`). `from` is where the reply's first code ends.
 */
export function continuationTokens(text: string, from: number, line: number, basic: string, enhanced?: string): readonly CodeToken[] {
  if (!text.includes(basic, from)) return NO_TOKENS;
  const found: CodeToken[] = [];
  const key = `${basic} ${enhanced ?? ''}`;
  let pattern = CONTINUATION_PATTERNS.get(key);
  if (!pattern) {
    // Exim writes a multi-line reply on one line, its lines joined by a backslash and an n: a code right after such an escape starts a word.
    pattern = new RegExp(`(?<!(?<!\\\\)[\\w.])${basic}(?:([ -])(${enhanced ? enhanced.replace(/\./g, '\\.') : '[245]\\.\\d{1,3}\\.\\d{1,3}'}))?(?=[\\s-]|$)`, 'g');
    if (CONTINUATION_PATTERNS.size > 500) CONTINUATION_PATTERNS.clear();
    CONTINUATION_PATTERNS.set(key, pattern);
  }
  pattern.lastIndex = from;
  // Whether the reply has gone on over several lines: then a line with its code and a space is its last.
  let multiLine = text.charCodeAt(from) === 45;
  for (let m = pattern.exec(text); m && found.length < MAX_PER_LINE; m = pattern.exec(text)) {
    const hyphen = text.charCodeAt(m.index + 3) === 45;
    const last = multiLine && !hyphen && m[2] === undefined;
    // The repeats follow one another; the first other use of the code ends them. (Searching on
    // made a line of many replies quadratic: each searched the whole rest of the line.)
    if (!hyphen && !last && !(m[2] !== undefined && m[2] === enhanced)) break;
    multiLine ||= hyphen;
    found.push({ kind: 'basic', code: basic, line, start: m.index, end: m.index + 3 });
    if (m[2]) {
      const start = m.index + 4;
      found.push({ kind: 'enhanced', code: m[2], line, start, end: start + m[2].length });
    }
    const quoted = multiLine ? quotedReplyAfter(text, m.index, line) : undefined;
    if (quoted) {
      for (const token of quoted) found.push(token);
      pattern.lastIndex = quoted[quoted.length - 1].end;
    }
    if (last) break;
  }
  return found;
}

/**
 * An enhanced code of the reply's class from a later line of a multi-line reply, or from the reply
 * it quotes ("550-Response: 550 5.1.1"), when its first line had none: the most specific reason.
 */
export function laterEnhanced(reply: Reply): string | undefined {
  const digit = reply.basic?.[0];
  return reply.tokens.find((token) => token.kind === 'enhanced' && token.code[0] === digit)?.code;
}

/** A reply with its token lines moved by `offset` (its text moved by an edit, or read apart from the lines above it). */
export function shiftedReply(reply: Reply, offset: number): Reply {
  if (offset === 0) return reply;
  return { ...reply, tokens: reply.tokens.map((t) => ({ ...t, line: t.line + offset })) };
}

/** Makes a Reply from its tokens; the class is the basic code's when there is one. */
export function makeReply(tokens: CodeToken[], source: ReplySource, direction: Direction): Reply {
  let basic: string | undefined;
  let enhanced: string | undefined;
  for (const token of tokens) {
    if (token.kind === 'basic') basic ??= token.code;
    else enhanced ??= token.code;
  }
  // Every field present from the start: one object shape, no property store added later.
  return { tokens, basic, enhanced, class: classOf(basic ?? enhanced ?? '5'), source, direction, peer: undefined, command: undefined, status: undefined, recipient: undefined, words: undefined, diagnose: true, pendingContext: undefined };
}

/**
 * The tokens already taken on the line being recognized, reused from call to call (the scan is
 * synchronous). Counted, not truncated: emptying a V8 array gives up its storage, and allocating
 * it again for every line was most of what recognizing a line allocated.
 */
const taken: CodeToken[] = [];
let takenCount = 0;
/** The replies found so far on the line, kept the same way. */
const found: Reply[] = [];
let foundCount = 0;

/**
 * Past this many tokens on one line (a long line of codes: a JSON export on one line, a pasted
 * dump), the columns they cover are also marked in `covered`, so that `overlaps` stays constant
 * time instead of growing with the tokens already taken.
 */
const TOKENS_BEFORE_MARKS = 32;
let covered: Uint8Array | undefined;

function take(token: CodeToken): void {
  taken[takenCount++] = token;
  if (takenCount === TOKENS_BEFORE_MARKS) {
    covered = new Uint8Array(lineLength);
    for (let i = 0; i < takenCount; i++) covered.fill(1, taken[i].start, taken[i].end);
  } else if (covered) covered.fill(1, token.start, token.end);
}

/** Whether [start, end) overlaps a token already taken on this line. */
function overlaps(start: number, end: number): boolean {
  if (covered) {
    for (let i = start; i < end; i++) if (covered[i] === 1) return true;
    return false;
  }
  for (let i = 0; i < takenCount; i++) if (taken[i].start < end && start < taken[i].end) return true;
  return false;
}
/** The length of the line being recognized, for `covered`. */
let lineLength = 0;

/** Where a code could start: anchors end on a character that is not a letter, a digit or a dot. */
const CODE_SHAPED = /(?<![0-9A-Za-z.])(?:[2-5][0-5]\d|[245]\.\d)/g;
/** A basic and an enhanced code of the same class side by side, at a given position. */
const PAIR_AT = new RegExp(PAIR_ANYWHERE.source, 'y');
/** For each ASCII character, the anchors (bits of their index) that can end on it. */
const ANCHORS_ENDING_ON = new Uint32Array(128);
ANCHORS.forEach((anchor, index) => {
  for (const c of anchor.endsWith) ANCHORS_ENDING_ON[c.charCodeAt(0)] |= 1 << index;
});

/** Code-shaped places on a line and the anchors that can end at each, reused (and counted) like `taken`. */
let places = new Int32Array(64);
let placeAnchors = new Int32Array(64);
let placeCount = 0;

/**
 * Fills `places`; returns how many there are. `test` allocates no match; both shapes are three
 * characters long, and no code can start inside one (it would follow a digit or a dot).
 */
function findPlaces(text: string): number {
  placeCount = 0;
  CODE_SHAPED.lastIndex = 0;
  while (CODE_SHAPED.test(text)) {
    if (placeCount === places.length) {
      const grown = new Int32Array(places.length * 2);
      grown.set(places);
      places = grown;
      placeAnchors = new Int32Array(grown.length);
    }
    places[placeCount++] = CODE_SHAPED.lastIndex - 3;
  }
  return placeCount;
}

/** The character before `pos` once spaces and underscores are passed over: what an anchor ends with. */
function endCharBefore(text: string, pos: number): number {
  for (let p = pos - 1; p >= 0; p--) {
    const c = text.charCodeAt(p);
    if (c === 32 || c === 95 || (c >= 9 && c <= 13)) continue;
    if (c > 127 && /\s/.test(text[p])) continue;
    return c;
  }
  return -1;
}

/** The anchors whose gate passes at one of the places: the only ones worth searching for. */
function anchorsToTry(text: string): number {
  let candidates = 0;
  for (let i = 0; i < placeCount; i++) {
    const c = endCharBefore(text, places[i]);
    const ending = c >= 0 && c < 128 ? ANCHORS_ENDING_ON[c] : 0;
    placeAnchors[i] = ending;
    candidates |= ending;
  }
  let bits = 0;
  // Whether the line holds any gate word at all: one search instead of one per word (most don't).
  let anyWord: boolean | undefined;
  for (let index = 0; candidates !== 0 && index < ANCHORS.length; index++) {
    const bit = 1 << index;
    if ((candidates & bit) === 0) continue;
    const gate = ANCHORS[index].gate;
    if (Array.isArray(gate)) {
      anyWord ??= ANY_GATE_WORD.test(text);
      if (anyWord) for (const word of gate) if (text.includes(word)) bits |= bit;
      continue;
    }
    for (let i = 0; i < placeCount; i++) {
      if ((placeAnchors[i] & bit) === 0) continue;
      gate.lastIndex = places[i];
      if (gate.test(text)) {
        bits |= bit;
        break;
      }
    }
  }
  return bits;
}

/** Every word that gates an anchor, in one pattern. */
const ANY_GATE_WORD = new RegExp(
  ANCHORS.flatMap((anchor) => (Array.isArray(anchor.gate) ? anchor.gate : []))
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|'),
);

/** Every anchor, gates or not: what tests pass as `anchors` to check that the gates lose nothing. */
export const EVERY_ANCHOR = 2 ** ANCHORS.length - 1;

/**
 * The replies on one log line, in order. At most one per anchor position; pairs anywhere as a
 * fallback. With `lazyContext`, who/what/after-which-command is left for `withContext` to fill in.
 * `anchors` (bits of ANCHORS) overrides the gates' choice of anchors to search for.
 */
export function recognizeLogLine(text: string, line: number, lazyContext = false, anchors?: number): Reply[] {
  if (findPlaces(text) === 0) return [];
  foundCount = 0;
  takenCount = 0;
  covered = undefined;
  lineLength = text.length;

  const bits = anchors ?? anchorsToTry(text);
  for (let index = 0; bits !== 0 && index < ANCHORS.length; index++) {
    if ((bits & (1 << index)) === 0) continue;
    const anchor = ANCHORS[index];
    anchor.pattern.lastIndex = 0;
    // `test` allocates no match: every anchor pattern matches at least one character, and the
    // code starts where the match ends.
    while (anchor.pattern.test(text)) {
      const pos = anchor.pattern.lastIndex;
      const tokens = replyTokensAt(text, pos, line);
      if (!tokens || overlaps(pos, tokens[tokens.length - 1].end)) continue;
      const reply = makeReply(tokens, anchor.source, anchor.source === 'exchange' ? exchangeDirection(text, pos) : anchor.direction);
      if (reply.basic) {
        for (const extra of continuationTokens(text, tokens[tokens.length - 1].end, line, reply.basic, reply.enhanced)) {
          if (!overlaps(extra.start, extra.end)) tokens.push(extra);
        }
        reply.enhanced ??= laterEnhanced(reply);
      }
      for (const token of tokens) take(token);
      found[foundCount++] = reply;
    }
  }

  // Pairs start at code-shaped places; like a forward search, a match hides the places inside it.
  let pairs = 0;
  let next = 0;
  for (let i = 0; i < placeCount && pairs < MAX_PER_LINE; i++) {
    const place = places[i];
    if (place < next) continue;
    // A place already taken cannot start a pair; nor can the enhanced code inside such a pair,
    // so skipping the search changes nothing but its cost.
    if (overlaps(place, place + 3)) continue;
    PAIR_AT.lastIndex = place;
    const m = PAIR_AT.exec(text);
    if (!m) continue;
    next = place + m[0].length;
    if (m[1][0] !== m[2][0] || overlaps(place, next)) continue;
    // The same pair again is a repeat of a reply already found, not a new one.
    if (alreadyFound(m[1], m[2])) continue;
    const tokens = replyTokensAt(text, place, line);
    if (!tokens) continue;
    pairs++;
    // A flattened multi-line reply found this way has its repeats too ("421-4.7.0 ... 421 4.7.0 ...").
    const last = tokens[tokens.length - 1];
    for (const extra of continuationTokens(text, last.end, line, tokens[0].code, last.kind === 'enhanced' ? last.code : undefined)) {
      if (!overlaps(extra.start, extra.end)) tokens.push(extra);
    }
    for (const token of tokens) take(token);
    found[foundCount++] = makeReply(tokens, 'log', eximRejection(text) ? 'inbound' : 'unknown');
  }

  attachStatusFields(text, line);
  if (foundCount === 0) return [];
  // Copied out at its exact size: most lines hold one reply.
  const replies = foundCount === 1 ? [found[0]] : found.slice(0, foundCount).sort((a, b) => a.tokens[0].start - b.tokens[0].start);
  if (lazyContext) for (const reply of replies) reply.pendingContext = text;
  else describeLine(text, replies);
  return replies;
}

/**
 * An Exchange protocol log marks who sent each line: ">" our server (a receive log: our reply to a
 * client, inbound), "<" the other side (a send log: the remote server's reply, outbound).
 * `pos` is where the code starts, right after ",>," or ",>,\"".
 */
function exchangeDirection(text: string, pos: number): Direction {
  const mark = text.charCodeAt(text.charCodeAt(pos - 1) === 34 ? pos - 3 : pos - 2);
  return mark === 62 ? 'inbound' : mark === 60 ? 'outbound' : 'unknown';
}

/** Exim's own refusal of a client: "H=host [1.2.3.4] F=<a@b> rejected RCPT <c@d>: 550 ...". */
function eximRejection(text: string): boolean {
  return text.includes(' rejected ') && text.includes('H=');
}

/** Whether a reply with these codes was already found on this line. */
function alreadyFound(basic: string, enhanced: string): boolean {
  for (let i = 0; i < foundCount; i++) if (found[i].basic === basic && found[i].enhanced === enhanced) return true;
  return false;
}

const WORD_CHARACTER = /\w/;

/** Whether `word` ends right before `pos` and starts on a word boundary (`\bdsn=`). */
function wordEndsAt(text: string, pos: number, word: string): boolean {
  const start = pos - word.length;
  return start >= 0 && text.startsWith(word, start) && (start === 0 || !WORD_CHARACTER.test(text[start - 1]));
}

/** `dsn=5.1.1` and qmail `(#5.1.1)`: part of the line's reply when there is one, else a reply of their own. */
function attachStatusFields(text: string, line: number): void {
  let attached = 0;
  for (let field = 0; field < 2; field++) {
    for (let i = 0; i < placeCount; i++) {
      const start = places[i];
      const matches = field === 0 ? wordEndsAt(text, start, 'dsn=') : start >= 2 && text.startsWith('(#', start - 2);
      if (!matches) continue;
      // qmail's code ends at its ")", which also ends an enhanced code read on its own.
      const code = enhancedCodeAt(text, start, false);
      if (!code || (field === 1 && text.charCodeAt(start + code.length) !== 41) || overlaps(start, start + code.length)) continue;
      const token: CodeToken = { kind: 'enhanced', code, line, start, end: start + code.length };
      take(token);
      // One delivery line reports one failure, whatever the classes say.
      let owner = foundCount > 0 ? found[0] : undefined;
      if (owner) {
        // The status field comes first on a Postfix line: it is where the one diagnostic goes.
        // Further ones (a line of repeated fields) only join it, at the end: prepending each made
        // such a line quadratic.
        if (attached++ === 0) owner.tokens.unshift(token);
        else owner.tokens.push(token);
        owner.enhanced ??= token.code;
      } else {
        owner = found[foundCount++] = makeReply([token], field === 0 ? 'postfix-delivery' : 'qmail', 'outbound');
        attached++;
      }
      if (field === 0) owner.class = fateOf(text, token.end, owner.class);
    }
  }
}

/**
 * What became of the message, where Postfix says it right after the status field: `status=bounced`
 * and `status=expired` (returned to the sender, even after a 4.x.x) are permanent failures,
 * `status=deferred` (kept and retried, even after a 5xx under soft_bounce) a temporary one.
 * A success stays a success; without a status, the codes' class stands.
 */
function fateOf(text: string, at: number, codeClass: CodeClass): CodeClass {
  if (!isFailure(codeClass) || !text.startsWith(', status=', at)) return codeClass;
  const word = at + 9;
  if (text.startsWith('bounced', word) || text.startsWith('expired', word)) return 'permanent';
  if (text.startsWith('deferred', word)) return 'transient';
  return codeClass;
}

/** The reply with its context fields filled in from its log line, if they were left for later. */
export function withContext(reply: Reply): Reply {
  const text = reply.pendingContext;
  if (text !== undefined) {
    reply.pendingContext = undefined;
    describeLine(text, [reply]);
  }
  return reply;
}

const POSTFIX_PROGRAM = /\bpostfix(?:-[\w.-]+)?\/(?:[\w-]+\/)?([\w-]+)\[\d+\]:/;
const OUTBOUND_PROGRAMS = new Set(['smtp', 'lmtp', 'local', 'virtual', 'pipe', 'error', 'discard', 'retry', 'bounce']);
const IN_REPLY_TO = /\(in reply to (.{1,200}?) command\)/;
const SAID_BY = /\bhost (\S+?\[[^\]]{0,200}\])(?: said| refused)/;
const RELAY = /\brelay=([^,\s]+)/;
const CLIENT = /\bfrom (\S*?\[[^\]]{0,200}\])(?::\d+)?:/;
const STAGE = /\b(?:reject|reject_warning|milter-reject|discard|hold|defer(?:_if_permit)?): ([A-Z][A-Z-]*(?: [A-Z]+)*) from/;
const STATUS = /\bstatus=([a-z]+)/;
const SENDMAIL_STAT = /\bstat=([A-Za-z]+)/;
/** The recipient: `recipientIn` reads it by hand; this is its definition, checked against it in the tests. */
export const RECIPIENT = /\bto=<([^>]*)>/;
const EXIM_AFTER = /error (?:from remote (?:mail server|MTA) )?after (.{1,1000}?)(?::<[^>]*>)?(?: [A-Z]+=\S+)*:\s+[2-5]\d\d/;
const EXIM_HOST = /\bH=(\S+(?: \([^)]*\))? \[[^\]]+\])/;
const SENDMAIL_RULESET = /\bruleset=check_(\w+)/;

/**
 * Whether the line holds " from ". V8 finds a short word by looking for its first character, and
 * a space is everywhere on a log line: looking for "from " first takes a third of the time.
 */
function holdsFrom(text: string): boolean {
  return text.includes('from ') && text.includes(' from ');
}

/** Fills in direction, peer, command, status and recipient from the rest of the line. */
function describeLine(text: string, replies: Reply[]): void {
  const program = text.includes('postfix') ? POSTFIX_PROGRAM.exec(text)?.[1] : undefined;
  let direction: Direction | undefined;
  if (program) direction = OUTBOUND_PROGRAMS.has(program) ? 'outbound' : 'inbound';
  else if (/,>,/.test(text)) direction = 'inbound';
  else if (/,<,/.test(text)) direction = 'outbound';

  let command = text.includes('in reply to') ? IN_REPLY_TO.exec(text)?.[1] : undefined;
  const stage = holdsFrom(text) ? STAGE.exec(text)?.[1] : undefined;
  if (stage) command = stage === 'END-OF-MESSAGE' ? 'end of DATA' : stage;
  const exim = EXIM_AFTER.exec(text);
  if (exim) command = exim[1];
  const ruleset = text.includes('ruleset=') ? SENDMAIL_RULESET.exec(text)?.[1] : undefined;
  if (ruleset) command = { rcpt: 'RCPT TO', mail: 'MAIL FROM', relay: 'connection', eoh: 'end of headers', data: 'DATA' }[ruleset] ?? ruleset;
  if (text.includes('authenticator failed') || text.includes('cmd: AUTH')) command = 'AUTH';
  const peer = peerIn(text, stage !== undefined, exim !== null);
  const status = (text.includes('status=') ? STATUS.exec(text)?.[1] : undefined) ?? (text.includes('stat=') ? SENDMAIL_STAT.exec(text)?.[1]?.toLowerCase() : undefined) ?? (stage ? 'reject' : undefined);
  const recipient = recipientIn(text) ?? (exim ? eximRecipientIn(text) : undefined);

  for (const reply of replies) {
    if (direction) reply.direction = direction;
    if (reply.source === 'sendmail' && /\brelay=/.test(text) && /\bstat=/.test(text) && !/\breject=/.test(text)) reply.direction = 'outbound';
    reply.command ??= command;
    reply.peer ??= peer;
    reply.status ??= status;
    reply.recipient ??= recipient;
  }
}

/** Whether the date-time that starts a line ends at a comma (a CSV log), looking no further than a date-time can run. */
function commaEndsDateTime(text: string): boolean {
  for (let i = 19; i < 40 && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 44) return true;
    if (c === 32) return false;
  }
  return false;
}

/**
 * An Exchange protocol log line (date-time, connector, session, sequence, local endpoint, remote
 * endpoint, event, data): the remote endpoint's address, without its port. It is the client in a
 * receive log (">", our reply) and the server in a send log ("<", its reply).
 */
const EXCHANGE_REMOTE = /^\d{4}-\d\d-\d\dT[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,\[?([^,\]]*?)\]?(?::\d+)?,[<>],/;

/**
 * The other side as the line names it: an Exchange protocol log's remote endpoint, the server that answered a delivery (`host ... said`),
 * the client of a rejection (`from host[addr]`), Exim's `H=`, else Postfix's `relay=`.
 * `stage` and `exim`: whether the line is a Postfix rejection or an Exim error with a command.
 */
function peerIn(text: string, stage: boolean, exim: boolean): string | undefined {
  // An ISO date-time, then a comma: an Exchange protocol log line, whose sixth field is the other side.
  if (text.charCodeAt(10) === 84 && text.charCodeAt(4) === 45 && commaEndsDateTime(text)) {
    const remote = EXCHANGE_REMOTE.exec(text)?.[1];
    if (remote) return remote;
  }
  let peer = text.includes('host ') ? SAID_BY.exec(text)?.[1] : undefined;
  if (stage) peer = CLIENT.exec(text)?.[1] ?? peer;
  if (exim) peer = EXIM_HOST.exec(text)?.[1] ?? peer;
  // Postfix writes relay=none when no server was reached: that names no peer.
  if (peer === undefined && text.includes('relay=')) peer = RELAY.exec(text)?.[1]?.replace(/^none$/, '') || undefined;
  return peer;
}

/** RECIPIENT's capture, without building a match: read for every failure a disk scan counts. */
export function recipientIn(text: string): string | undefined {
  for (let at = text.indexOf('to=<'); at !== -1; at = text.indexOf('to=<', at + 1)) {
    // `\b`: not right after a letter, a digit or an underscore.
    const before = at > 0 ? text.charCodeAt(at - 1) : 32;
    if ((before >= 48 && before <= 57) || (before >= 65 && before <= 90) || (before >= 97 && before <= 122) || before === 95) continue;
    // No ">" after this one means none after a later one either.
    const close = text.indexOf('>', at + 4);
    return close === -1 ? undefined : text.slice(at + 4, close);
  }
  return undefined;
}

/**
 * A reply's peer and recipient: what a summary counts. For a log reply whose context was left
 * for later, only these two are read from its line (the rest of `withContext` is not needed).
 */
export function peerAndRecipientOf(reply: Reply): { peer: string | undefined; recipient: string | undefined } {
  const text = reply.pendingContext;
  if (text === undefined) return { peer: reply.peer, recipient: reply.recipient };
  const stage = holdsFrom(text) && STAGE.test(text);
  // The pattern starts with "error ": no need to look for the word first.
  const exim = EXIM_AFTER.test(text);
  return { peer: reply.peer ?? peerIn(text, stage, exim), recipient: reply.recipient ?? recipientIn(text) ?? (exim ? eximRecipientIn(text) : undefined) };
}

/** Exim names the recipient after its delivery flag: "** ann@example.org R=...", "== ann@example.org <ann@...> R=...". */
function eximRecipientIn(text: string): string | undefined {
  let at = text.indexOf(' ** ');
  if (at === -1) at = text.indexOf(' == ');
  if (at === -1) return undefined;
  const start = at + 4;
  let end = text.indexOf(' ', start);
  if (end === -1) end = text.length;
  const address = text.slice(start, end).replace(/^<|>:?$/g, '');
  return address.includes('@') ? address : undefined;
}
