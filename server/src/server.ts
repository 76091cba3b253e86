/**
 * The LSP glue: connection, documents, settings and handlers around the pure language service.
 */
import {
  ErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeParams,
  type CancellationToken,
  type InitializeResult,
  DidChangeConfigurationNotification,
} from 'vscode-languageserver';
import { ChunkedDocument } from './service/chunkedDocument';
import { catalogData } from './catalogData';
import {
  CodeAtRequest,
  RequestTimesRequest,
  type RequestTimesResult,
  ExplainRequest,
  FailuresRequest,
  SearchRequest,
  type CodeAtParams,
  type CodeAtResult,
  type ExplainParams,
  type ExplainResult,
  type FailuresParams,
  type FailuresResult,
  type SearchParams,
  type SearchResult,
} from './protocol';
import { RequestTimes } from './requestTimes';
import { warmUp } from './warmUp';
import { runSafe, runSafeOr } from './safeRunner';
import { createLanguageService } from './service/languageService';
import { codesInText } from './service/codeSearch';
import { explainCodes } from './service/explain';
import { SEMANTIC_TOKENS_LEGEND } from './service/semanticTokens';
import { readSettings } from './settings';

/** Languages VS Code sends that are served only when smtpCodes.enableForPlainText is on. */
const OPT_IN_LANGUAGES = new Set(['log', 'plaintext']);
/** Quiet time after an edit before diagnostics are recomputed. */
const VALIDATION_DELAY_MS = 200;
/**
 * Longest stretch of scanning before the server answers pending requests. A request takes about
 * three turns of the event loop to be read, run and answered (vscode-jsonrpc hops through
 * setImmediate), and the scan runs once per turn: short slices keep hovers quick during a scan.
 */
const SLICE_MS = 1;

export function startServer(connection: Connection): void {
  // Documents kept in chunks: an edit or an append to a 48 MB log rebuilds one chunk, not the whole text.
  const documents = new TextDocuments<ChunkedDocument>({
    create: (uri, languageId, version, content) => new ChunkedDocument(uri, languageId, version, content),
    update: (document, changes, version) => {
      document.update(changes, version);
      return document;
    },
  });
  const service = createLanguageService(catalogData);
  const requestTimes = new RequestTimes();
  const pending = new Map<string, { timer: NodeJS.Timeout; due: number }>();
  let canAskSettings = false;
  /** Set by the shutdown request: later requests get InvalidRequest, as the protocol says, and nothing more is validated. */
  let shutDown = false;
  let canRefreshTokens = false;
  let canRegisterSettings = false;

  /**
   * Whether a document is ours to read. VS Code sends `log` and `plaintext` documents too, which
   * need the opt-in setting; any other editor sends only what its user attached us to, so every
   * other language id (even an empty one) is read as a log.
   */
  async function served(document: ChunkedDocument): Promise<boolean> {
    if (!OPT_IN_LANGUAGES.has(document.languageId)) return true;
    return (await readSettings(connection, canAskSettings, document.uri)).enableForPlainText;
  }

  async function validate(document: ChunkedDocument): Promise<void> {
    const version = document.version;
    if (shutDown) return;
    const settings = await readSettings(connection, canAskSettings, document.uri);
    const current = documents.get(document.uri);
    if (!current || current.version !== version) return; // a newer edit will validate again
    const isServed = !OPT_IN_LANGUAGES.has(document.languageId) || settings.enableForPlainText;
    if (isServed && !(await scanInSlices(document, version))) return;
    if (shutDown) return;
    const diagnostics = isServed
      ? runSafeOr(connection, 'diagnostics', document.uri, [], () => service.doValidation(document, settings.diagnostics))
      : [];
    await connection.sendDiagnostics({ uri: document.uri, version, diagnostics });
  }

  /**
   * Scans the document's changed chunks, yielding to the event loop every few milliseconds so
   * hovers and other requests are answered while a large log is read. False when a newer version
   * arrived meanwhile (its own validation will follow).
   */
  async function scanInSlices(document: ChunkedDocument, version: number): Promise<boolean> {
    // The revision too: a client may change a document without giving it a new version number.
    const revision = document.revision;
    const steps = service.prepare(document);
    let sliceStart = performance.now();
    for (;;) {
      const done = runSafeOr(connection, 'diagnostics', document.uri, true, () => steps.next().done === true);
      if (done) return true;
      if (performance.now() - sliceStart >= SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        if (shutDown || documents.get(document.uri)?.version !== version || document.revision !== revision) return false;
        sliceStart = performance.now();
      }
    }
  }

  /** Validates after `delay` ms; an earlier pending deadline wins (didOpen also fires a content change). */
  function scheduleValidation(document: ChunkedDocument, delay: number): void {
    if (shutDown) return;
    const due = Date.now() + delay;
    const existing = pending.get(document.uri);
    if (existing && existing.due <= due && delay > 0) return;
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => {
      pending.delete(document.uri);
      validate(document).catch((error) => connection.console.error(`Error while validating ${document.uri}: ${String(error)}`));
    }, delay);
    pending.set(document.uri, { timer, due });
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canAskSettings = params.capabilities.workspace?.configuration === true;
    // Only what the client says it takes: requests it did not ask for are errors on its side.
    canRefreshTokens = params.capabilities.workspace?.semanticTokens?.refreshSupport === true;
    canRegisterSettings = params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        // Ranges only: the editor asks for what is visible, and a full request on a 48 MB log would scan it all.
        semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, range: true },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
      },
      serverInfo: { name: 'smtp-codes' },
    };
  });

  connection.onInitialized(() => {
    if (canAskSettings && canRegisterSettings) {
      connection.client.register(DidChangeConfigurationNotification.type, { section: 'smtpCodes' }).catch(() => undefined);
    }
    // While nothing else is asked: compile the hot paths before the user's first hover needs them.
    setImmediate(() => runSafeOr(connection, 'warm-up', 'smtp-codes:warm-up', undefined, () => warmUp(service)));
  });

  connection.onShutdown(() => {
    shutDown = true;
    for (const { timer } of pending.values()) clearTimeout(timer);
    pending.clear();
  });

  /**
   * Every request after shutdown fails with InvalidRequest (LSP 3.17, "Shutdown Request"). A
   * handler is wrapped here rather than checking in each one.
   */
  const refuseAfterShutdown =
    <P, R>(handler: (params: P, token: CancellationToken) => R) =>
    (params: P, token: CancellationToken): R | ResponseError<void> =>
      shutDown ? new ResponseError(ErrorCodes.InvalidRequest, 'smtp-codes: the server is shutting down') : handler(params, token);

  connection.onDidChangeConfiguration(() => {
    if (shutDown) return;
    for (const document of documents.all()) scheduleValidation(document, 0);
    if (canRefreshTokens) connection.languages.semanticTokens.refresh().catch(() => undefined);
  });

  documents.onDidOpen(({ document }) => scheduleValidation(document, 0));
  documents.onDidChangeContent(({ document }) => scheduleValidation(document, VALIDATION_DELAY_MS));
  documents.onDidClose(({ document }) => {
    clearTimeout(pending.get(document.uri)?.timer);
    pending.delete(document.uri);
    service.forget(document.uri);
    if (!shutDown) connection.sendDiagnostics({ uri: document.uri, diagnostics: [] }).catch(() => undefined);
  });

  connection.onHover(refuseAfterShutdown(async (params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document || !(await served(document))) return null;
    return requestTimes.measure('textDocument/hover', () => runSafe(connection, 'hover', document.uri, token, () => service.doHover(document, params.position)));
  }));

  connection.onCodeAction(refuseAfterShutdown(async (params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document || !(await served(document))) return [];
    return runSafe(connection, 'code actions', document.uri, token, () => service.getCodeActions(document, params.range, params.context.diagnostics));
  }));

  connection.languages.semanticTokens.on(refuseAfterShutdown(async (params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document || !(await served(document))) return { data: [] };
    return runSafe(connection, 'semantic tokens', document.uri, token, () => service.getSemanticTokens(document));
  }));

  connection.languages.semanticTokens.onRange(refuseAfterShutdown(async (params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document || !(await served(document))) return { data: [] };
    return requestTimes.measure('textDocument/semanticTokens/range', () =>
      runSafe(connection, 'semantic tokens', document.uri, token, () => service.getSemanticTokens(document, params.range)),
    );
  }));

  connection.onRequest(SearchRequest, refuseAfterShutdown((params: SearchParams, token): SearchResult | unknown =>
    runSafe(connection, 'search', undefined, token, () => service.search(String(params?.query ?? ''), params?.limit)),
  ));

  connection.onRequest(ExplainRequest, refuseAfterShutdown((params: ExplainParams, token): ExplainResult | unknown =>
    runSafe(connection, 'explanation', undefined, token, () => {
      const codes = codesInText(String(params?.text ?? ''));
      const markdown = explainCodes(service.catalog, codes);
      return markdown ? { markdown, codes } : null;
    }),
  ));

  connection.onRequest(FailuresRequest, refuseAfterShutdown(async (params: FailuresParams, token): Promise<FailuresResult | unknown> => {
    const document = documents.get(String(params?.uri));
    // A log or plain-text file not opted in gets no diagnostics: no failure counts either.
    if (!document || !(await served(document))) return null;
    return runSafe(connection, 'failures', document.uri, token, () => service.summarizeFailures(document));
  }));

  connection.onRequest(RequestTimesRequest, refuseAfterShutdown((): RequestTimesResult => requestTimes.summary()));

  connection.onRequest(CodeAtRequest, refuseAfterShutdown((params: CodeAtParams, token): CodeAtResult | unknown => {
    const document = documents.get(String(params?.uri));
    if (!document) return null;
    return runSafe(connection, 'code at cursor', document.uri, token, () => {
      const reply = service.replyAt(document, { line: params.line, character: params.character });
      if (!reply) return null;
      const codes = [reply.basic, reply.enhanced].filter((c): c is string => Boolean(c));
      const markdown = explainCodes(service.catalog, codes) ?? '';
      return { codes, markdown };
    });
  }));

  documents.listen(connection);
  connection.listen();
}
