/**
 * Scans a log file on disk into a failure tally (Node only): the CLI's `scan` and the editor's
 * "Scan Log File on Disk...". A large plain file is cut into parts at places where a scan from the
 * start cuts a chunk anyway, and the parts after the first are scanned by worker threads
 * (`scanWorker.ts`), so the counts are those of one scan from start to end.
 */
import { readSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { nextChunkEnd } from '../service/chunkedDocument';
import type { ScanMode } from '../service/documentScanner';
import { FailureTally, type TallyCounts } from '../service/failureTally';
import type { Reply } from '../service/replyTypes';
import type { TranscriptCarry } from '../service/transcript';
import { forEachRun, LONGEST_LINE, openLog, readRange, type OpenLog, type RunsRead } from './logStream';

/** Threads a scan uses unless told: every core, up to four (more gain little: reads and merging). */
export function defaultJobs(): number {
  return Math.min(4, availableParallelism());
}

/** A part scanned by a worker is worth its start-up (~40 ms) from about this size. */
const PART_BYTES_AT_LEAST = 32 * 1024 * 1024;

export interface LogFileScanOptions {
  mode: ScanMode;
  /** Threads to scan a large plain file with (default 1: this thread alone). */
  jobs?: number;
  /** Each failure in file order, with its document line (from 0): the scan then runs on this thread alone. */
  onFailure?: (reply: Reply, text: string, line: number) => void;
  /** Bytes scanned so far, of `total` (the file's size; 0 when not known ahead: gzip, a pipe). */
  onProgress?: (bytes: number, total: number) => void;
  /** Stops the scan: workers end, the file is closed, and the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** The worker script: `scanWorker.js` beside this bundle unless told. */
  workerScript?: string;
  /** The smallest part worth a worker (tests make it small). */
  partBytesAtLeast?: number;
  /** The longest line scanned whole (tests make it small; see LONGEST_LINE). */
  longestLine?: number;
}

export interface LogFileScan {
  lines: number;
  /** NUL bytes at the start: binary data rather than a log (scanned anyway). */
  binary: boolean;
  /** How many parts the file was scanned in. */
  parts: number;
  /** Lines longer than LONGEST_LINE, scanned only in their first LONGEST_LINE bytes. */
  longLines: number;
  /** The first of them (document line, from 0). */
  firstLongLine?: number;
}

/** What a worker is asked to scan (`scanWorker.ts`). */
export interface PartRequest {
  /** The file, open in the thread that asks. */
  fd: number;
  start: number;
  /** Infinity for the last part. */
  end: number;
  mode: ScanMode;
  longestLine?: number;
  /** The calling tally's reused codes (`FailureTally.reusedCodes`), for the worker's own. */
  reusedBy: Array<[string, string]>;
}

/** What a worker sends back: progress as it goes, then its counts (line numbers from the part's start). */
export type PartMessage = { kind: 'progress'; bytes: number } | ({ kind: 'done'; counts: TallyCounts } & LinesRead);

/** What a part or a file held: its lines, and those too long to be scanned whole. */
export type LinesRead = Pick<RunsRead, 'lines' | 'longLines' | 'firstLongLine'>;

/** Scans one file into `tally`. Errors (no such file, bad gzip) reject. */
export async function scanLogFile(path: string, tally: FailureTally, options: LogFileScanOptions): Promise<LogFileScan> {
  const log = await openLog(path);
  try {
    return await scanOpenLog(log, path, tally, options);
  } finally {
    await log.close();
  }
}

async function scanOpenLog(log: OpenLog, path: string, tally: FailureTally, options: LogFileScanOptions): Promise<LogFileScan> {
  const { mode, signal, onProgress, onFailure } = options;
  const known = log.gzip ? 0 : log.size;
  // A transcript is read in one pass: a session's state runs from each chunk into the next.
  const wanted = !log.regular || log.gzip || onFailure || mode === 'transcript' ? 1 : Math.max(1, Math.min(options.jobs ?? 1, Math.floor(log.size / (options.partBytesAtLeast ?? PART_BYTES_AT_LEAST))));
  const splits = wanted > 1 ? await chunkAlignedSplits(log.fd, log.size, wanted, signal) : [0, Infinity];

  if (splits.length === 2) {
    let bytes = 0;
    let carry: TranscriptCarry | undefined;
    const { lines, binary, longLines, firstLongLine } = await forEachRun(
      log.pieces(),
      (run, firstLine) => {
        signal?.throwIfAborted();
        carry = tally.addRun(run, mode, onFailure && ((reply, text) => onFailure(reply, text, firstLine + reply.tokens[0].line)), carry);
        bytes += run.bytes.length;
        onProgress?.(bytes, known);
      },
      options.longestLine,
    );
    return { lines, binary, parts: 1, longLines, firstLongLine };
  }

  const progress = new Array<number>(splits.length - 1).fill(0);
  const report = () => onProgress?.(progress.reduce((a, b) => a + b, 0), known);
  const workers: Worker[] = [];
  const exited: Array<Promise<unknown>> = [];
  const results: Array<Promise<LinesRead & { counts: TallyCounts }>> = [];
  const stop = () => void Promise.all(workers.map((worker) => worker.terminate()));
  /** A worker's error: it ends the others, and this thread's part too (it is reported below). */
  let failed = false;
  try {
    for (let part = 1; part < splits.length - 1; part++) {
      // The last part reads to the end: a log that grows while it is scanned is read as far as it has grown.
      const request: PartRequest = { fd: log.fd, start: splits[part], end: part === splits.length - 2 ? Infinity : splits[part + 1], mode, longestLine: options.longestLine, reusedBy: tally.reusedCodes() };
      const worker = new Worker(workerScriptOf(options), { workerData: request });
      workers.push(worker);
      exited.push(new Promise((resolve) => worker.once('exit', resolve)));
      const result = new Promise<LinesRead & { counts: TallyCounts }>((resolve, reject) => {
        worker.on('message', (message: PartMessage) => {
          if (message.kind === 'progress') {
            progress[part] = message.bytes;
            report();
          } else {
            resolve(message);
          }
        });
        worker.on('error', reject);
        worker.on('exit', (code) => reject(new Error(`the scan of part ${part + 1} of ${path} stopped (exit code ${code})`)));
      });
      result.catch(() => {
        failed = true;
        stop();
      });
      results.push(result);
    }
    signal?.addEventListener('abort', stop, { once: true });
    // This thread scans the first part while the workers start.
    const first = await forEachRun(
      readRange(log.fd, 0, splits[1]),
      (run) => {
        signal?.throwIfAborted();
        if (failed) throw new PartFailed();
        tally.addRun(run, mode);
        progress[0] += run.bytes.length;
        report();
      },
      options.longestLine,
    );
    let { lines, longLines, firstLongLine } = first;
    for (const result of await Promise.all(results)) {
      // A part's line numbers count from its start: the lines of the parts before it come first.
      if (result.firstLongLine !== undefined) firstLongLine ??= lines + result.firstLongLine;
      longLines += result.longLines;
      lines += result.lines;
      tally.merge(result.counts);
    }
    signal?.throwIfAborted();
    return { lines, binary: first.binary, parts: splits.length - 1, longLines, firstLongLine };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    // This thread stopped because a worker failed: the worker's error is the one to report.
    if (error instanceof PartFailed) await Promise.all(results);
    throw error;
  } finally {
    signal?.removeEventListener('abort', stop);
    // The file is closed once no thread reads it any more.
    stop();
    await Promise.all(exited);
  }
}

/** The worker script: `scanWorker.js` beside this bundle unless the options say. */
function workerScriptOf(options: LogFileScanOptions): string {
  return options.workerScript ?? join(__dirname, 'scanWorker.js');
}

/** Thrown into this thread's part when a worker has failed. */
class PartFailed extends Error {}

/**
 * Offsets that cut a file of `size` bytes into about `parts` parts, each a place where a scan
 * from the start ends a chunk (`nextChunkEnd`): the chunks of every part are then the chunks of
 * one scan, and so are the failures counted. Walks the cuts with small reads: about 24 KB per
 * 64 KB chunk, from the page cache when the file was read lately (a long line is read through to
 * its line break: a cut is never inside a line). A chunk ends after a line break, however long its
 * last line, and a scan cuts a line too long for a run in the same place from any chunk's start
 * (`forEachRun`): a part may start right after one. A file too small to cut is one part.
 */
export async function chunkAlignedSplits(fd: number, size: number, parts: number, signal?: AbortSignal): Promise<number[]> {
  // One read serves a chunk's line feed search and its blank-line window (which starts one byte
  // before where the line feed is looked for).
  const block = Buffer.allocUnsafe(24 * 1024);
  let blockStart = 0;
  let blockLength = 0;
  const load = (from: number) => {
    blockStart = from;
    blockLength = readSync(fd, block, 0, block.length, from);
  };
  const lineFeedFrom = (from: number) => {
    for (let p = from; p < size; p = blockStart + blockLength) {
      if (p < blockStart || p >= blockStart + blockLength) load(Math.max(0, p - 1));
      if (blockLength === 0) return -1;
      const at = block.subarray(0, blockLength).indexOf(10, p - blockStart);
      if (at !== -1) return blockStart + at;
    }
    return -1;
  };
  const blankLineIn = (from: number, to: number) => {
    if (from < blockStart || to > blockStart + blockLength) load(from);
    return block.subarray(from - blockStart, Math.min(to - blockStart, blockLength)).indexOf('\n\n');
  };
  const splits = [0];
  let start = 0;
  let steps = 0;
  for (let part = 1; part < parts; part++) {
    const target = Math.floor((size * part) / parts);
    while (start < target) {
      // The reads are small but many (a 10 GB file from a cold disk takes seconds): the event loop
      // (the editor's extension host) gets a turn between batches, and a cancel is seen there.
      if (++steps % 256 === 0) {
        await new Promise((resolve) => setImmediate(resolve));
        signal?.throwIfAborted();
      }
      const end = nextChunkEnd(start, size, lineFeedFrom, blankLineIn);
      // The rest is one chunk: no more cuts.
      if (end === -1) return [...splits, size];
      start = end;
    }
    if (start > splits[splits.length - 1] && start < size) splits.push(start);
  }
  return [...splits, size];
}

/**
 * What to tell about lines too long to be scanned whole ("line 3 is longer than 4 MB: ..."), or
 * undefined when there were none.
 */
export function longLinesNote(scan: Pick<LogFileScan, 'longLines' | 'firstLongLine'>, longestLine = LONGEST_LINE): string | undefined {
  if (scan.longLines === 0) return undefined;
  const size = `${Math.round(longestLine / (1024 * 1024))} MB`;
  const which = scan.longLines === 1 ? `line ${scan.firstLongLine! + 1} is` : `${scan.longLines} lines (the first: line ${scan.firstLongLine! + 1}) are`;
  return `${which} longer than ${size}: scanned only in ${scan.longLines === 1 ? 'its' : 'their'} first ${size}`;
}

/** What became of one file of `scanLogFiles`: its scan, or why it could not be read. */
export interface FileScanOutcome {
  path: string;
  scan?: LogFileScan;
  error?: unknown;
}

/** Starts a worker that scans whole files one after another, as asked (`scanWorker.ts`). */
export interface PoolStart {
  kind: 'pool';
  /** The calling tally's reused codes (`FailureTally.reusedCodes`), for the worker's tallies. */
  reusedBy: Array<[string, string]>;
}

/** A whole file for a pool worker: open in the thread that asks. */
export interface FileRequest {
  id: number;
  fd: number;
  gzip: boolean;
  mode: ScanMode;
  longestLine?: number;
}

/** What a pool worker sends back for a file. */
export type FileMessage =
  | ({ id: number; kind: 'file'; binary: boolean; counts: TallyCounts } & LinesRead)
  /** With what was counted before the failure, which a scan on the calling thread keeps too. */
  | { id: number; kind: 'failed'; message: string; counts: TallyCounts };

/**
 * Scans several files into `tally` (rotated logs: `mail.log mail.log.1 mail.log.2.gz ...`). With
 * more than one job, files too small to be split and gzip files, which cannot be, are scanned a
 * file a thread, this one and worker threads at once; a large plain file is scanned in parts on
 * every thread (`scanLogFile`). Standard input and other streams are read on this thread. The
 * outcomes come in the order of `paths`; `onFileDone` is called as each file is done. An abort
 * (`signal`) stops every thread and rejects with its reason.
 */
export async function scanLogFiles(paths: string[], tally: FailureTally, options: LogFileScanOptions & { onFileDone?: (done: number) => void }): Promise<FileScanOutcome[]> {
  const outcomes: FileScanOutcome[] = paths.map((path) => ({ path }));
  let done = 0;
  const scanHere = async (index: number, jobs: number) => {
    try {
      outcomes[index].scan = await scanLogFile(paths[index], tally, { ...options, jobs });
    } catch (error) {
      options.signal?.throwIfAborted();
      outcomes[index].error = error;
    }
    options.onFileDone?.(++done);
  };
  const jobs = options.jobs ?? 1;
  if (jobs <= 1 || options.onFailure || paths.length < 2) {
    for (let index = 0; index < paths.length; index++) await scanHere(index, jobs);
    return outcomes;
  }
  const partBytes = options.partBytesAtLeast ?? PART_BYTES_AT_LEAST;
  const large: number[] = [];
  const shared: number[] = [];
  let sharedBytes = 0;
  for (let index = 0; index < paths.length; index++) {
    const { kind, bytes } = await kindOf(paths[index], 2 * partBytes);
    if (kind === 'stream') await scanHere(index, 1);
    else if (kind === 'large') large.push(index);
    else {
      shared.push(index);
      sharedBytes += bytes;
    }
  }
  for (const index of large) await scanHere(index, jobs);
  // Files that come to less than a part are read here: a worker's start would cost more.
  if (sharedBytes < partBytes) {
    for (const index of shared) await scanHere(index, 1);
    return outcomes;
  }

  // The rest, a file a thread: this thread takes from the queue like each worker does.
  let next = 0;
  const takeNext = () => (next < shared.length ? shared[next++] : undefined);
  const { signal } = options;
  const here = async () => {
    for (let index = takeNext(); index !== undefined && !signal?.aborted; index = takeNext()) await scanHere(index, 1);
  };
  const inWorker = async () => {
    const worker = new Worker(workerScriptOf(options), { workerData: { kind: 'pool', reusedBy: tally.reusedCodes() } satisfies PoolStart });
    let gone: Error | undefined;
    const exited = new Promise<void>((resolve) =>
      worker.once('exit', (code) => {
        gone ??= new Error(`a scan thread stopped (exit code ${code})`);
        resolve();
      }),
    );
    worker.on('error', (error) => (gone ??= error));
    const stop = () => void worker.terminate();
    signal?.addEventListener('abort', stop, { once: true });
    try {
      for (let index = takeNext(); index !== undefined && !signal?.aborted; index = takeNext()) {
        // A worker that is gone (it crashed) leaves its files, the one it was reading too, to this thread.
        if (gone) {
          await scanHere(index, 1);
          continue;
        }
        let log: OpenLog | undefined;
        let answer: FileMessage | undefined;
        try {
          log = await openLog(paths[index]);
          const request: FileRequest = { id: index, fd: log.fd, gzip: log.gzip, mode: options.mode, longestLine: options.longestLine };
          answer = await new Promise<FileMessage | undefined>((resolve) => {
            const onMessage = (message: FileMessage) => {
              if (message.id !== request.id) return;
              worker.off('message', onMessage);
              resolve(message);
            };
            worker.on('message', onMessage);
            void exited.then(() => resolve(undefined));
            worker.postMessage(request);
          });
        } catch (error) {
          outcomes[index].error = error;
        } finally {
          await log?.close();
        }
        if (!outcomes[index].error && answer === undefined) {
          if (signal?.aborted) break;
          await scanHere(index, 1);
          continue;
        }
        if (answer) {
          tally.merge(answer.counts);
          if (answer.kind === 'failed') outcomes[index].error = new Error(answer.message);
          else outcomes[index].scan = { lines: answer.lines, binary: answer.binary, parts: 1, longLines: answer.longLines, firstLongLine: answer.firstLongLine };
        }
        options.onFileDone?.(++done);
      }
    } finally {
      signal?.removeEventListener('abort', stop);
      await worker.terminate();
      await exited;
    }
  };
  await Promise.all([here(), ...Array.from({ length: Math.min(jobs, shared.length) - 1 }, inWorker)]);
  signal?.throwIfAborted();
  return outcomes;
}

/**
 * A stream (not a regular file), a plain file large enough to be split, or any other file, with
 * about how many bytes it holds (gzip: five times its size). Only a regular file is opened here:
 * opening a named pipe would take its writer's data.
 */
async function kindOf(path: string, largeFrom: number): Promise<{ kind: 'stream' | 'large' | 'other'; bytes: number }> {
  if (path === '-') return { kind: 'stream', bytes: 0 };
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) return { kind: 'other', bytes: 0 }; // the scan says why it cannot be read
  if (!info.isFile()) return { kind: info.isDirectory() ? 'other' : 'stream', bytes: 0 };
  let log: OpenLog | undefined;
  try {
    log = await openLog(path);
    if (log.gzip) return { kind: 'other', bytes: 5 * info.size };
    return { kind: info.size >= largeFrom ? 'large' : 'other', bytes: info.size };
  } catch {
    return { kind: 'other', bytes: 0 };
  } finally {
    await log?.close();
  }
}
