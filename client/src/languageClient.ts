import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/** The running client, filled in once the server has started (commands check it). */
export interface ClientHandle {
  client: LanguageClient | undefined;
  /** The start, once begun (deactivation waits for it, so that a client being started is stopped too). */
  starting?: Promise<void>;
  /** Fires when the server has started: views that asked before it did ask again. */
  readonly started: vscode.EventEmitter<void>;
}

/** Languages the server reads; `log` and `plaintext` are answered only when the user enables them. */
export const SERVED_LANGUAGES = ['mail-log', 'smtp-transcript', 'postfix-config', 'postfix-table', 'exim-config', 'log', 'plaintext'];
export const MAIL_LANGUAGES = new Set(SERVED_LANGUAGES.slice(0, 5));
/** Where the documents it serves may live. */
export const SERVED_SCHEMES = ['file', 'untitled', 'vscode-vfs'];

export async function startLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Promise<LanguageClient> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: SERVED_LANGUAGES.flatMap((language) => SERVED_SCHEMES.map((scheme) => ({ language, scheme }))),
    synchronize: { configurationSection: 'smtpCodes' },
    outputChannel: output,
  };
  const client = new LanguageClient('smtpCodes', 'SMTP Codes', serverOptions, clientOptions);
  await client.start();
  return client;
}
