import * as vscode from 'vscode';
import { FailuresRequest, type FailuresParams, type FailuresResult } from '../../server/src/protocol';
import type { FailureGroup, FailureSummary } from '../../server/src/service/failureSummary';
import { MAIL_LANGUAGES, type ClientHandle } from './languageClient';

/** At most this many lines listed under one code (the count still says how many there are). */
const LOCATIONS_PER_GROUP = 500;

type Node = { group: FailureGroup } | { group: FailureGroup; location: FailureGroup['locations'][number] };

/** Asks the server for the failures of a document; undefined when the server is not there. */
async function fetchFailures(handle: ClientHandle, document: vscode.TextDocument): Promise<FailureSummary | undefined> {
  if (!handle.client) return undefined;
  const params: FailuresParams = { uri: document.uri.toString() };
  return (await handle.client.sendRequest<FailuresResult>(FailuresRequest, params).catch(() => null)) ?? undefined;
}

function isMailDocument(document: vscode.TextDocument | undefined): document is vscode.TextDocument {
  return document !== undefined && (MAIL_LANGUAGES.has(document.languageId) || document.languageId === 'log' || document.languageId === 'plaintext');
}

function groupLabel(group: FailureGroup): string {
  return `${group.codes} — ${group.title || 'unknown code'}`;
}

function reveal(document: vscode.TextDocument, location: FailureGroup['locations'][number]): Thenable<unknown> {
  const range = new vscode.Range(location.line, location.start, location.line, location.end);
  return vscode.window.showTextDocument(document, { selection: range });
}

/** The "SMTP Failures" tree in the Explorer: codes with counts, then the lines. */
class FailuresTree implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  summary: FailureSummary | undefined;
  document: vscode.TextDocument | undefined;

  refresh(document: vscode.TextDocument | undefined, summary: FailureSummary | undefined): void {
    this.document = document;
    this.summary = summary;
    this.changed.fire();
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (!('location' in node)) {
      const item = new vscode.TreeItem(groupLabel(node.group), vscode.TreeItemCollapsibleState.Collapsed);
      item.description = `${node.group.count}`;
      item.iconPath = new vscode.ThemeIcon(node.group.class === 'permanent' ? 'error' : 'warning');
      item.tooltip = `${node.group.count} ${node.group.class === 'permanent' ? 'permanent' : 'temporary'} failure(s)`;
      return item;
    }
    const line = node.location.line;
    const text = this.document?.lineAt(line).text.trim() ?? '';
    const item = new vscode.TreeItem(`line ${line + 1}`, vscode.TreeItemCollapsibleState.None);
    item.description = text.length > 160 ? text.slice(0, 160) + '…' : text;
    item.command = { command: 'smtpCodes.revealFailure', title: 'Go to line', arguments: [this.document?.uri, node.location] };
    return item;
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.summary?.groups.map((group) => ({ group })) ?? [];
    if ('location' in node) return [];
    return node.group.locations.slice(0, LOCATIONS_PER_GROUP).map((location) => ({ group: node.group, location }));
  }
}

/** Show Failures command, the Explorer tree and the status bar item, all fed by one request. */
export function registerFailures(context: vscode.ExtensionContext, handle: ClientHandle): void {
  const tree = new FailuresTree();
  const status = vscode.window.createStatusBarItem('smtpCodes.failures', vscode.StatusBarAlignment.Left, 10);
  status.name = 'SMTP Failures';
  status.command = 'smtpCodes.showFailures';
  let timer: NodeJS.Timeout | undefined;

  const update = async () => {
    const document = vscode.window.activeTextEditor?.document;
    if (!isMailDocument(document)) {
      status.hide();
      tree.refresh(undefined, undefined);
      return;
    }
    const summary = await fetchFailures(handle, document);
    tree.refresh(document, summary);
    if (!summary) {
      status.hide();
      return;
    }
    status.text = `$(error) ${summary.permanent} permanent, $(warning) ${summary.temporary} temporary`;
    status.tooltip = 'SMTP failures in this file: click to list them';
    status.show();
  };
  const scheduleUpdate = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void update(), 250);
  };

  context.subscriptions.push(
    status,
    vscode.window.registerTreeDataProvider('smtpCodes.failuresView', tree),
    vscode.window.onDidChangeActiveTextEditor(scheduleUpdate),
    handle.started.event(scheduleUpdate),
    vscode.languages.onDidChangeDiagnostics((event) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (event.uris.some((uri) => uri.toString() === active)) scheduleUpdate();
    }),
    vscode.commands.registerCommand('smtpCodes.revealFailure', async (uri: vscode.Uri, location: FailureGroup['locations'][number]) => {
      if (uri) await reveal(await vscode.workspace.openTextDocument(uri), location);
    }),
    vscode.commands.registerCommand('smtpCodes.showFailures', async () => {
      const document = vscode.window.activeTextEditor?.document;
      if (!isMailDocument(document)) {
        void vscode.window.showInformationMessage('SMTP: open a mail log, transcript or bounce first.');
        return;
      }
      const summary = await fetchFailures(handle, document);
      const optedIn = vscode.workspace.getConfiguration('smtpCodes', document.uri).get<boolean>('enableForPlainText') === true;
      if (!summary && handle.client && !MAIL_LANGUAGES.has(document.languageId) && !optedIn) {
        // A .log or plain-text file: read only when the user opts in.
        const enable = 'Read Log and Plain-Text Files';
        const choice = await vscode.window.showInformationMessage(
          `SMTP: ${document.languageId} files are read only with "smtpCodes.enableForPlainText" on (or pick the "Mail Log" language mode for this file).`,
          enable,
        );
        if (choice === enable) await vscode.workspace.getConfiguration('smtpCodes').update('enableForPlainText', true, vscode.ConfigurationTarget.Global);
        return;
      }
      if (!summary) {
        void vscode.window.showWarningMessage('SMTP: the language server is not running, so failures cannot be listed.');
        return;
      }
      tree.refresh(document, summary);
      if (summary.groups.length === 0) {
        void vscode.window.showInformationMessage('SMTP: no temporary or permanent failures in this file.');
        return;
      }
      type Item = vscode.QuickPickItem & { location?: FailureGroup['locations'][number] };
      const items: Item[] = [];
      for (const group of summary.groups) {
        items.push({ label: `${groupLabel(group)} (${group.count})`, kind: vscode.QuickPickItemKind.Separator });
        for (const location of group.locations.slice(0, LOCATIONS_PER_GROUP)) {
          const text = document.lineAt(location.line).text.trim();
          items.push({ label: `line ${location.line + 1}`, description: text.slice(0, 200), location });
        }
      }
      const chosen = await vscode.window.showQuickPick(items, {
        title: `SMTP failures: ${summary.permanent} permanent, ${summary.temporary} temporary`,
        matchOnDescription: true,
      });
      if (chosen?.location) await reveal(document, chosen.location);
    }),
  );
  void update();
}
