/**
 * Counts failures as they stream by: by class and code, by remote host or recipient domain, and
 * by reason (the reply text with addresses and numbers blanked). Memory grows with the number of
 * distinct keys, not with the input; the maps are pruned when they get large.
 */
import type { Catalog } from './catalog';
import { scanChunk, type LineRun } from './chunkScanner';
import { isFailure } from './codeSyntax';
import type { ScanMode } from './documentScanner';
import { peerAndRecipientOf } from './logRecognizers';
import { providersIn, textTellingProvider } from './providerMarkers';
import type { Reply } from './replyTypes';
import type { TranscriptCarry } from './transcript';
import { isSpace, wordsOf, wordsRange } from './replyWords';

const MAX_KEYS = 20000;

/** `\w`: [A-Za-z0-9_]. */
function isWord(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
const isDigit = (c: number) => c >= 48 && c <= 57;
const isAddressCharacter = (c: number) => (c >= 48 && c <= 58) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102) || c === 46;

/**
 * The end of an email address `\b[\w.+-]+@[\w.-]+\b` starting at `i` (a word boundary); on no
 * match, -1 - (where the run of `[\w.+-]` from `i` ends): no boundary inside that run starts an
 * address either (its run ends at the same place), so the caller skips to it. The domain gives
 * back characters until a word boundary ends it, as the pattern backtracks.
 */
function emailEnd(text: string, i: number, end: number): number {
  let p = i;
  for (let c = text.charCodeAt(p); p < end && (isWord(c) || c === 46 || c === 43 || c === 45); c = text.charCodeAt(++p));
  if (p === i || p >= end || text.charCodeAt(p) !== 64) return -1 - p;
  const domain = p + 1;
  let q = domain;
  for (let c = text.charCodeAt(q); q < end && (isWord(c) || c === 46 || c === 45); c = text.charCodeAt(++q));
  const wordAt = (k: number) => k < end && isWord(text.charCodeAt(k));
  for (; q > domain; q--) if (isWord(text.charCodeAt(q - 1)) !== wordAt(q)) return q;
  return -1 - p;
}

/**
 * Text [start, end) with its variable parts blanked, so that alike reasons group: `<...>`,
 * bracketed addresses, email addresses, numbers and ids, and runs of white space made one space.
 * Written out by hand for the disk scan's hot path; its definition, one regular expression over
 * all of them, is checked against it in the tests.
 */
function blankRange(text: string, start: number, end: number): string {
  const hasAt = text.indexOf('@', start) !== -1 && text.indexOf('@', start) < end;
  let out = '';
  let copied = start;
  let i = start;
  // Where earlier failed attempts leave nothing to find: each attempt is then made once, not once
  // per character (a 50 KB run of "a.a.a..." or of "<" took seconds).
  let noEmailBefore = start;
  let noCloseAfter = false;
  while (i < end) {
    const c = text.charCodeAt(i);
    let partEnd = -1;
    let replacement = '';
    if (c === 60) {
      const close = noCloseAfter ? -1 : text.indexOf('>', i + 1);
      if (close !== -1 && close < end) {
        partEnd = close + 1;
        replacement = '<…>';
      } else {
        noCloseAfter = true;
      }
    } else if (c === 91) {
      let p = i + 1;
      while (p < end && isAddressCharacter(text.charCodeAt(p))) p++;
      if (p > i + 1 && p < end && text.charCodeAt(p) === 93) {
        partEnd = p + 1;
        replacement = '[…]';
      }
    } else if (isSpace(c)) {
      let p = i + 1;
      while (p < end && isSpace(text.charCodeAt(p))) p++;
      // A single plain space stays as it is.
      if (p > i + 1 || c !== 32) {
        partEnd = p;
        replacement = ' ';
      }
    } else if (isWord(c) !== (i > start && isWord(text.charCodeAt(i - 1)))) {
      // At a word boundary: an email address, else a number or id.
      if (hasAt && i >= noEmailBefore && (isWord(c) || c === 46 || c === 43 || c === 45)) {
        const found = emailEnd(text, i, end);
        if (found >= 0) {
          partEnd = found;
          replacement = '…@…';
        } else {
          noEmailBefore = -1 - found;
        }
      }
      if (partEnd === -1 && isDigit(c)) {
        let p = i + 1;
        for (let d = text.charCodeAt(p); p < end && (isWord(d) || d === 46 || d === 45); d = text.charCodeAt(++p));
        partEnd = p;
        replacement = 'N';
      }
    }
    if (partEnd === -1) {
      i++;
      continue;
    }
    out += text.slice(copied, i) + replacement;
    i = copied = partEnd;
  }
  return copied === start ? text.slice(start, end) : out + text.slice(copied, end);
}

/** A reason with its variable parts blanked, so that alike reasons group. */
export function blankVariableParts(reason: string): string {
  return blankRange(reason, 0, reason.length);
}

export interface TallyRow {
  key: string;
  count: number;
}

/** Between a code key and the provider whose meaning applies ("535 5.7.3" + "Microsoft Exchange"). */
const PROVIDER_MARK = '\u0000';

export interface TallySummary {
  replies: number;
  permanent: number;
  temporary: number;
  success: number;
  /** Failures of our own mail, refused or deferred by remote servers. */
  outbound: number;
  /** Failures this system gave its clients: rejected or deferred senders and logins. */
  inbound: number;
  /** By codes; `provider` when the codes were read the way that provider uses them (Gmail's 5.7.27). */
  byCode: Array<TallyRow & { class: string; title: string; provider?: string }>;
  /** The remote servers that refused our mail (outbound). */
  topServers: TallyRow[];
  /** The clients this system refused (inbound). */
  topClients: TallyRow[];
  /** Hosts on failures whose direction the log does not tell. */
  topOtherHosts: TallyRow[];
  /** Recipient domains of our mail that failed (outbound, or direction not told). */
  topDomains: TallyRow[];
  topReasons: TallyRow[];
  /**
   * More than MAX_KEYS distinct hosts, domains or reasons were seen, so the half seen least were
   * dropped (more than once, maybe): the top lists are close, not exact, and may differ a little with the number of
   * threads. The totals by class are always exact.
   */
  approximate: boolean;
}

/**
 * What a tally has counted, as plain data: what a scan of one part of a file sends back from a
 * worker thread (structured clone) to be merged.
 */
export interface TallyCounts {
  replies: number;
  permanent: number;
  temporary: number;
  success: number;
  outbound: number;
  inbound: number;
  byCode: Array<[string, number]>;
  servers: Array<[string, number]>;
  clients: Array<[string, number]>;
  otherHosts: Array<[string, number]>;
  domains: Array<[string, number]>;
  reasons: Array<[string, number]>;
  approximate: boolean;
}

/**
 * Counts `key` in `map`; true when the map had to drop keys to stay small. It then drops the half
 * seen least (the older first among equals), so that room is left: dropping only keys seen once
 * left none once every key had been seen twice, and a new key, however frequent later, was
 * dropped as soon as it came (with a walk over the whole map each time).
 */
function bump(map: Map<string, number>, key: string | undefined, by = 1): boolean {
  if (!key) return false;
  map.set(key, (map.get(key) ?? 0) + by);
  if (map.size <= MAX_KEYS) return false;
  const leastFirst = [...map].sort((a, b) => a[1] - b[1]); // stable: insertion order among equals
  for (let i = 0; i < leastFirst.length / 2; i++) map.delete(leastFirst[i][0]);
  return true;
}

/**
 * "mx.example.net[192.0.2.1]" → "mx.example.net": the host's name without its address. A client
 * without a name (Postfix writes "unknown[192.0.2.1]") is told by its address instead.
 */
function hostOf(peer: string | undefined): string | undefined {
  if (peer === undefined) return undefined;
  const bracket = peer.indexOf('[');
  // Sendmail writes names fully qualified ("mx.example.net."): the same host as without the dot.
  if (bracket < 0) return peer.endsWith('.') ? peer.slice(0, -1) || undefined : peer;
  let name = peer.slice(0, bracket).trimEnd();
  if (name.endsWith('.')) name = name.slice(0, -1);
  if (name !== '' && name !== 'unknown') return name;
  const close = peer.indexOf(']', bracket);
  return close > bracket + 1 ? peer.slice(bracket + 1, close) : name || undefined;
}

/**
 * "550 5.1.1": the key a failure is counted under by code. Made once per pair of codes; the codes
 * themselves are shared strings (`logRecognizers.ts`), so finding the key hashes nothing new.
 */
const CODE_KEYS = new Map<string, Map<string | undefined, string>>();
function codeKeyOf(basic: string | undefined, enhanced: string | undefined): string | undefined {
  if (basic === undefined) return enhanced;
  let byEnhanced = CODE_KEYS.get(basic);
  if (byEnhanced === undefined) CODE_KEYS.set(basic, (byEnhanced = new Map()));
  let key = byEnhanced.get(enhanced);
  if (key === undefined) {
    key = enhanced ? `${basic} ${enhanced}` : basic;
    if (byEnhanced.size < 1000) byEnhanced.set(enhanced, key);
  }
  return key;
}

function topOf(map: Map<string, number>, n: number): TallyRow[] {
  return [...map].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, n).map(([key, count]) => ({ key, count }));
}

export class FailureTally {
  private replies = 0;
  private permanent = 0;
  private temporary = 0;
  private success = 0;
  private outbound = 0;
  private inbound = 0;
  private readonly byCode = new Map<string, number>();
  private readonly servers = new Map<string, number>();
  private readonly clients = new Map<string, number>();
  private readonly otherHosts = new Map<string, number>();
  private readonly domains = new Map<string, number>();
  private readonly reasons = new Map<string, number>();
  private approximate = false;

  /**
   * `reusedBy`: registered codes a provider uses its own way, and which (`Catalog.reusedCodes`):
   * a failure with one of them is counted under that provider's meaning when its line carries
   * the provider's marks. Without it, every code is counted under the registry's meaning.
   */
  constructor(private readonly reusedBy: ReadonlyMap<string, string> = new Map()) {}

  /** `reusedBy` as plain data, for a worker thread's own tally. */
  reusedCodes(): Array<[string, string]> {
    return [...this.reusedBy];
  }

  /**
   * Adds the failures of a run of lines (a chunk of a log read from disk); `onFailure` sees each
   * with the text of its line. A transcript's run goes on from `carry`, where the run before it
   * left the session; what it returns is where this one leaves it.
   */
  addRun(run: LineRun, mode: ScanMode, onFailure?: (reply: Reply, text: string) => void, carry?: TranscriptCarry): TranscriptCarry | undefined {
    const scan = scanChunk(run, mode, 0, carry);
    for (const reply of scan.replies) {
      if (!reply.diagnose || !isFailure(reply.class)) continue;
      // A log reply still holds the line it was read from: no need to decode that line again.
      const text = reply.pendingContext ?? run.lineAt(reply.tokens[0].line);
      this.add(reply, text);
      onFailure?.(reply, text);
    }
    return scan.carry;
  }

  /** The reply's words (`replyWords.ts`) with addresses, numbers and ids blanked so that alike reasons group. */
  reasonOf(reply: Reply, text: string): string {
    let blanked: string;
    if (reply.words !== undefined) blanked = blankVariableParts(reply.words);
    else {
      const range = wordsRange(reply, text);
      blanked = range.skips.length === 0 ? blankRange(text, range.start, range.end) : blankVariableParts(wordsOf(text, range));
    }
    const reason = blanked.trim();
    if (reason.length <= 100) return reason;
    // Not between the two halves of a surrogate pair (an emoji).
    const cut = reason.charCodeAt(99) >= 0xd800 && reason.charCodeAt(99) <= 0xdbff ? 99 : 100;
    return reason.slice(0, cut) + '…';
  }

  add(reply: Reply, text: string): void {
    this.replies++;
    if (reply.class === 'success' || reply.class === 'intermediate') {
      this.success++;
      return;
    }
    if (reply.class === 'permanent') this.permanent++;
    else this.temporary++;
    let codeKey = codeKeyOf(reply.basic, reply.enhanced);
    const { peer, recipient } = peerAndRecipientOf(reply);
    const direction = reply.direction;
    // Read the provider's way only where the provider wrote the reply (`textTellingProvider`).
    const reusedBy = reply.enhanced === undefined ? undefined : this.reusedBy.get(reply.enhanced);
    if (reusedBy !== undefined && providersIn(textTellingProvider(reply, text)).includes(reusedBy)) codeKey += PROVIDER_MARK + reusedBy;
    if (bump(this.byCode, codeKey)) this.approximate = true;
    if (direction === 'outbound') this.outbound++;
    else if (direction === 'inbound') this.inbound++;
    const hosts = direction === 'outbound' ? this.servers : direction === 'inbound' ? this.clients : this.otherHosts;
    if (bump(hosts, hostOf(peer))) this.approximate = true;
    // Recipient domains tell where our mail failed to go; an inbound rejection's are our own.
    const at = direction === 'inbound' ? -1 : (recipient?.lastIndexOf('@') ?? -1);
    if (bump(this.domains, at >= 0 ? recipient!.slice(at + 1).toLowerCase() : undefined)) this.approximate = true;
    if (bump(this.reasons, this.reasonOf(reply, text) || undefined)) this.approximate = true;
  }

  counts(): TallyCounts {
    return {
      replies: this.replies,
      permanent: this.permanent,
      temporary: this.temporary,
      success: this.success,
      outbound: this.outbound,
      inbound: this.inbound,
      byCode: [...this.byCode],
      servers: [...this.servers],
      clients: [...this.clients],
      otherHosts: [...this.otherHosts],
      domains: [...this.domains],
      reasons: [...this.reasons],
      approximate: this.approximate,
    };
  }

  /** Adds what another tally counted (another part of the same file, scanned apart). */
  merge(counts: TallyCounts): void {
    this.replies += counts.replies;
    this.permanent += counts.permanent;
    this.temporary += counts.temporary;
    this.success += counts.success;
    this.outbound += counts.outbound;
    this.inbound += counts.inbound;
    if (counts.approximate) this.approximate = true;
    for (const map of ['byCode', 'servers', 'clients', 'otherHosts', 'domains', 'reasons'] as const) {
      for (const [key, count] of counts[map]) if (bump(this[map], key, count)) this.approximate = true;
    }
  }

  summary(catalog: Catalog, top: number): TallySummary {
    return {
      replies: this.replies,
      permanent: this.permanent,
      temporary: this.temporary,
      success: this.success,
      outbound: this.outbound,
      inbound: this.inbound,
      byCode: topOf(this.byCode, Number.MAX_SAFE_INTEGER).map((row) => {
        const [key, provider] = row.key.split(PROVIDER_MARK);
        const info = catalog.lookup(key.split(' ').pop()!);
        const use = provider !== undefined && info?.providerUse?.provider === provider ? info.providerUse : undefined;
        return { key, count: row.count, class: info?.class ?? 'unknown', title: use?.title ?? info?.title ?? '', ...(use ? { provider } : {}) };
      }),
      topServers: topOf(this.servers, top),
      topClients: topOf(this.clients, top),
      topOtherHosts: topOf(this.otherHosts, top),
      topDomains: topOf(this.domains, top),
      topReasons: topOf(this.reasons, top),
      approximate: this.approximate,
    };
  }

  /** A readable report for a terminal. `unread`: files that could not be read (said apart, on stderr), not counted as scanned. */
  format(summary: TallySummary, files: number, lines: number, unread = 0): string {
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    const scanned = `Scanned ${plural(files, 'file')}${unread > 0 ? ` (${unread} more could not be read)` : ''}`;
    const out = [`${scanned}, ${plural(lines, 'line')}: ${summary.permanent} permanent, ${summary.temporary} temporary failures.`];
    const other = summary.permanent + summary.temporary - summary.outbound - summary.inbound;
    if (summary.outbound > 0) out.push(`  ${summary.outbound} outbound: remote servers refused or deferred our mail.`);
    if (summary.inbound > 0) out.push(`  ${summary.inbound} inbound: this system refused or deferred its clients.`);
    if (other > 0 && other < summary.permanent + summary.temporary) out.push(`  ${other} the log does not say which way.`);
    const section = (title: string, rows: Array<{ key: string; count: number; title?: string }>) => {
      if (rows.length === 0) return;
      out.push('', title);
      for (const row of rows) out.push(`  ${String(row.count).padStart(8)}  ${row.key}${row.title ? `  ${row.title}` : ''}`);
    };
    section('Failures by code:', summary.byCode);
    section('Top remote servers (our mail they refused or deferred):', summary.topServers);
    section('Top clients (refused or deferred here):', summary.topClients);
    section('Top other hosts (direction not in the log):', summary.topOtherHosts);
    section('Top recipient domains (of our mail that failed):', summary.topDomains);
    section('Top reasons:', summary.topReasons);
    if (summary.approximate) out.push('', `(Over ${MAX_KEYS} distinct hosts, domains or reasons: those seen least were dropped as the scan went, so the top lists are close, not exact.)`);
    return out.join('\n');
  }
}
