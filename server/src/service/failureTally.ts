/**
 * Counts failures as they stream by: by class and code, by remote host or recipient domain, and
 * by reason (the reply text with addresses and numbers blanked). Memory grows with the number of
 * distinct keys, not with the input; the maps are pruned when they get large.
 */
import type { Catalog } from './catalog';
import { scanChunkFailures, type LineRun } from './chunkScanner';
import { isFailure } from './codeSyntax';
import type { ScanMode } from './documentScanner';
import { peerAndRecipientOf } from './logRecognizers';
import type { Reply } from './replyTypes';

const MAX_KEYS = 20000;

/** What precedes the reply text: separators after the code. */
const REASON_LEAD = /^[\s\-_:"']+/;
/** Where the reply text ends and the log's own words start again. */
const REASON_END = /\s*\(in reply to |";|; from=|\s*\(#\d|\)\)?$/;
/**
 * Addresses in brackets, IPs, email addresses, numbers and ids. Runs of white space become one
 * space in a second pass, with a plain replacement: no other part starts with white space, and
 * only `<...>` may hold some, so two passes give what one pass over all of them would.
 */
const VARIABLE_PARTS = /<[^>]*>|\[[0-9a-fA-F.:]+\]|\b[\w.+-]+@[\w.-]+\b|\b\d[\w.-]*/g;
/** The same for a reason without "@": no email address to try for at every word. */
const VARIABLE_PARTS_NO_AT = /<[^>]*>|\[[0-9a-fA-F.:]+\]|\b\d[\w.-]*/g;
const SPACES = /\s+/g;

function blank(part: string): string {
  const c = part.charCodeAt(0);
  if (c === 60) return '<…>';
  if (c === 91) return '[…]';
  return part.includes('@') ? '…@…' : 'N';
}

/** A reason with its variable parts blanked, so that alike reasons group. */
export function blankVariableParts(reason: string): string {
  return reason.replace(reason.includes('@') ? VARIABLE_PARTS : VARIABLE_PARTS_NO_AT, blank).replace(SPACES, ' ');
}

export interface TallyRow {
  key: string;
  count: number;
}

export interface TallySummary {
  replies: number;
  permanent: number;
  temporary: number;
  success: number;
  byCode: Array<TallyRow & { class: string; title: string }>;
  topHosts: TallyRow[];
  topDomains: TallyRow[];
  topReasons: TallyRow[];
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
  byCode: Array<[string, number]>;
  hosts: Array<[string, number]>;
  domains: Array<[string, number]>;
  reasons: Array<[string, number]>;
}

function bump(map: Map<string, number>, key: string | undefined, by = 1): void {
  if (!key) return;
  map.set(key, (map.get(key) ?? 0) + by);
  if (map.size > MAX_KEYS) {
    // Keep the heavy hitters: drop every key seen once.
    for (const [k, v] of map) if (v <= 1) map.delete(k);
  }
}

/**
 * "mx.example.net[192.0.2.1]" → "mx.example.net": the host's name without its address. A client
 * without a name (Postfix writes "unknown[192.0.2.1]") is told by its address instead.
 */
function hostOf(peer: string | undefined): string | undefined {
  if (peer === undefined) return undefined;
  const bracket = peer.indexOf('[');
  if (bracket < 0) return peer;
  const name = peer.slice(0, bracket).trimEnd();
  if (name !== '' && name !== 'unknown') return name;
  const close = peer.indexOf(']', bracket);
  return close > bracket + 1 ? peer.slice(bracket + 1, close) : name || undefined;
}

function topOf(map: Map<string, number>, n: number): TallyRow[] {
  return [...map].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, n).map(([key, count]) => ({ key, count }));
}

export class FailureTally {
  private replies = 0;
  private permanent = 0;
  private temporary = 0;
  private success = 0;
  private readonly byCode = new Map<string, number>();
  private readonly hosts = new Map<string, number>();
  private readonly domains = new Map<string, number>();
  private readonly reasons = new Map<string, number>();

  /**
   * Adds the failures of a run of lines (a chunk of a log read from disk); `onFailure` sees each
   * with the text of its line.
   */
  addRun(run: LineRun, mode: ScanMode, onFailure?: (reply: Reply, text: string) => void): void {
    for (const reply of scanChunkFailures(run, mode)) {
      if (!reply.diagnose || !isFailure(reply.class)) continue;
      const text = run.lineAt(reply.tokens[0].line);
      this.add(reply, text);
      onFailure?.(reply, text);
    }
  }

  /** The reply's text after its codes, with addresses, numbers and ids blanked so that alike reasons group. */
  reasonOf(reply: Reply, text: string): string {
    const line = reply.tokens[0].line;
    let last = 0;
    for (const token of reply.tokens) if (token.line === line && token.end > last) last = token.end;
    let reason = text.slice(last).replace(REASON_LEAD, '');
    const end = reason.search(REASON_END);
    if (end >= 0) reason = reason.slice(0, end);
    reason = blankVariableParts(reason).trim();
    return reason.length > 100 ? reason.slice(0, 100) + '…' : reason;
  }

  add(reply: Reply, text: string): void {
    this.replies++;
    if (reply.class === 'success' || reply.class === 'intermediate') {
      this.success++;
      return;
    }
    if (reply.class === 'permanent') this.permanent++;
    else this.temporary++;
    bump(this.byCode, reply.basic && reply.enhanced ? `${reply.basic} ${reply.enhanced}` : (reply.basic ?? reply.enhanced));
    const { peer, recipient } = peerAndRecipientOf(reply);
    bump(this.hosts, hostOf(peer));
    const at = recipient?.lastIndexOf('@') ?? -1;
    bump(this.domains, at >= 0 ? recipient!.slice(at + 1).toLowerCase() : undefined);
    bump(this.reasons, this.reasonOf(reply, text) || undefined);
  }

  counts(): TallyCounts {
    return {
      replies: this.replies,
      permanent: this.permanent,
      temporary: this.temporary,
      success: this.success,
      byCode: [...this.byCode],
      hosts: [...this.hosts],
      domains: [...this.domains],
      reasons: [...this.reasons],
    };
  }

  /** Adds what another tally counted (another part of the same file, scanned apart). */
  merge(counts: TallyCounts): void {
    this.replies += counts.replies;
    this.permanent += counts.permanent;
    this.temporary += counts.temporary;
    this.success += counts.success;
    for (const [key, count] of counts.byCode) bump(this.byCode, key, count);
    for (const [key, count] of counts.hosts) bump(this.hosts, key, count);
    for (const [key, count] of counts.domains) bump(this.domains, key, count);
    for (const [key, count] of counts.reasons) bump(this.reasons, key, count);
  }

  summary(catalog: Catalog, top: number): TallySummary {
    return {
      replies: this.replies,
      permanent: this.permanent,
      temporary: this.temporary,
      success: this.success,
      byCode: topOf(this.byCode, Number.MAX_SAFE_INTEGER).map((row) => {
        const primary = row.key.split(' ').pop()!;
        const info = catalog.lookup(primary);
        return { ...row, class: info?.class ?? 'unknown', title: info?.title ?? '' };
      }),
      topHosts: topOf(this.hosts, top),
      topDomains: topOf(this.domains, top),
      topReasons: topOf(this.reasons, top),
    };
  }

  /** A readable report for a terminal. */
  format(summary: TallySummary, files: string[], lines: number): string {
    const out = [`Scanned ${files.length} file${files.length === 1 ? '' : 's'}, ${lines} lines: ${summary.permanent} permanent, ${summary.temporary} temporary failures.`];
    const section = (title: string, rows: Array<{ key: string; count: number; title?: string }>) => {
      if (rows.length === 0) return;
      out.push('', title);
      for (const row of rows) out.push(`  ${String(row.count).padStart(8)}  ${row.key}${row.title ? `  ${row.title}` : ''}`);
    };
    section('Failures by code:', summary.byCode);
    section('Top remote hosts / clients:', summary.topHosts);
    section('Top recipient domains:', summary.topDomains);
    section('Top reasons:', summary.topReasons);
    return out.join('\n');
  }
}
