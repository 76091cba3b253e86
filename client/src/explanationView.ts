import * as vscode from 'vscode';

/** Read-only markdown documents under `smtp-code:`, one per explained code or reply. */
export const EXPLANATION_SCHEME = 'smtp-code';

export interface ExplanationView {
  /** Opens the document beside the editor and offers to copy it; `what` names it in the offer ("explanation of 550"). */
  show(title: string, markdown: string, what?: string): Promise<void>;
}

export function registerExplanationView(context: vscode.ExtensionContext): ExplanationView {
  const contents = new Map<string, string>();
  const changed = new vscode.EventEmitter<vscode.Uri>();
  context.subscriptions.push(
    changed,
    vscode.workspace.registerTextDocumentContentProvider(EXPLANATION_SCHEME, {
      onDidChange: changed.event,
      provideTextDocumentContent: (uri) => contents.get(uri.path) ?? '# Not available\n\nRun "SMTP: Look Up Code..." again.',
    }),
  );
  return {
    async show(title, markdown, what = `explanation of ${title}`) {
      const path = `/${title.replace(/[\\/:*?"<>|]/g, '_')}.md`;
      contents.set(path, markdown);
      const uri = vscode.Uri.from({ scheme: EXPLANATION_SCHEME, path });
      changed.fire(uri);
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.languages.setTextDocumentLanguage(document, 'markdown');
      // Shown again where it already is (a tab in any group): looking up the same code twice opens no second column.
      const group = vscode.window.tabGroups.all.find((g) => g.tabs.some((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri.toString()));
      await vscode.window.showTextDocument(document, { preview: true, viewColumn: group?.viewColumn ?? vscode.ViewColumn.Beside });
      const choice = await vscode.window.showInformationMessage(`SMTP: ${what}`, 'Copy', 'Open Preview');
      if (choice === 'Copy') await vscode.env.clipboard.writeText(markdown);
      if (choice === 'Open Preview') await vscode.commands.executeCommand('markdown.showPreview', uri);
    },
  };
}
