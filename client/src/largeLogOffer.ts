import * as vscode from 'vscode';
import { stat } from 'node:fs/promises';

/**
 * VS Code shows a file of over 50 MB but never gives it to extensions (`_MODEL_SYNC_LIMIT` in its
 * textModel.ts): no hovers, no diagnostics, and nothing says why. When such a log becomes the
 * active tab, this offers the disk scan instead, once per file and session.
 */
const SYNC_LIMIT = 50 * 1024 * 1024;
/**
 * Names of logs: `*.log` (rotated too: `.log.1`, `.log-20261125`), the mail-log names the
 * extension knows (`maillog`, `mainlog`, `mail.err` ...), `*.maillog`, and `syslog` and `messages`,
 * where some systems write their mail log. Other large files are left alone.
 */
const LOG_NAME = /\.log([.-]\d+)?$|^(mail|main|reject|panic|sys)log([.-]\d+)?$|^messages([.-]\d+)?$|^mail\.(err|warn|info)([.-]\d+)?$|\.maillog$/i;
/**
 * The limit counts characters, not bytes: a file of multi-byte text a little over 50 MB is given
 * after all. Up to this size (four bytes a character at most) the check waits to see.
 */
const SURELY_NOT_GIVEN = 4 * SYNC_LIMIT;
/** How long a large document may take to reach the extension host before it counts as not given. */
const SYNC_WAIT_MS = 5000;

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
    const given = () => vscode.workspace.textDocuments.some((document) => document.uri.toString() === key);
    if (size <= SURELY_NOT_GIVEN) {
      for (let waited = 0; waited < SYNC_WAIT_MS && !given(); waited += 500) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    if (offered.has(key) || given()) return;
    const active = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    if (!(active instanceof vscode.TabInputText) || active.uri.toString() !== key) return;
    offered.add(key);
    const scan = 'Scan from Disk';
    const choice = await vscode.window.showInformationMessage(
      `SMTP: ${name} is ${(size / 1048576).toFixed(1)} MB, over the 50 MB VS Code gives to extensions, so it gets no hovers or problems. Scan it from disk for a summary of its failures?`,
      scan,
    );
    if (choice === scan) await vscode.commands.executeCommand('smtpCodes.scanFileOnDisk', uri);
  };
  context.subscriptions.push(
    vscode.window.tabGroups.onDidChangeTabs(() => void check()),
    // Focus moving to another group changes the active tab without changing any tab.
    vscode.window.tabGroups.onDidChangeTabGroups(() => void check()),
  );
  void check();
}
