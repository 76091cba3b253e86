/**
 * A worker thread's part of a disk scan (`logFileScan.ts`): scans bytes [start, end) of a file the
 * thread that started it holds open, into its own tally, and sends the counts back. Bundled as
 * dist/scanWorker.js.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FailureTally } from '../service/failureTally';
import type { PartMessage, PartRequest } from './logFileScan';
import { forEachRun, readRange } from './logStream';

async function scanPart(request: PartRequest): Promise<void> {
  const tally = new FailureTally();
  let bytes = 0;
  let reported = 0;
  const lines = await forEachRun(
    readRange(request.fd, request.start, request.end),
    (run) => {
      tally.addRun(run, request.mode);
      bytes += run.bytes.length;
      if (bytes - reported >= 4 * 1024 * 1024) {
        reported = bytes;
        parentPort!.postMessage({ kind: 'progress', bytes } satisfies PartMessage);
      }
    },
    request.longestRun,
  );
  parentPort!.postMessage({ kind: 'progress', bytes } satisfies PartMessage);
  parentPort!.postMessage({ kind: 'done', lines, counts: tally.counts() } satisfies PartMessage);
}

// A rejection is left unhandled: it ends the worker and becomes its 'error' event in the thread
// that started it.
if (parentPort) void scanPart(workerData as PartRequest);
