/** Node entry of the language server: `node dist/server.js --stdio` (or --node-ipc / --socket=N). */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../server';

const connection = createConnection(ProposedFeatures.all);
// A bug must never take the editor's server down: log it and keep serving.
process.on('uncaughtException', (error) => connection.console.error(`smtp-codes: uncaught ${error?.stack ?? error}`));
process.on('unhandledRejection', (reason) => connection.console.error(`smtp-codes: unhandled rejection ${String(reason)}`));
startServer(connection);
