/** The scenarios users meet, through the VS Code API: language ids, hovers, diagnostics, tokens, commands. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const fixtures = () => vscode.workspace.workspaceFolders![0].uri;

async function open(name: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(fixtures(), name));
  await vscode.window.showTextDocument(document);
  return document;
}

/** Polls until `probe` returns a value that `accept` likes (no fixed sleeps). */
async function until<T>(what: string, probe: () => T | Thenable<T>, accept: (value: T) => boolean, timeoutMs = 20000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

export function registerScenarios(): void {
  describe('smtp-codes in VS Code', () => {
    it('assigns language ids by file name', async () => {
      assert.equal((await open('mail.log')).languageId, 'mail-log');
      assert.equal((await open('mail.log.1')).languageId, 'mail-log');
      assert.equal((await open('session.smtp')).languageId, 'smtp-transcript');
    });

    it('publishes one diagnostic per failure, errors for 5xx and warnings for 4xx', async () => {
      const document = await open('mail.log');
      const diagnostics = await until('diagnostics', () => vscode.languages.getDiagnostics(document.uri), (d) => d.length >= 2);
      const smtp = diagnostics.filter((d) => d.source === 'smtp');
      assert.deepEqual(
        smtp.map((d) => [d.severity, typeof d.code === 'object' ? d.code.value : d.code]),
        [
          [vscode.DiagnosticSeverity.Error, '5.1.1'],
          [vscode.DiagnosticSeverity.Warning, '4.7.1'],
        ],
      );
    });

    it('explains a code on hover', async () => {
      const document = await open('mail.log');
      const line = document.lineAt(0).text;
      const position = new vscode.Position(0, line.indexOf('said: 550') + 7);
      const hovers = await until('a hover', () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position), (h) => hoverText(h ?? []).includes('550'));
      assert.match(hoverText(hovers), /permanent failure/);
    });

    it('colours codes with semantic tokens by class', async () => {
      const document = await open('mail.log');
      // The server offers tokens by range (what is visible), as large logs need.
      const range = new vscode.Range(0, 0, document.lineCount - 1, 0);
      const legend = await vscode.commands.executeCommand<vscode.SemanticTokensLegend>('vscode.provideDocumentRangeSemanticTokensLegend', document.uri);
      const tokens = await until('semantic tokens', () => vscode.commands.executeCommand<vscode.SemanticTokens>('vscode.provideDocumentRangeSemanticTokens', document.uri, range), (t) => (t?.data.length ?? 0) > 0);
      const types = new Set<string>();
      for (let i = 3; i < tokens.data.length; i += 5) types.add(legend.tokenTypes[tokens.data[i]]);
      assert.ok(types.has('smtpPermanent') && types.has('smtpTransient'), [...types].join(','));
    });

    it('registers the lookup commands', async () => {
      const commands = await vscode.commands.getCommands(true);
      for (const id of ['smtpCodes.lookUpCode', 'smtpCodes.explainCodeAtCursor', 'smtpCodes.showFailures']) assert.ok(commands.includes(id), id);
    });
  });
}
