/**
 * Lookup tables: Postfix access maps (hash, cidr, regexp and pcre) and header/body checks, other
 * Postfix tables (transport, virtual, ...), and Sendmail's access database source, which shares
 * the file name `access`. The dialect is told by content: Sendmail's tag prefixes (`Connect:`,
 * `From:`, `To:` ...) and `ERROR:` values exist only there.
 */
import type { LineSource } from '../documentScanner';
import { analyzeAction, isAccessAction, isSendmailAction, type ActionContext } from './accessActions';
import type { ConfigCollector } from './collector';
import type { LogicalLine } from './configTypes';
import { postfixLogicalLines } from './logicalLines';

/** Sendmail access database tags (cf/README, "The access database"), glued to their key: `From:spammer.example`. */
const SENDMAIL_TAG = /^(?:Connect|From|To|Spam|GreetPause|ClientRate|ClientConn|Srv_Features|Cl_Features|Try_TLS|TLS_Clt|TLS_Srv|TLS_Rcpt|CERTISSUER|CERTSUBJECT|AuthInfo|QGRP|Compat|Mail|Rcpt):(?=\S)/i;

export interface TableEntry {
  logical: LogicalLine;
  key: string;
  /** Where the value (right-hand side) starts in the logical line. */
  value: number;
  regexp: boolean;
}

/**
 * What a table's entries say of the whole table: whether it is Sendmail's access database, and
 * whether it is an access table at all (it decides how every entry's value reads). A large table
 * is read in parts: each part tells its own, and the table is what any part is.
 */
export interface TableKind {
  sendmail: boolean;
  accessLike: boolean;
}

/** A lookup table's entries (continuations joined), and what they say of the table. */
export function readTableEntries(lines: LineSource): { entries: TableEntry[]; kind: TableKind } {
  const entries: TableEntry[] = [];
  for (const logical of postfixLogicalLines(lines)) {
    const entry = parseEntry(logical);
    if (entry) entries.push(entry);
  }
  const valueOf = (e: TableEntry) => e.logical.text.slice(e.value);
  const sendmail = entries.some((e) => SENDMAIL_TAG.test(e.key) || isSendmailAction(valueOf(e)));
  const accessLike = sendmail || entries.some((e) => isAccessAction(valueOf(e)));
  return { entries, kind: { sendmail, accessLike } };
}

/** Reads a table's entries as parts of a table of `kind` (`readTableEntries`). */
export function analyzeTableEntries(entries: readonly TableEntry[], kind: TableKind, out: ConfigCollector): void {
  const { sendmail, accessLike } = kind;
  const label = sendmail ? 'configured in the Sendmail access database' : accessLike ? 'configured in an access table' : 'configured in a lookup table';
  for (const entry of entries) {
    const context: ActionContext = { dialect: sendmail ? 'sendmail' : 'postfix', regexp: entry.regexp, accessLike, label };
    analyzeAction(out, entry.logical, entry.value, context);
  }
}

/** Reads a lookup table document. */
export function analyzePostfixTable(lines: LineSource, out: ConfigCollector): void {
  const { entries, kind } = readTableEntries(lines);
  analyzeTableEntries(entries, kind, out);
}

/** `key value`, `/pattern/flags value` or `!/pattern/ value`; undefined for `if`/`endif` and entries without a value. */
function parseEntry(logical: LogicalLine): TableEntry | undefined {
  const text = logical.text;
  if (/^(?:if\s+!?\/|endif\b)/i.test(text)) return undefined;
  if (text[0] === '/' || text.startsWith('!/')) {
    let i = text.indexOf('/') + 1;
    while (i < text.length && text[i] !== '/') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) return undefined;
    const after = /^\/[A-Za-z]*\s+/.exec(text.slice(i));
    if (!after) return undefined;
    return { logical, key: text.slice(0, i + 1), value: i + after[0].length, regexp: true };
  }
  const key = /^(\S+)\s+/.exec(text);
  if (!key) return undefined;
  return { logical, key: key[1], value: key[0].length, regexp: false };
}
