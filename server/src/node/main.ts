/** Node entry of the language server: `node dist/server.js --stdio` (or --node-ipc / --socket=N). */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../server';
import { setFlagsFromString } from 'node:v8';

// WebAssembly compiled by the optimizing compiler at once, with no background tier-up job that an
// exit could wait on (see cli/src/main.ts, where a short run could hang at exit).
setFlagsFromString('--no-liftoff --no-wasm-tier-up --no-wasm-dynamic-tiering');

const connection = createConnection(ProposedFeatures.all);
/**
 * A bug must never take the editor's server down: log it and keep serving. Once the editor has
 * closed the connection, logging through it throws too: then the message goes to stderr.
 */
function report(message: string): void {
  try {
    connection.console.error(message);
  } catch {
    process.stderr.write(message + '\n');
  }
}
process.on('uncaughtException', (error) => report(`smtp-codes: uncaught ${error?.stack ?? error}`));
process.on('unhandledRejection', (reason) => report(`smtp-codes: unhandled rejection ${String(reason)}`));
startServer(connection);
