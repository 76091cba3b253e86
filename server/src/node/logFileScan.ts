/**
 * Scans a log file on disk into a failure tally (Node only): the CLI's `scan` and the editor's
 * "Scan Log File on Disk...". A large plain file is cut into parts at places where a scan from the
 * start cuts a chunk anyway, and the parts after the first are scanned by worker threads
 * (`scanWorker.ts`), so the counts are those of one scan from start to end.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { nextChunkEnd } from '../service/chunkedDocument';
import type { ScanMode } from '../service/documentScanner';
import { FailureTally, type TallyCounts } from '../service/failureTally';
import type { Reply } from '../service/replyTypes';
import { forEachRun, isGzipFile, looksBinary, openLogFile, openLogRange } from './logStream';

/** A part scanned by a worker is worth its start-up (~40 ms) from about this size. */
const PART_BYTES_AT_LEAST = 32 * 1024 * 1024;

export interface LogFileScanOptions {
  mode: ScanMode;
  /** Threads to scan a large plain file with (default 1: this thread alone). */
  jobs?: number;
  /** Each failure in file order, with its document line (from 0): the scan then runs on this thread alone. */
  onFailure?: (reply: Reply, text: string, line: number) => void;
  /** Bytes scanned so far (for gzip, of the decompressed data). */
  onProgress?: (bytes: number) => void;
  /** Stops the scan: workers end, the file is closed, and the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** The worker script: `scanWorker.js` beside this bundle unless told. */
  workerScript?: string;
  /** The smallest part worth a worker (tests make it small). */
  partBytesAtLeast?: number;
}

export interface LogFileScan {
  lines: number;
  /** NUL bytes at the start: binary data rather than a log (scanned anyway). */
  binary: boolean;
  /** How many parts the file was scanned in. */
  parts: number;
}

/** What a worker is asked to scan (`scanWorker.ts`). */
export interface PartRequest {
  path: string;
  start: number;
  /** Infinity for the last part: a log that grows while it is scanned is read to its end. */
  end: number;
  mode: ScanMode;
}

/** What a worker sends back: progress as it goes, then its counts. */
export type PartMessage = { kind: 'progress'; bytes: number } | { kind: 'done'; lines: number; counts: TallyCounts };

/** Scans one file into `tally`. Errors (no such file, bad gzip) reject. */
export async function scanLogFile(path: string, tally: FailureTally, options: LogFileScanOptions): Promise<LogFileScan> {
  const { mode, signal, onProgress, onFailure } = options;
  const gzip = isGzipFile(path);
  const size = gzip ? 0 : statSync(path).size;
  const parts = gzip || onFailure ? 1 : Math.max(1, Math.min(options.jobs ?? 1, Math.floor(size / (options.partBytesAtLeast ?? PART_BYTES_AT_LEAST))));
  let binary = false;

  if (parts === 1) {
    let bytes = 0;
    const lines = await forEachRun(openLogFile(path), (run, firstLine) => {
      signal?.throwIfAborted();
      if (firstLine === 0) binary = looksBinary(run.bytes);
      tally.addRun(run, mode, onFailure && ((reply, text) => onFailure(reply, text, firstLine + reply.tokens[0].line)));
      bytes += run.bytes.length;
      onProgress?.(bytes);
    });
    return { lines, binary, parts };
  }

  const splits = chunkAlignedSplits(path, size, parts);
  const progress = new Array<number>(splits.length - 1).fill(0);
  const report = () => onProgress?.(progress.reduce((a, b) => a + b, 0));
  const workers: Worker[] = [];
  const results: Array<Promise<{ lines: number; counts: TallyCounts }>> = [];
  for (let part = 1; part < splits.length - 1; part++) {
    const request: PartRequest = { path, start: splits[part], end: part === splits.length - 2 ? Infinity : splits[part + 1], mode };
    const worker = new Worker(options.workerScript ?? join(__dirname, 'scanWorker.js'), { workerData: request });
    workers.push(worker);
    results.push(
      new Promise((resolve, reject) => {
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
      }),
    );
  }
  const stop = () => void Promise.all(workers.map((worker) => worker.terminate()));
  const all = Promise.all(results);
  all.catch(stop); // a worker's error ends the others; it is reported when awaited below
  signal?.addEventListener('abort', stop, { once: true });
  try {
    // This thread scans the first part while the workers start.
    let lines = await forEachRun(openLogRange(path, 0, splits[1]), (run, firstLine) => {
      signal?.throwIfAborted();
      if (firstLine === 0) binary = looksBinary(run.bytes);
      tally.addRun(run, mode);
      progress[0] += run.bytes.length;
      report();
    });
    for (const result of await all) {
      lines += result.lines;
      tally.merge(result.counts);
    }
    signal?.throwIfAborted();
    return { lines, binary, parts: splits.length - 1 };
  } catch (error) {
    stop();
    throw signal?.aborted ? signal.reason : error;
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}

/**
 * Offsets that cut a file of `size` bytes into about `parts` parts, each a place where a scan
 * from the start would end a chunk (`nextChunkEnd`): the chunks of every part are then the
 * chunks of one scan, and so are the failures counted. Walks the cuts with small reads: about
 * 24 KB per 64 KB chunk, from the page cache when the file was read lately.
 */
export function chunkAlignedSplits(path: string, size: number, parts: number): number[] {
  const fd = openSync(path, 'r');
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
  try {
    const splits = [0];
    let start = 0;
    for (let part = 1; part < parts; part++) {
      const target = Math.floor((size * part) / parts);
      while (start < target) {
        const end = nextChunkEnd(start, size, lineFeedFrom, blankLineIn);
        if (end === -1) return [...splits, size]; // the rest is one chunk
        start = end;
      }
      if (start >= size) break;
      splits.push(start);
    }
    return [...splits, size];
  } finally {
    closeSync(fd);
  }
}
