/**
 * Recognizers for one line of a mail log: a number is a code only where the line's format puts a
 * reply or a status there (after `said:`, in `dsn=`, after `reject=` ...). Everything else on the
 * line (PIDs, ports, delays, sizes, addresses, versions) is never looked at as a code.
 */
import { classOf } from './codeSyntax';
import type { CodeToken, Direction, Reply, ReplySource } from './replyTypes';

/** A reply code at a given position (the definition `replyTokensAt` implements by hand): basic code, then optionally an enhanced code (`550 5.1.1`, `550-5.1.1`, qmail `550_5.1.1`). */
export const REPLY_AT = /([2-5][0-5]\d)(?:(?:[ \-_]|\\n)+([245]\.\d{1,3}\.\d{1,3})(?![a-zA-Z0-9]|\.\d))?(?=[\s\-_"',;:)\]<]|\\[rn]|$)/y;
/** An enhanced code alone at a position (`milter-reject: ...: 5.7.1 ...`, `dsn=5.1.1`). */
const ENHANCED_AT = /([245]\.\d{1,3}\.\d{1,3})(?!\w|\.\d)/y;
/** The enhanced code after a reply code: an underscore may follow (qmail writes "451_4.3.0_Try"). */
const ENHANCED_IN_REPLY = /([245]\.\d{1,3}\.\d{1,3})(?![a-zA-Z0-9]|\.\d)/y;
/** A basic and an enhanced code of the same class side by side: a reply wherever it stands. */
const PAIR_ANYWHERE = /(?<![\w.:/?-])([2-5][0-5]\d)[ -]([245]\.\d{1,3}\.\d{1,3})(?!\w|\.\d)/g;

/**
 * Where a reply starts, by log format. Each pattern ends exactly where the code begins.
 * Order matters only for context: the first anchor that yields a code names the source.
 */
interface Anchor {
  source: ReplySource;
  /** Words the line must contain for the pattern to be tried: a fast substring test first. */
  keywords: string[];
  pattern: RegExp;
  direction: Direction;
}

const ANCHORS: Anchor[] = [
  // Postfix smtp/lmtp: "host mx[1.2.3.4] said: 550 5.1.1 ..." (qmail writes "Remote_host_said:_550_...").
  { source: 'postfix-delivery', keywords: ['said:'], pattern: /(?:\b|_)said:[ _]+/g, direction: 'outbound' },
  { source: 'postfix-delivery', keywords: ['refused to talk'], pattern: /\brefused to talk to me:\s+/g, direction: 'outbound' },
  // Postfix smtpd/postscreen/cleanup: "NOQUEUE: reject: RCPT from host[1.2.3.4]:port: 554 5.7.1 ..."
  {
    source: 'postfix-reject',
    keywords: ['reject: ', 'reject_warning: ', 'discard: ', 'hold: ', 'defer: ', 'defer_if_permit: '], pattern: /\b(?:reject|reject_warning|milter-reject|discard|hold|defer(?:_if_permit)?): [A-Z][A-Z-]*(?: [A-Z]+)* from [^\s[]*\[[^\]]*\](?::\d+)?:\s+/g,
    direction: 'inbound',
  },
  // Exim: "SMTP error from remote mail server after RCPT TO:<x>: 550 ...", LMTP likewise.
  { source: 'exim', keywords: ['error'], pattern: /\b(?:SMTP|LMTP) error (?:from remote (?:mail server|MTA) )?after .*?:\s+(?=[2-5][0-5]\d[\s-])/g, direction: 'outbound' },
  // Exim: "login authenticator failed for (helo) [1.2.3.4]:port I=[...]:25: 535 Incorrect authentication data".
  { source: 'exim', keywords: ['authenticator failed'], pattern: /\bauthenticator failed for .*?:\s+(?=[2-5][0-5]\d[\s-])/g, direction: 'inbound' },
  // Exim delivery confirmations: C="250 OK id=..."
  { source: 'exim', keywords: ['C="'], pattern: /\bC="/g, direction: 'outbound' },
  // Sendmail: "reject=550 5.7.1 ...", "stat=Deferred: 452 4.2.2 ...", OpenSMTPD "stat=\"550 5.7.1 ...\"".
  { source: 'sendmail', keywords: ['reject=', 'reply='], pattern: /\b(?:reject|reply)=/g, direction: 'inbound' },
  { source: 'sendmail', keywords: ['stat='], pattern: /\bstat=(?:"|[A-Za-z][\w ]*?(?:: | \())?/g, direction: 'outbound' },
  // Courier: msg="535 Authentication failed.", "error,relay=...,to=<x>: 550 User unknown."
  { source: 'courier', keywords: ['msg="'], pattern: /\bmsg="/g, direction: 'inbound' },
  { source: 'courier', keywords: ['courieresmtpd'], pattern: /\bcourieresmtpd(?:\[\d+\])?: error,.*?:\s+(?=[2-5][0-5]\d\s)/g, direction: 'inbound' },
  // qmail's rblsmtpd: "rblsmtpd: 1.2.3.4 pid 123 zen.spamhaus.org: 451 http://..."
  { source: 'qmail', keywords: ['rblsmtpd'], pattern: /\brblsmtpd: .*?:\s+(?=[2-5][0-5]\d\s)/g, direction: 'inbound' },
  // Exchange protocol logs (CSV): ...,>,535 5.7.3 Authentication unsuccessful,
  { source: 'exchange', keywords: [',>,', ',<,'], pattern: /,[<>],"?/g, direction: 'unknown' },
  // Bounces: "Diagnostic-Code: smtp; 550 ...", Exchange "<mx #5.0.0 smtp; 550 ...>".
  { source: 'dsn', keywords: ['smtp;', 'SMTP;', 'Smtp;'], pattern: /\bsmtp;\s*/gi, direction: 'outbound' },
  // ASSP and other proxies: "after reply: 535 5.7.8 ...", "[SMTP Error] 535 ..."
  { source: 'log', keywords: ['after reply:', '[SMTP Error]'], pattern: /(?:\bafter reply:|\[SMTP Error\])\s+/g, direction: 'unknown' },
  // Exchange NDR text: "Remote Server returned '550 5.1.1 ...'"
  { source: 'dsn', keywords: ["returned '"], pattern: /\breturned '/g, direction: 'outbound' },
];

/** Enhanced codes in key=value fields: Postfix/Sendmail `dsn=5.1.1`; qmail "(#5.1.1)". */
const DSN_FIELD = /\bdsn=([245]\.\d{1,3}\.\d{1,3})(?!\w|\.\d)/g;
const QMAIL_STATUS = /\(#([245]\.\d{1,3}\.\d{1,3})\)/g;
/**
 * Bounds the work on pathological lines (a 1 MB line of numbers): at most this many repeats and
 * stray pairs per line are kept. Real lines hold a handful.
 */
const MAX_PER_LINE = 64;
/** A quick test that a line may hold a code at all. */
export const MAY_HOLD_CODE = /[2-5][0-5]\d|[245]\.\d/;

/** Reads a reply code at `pos`, with its enhanced partner if any. Returns tokens or undefined. */
export function replyTokensAt(text: string, pos: number, line: number): CodeToken[] | undefined {
  // Hand-written for the hot path; same language as REPLY_AT (kept above as its definition).
  const c0 = text.charCodeAt(pos);
  const c1 = text.charCodeAt(pos + 1);
  const c2 = text.charCodeAt(pos + 2);
  if (c0 >= 50 && c0 <= 53 && c1 >= 48 && c1 <= 53 && c2 >= 48 && c2 <= 57) {
    const basic: CodeToken = { kind: 'basic', code: text.slice(pos, pos + 3), line, start: pos, end: pos + 3 };
    // Separators before an enhanced partner: spaces, hyphens, underscores, a literal "\n".
    let p = pos + 3;
    for (;;) {
      const c = text.charCodeAt(p);
      if (c === 32 || c === 45 || c === 95) p++;
      else if (c === 92 && text.charCodeAt(p + 1) === 110) p += 2;
      else break;
    }
    if (p > pos + 3) {
      ENHANCED_IN_REPLY.lastIndex = p;
      const e = ENHANCED_IN_REPLY.exec(text);
      if (e && endsCode(text, p + e[1].length)) return [basic, { kind: 'enhanced', code: e[1], line, start: p, end: p + e[1].length }];
    }
    return endsCode(text, pos + 3) ? [basic] : undefined;
  }
  ENHANCED_AT.lastIndex = pos;
  const e = ENHANCED_AT.exec(text);
  if (e) return [{ kind: 'enhanced', code: e[1], line, start: pos, end: pos + e[1].length }];
  return undefined;
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

/** Compiled repeat patterns per reply ("550 5.7.1"): a handful of distinct replies make up most logs. */
const CONTINUATION_PATTERNS = new Map<string, RegExp>();

/**
 * Finds later repeats of the same reply on one line: a multi-line reply flattened by the logger
 * ("550-5.7.1 ... 550-5.7.1 ... 550 5.7.1 ..."). They belong to the reply already found.
 */
export function continuationTokens(text: string, from: number, line: number, basic: string, enhanced?: string): CodeToken[] {
  const found: CodeToken[] = [];
  const key = `${basic} ${enhanced ?? ''}`;
  let pattern = CONTINUATION_PATTERNS.get(key);
  if (!pattern) {
    pattern = new RegExp(`(?<![\\w.])${basic}(?:([ -])(${enhanced ? enhanced.replace(/\./g, '\\.') : '[245]\\.\\d{1,3}\\.\\d{1,3}'}))?(?=[\\s-]|$)`, 'g');
    if (CONTINUATION_PATTERNS.size > 500) CONTINUATION_PATTERNS.clear();
    CONTINUATION_PATTERNS.set(key, pattern);
  }
  if (!text.includes(basic, from)) return found;
  pattern.lastIndex = from;
  for (let m = pattern.exec(text); m && found.length < MAX_PER_LINE; m = pattern.exec(text)) {
    const isContinuation = text[m.index + 3] === '-' || (m[2] !== undefined && m[2] === enhanced);
    if (!isContinuation) continue;
    found.push({ kind: 'basic', code: basic, line, start: m.index, end: m.index + 3 });
    if (m[2]) {
      const start = m.index + 4;
      found.push({ kind: 'enhanced', code: m[2], line, start, end: start + m[2].length });
    }
  }
  return found;
}

/** Makes a Reply from its tokens; the class is the basic code's when there is one. */
export function makeReply(tokens: CodeToken[], source: ReplySource, direction: Direction): Reply {
  const basic = tokens.find((t) => t.kind === 'basic')?.code;
  const enhanced = tokens.find((t) => t.kind === 'enhanced')?.code;
  return { tokens, basic, enhanced, class: classOf(basic ?? enhanced ?? '5'), source, direction, diagnose: true };
}

function overlaps(tokens: CodeToken[], start: number, end: number): boolean {
  return tokens.some((t) => t.start < end && start < t.end);
}

/** Every anchor keyword in one pass over the line (one regex instead of a substring search per keyword). */
const HINT = new RegExp(
  [...new Set(ANCHORS.flatMap((a) => a.keywords))].map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
  'g',
);
/** For each keyword, the anchors (as bits of their index) it may start. */
const ANCHOR_BITS = new Map<string, number>();
ANCHORS.forEach((anchor, index) => {
  for (const keyword of anchor.keywords) ANCHOR_BITS.set(keyword, (ANCHOR_BITS.get(keyword) ?? 0) | (1 << index));
});

/** Which anchors are worth trying on a line, as a bit set (no allocation on this hot path). */
function anchorsIn(text: string): number {
  let bits = 0;
  HINT.lastIndex = 0;
  for (let m = HINT.exec(text); m; m = HINT.exec(text)) bits |= ANCHOR_BITS.get(m[0]) ?? 0;
  return bits;
}

/**
 * The replies on one log line, in order. At most one per anchor position; pairs anywhere as a
 * fallback. With `lazyContext`, who/what/after-which-command is left for `withContext` to fill in.
 */
export function recognizeLogLine(text: string, line: number, lazyContext = false): Reply[] {
  if (!MAY_HOLD_CODE.test(text)) return [];
  const replies: Reply[] = [];
  const taken: CodeToken[] = [];

  const bits = anchorsIn(text);
  for (let index = 0; bits !== 0 && index < ANCHORS.length; index++) {
    if ((bits & (1 << index)) === 0) continue;
    const anchor = ANCHORS[index];
    anchor.pattern.lastIndex = 0;
    for (let m = anchor.pattern.exec(text); m; m = anchor.pattern.exec(text)) {
      const pos = m.index + m[0].length;
      if (m[0].length === 0) anchor.pattern.lastIndex++;
      const tokens = replyTokensAt(text, pos, line);
      if (!tokens || overlaps(taken, pos, tokens[tokens.length - 1].end)) continue;
      const reply = makeReply(tokens, anchor.source, anchor.direction);
      if (reply.basic) {
        for (const extra of continuationTokens(text, tokens[tokens.length - 1].end, line, reply.basic, reply.enhanced)) {
          if (!overlaps(taken, extra.start, extra.end)) tokens.push(extra);
        }
      }
      for (const token of tokens) taken.push(token);
      replies.push(reply);
    }
  }

  PAIR_ANYWHERE.lastIndex = 0;
  let pairs = 0;
  for (let m = PAIR_ANYWHERE.exec(text); m && pairs < MAX_PER_LINE; m = PAIR_ANYWHERE.exec(text)) {
    if (m[1][0] !== m[2][0] || overlaps(taken, m.index, m.index + m[0].length)) continue;
    // The same pair again is a repeat of a reply already found, not a new one.
    if (replies.some((r) => r.basic === m![1] && r.enhanced === m![2])) continue;
    const tokens = replyTokensAt(text, m.index, line);
    if (!tokens) continue;
    pairs++;
    for (const token of tokens) taken.push(token);
    replies.push(makeReply(tokens, 'log', 'unknown'));
  }

  attachStatusFields(text, line, replies, taken);
  if (replies.length > 0) {
    if (lazyContext) for (const reply of replies) reply.pendingContext = text;
    else describeLine(text, replies);
  }
  return replies.sort((a, b) => a.tokens[0].start - b.tokens[0].start);
}

/** `dsn=5.1.1` and qmail `(#5.1.1)`: part of the line's reply when there is one, else a reply of their own. */
function attachStatusFields(text: string, line: number, replies: Reply[], taken: CodeToken[]): void {
  for (const pattern of [DSN_FIELD, QMAIL_STATUS]) {
    if (!text.includes(pattern === DSN_FIELD ? 'dsn=' : '(#')) continue;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      const start = m.index + m[0].indexOf(m[1]);
      if (overlaps(taken, start, start + m[1].length)) continue;
      const token: CodeToken = { kind: 'enhanced', code: m[1], line, start, end: start + m[1].length };
      taken.push(token);
      // One delivery line reports one failure, whatever the classes say.
      const owner = replies[0];
      if (owner) {
        // The status field comes first on a Postfix line: it is where the one diagnostic goes.
        owner.tokens.unshift(token);
        owner.enhanced ??= token.code;
      } else {
        replies.push(makeReply([token], pattern === DSN_FIELD ? 'postfix-delivery' : 'qmail', 'outbound'));
      }
    }
  }
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
const IN_REPLY_TO = /\(in reply to (.+?) command\)/;
const SAID_BY = /\bhost (\S+?\[[^\]]*\])(?: said| refused)/;
const RELAY = /\brelay=([^,\s]+)/;
const CLIENT = /\bfrom (\S*?\[[^\]]*\])(?::\d+)?:/;
const STAGE = /\b(?:reject|reject_warning|milter-reject|discard|hold|defer(?:_if_permit)?): ([A-Z][A-Z-]*(?: [A-Z]+)*) from/;
const STATUS = /\bstatus=([a-z]+)/;
const SENDMAIL_STAT = /\bstat=([A-Za-z]+)/;
const RECIPIENT = /\bto=<([^>]*)>/;
const EXIM_AFTER = /error (?:from remote (?:mail server|MTA) )?after (.+?)(?::<[^>]*>)?(?: [A-Z]+=\S+)*:\s+[2-5]\d\d/;
const EXIM_HOST = /\bH=(\S+(?: \([^)]*\))? \[[^\]]+\])/;
const SENDMAIL_RULESET = /\bruleset=check_(\w+)/;

/** Fills in direction, peer, command, status and recipient from the rest of the line. */
function describeLine(text: string, replies: Reply[]): void {
  const program = text.includes('postfix') ? POSTFIX_PROGRAM.exec(text)?.[1] : undefined;
  let direction: Direction | undefined;
  if (program) direction = OUTBOUND_PROGRAMS.has(program) ? 'outbound' : 'inbound';
  else if (/,>,/.test(text)) direction = 'inbound';
  else if (/,<,/.test(text)) direction = 'outbound';

  let command = text.includes('in reply to') ? IN_REPLY_TO.exec(text)?.[1] : undefined;
  let peer = text.includes('host ') ? SAID_BY.exec(text)?.[1] : undefined;
  const stage = text.includes(' from ') ? STAGE.exec(text)?.[1] : undefined;
  if (stage) {
    command = stage === 'END-OF-MESSAGE' ? 'end of DATA' : stage;
    peer = CLIENT.exec(text)?.[1] ?? peer;
  }
  const exim = text.includes('error') ? EXIM_AFTER.exec(text) : null;
  if (exim) {
    command = exim[1];
    peer = EXIM_HOST.exec(text)?.[1] ?? peer;
  }
  const ruleset = text.includes('ruleset=') ? SENDMAIL_RULESET.exec(text)?.[1] : undefined;
  if (ruleset) command = { rcpt: 'RCPT TO', mail: 'MAIL FROM', relay: 'connection', eoh: 'end of headers', data: 'DATA' }[ruleset] ?? ruleset;
  if (text.includes('authenticator failed') || text.includes('cmd: AUTH')) command = 'AUTH';
  if (peer === undefined && text.includes('relay=')) peer = RELAY.exec(text)?.[1];
  const status = (text.includes('status=') ? STATUS.exec(text)?.[1] : undefined) ?? (text.includes('stat=') ? SENDMAIL_STAT.exec(text)?.[1]?.toLowerCase() : undefined) ?? (stage ? 'reject' : undefined);
  const recipient = text.includes('to=<') ? RECIPIENT.exec(text)?.[1] : undefined;

  for (const reply of replies) {
    if (direction) reply.direction = direction;
    if (reply.source === 'sendmail' && /\brelay=/.test(text) && /\bstat=/.test(text) && !/\breject=/.test(text)) reply.direction = 'outbound';
    reply.command ??= command;
    reply.peer ??= peer;
    reply.status ??= status;
    reply.recipient ??= recipient;
  }
}
