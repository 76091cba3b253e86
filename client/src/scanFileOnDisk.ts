import * as vscode from 'vscode';
import { statSync } from 'node:fs';
import { defaultJobs, longLinesNote, scanLogFiles } from '../../server/src/node/logFileScan';
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
    // From the Explorer: the file right-clicked, or every file selected (rotated logs together).
    vscode.commands.registerCommand('smtpCodes.scanFileOnDisk', async (target?: vscode.Uri, selection?: vscode.Uri[]) => {
      const chosen =
        selection && selection.length > 1
          ? selection
          : target instanceof vscode.Uri
            ? [target]
            : await vscode.window.showOpenDialog({ canSelectMany: true, openLabel: 'Scan', title: 'SMTP: scan mail logs on disk (any size, .gz too)' });
      if (!chosen || chosen.length === 0) return;
      const uris = chosen.filter((uri) => uri.scheme === 'file');
      if (uris.length < chosen.length) void vscode.window.showWarningMessage('SMTP: only files on the local disk can be scanned from disk.');
      if (uris.length === 0) return;
      const unreadable = uris.filter((uri) => !canStat(uri.fsPath));
      if (unreadable.length === uris.length) {
        void vscode.window.showErrorMessage(`SMTP: cannot read ${uris.map((uri) => uri.fsPath).join(', ')}.`);
        return;
      }
      const tally = new FailureTally(clientCatalog().reusedCodes());
      const name = uris.length === 1 ? (uris[0].path.split('/').pop() ?? uris[0].fsPath) : `${uris.length} files`;
      const outcome = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `SMTP: scanning ${name}`, cancellable: true },
        async (progress, token) => {
          // One file: progress in bytes against its size (for gzip, the MB read so far). Several: files done.
          let reported = 0;
          let reportedBytes = 0;
          const started = Date.now();
          const cancel = new AbortController();
          const listener = token.onCancellationRequested(() => cancel.abort(new vscode.CancellationError()));
          try {
            const scans = await scanLogFiles(
              uris.map((uri) => uri.fsPath),
              tally,
              {
                mode: 'log',
                jobs: defaultJobs(),
                signal: cancel.signal,
                workerScript: context.asAbsolutePath('dist/scanWorker.js'),
                onProgress:
                  uris.length > 1
                    ? undefined
                    : (bytes, total) => {
                        const compressed = total === 0;
                        const percent = compressed ? 0 : Math.min(100, (bytes / total) * 100);
                        // A report per whole percent (or per MB of a gzip file): runs come every 64 KB.
                        if (compressed ? bytes - reportedBytes < 1e6 : Math.floor(percent) === Math.floor(reported)) return;
                        reportedBytes = bytes;
                        progress.report({ increment: percent - reported, message: compressed ? `${Math.round(bytes / 1e6)} MB read` : `${Math.floor(percent)}%` });
                        reported = percent;
                      },
                onFileDone: (done) => {
                  if (uris.length === 1) return;
                  const percent = (done / uris.length) * 100;
                  progress.report({ increment: percent - reported, message: `${done} of ${uris.length} files` });
                  reported = percent;
                },
              },
            );
            return { scans, seconds: (Date.now() - started) / 1000 };
          } finally {
            listener.dispose();
          }
        },
      ).then(
        (result) => result,
        (error: unknown) => (error instanceof vscode.CancellationError ? undefined : { failed: error instanceof Error ? error.message : String(error) }),
      );
      if (outcome === undefined) {
        void vscode.window.showInformationMessage('SMTP: scan cancelled.');
        return;
      }
      if ('failed' in outcome) {
        void vscode.window.showErrorMessage(`SMTP: cannot scan ${name}: ${outcome.failed}`);
        return;
      }
      // Files that could not be read (not a log after all: bad gzip data; or gone) are said, not thrown.
      const failed = outcome.scans.filter((scan) => scan.error !== undefined);
      for (const scan of failed) {
        void vscode.window.showErrorMessage(`SMTP: cannot scan ${scan.path}: ${scan.error instanceof Error ? scan.error.message : String(scan.error)}`);
      }
      const read = outcome.scans.filter((scan) => scan.scan !== undefined);
      if (read.length === 0) return;
      const lines = read.reduce((sum, scan) => sum + scan.scan!.lines, 0);
      const report = tally.format(tally.summary(clientCatalog(), 15), read.length, lines, failed.length);
      const parts = read.length === 1 ? read[0].scan!.parts : 1;
      const how = `Read in ${outcome.seconds.toFixed(1)} s${parts > 1 ? `, in ${parts} parts on as many threads` : ''}.`;
      // Lines too long to be scanned whole are said, as the CLI says them on stderr.
      const long = read.flatMap((scan) => {
        const note = longLinesNote(scan.scan!);
        return note ? [`\`${scan.path.split('/').pop()}\`: ${note}.`] : [];
      });
      const longNote = long.length ? `\n\n${long.join('\n')}` : '';
      const files = read.length > 1 ? `\n\nFiles: ${read.map((scan) => `\`${scan.path.split('/').pop()}\``).join(', ')}.` : '';
      await view.show(`Scan of ${name}`, `# SMTP failures in ${name}\n\n${how}${longNote}${files}\n\n\`\`\`text\n${report}\n\`\`\`\n`, `failures found in ${name}`);
    }),
  );
}

function canStat(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
