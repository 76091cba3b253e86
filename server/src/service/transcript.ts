/**
 * SMTP session transcripts in every common style: `S:`/`C:`, swaks arrows, Exim's `<<<`/`>>>`,
 * smtplib's `send:`/`reply:`, Postfix bounce `In:`/`Out:`, and bare telnet sessions.
 */
import { laterEnhanced, makeReply, quotedReplyAfter, replyTokensAt } from './logRecognizers';
import type { Reply } from './replyTypes';

export type Role = 'server' | 'client' | 'other';

/** A line's direction prefix and where its payload starts. */
export interface TranscriptLine {
  role: Role;
  /** Column where the reply or command starts. */
  payload: number;
  /** Whether a prefix was present (bare lines are only trusted in transcript documents). */
  prefixed: boolean;
}

// `???` lines are the Exim harness's expected patterns, never replies: matched first and kept 'other'.
const PREFIX = /^\s*(\?{3,}|S:|C:|<-|->|<~|~>|<\*\*|\*\*>|===|<<<|>>>|Out:|In:|reply:|send:)[ \t]*(?:b?(["']))?/;
const SERVER_PREFIXES = new Set(['S:', '<-', '<~', '<**', '<<<', 'Out:', 'reply:']);
const CLIENT_PREFIXES = new Set(['C:', '->', '~>', '**>', '>>>', 'In:', 'send:']);
const COMMAND = /^(EHLO|HELO|LHLO|MAIL FROM|RCPT TO|DATA|BDAT|RSET|VRFY|EXPN|HELP|NOOP|QUIT|STARTTLS|AUTH|ETRN|ATRN|XCLIENT|XFORWARD|TURN)\b/i;
const SMTPLIB_RETCODE = /^reply: retcode \((\d{3})\)/;

/** Classifies a line by its prefix; bare lines are guessed from their first word. */
export function classifyTranscriptLine(text: string): TranscriptLine {
  const m = PREFIX.exec(text);
  if (m) {
    const prefix = m[1];
    const role: Role = SERVER_PREFIXES.has(prefix) ? 'server' : CLIENT_PREFIXES.has(prefix) ? 'client' : 'other';
    return { role, payload: m[0].length, prefixed: true };
  }
  const start = text.length - text.trimStart().length;
  if (/^[2-5][0-5]\d(?:[ -]|$)/.test(text.slice(start))) return { role: 'server', payload: start, prefixed: false };
  if (COMMAND.test(text.slice(start))) return { role: 'client', payload: start, prefixed: false };
  return { role: 'other', payload: start, prefixed: false };
}

/** The command word(s) a client line sends, as named in context ("RCPT TO", "end of DATA"). */
function commandName(payload: string): string | undefined {
  const m = COMMAND.exec(payload);
  return m ? m[1].toUpperCase() : undefined;
}

/**
 * What a session's reading carries from one run of lines to the next: which commands await their
 * replies and whether message content is being read. A transcript read in chunks (a large one in
 * the editor, or from disk) starts each chunk with the previous chunk's carry, so a DATA phase or
 * a pipelined command that spans a chunk boundary reads as it would in one pass. A multi-line
 * reply left open at a boundary (`open`) goes on in the next chunk as a reply of its own that
 * answers the same command and is not counted again: the failure was counted where it began.
 */
export interface TranscriptCarry {
  readonly pendingCommands: readonly string[];
  readonly inData: boolean;
  readonly dataRequested: boolean;
  readonly greeted: boolean;
  /** The multi-line reply still open at the end: its reply code and the command it answers. */
  readonly open?: { readonly basic: string; readonly command: string | undefined };
}

/** Commands kept waiting for replies at most: a client's lines with no server's (a log of them) would grow it without end. */
const PENDING_LIMIT = 64;

/** Whether two carries would read the lines after them the same way (then a chunk after them need not be read again). */
export function sameCarry(a: TranscriptCarry | undefined, b: TranscriptCarry | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  if (a.inData !== b.inData || a.dataRequested !== b.dataRequested || a.greeted !== b.greeted) return false;
  if (a.open?.basic !== b.open?.basic || a.open?.command !== b.open?.command) return false;
  if (a.pendingCommands.length !== b.pendingCommands.length) return false;
  return a.pendingCommands.every((command, i) => command === b.pendingCommands[i]);
}

/**
 * Follows one session line by line: pairs replies with the commands they answer (in order, so
 * pipelining works), joins multi-line replies (`250-...` lines) into one reply, and skips the
 * message content between DATA's 354 and the lone ".".
 */
export class TranscriptState {
  private pendingCommands: string[];
  private open: Reply | undefined;
  /** The last reply seen, for smtplib's "retcode" summary line that follows it. */
  private last: Reply | undefined;
  private inData: boolean;
  private dataRequested: boolean;
  private greeted: boolean;
  /** A multi-line reply an earlier run of lines left open, until the first line here that is not its continuation. */
  private carriedOpen: TranscriptCarry['open'];

  /** A fresh session, or one going on from where an earlier run of lines left it. */
  constructor(carry?: TranscriptCarry) {
    this.pendingCommands = carry ? [...carry.pendingCommands] : [];
    this.inData = carry?.inData ?? false;
    this.dataRequested = carry?.dataRequested ?? false;
    this.greeted = carry?.greeted ?? false;
    this.carriedOpen = carry?.open;
  }

  /** Where the session stands now, for the next run of lines. */
  carry(): TranscriptCarry {
    const open = this.open?.basic !== undefined ? { basic: this.open.basic, command: this.open.command } : this.carriedOpen;
    return { pendingCommands: [...this.pendingCommands], inData: this.inData, dataRequested: this.dataRequested, greeted: this.greeted, open };
  }

  /** Feeds one line; returns a reply when the line starts one (continuations extend the open reply). */
  feed(text: string, line: number, trustBare: boolean): Reply | undefined {
    const parsed = classifyTranscriptLine(text);
    if (!parsed.prefixed && !trustBare && !this.isOpen()) return undefined;
    const payload = text.slice(parsed.payload);

    if (this.inData) {
      // Message content: only the lone "." ends it; a server line may follow in prefixed styles.
      if (parsed.role === 'server' && parsed.prefixed) this.endData();
      else {
        if (payload.trimEnd() === '.' || payload.startsWith(".\\r\\n")) this.endData();
        return undefined;
      }
    }

    if (parsed.role === 'client') {
      this.closeOpen();
      const command = commandName(payload);
      if (command) {
        this.awaitReply(command);
        if (command === 'DATA') this.dataRequested = true;
      }
      return undefined;
    }
    if (parsed.role !== 'server') {
      if (!parsed.prefixed) this.closeOpen();
      return undefined;
    }

    const retcode = SMTPLIB_RETCODE.exec(text);
    if (retcode) {
      if (this.last?.basic === retcode[1]) {
        const start = text.indexOf(retcode[1]);
        this.last.tokens.push({ kind: 'basic', code: retcode[1], line, start, end: start + 3 });
      }
      this.closeOpen();
      return undefined;
    }

    const tokens = replyTokensAt(text, parsed.payload, line);
    if (!tokens || tokens[0].kind !== 'basic') return undefined;
    // A reply is the code then a space, a hyphen or the end: "S: 250, 251" in prose lists options.
    const after = text.slice(parsed.payload + 3);
    if (!/^(?:[ \t-]|\\r|['"]|$)/.test(after)) return undefined;
    // Outside transcript documents a lone "S: 250" is prose about replies, not a reply.
    if (!trustBare && !this.isOpen() && after.replace(/\\r\\n['"]?$|['"]$/, '').trim() === '') return undefined;
    const continued = text[parsed.payload + 3] === '-';
    const carriedOpen = this.carriedOpen;
    this.carriedOpen = undefined;
    if (carriedOpen?.basic === tokens[0].code) {
      // The rest of a reply begun before this run: the same answer, already counted there.
      const rest = makeReply(tokens, 'transcript', 'unknown');
      rest.command = carriedOpen.command;
      rest.diagnose = false;
      this.last = rest;
      this.open = continued ? rest : undefined;
      if (!continued) this.finish(rest);
      return rest;
    }
    if (this.open && this.open.basic === tokens[0].code) {
      this.open.tokens.push(...tokens);
      // An Exim callout quotes the called server's reply in a line of its own ("550-Response: 550 5.1.1 ...").
      const quoted = quotedReplyAfter(text, tokens[0].start, line);
      if (quoted) this.open.tokens.push(...quoted);
      this.open.enhanced ??= laterEnhanced(this.open);
      if (!continued) this.finish(this.open);
      return undefined;
    }

    const reply = makeReply(tokens, 'transcript', 'unknown');
    this.last = reply;
    reply.command = this.nextCommand();
    this.open = continued ? reply : undefined;
    if (!continued) this.finish(reply);
    return reply;
  }

  /** Whether a multi-line reply is open: one of this run's, or one an earlier run left open. */
  private isOpen(): boolean {
    return this.open !== undefined || this.carriedOpen !== undefined;
  }

  /** Ends the open multi-line reply, wherever it began. */
  private closeOpen(): void {
    this.open = undefined;
    this.carriedOpen = undefined;
  }

  private nextCommand(): string {
    if (!this.greeted && this.pendingCommands.length === 0) {
      this.greeted = true;
      return 'connection greeting';
    }
    this.greeted = true;
    return this.pendingCommands.shift() ?? 'an earlier command';
  }

  private finish(reply: Reply): void {
    if (this.open === reply) this.open = undefined;
    if (reply.command === 'DATA' && reply.basic === '354' && this.dataRequested) {
      this.inData = true;
      this.dataRequested = false;
    }
  }

  private endData(): void {
    this.inData = false;
    this.awaitReply('end of DATA');
  }

  private awaitReply(command: string): void {
    if (this.pendingCommands.length === PENDING_LIMIT) this.pendingCommands.shift();
    this.pendingCommands.push(command);
  }
}
