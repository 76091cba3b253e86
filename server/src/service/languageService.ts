/**
 * The pure SMTP language service: documents in, LSP types out. No connection, no Node APIs;
 * the catalogue is injected so tests can use any data.
 */
import type { Diagnostic, Hover, Position, Range, SemanticTokens } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Catalog, type CodeInfo } from './catalog';
import type { CatalogData } from './catalogTypes';
import { searchCodes } from './codeSearch';
import { DEFAULT_DIAGNOSTIC_SETTINGS, doValidation, type DiagnosticSettings } from './diagnostics';
import { DocumentIndex } from './documentIndex';
import type { LineSource, ScanMode } from './documentScanner';
import { doHover } from './hover';
import type { Reply } from './replyTypes';
import { semanticTokens } from './semanticTokens';
import { summarizeFailures, type FailureSummary } from './failureSummary';

/** Language ids read as transcripts; every other served language is read as a log. */
const TRANSCRIPT_LANGUAGES = new Set(['smtp-transcript']);

export interface LanguageService {
  readonly catalog: Catalog;
  doHover(document: TextDocument, position: Position): Hover | null;
  doValidation(document: TextDocument, settings?: Partial<DiagnosticSettings>): Diagnostic[];
  /** Semantic tokens for the whole document or one range. */
  getSemanticTokens(document: TextDocument, range?: Range): SemanticTokens;
  /** Every reply found in the document. */
  findReplies(document: TextDocument): readonly Reply[];
  /** Failures grouped by code, most frequent first. */
  summarizeFailures(document: TextDocument): FailureSummary;
  lookup(code: string): CodeInfo | undefined;
  search(query: string, limit?: number): CodeInfo[];
  /** Forgets what was computed for a closed document. */
  forget(uri: string): void;
}

/** How a document is read, from its language id. */
export function scanModeOf(languageId: string): ScanMode {
  return TRANSCRIPT_LANGUAGES.has(languageId) ? 'transcript' : 'log';
}

/** A TextDocument seen as lines, without splitting the whole text again for every request. */
export function documentLines(document: TextDocument): LineSource {
  return {
    lineCount: document.lineCount,
    lineAt(line: number): string {
      const text = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
      return text.replace(/\r?\n$|\r$/, '');
    },
  };
}

export function createLanguageService(data: CatalogData): LanguageService {
  const catalog = new Catalog(data);
  const indexes = new Map<string, { version: number; languageId: string; index: DocumentIndex }>();

  function indexOf(document: TextDocument): DocumentIndex {
    const cached = indexes.get(document.uri);
    if (cached && cached.version === document.version && cached.languageId === document.languageId) return cached.index;
    const index = DocumentIndex.scan(documentLines(document), scanModeOf(document.languageId));
    indexes.set(document.uri, { version: document.version, languageId: document.languageId, index });
    return index;
  }

  return {
    catalog,
    doHover: (document, position) => doHover(catalog, indexOf(document), position.line, position.character),
    doValidation: (document, settings) =>
      doValidation(catalog, indexOf(document).replies, { ...DEFAULT_DIAGNOSTIC_SETTINGS, ...settings }),
    getSemanticTokens: (document, range) => semanticTokens(indexOf(document), range?.start.line, range?.end.line),
    findReplies: (document) => indexOf(document).replies,
    summarizeFailures: (document) => summarizeFailures(catalog, indexOf(document).replies),
    lookup: (code) => catalog.lookup(code),
    search: (query, limit) => searchCodes(catalog, query, limit),
    forget: (uri) => void indexes.delete(uri),
  };
}
