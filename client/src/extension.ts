/**
 * The VS Code side: starts the language server and registers the commands, views and status bar.
 * Commands are registered before the server starts so they exist (and say why) even if it fails.
 */
import * as vscode from 'vscode';
import { SERVED_LANGUAGES, SERVED_SCHEMES, startLanguageClient, type ClientHandle } from './languageClient';
import { registerLookUpCode } from './lookUpCode';
import { registerExplanationView } from './explanationView';
import { registerExplainAtCursor } from './explainAtCursor';
import { registerFailures } from './failures';
import { registerScanFileOnDisk } from './scanFileOnDisk';
import { registerLargeLogOffer } from './largeLogOffer';

let handle: ClientHandle | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('SMTP Codes', { log: true });
  context.subscriptions.push(output);
  const explanations = registerExplanationView(context);
  handle = { client: undefined, started: new vscode.EventEmitter<void>() };
  context.subscriptions.push(handle.started);
  void vscode.commands.executeCommand('setContext', 'smtpCodes.languages', SERVED_LANGUAGES);
  registerLookUpCode(context, explanations);
  registerExplainAtCursor(context, explanations, handle);
  registerFailures(context, handle);
  registerScanFileOnDisk(context, explanations);
  registerLargeLogOffer(context);
  // Active from start-up (so that a log too large for VS Code to give us still gets the offer
  // above), but the server starts only once a document it serves is open.
  const served = (document: vscode.TextDocument) => SERVED_LANGUAGES.includes(document.languageId) && SERVED_SCHEMES.includes(document.uri.scheme);
  const start = (started: ClientHandle) => (started.starting ??= startServer(context, output, started));
  if (vscode.workspace.textDocuments.some(served)) return start(handle);
  const waiting = vscode.workspace.onDidOpenTextDocument((document) => {
    if (!served(document)) return;
    waiting.dispose();
    void start(handle!);
  });
  context.subscriptions.push(waiting);
}

async function startServer(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, handle: ClientHandle): Promise<void> {
  try {
    handle.client = await startLanguageClient(context, output);
    handle.started.fire();
  } catch (error) {
    const message = `SMTP Codes: the language server did not start (${error instanceof Error ? error.message : String(error)}). Lookups still work; hovers and diagnostics do not.`;
    output.error(message);
    void vscode.window.showErrorMessage(message, 'Show Log').then((choice) => choice && output.show());
  }
}

export async function deactivate(): Promise<void> {
  await handle?.starting;
  await handle?.client?.stop();
}
