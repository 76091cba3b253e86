/** Node entry of the language server: `node dist/server.js --stdio` (or --node-ipc / --socket=N). */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../server';

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
