import * as vscode from 'vscode';
import { CodeAtRequest, type CodeAtParams, type CodeAtResult } from '../../server/src/protocol';
import { codesInText } from '../../server/src/service/codeSearch';
import { explainCodes } from '../../server/src/service/explain';
import type { ExplanationView } from './explanationView';
import type { ClientHandle } from './languageClient';
import { clientCatalog } from './lookUpCode';

/** SMTP: Explain Code at Cursor — the reply under the cursor (as the server sees it), or the codes in the selection. */
export function registerExplainAtCursor(context: vscode.ExtensionContext, view: ExplanationView, handle: ClientHandle): void {
  context.subscriptions.push(
    vscode.commands.registerTextEditorCommand('smtpCodes.explainCodeAtCursor', async (editor) => {
      const selection = editor.selection;
      let codes: string[] = [];
      let markdown: string | undefined;
      if (!selection.isEmpty) {
        codes = codesInText(editor.document.getText(selection));
      } else if (handle.client) {
        const params: CodeAtParams = { uri: editor.document.uri.toString(), line: selection.active.line, character: selection.active.character };
        const result = await handle.client.sendRequest<CodeAtResult>(CodeAtRequest, params).catch(() => null);
        if (result) ({ codes, markdown } = result);
      }
      if (codes.length === 0) {
        // Not a reply the server recognized: fall back to the word under the cursor.
        const range = editor.document.getWordRangeAtPosition(selection.active, /[2-5]\d\d|[245]\.\d{1,3}\.\d{1,3}/);
        if (range) codes = codesInText(editor.document.getText(range));
      }
      markdown ||= explainCodes(clientCatalog(), codes);
      if (!markdown) {
        void vscode.window.showInformationMessage('SMTP: no reply code or enhanced status code at the cursor.');
        return;
      }
      await view.show(codes.join(' '), markdown);
    }),
  );
}
