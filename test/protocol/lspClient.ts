/** A minimal LSP client over stdio for protocol tests: spawns `node dist/server.js --stdio`. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { repoRoot } from '../support/paths';

export interface TestServer {
  process: ChildProcessWithoutNullStreams;
  connection: MessageConnection;
  /** Settings answered to workspace/configuration requests; change them and notify to apply. */
  settings: Record<string, unknown>;
  stderr: () => string;
  /** How many workspace/semanticTokens/refresh requests the server has sent. */
  refreshes: () => number;
  /** Resolves with the next diagnostics published for `uri` that satisfy `accept`. */
  diagnostics(uri: string, accept?: (p: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  open(uri: string, languageId: string, text: string, version?: number): void;
  stop(): Promise<void>;
}

/** `refreshSupport`: whether this client says it takes workspace/semanticTokens/refresh. */
export async function startServer(options: { refreshSupport?: boolean } = {}): Promise<TestServer> {
  const child = spawn(process.execPath, [join(repoRoot(), 'dist', 'server.js'), '--stdio'], { stdio: 'pipe' });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const settings: Record<string, unknown> = {};
  const published: PublishDiagnosticsParams[] = [];
  const waiters: Array<() => void> = [];
  connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    published.push(params);
    for (const wake of waiters.splice(0)) wake();
  });
  connection.onRequest('workspace/configuration', (params: { items: Array<{ section?: string }> }) => params.items.map(() => settings));
  connection.onRequest('client/registerCapability', () => null);
  let refreshes = 0;
  connection.onRequest('workspace/semanticTokens/refresh', () => {
    refreshes++;
    return null;
  });
  connection.onNotification('window/logMessage', () => undefined);
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, ...(options.refreshSupport ? { semanticTokens: { refreshSupport: true } } : {}) },
      textDocument: { hover: { contentFormat: ['markdown'] } },
    },
  });
  connection.sendNotification('initialized', {});

  return {
    process: child,
    connection,
    settings,
    stderr: () => stderr,
    refreshes: () => refreshes,
    diagnostics(uri, accept = () => true, timeoutMs = 10000) {
      return new Promise((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms`)), timeoutMs);
        const check = () => {
          const index = published.findIndex((p) => p.uri === uri && accept(p));
          if (index >= 0) {
            clearTimeout(deadline);
            resolve(published.splice(0, index + 1)[index]);
          } else waiters.push(check);
        };
        check();
      });
    },
    open(uri, languageId, text, version = 1) {
      connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    },
    async stop() {
      try {
        await connection.sendRequest('shutdown');
        connection.sendNotification('exit');
      } catch {
        /* already gone */
      }
      await new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(undefined);
        const timer = setTimeout(() => child.kill(), 2000);
        child.on('exit', () => (clearTimeout(timer), resolve(undefined)));
      });
      connection.dispose();
    },
  };
}
