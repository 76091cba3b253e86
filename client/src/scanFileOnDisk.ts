import * as vscode from 'vscode';
import { statSync } from 'node:fs';
import { forEachRun, openLogFile } from '../../server/src/node/logStream';
import { scanChunkFailures } from '../../server/src/service/chunkScanner';
import { FailureTally } from '../../server/src/service/failureTally';
import type { ExplanationView } from './explanationView';
import { clientCatalog } from './lookUpCode';

/**
 * SMTP: Scan Log File on Disk... — for logs too large to open (VS Code never syncs documents over
 * 50 MB to a language server): streams the file through the same scanner as the CLI, with progress
 * and cancellation, and shows the summary.
 */
export function registerScanFileOnDisk(context: vscode.ExtensionContext, view: ExplanationView): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('smtpCodes.scanFileOnDisk', async (target?: vscode.Uri) => {
      const uri =
        target instanceof vscode.Uri
          ? target
          : (await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Scan', title: 'SMTP: scan a mail log on disk (any size, .gz too)' }))?.[0];
      if (!uri) return;
      if (uri.scheme !== 'file') {
        void vscode.window.showWarningMessage('SMTP: only files on the local disk can be scanned from disk.');
        return;
      }
      let size = 0;
      try {
        size = statSync(uri.fsPath).size;
      } catch (error) {
        void vscode.window.showErrorMessage(`SMTP: cannot read ${uri.fsPath}: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      const tally = new FailureTally(clientCatalog());
      const name = uri.path.split('/').pop() ?? uri.fsPath;
      const outcome = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `SMTP: scanning ${name}`, cancellable: true },
        async (progress, token) => {
          // Progress in bytes against the file size; for gzip files only the line count is shown.
          const compressed = uri.fsPath.endsWith('.gz');
          let bytes = 0;
          let lineCount = 0;
          let reported = 0;
          try {
            const lines = await forEachRun(openLogFile(uri.fsPath), (run) => {
              // Throwing stops the reading and closes the file.
              if (token.isCancellationRequested) throw new vscode.CancellationError();
              for (const reply of scanChunkFailures(run, 'log')) {
                if (reply.diagnose && (reply.class === 'permanent' || reply.class === 'transient')) tally.add(reply, run.lineAt(reply.tokens[0].line));
              }
              bytes += run.bytes.length;
              lineCount += run.lineCount;
              const percent = compressed || size === 0 ? 0 : Math.min(100, (bytes / size) * 100);
              progress.report({ increment: percent - reported, message: compressed ? `${lineCount} lines` : `${Math.floor(percent)}%` });
              reported = percent;
            });
            return token.isCancellationRequested ? undefined : lines;
          } catch (error) {
            if (token.isCancellationRequested) return undefined;
            throw error;
          }
        },
      );
      if (outcome === undefined) {
        void vscode.window.showInformationMessage('SMTP: scan cancelled.');
        return;
      }
      const report = tally.format(tally.summary(15), [uri.fsPath], outcome);
      await view.show(`Scan of ${name}`, `# SMTP failures in ${name}\n\n\`\`\`text\n${report}\n\`\`\`\n`, `failures found in ${name}`);
    }),
  );
}
