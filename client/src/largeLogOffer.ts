import * as vscode from 'vscode';
import { stat } from 'node:fs/promises';

/**
 * VS Code shows a file of over 50 MB but never gives it to extensions (`_MODEL_SYNC_LIMIT` in its
 * textModel.ts): no hovers, no diagnostics, and nothing says why. When such a log becomes the
 * active tab, this offers the disk scan instead, once per file and session.
 */
const SYNC_LIMIT = 50 * 1024 * 1024;
/** Names that look like mail logs or logs at all (rotated ones too); other large files are left alone. */
const LOG_NAME = /mail|exim|postfix|sendmail|smtp|exchange|\.log(\.\d+)?$|log$/i;
/** How long a large document may take to reach the extension host before it counts as not given. */
const SYNC_WAIT_MS = 1500;

export function registerLargeLogOffer(context: vscode.ExtensionContext): void {
  const offered = new Set<string>();
  const check = async () => {
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    if (!(input instanceof vscode.TabInputText) || input.uri.scheme !== 'file') return;
    const uri = input.uri;
    const key = uri.toString();
    const name = uri.path.split('/').pop() ?? '';
    if (offered.has(key) || !LOG_NAME.test(name)) return;
    const size = await stat(uri.fsPath).then((s) => s.size).catch(() => 0);
    if (size <= SYNC_LIMIT) return;
    // Under the limit in characters (multi-byte text) it is given after all: wait and see.
    await new Promise((resolve) => setTimeout(resolve, SYNC_WAIT_MS));
    if (offered.has(key) || vscode.workspace.textDocuments.some((document) => document.uri.toString() === key)) return;
    const active = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    if (!(active instanceof vscode.TabInputText) || active.uri.toString() !== key) return;
    offered.add(key);
    const scan = 'Scan from Disk';
    const choice = await vscode.window.showInformationMessage(
      `SMTP: ${name} is ${Math.round(size / 1048576)} MB, over the 50 MB VS Code gives to extensions, so it gets no hovers or problems. Scan it from disk for a summary of its failures?`,
      scan,
    );
    if (choice === scan) await vscode.commands.executeCommand('smtpCodes.scanFileOnDisk', uri);
  };
  context.subscriptions.push(vscode.window.tabGroups.onDidChangeTabs(() => void check()));
  void check();
}
