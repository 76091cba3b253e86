/**
 * `smtp-codes scan`: streams files of any size (gzip-rotated too) through the same scanner the
 * language server uses, with flat memory, and prints a summary of the failures.
 */
import type { Catalog } from '../../server/src/service/catalog';
import type { ScanMode } from '../../server/src/service/documentScanner';
import { defaultJobs, longLinesNote, scanLogFiles, type FileScanOutcome } from '../../server/src/node/logFileScan';
import { FailureTally } from '../../server/src/service/failureTally';
import type { Reply } from '../../server/src/service/replyTypes';
import { replyWords } from '../../server/src/service/replyWords';
import { outputClosed } from './output';

export interface ScanOptions {
  json: boolean;
  failures: boolean;
  mode?: string;
  top?: string;
  jobs?: string;
  /** Progress on stderr: on for a terminal unless false; true forces it (a log file, a test). */
  progress?: boolean;
}

/** A progress line on stderr, redrawn at most every 200 ms and cleared when done. */
function progressLine(what: string): { update: (amount: string) => void; done: () => void } {
  let shown = 0;
  let drawn = false;
  return {
    update(amount) {
      const now = Date.now();
      if (now - shown < 200) return;
      shown = now;
      drawn = true;
      process.stderr.write(`\rsmtp-codes: scanning ${what}: ${amount}\x1b[K`);
    },
    done() {
      if (drawn) process.stderr.write('\r\x1b[K');
    },
  };
}

/** What the usual errors of opening a file mean, in words. */
const READ_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENXIO: 'no such device (a socket? read it with "-" from standard input)',
};

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;
/** "45% (115 MB of 256 MB)", or the bytes read when the size is not known ahead (gzip, a pipe). */
const amountRead = (bytes: number, total: number) => (total > 0 ? `${Math.min(100, Math.floor((bytes / total) * 100))}% (${mb(bytes)} of ${mb(total)})` : mb(bytes));

export async function runScan(catalog: Catalog, files: string[], options: ScanOptions): Promise<number> {
  if (files.length === 0) {
    process.stderr.write('smtp-codes: scan needs at least one file, e.g. "smtp-codes scan /var/log/mail.log".\n');
    return 2;
  }
  const mode: ScanMode = options.mode === 'transcript' ? 'transcript' : 'log';
  if (options.mode && options.mode !== 'log' && options.mode !== 'transcript') {
    process.stderr.write(`smtp-codes: --mode must be "log" or "transcript", not "${options.mode}".\n`);
    return 2;
  }
  const jobs = options.jobs === undefined ? defaultJobs() : Number(options.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) {
    process.stderr.write(`smtp-codes: --jobs must be a whole number from 1, not "${options.jobs}".\n`);
    return 2;
  }
  const top = options.top === undefined ? 10 : Number(options.top);
  if (!Number.isInteger(top) || top < 1) {
    process.stderr.write(`smtp-codes: --top must be a whole number from 1, not "${options.top}".\n`);
    return 2;
  }
  if (options.json && options.failures) {
    process.stderr.write('smtp-codes: --json and --failures are two different outputs: choose one.\n');
    return 2;
  }
  const tally = new FailureTally(catalog.reusedCodes());
  let lines = 0;
  let errors = 0;
  const out: string[] = [];
  const flush = () => {
    if (out.length && !outputClosed.signal.aborted) process.stdout.write(out.join(''));
    out.length = 0;
  };
  // The reader of the output is gone: the scan stops (its threads end, its files close).
  const signal = outputClosed.signal;

  const showProgress = options.progress ?? process.stderr.isTTY;
  const report = (outcome: FileScanOutcome) => {
    if (signal.aborted) return;
    if (outcome.scan) {
      lines += outcome.scan.lines;
      if (outcome.scan.binary) process.stderr.write(`smtp-codes: ${outcome.path} looks like binary data, not a log (NUL bytes); scanned it anyway\n`);
      const long = longLinesNote(outcome.scan);
      if (long) process.stderr.write(`smtp-codes: ${outcome.path}: ${long}\n`);
      return;
    }
    errors++;
    const error = outcome.error;
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    const why = READ_ERRORS[code ?? ''] ?? (error instanceof Error ? error.message : String(error));
    process.stderr.write(`smtp-codes: cannot read ${outcome.path}: ${why}\n`);
  };

  try {
    if (jobs > 1 && !options.failures && files.length > 1) {
      // Several files (rotated logs): they share the threads, a file each, or all of them for a large one.
      const progress = showProgress ? progressLine(`${files.length} files`) : undefined;
      const outcomes = await scanLogFiles(files, tally, { mode, jobs, signal, onFileDone: (done) => progress?.update(`${done} done`) }).finally(() => progress?.done());
      outcomes.forEach(report);
    } else {
      for (const file of files) {
        if (signal.aborted) break;
        // file:line:column of the failure's first code, then class, codes and reason.
        const onFailure = options.failures
          ? (reply: Reply, text: string, line: number) => {
              const codes = [reply.basic, reply.enhanced].filter(Boolean).join(' ');
              // The words as the log wrote them: which recipient, which address (the summary blanks them to group).
              const words = replyWords(reply, text);
              // A reply on a line of megabytes is cut at 500 characters: one failure, one readable line.
              out.push(`${file}:${line + 1}:${reply.tokens[0].start + 1}: ${reply.class} ${codes} ${words.length > 500 ? `${words.slice(0, 500)}…` : words}\n`);
              if (out.length > 512) flush();
            }
          : undefined;
        const progress = showProgress ? progressLine(file) : undefined;
        const [outcome] = await scanLogFiles([file], tally, { mode, jobs, signal, onFailure, onProgress: (bytes, total) => progress?.update(amountRead(bytes, total)) }).finally(() => progress?.done());
        report(outcome);
        flush();
      }
    }
  } catch (error) {
    // An abort because the output is gone ends the scan quietly; anything else is a real error.
    if (!signal.aborted) throw error;
  }
  if (signal.aborted) return 141;
  const summary = tally.summary(catalog, top);
  if (options.json) process.stdout.write(JSON.stringify({ files, lines, ...summary }, null, 2) + '\n');
  else if (!options.failures) process.stdout.write(tally.format(summary, files.length - errors, lines, errors) + '\n');
  if (errors > 0) return 1;
  return summary.permanent > 0 ? 3 : 0;
}
