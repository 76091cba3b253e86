/**
 * The pure SMTP language service: documents in, LSP types out. No connection, no Node APIs;
 * the catalogue is injected so tests can use any data.
 *
 * Whole-document work (diagnostics, the failure summary) runs over the document's chunks, each
 * scanned once and cached while it is unchanged, so an edit rescans one chunk. Hovers and semantic
 * tokens scan only the lines asked for (plus a little context), whatever the document's size.
 */
import type { CodeAction, Diagnostic, Hover, Position, Range, SemanticTokens } from 'vscode-languageserver-types';
import { Catalog, type CodeInfo } from './catalog';
import { textTellingProvider } from './providerMarkers';
import { withContext } from './logRecognizers';
import type { CatalogData } from './catalogTypes';
import type { Chunk, ChunkedDocument } from './chunkedDocument';
import { ChunkFailureRun } from './chunkFailureRun';
import { searchCodes } from './codeSearch';
import { configCodeActions, isConfigLanguage } from './config/configService';
import { SegmentedConfig } from './config/segmentedConfig';
import { DEFAULT_DIAGNOSTIC_SETTINGS, doValidation, type DiagnosticSettings } from './diagnostics';
import { DocumentIndex } from './documentIndex';
import { scanLines, type ScanMode } from './documentScanner';
import { summarizeFailures, type FailureSummary } from './failureSummary';
import { doHover } from './hover';
import type { Reply } from './replyTypes';
import { sameCarry, type TranscriptCarry } from './transcript';
import { isStructuralAt } from './lineStructure';
import { semanticTokens } from './semanticTokens';

/** Language ids read as transcripts; every other served language is read as a log. */
const TRANSCRIPT_LANGUAGES = new Set(['smtp-transcript']);
/** How far a hover or token request looks back (and on) for the start of a multi-line reply or DSN block. */
const CONTEXT_BEFORE = 60;
const CONTEXT_AFTER = 20;
/** How far past a hover a transcript's window reads, for the hovers that follow it further down. */
const WINDOW_AFTER = 200;

export interface LanguageService {
  readonly catalog: Catalog;
  doHover(document: ChunkedDocument, position: Position): Hover | null;
  doValidation(document: ChunkedDocument, settings?: Partial<DiagnosticSettings>): Diagnostic[];
  /** Semantic tokens for one range, or for the whole document. */
  getSemanticTokens(document: ChunkedDocument, range?: Range): SemanticTokens;
  /** The reply whose code is at a position, if any. */
  replyAt(document: ChunkedDocument, position: Position): Reply | undefined;
  /** Every failure in the document (temporary and permanent), uncapped. */
  findFailures(document: ChunkedDocument): readonly Reply[];
  /** How many failures get diagnostics, by class, without reading the replies back. */
  countFailures(document: ChunkedDocument): { permanent: number; temporary: number };
  /**
   * Scans the document's changed chunks one step at a time, so a caller can yield between steps
   * (a 48 MB log is ~200 steps of about a millisecond). Done when it returns true.
   */
  prepare(document: ChunkedDocument): Iterator<void, true>;
  /** Failures grouped by code, most frequent first. */
  summarizeFailures(document: ChunkedDocument): FailureSummary;
  lookup(code: string): CodeInfo | undefined;
  search(query: string, limit?: number): CodeInfo[];
  /** Quick fixes for the diagnostics in `range` (mail configurations: align a code's class). */
  getCodeActions(document: ChunkedDocument, range: Range, diagnostics: readonly Diagnostic[]): CodeAction[];
  /** Forgets what was computed for a closed document. */
  forget(uri: string): void;
}

/** How many lines either side of a bounce's field tell whose server wrote it (Status sits near Diagnostic-Code). */
const PROVIDER_WINDOW = 3;

/**
 * The text that tells whose server wrote a reply: its own lines, and for a bounce's DSN fields the
 * lines around them too. A log line stands alone: its neighbours are other deliveries.
 */
function textOfReply(document: ChunkedDocument, reply: Reply): string {
  const first = reply.tokens[0].line;
  const last = reply.tokens[reply.tokens.length - 1].line;
  const reach = reply.source === 'dsn' ? PROVIDER_WINDOW : 0;
  const lines: string[] = [];
  for (let i = Math.max(0, first - reach); i <= Math.min(document.lineCount - 1, last + reach); i++) lines.push(document.lineAt(i));
  // Its direction is read from its line first (a Postfix smtpd line is this system's own reply).
  return textTellingProvider(withContext(reply), lines.join('\n'));
}

/** What the service keeps of one version of a document. */
interface CachedDocument {
  revision: number;
  languageId: string;
  readonly failures: readonly Reply[];
  runs: ChunkFailureRun[];
}

/** How a document is read, from its language id. */
export function scanModeOf(languageId: string): ScanMode {
  return TRANSCRIPT_LANGUAGES.has(languageId) ? 'transcript' : 'log';
}

export function createLanguageService(data: CatalogData): LanguageService {
  const catalog = new Catalog(data);
  const configs = new SegmentedConfig(catalog);
  /**
   * Per chunk (chunks are immutable): its failures in document lines, scanned when the chunk
   * started at `firstLine`. An edit above it that adds or removes lines only shifts them.
   */
  const chunkFailures = new WeakMap<Chunk, { mode: ScanMode; run: ChunkFailureRun }>();
  /** Per document: the failure runs of one version. */
  const documentCache = new Map<string, CachedDocument>();
  /** Per transcript: its replies on lines [start, end) of one version, the last read for a hover or tokens. */
  const transcriptWindows = new Map<string, { revision: number; start: number; end: number; index: DocumentIndex }>();

  /** Whether a chunk's cached scan holds for it now: read the same way, and for a transcript from the same session state. */
  function isCurrent(cached: { mode: ScanMode; run: ChunkFailureRun } | undefined, mode: ScanMode, carry: TranscriptCarry | undefined): cached is { mode: ScanMode; run: ChunkFailureRun } {
    return cached !== undefined && cached.mode === mode && sameCarry(cached.run.startCarry, carry);
  }

  /**
   * The chunk's failures for a chunk starting at `firstLine`, scanning it only if it is new (or,
   * in a transcript, if the session reaches it in another state: an edit above opened a DATA phase).
   */
  function placedRun(chunk: Chunk, firstLine: number, mode: ScanMode, carry: TranscriptCarry | undefined): ChunkFailureRun {
    const cached = chunkFailures.get(chunk);
    if (isCurrent(cached, mode, carry)) {
      if (cached.run.firstLine === firstLine) return cached.run;
      const run = cached.run.movedTo(firstLine);
      chunkFailures.set(chunk, { mode, run });
      return run;
    }
    const run = ChunkFailureRun.scan(chunk, mode, firstLine, carry);
    chunkFailures.set(chunk, { mode, run });
    return run;
  }

  function* prepare(document: ChunkedDocument): Generator<void, true> {
    if (isConfigLanguage(document.languageId)) return yield* configs.prepare(document);
    const mode = scanModeOf(document.languageId);
    let carry: TranscriptCarry | undefined;
    for (const { chunk, firstLine } of document.chunkList()) {
      const cached = chunkFailures.get(chunk);
      if (isCurrent(cached, mode, carry)) {
        carry = cached.run.endCarry;
        continue;
      }
      carry = placedRun(chunk, firstLine, mode, carry).endCarry;
      yield;
    }
    return true;
  }

  /** Where a transcript's session stands at the start of chunk `chunkIndex` (the chunks before it scanned if need be). */
  function carryBefore(document: ChunkedDocument, chunkIndex: number): TranscriptCarry | undefined {
    let carry: TranscriptCarry | undefined;
    let index = 0;
    for (const { chunk, firstLine } of document.chunkList()) {
      if (index++ === chunkIndex) break;
      const cached = chunkFailures.get(chunk);
      carry = isCurrent(cached, 'transcript', carry) ? cached.run.endCarry : placedRun(chunk, firstLine, 'transcript', carry).endCarry;
    }
    return carry;
  }

  function entry(document: ChunkedDocument): CachedDocument {
    const cached = documentCache.get(document.uri);
    if (cached && cached.revision === document.revision && cached.languageId === document.languageId) return cached;
    if (isConfigLanguage(document.languageId)) {
      // A configuration sets codes up; none of them is a failure that happened.
      const config = { revision: document.revision, languageId: document.languageId, failures: [] as Reply[], runs: [] as ChunkFailureRun[] };
      documentCache.set(document.uri, config);
      return config as CachedDocument;
    }
    const mode = scanModeOf(document.languageId);
    const runs: ChunkFailureRun[] = [];
    let carry: TranscriptCarry | undefined;
    for (const { chunk, firstLine } of document.chunkList()) {
      const run = placedRun(chunk, firstLine, mode, carry);
      carry = run.endCarry;
      if (run.count > 0) runs.push(run);
    }
    const fresh = {
      revision: document.revision,
      languageId: document.languageId,
      runs,
      /** All failures in document order, read again at each use and not kept (the failures view, the summary). */
      get failures(): readonly Reply[] {
        return runs.flatMap((run) => run.replies());
      },
    };
    documentCache.set(document.uri, fresh);
    return fresh as CachedDocument;
  }

  /** Every reply on lines [from, to], found with enough context before and after. */
  function repliesAround(document: ChunkedDocument, from: number, to: number): DocumentIndex {
    // A configuration's values span continuation lines: read by segments of whole entries.
    if (isConfigLanguage(document.languageId)) return configs.repliesAround(document, from, to);
    if (scanModeOf(document.languageId) === 'transcript') return transcriptWindow(document, from, to);
    // A log line without structure (not blank, not indented, no DSN field, prefix or bare reply)
    // holds its replies on its own: nothing before it continues into it, and it continues nothing.
    // Most hovers are on such lines; reading the ~80 lines around them cost a millisecond or more.
    if (from === to && from >= 0 && from < document.lineCount && !isStructuralAt(document.lineAt(from), 0)) {
      return new DocumentIndex(scanLines(document, 'log', from, from + 1));
    }
    let start = Math.max(0, from);
    const floor = Math.max(0, from - CONTEXT_BEFORE);
    while (start > floor && document.lineAt(start - 1).trim() !== '') start--;
    let end = Math.min(document.lineCount, to + 1);
    const ceiling = Math.min(document.lineCount, to + 1 + CONTEXT_AFTER);
    while (end < ceiling && document.lineAt(end).trim() !== '') end++;
    return new DocumentIndex(scanLines(document, 'log', start, end));
  }

  /**
   * A transcript's replies around lines [from, to]: read from the nearest resume point above
   * `from` (`ResumePoints`), in the state the session had there when the chunk was scanned (as
   * diagnostics read it), to a little past `to`. The last window read is kept for the version:
   * hovers come many to a stretch of lines.
   */
  function transcriptWindow(document: ChunkedDocument, from: number, to: number): DocumentIndex {
    const want = Math.min(document.lineCount, to + 1 + CONTEXT_AFTER);
    const kept = transcriptWindows.get(document.uri);
    if (kept && kept.revision === document.revision && kept.start <= from && want <= kept.end) return kept.index;
    const { chunk, firstLine, chunkIndex, index: local } = document.locate(from);
    const resume = placedRun(chunk, firstLine, 'transcript', carryBefore(document, chunkIndex)).resumeAt(local);
    const start = firstLine + resume.line;
    const end = Math.min(document.lineCount, Math.max(want, from + WINDOW_AFTER));
    const index = new DocumentIndex(scanLines(document, 'transcript', start, end, resume.carry));
    transcriptWindows.set(document.uri, { revision: document.revision, start, end, index });
    return index;
  }

  return {
    catalog,
    doHover: (document, position) =>
      doHover(catalog, repliesAround(document, position.line, position.line), position.line, position.character, (reply) => textOfReply(document, reply)),
    doValidation: (document, settings) =>
      // A 550 in a configuration is a rejection the admin set up, not a failed delivery: config
      // documents get the config checks (config/), never one diagnostic per "failure".
      isConfigLanguage(document.languageId)
        ? configs.diagnostics(document, Math.max(0, settings?.maxProblems ?? DEFAULT_DIAGNOSTIC_SETTINGS.maxProblems))
        : doValidation(catalog, entry(document).runs, { ...DEFAULT_DIAGNOSTIC_SETTINGS, ...settings }, (reply) => textOfReply(document, reply)),
    getSemanticTokens: (document, range) => {
      const from = range ? range.start.line : 0;
      const to = range ? range.end.line : document.lineCount - 1;
      return semanticTokens(repliesAround(document, from, to), from, to);
    },
    replyAt: (document, position) => repliesAround(document, position.line, position.line).at(position.line, position.character)?.reply,
    findFailures: (document) => entry(document).failures,
    countFailures: (document) => {
      let permanent = 0;
      let temporary = 0;
      for (const run of entry(document).runs) {
        permanent += run.permanent;
        temporary += run.temporary;
      }
      return { permanent, temporary };
    },
    prepare,
    summarizeFailures: (document) => summarizeFailures(catalog, entry(document).failures, (reply) => textOfReply(document, reply)),
    lookup: (code) => catalog.lookup(code),
    search: (query, limit) => searchCodes(catalog, query, limit),
    getCodeActions: (document, range, diagnostics) =>
      isConfigLanguage(document.languageId) ? configCodeActions(document.uri, configs.diagnosticsIn(document, range), range, diagnostics) : [],
    forget: (uri) => {
      documentCache.delete(uri);
      transcriptWindows.delete(uri);
      configs.forget(uri);
    },
  };
}
