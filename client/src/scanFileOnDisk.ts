import * as vscode from 'vscode';
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { scanLogFile } from '../../server/src/node/logFileScan';
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
      try {
        statSync(uri.fsPath);
      } catch (error) {
        void vscode.window.showErrorMessage(`SMTP: cannot read ${uri.fsPath}: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      const tally = new FailureTally();
      const name = uri.path.split('/').pop() ?? uri.fsPath;
      const outcome = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `SMTP: scanning ${name}`, cancellable: true },
        async (progress, token) => {
          // Progress in bytes against the file size; for gzip files the bytes read so far are shown.
          let reported = 0;
          let reportedBytes = 0;
          const started = Date.now();
          const cancel = new AbortController();
          const listener = token.onCancellationRequested(() => cancel.abort(new vscode.CancellationError()));
          try {
            const scan = await scanLogFile(uri.fsPath, tally, {
              mode: 'log',
              jobs: Math.min(4, availableParallelism()),
              signal: cancel.signal,
              workerScript: context.asAbsolutePath('dist/scanWorker.js'),
              onProgress: (bytes, total) => {
                const compressed = total === 0;
                const percent = compressed ? 0 : Math.min(100, (bytes / total) * 100);
                // A report per whole percent (or per MB of a gzip file): runs come every 64 KB.
                if (compressed ? bytes - reportedBytes < 1e6 : Math.floor(percent) === Math.floor(reported)) return;
                reportedBytes = bytes;
                progress.report({ increment: percent - reported, message: compressed ? `${Math.round(bytes / 1e6)} MB read` : `${Math.floor(percent)}%` });
                reported = percent;
              },
            });
            return { ...scan, seconds: (Date.now() - started) / 1000 };
          } catch (error) {
            if (token.isCancellationRequested) return undefined;
            // Not a log after all (bad gzip data), or the file went away: said, not thrown.
            return { error: error instanceof Error ? error.message : String(error) };
          } finally {
            listener.dispose();
          }
        },
      );
      if (outcome === undefined) {
        void vscode.window.showInformationMessage('SMTP: scan cancelled.');
        return;
      }
      if ('error' in outcome) {
        void vscode.window.showErrorMessage(`SMTP: cannot scan ${uri.fsPath}: ${outcome.error}`);
        return;
      }
      const report = tally.format(tally.summary(clientCatalog(), 15), 1, outcome.lines);
      const how = `Read in ${outcome.seconds.toFixed(1)} s${outcome.parts > 1 ? `, in ${outcome.parts} parts on as many threads` : ''}.`;
      await view.show(`Scan of ${name}`, `# SMTP failures in ${name}\n\n${how}\n\n\`\`\`text\n${report}\n\`\`\`\n`, `failures found in ${name}`);
    }),
  );
}
