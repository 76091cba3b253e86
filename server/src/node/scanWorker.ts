/**
 * A worker thread's part of a disk scan (`logFileScan.ts`): scans bytes [start, end) of a file the
 * thread that started it holds open, into its own tally, and sends the counts back. Bundled as
 * dist/scanWorker.js.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FailureTally } from '../service/failureTally';
import type { FileMessage, FileRequest, PartMessage, PartRequest, PoolStart } from './logFileScan';
import { forEachRun, readRange, wholeFile } from './logStream';
import type { TranscriptCarry } from '../service/transcript';

async function scanPart(request: PartRequest): Promise<void> {
  const tally = new FailureTally(new Map(request.reusedBy));
  let bytes = 0;
  let reported = 0;
  const { lines, longLines, firstLongLine } = await forEachRun(
    readRange(request.fd, request.start, request.end),
    (run) => {
      tally.addRun(run, request.mode);
      bytes += run.bytes.length;
      if (bytes - reported >= 4 * 1024 * 1024) {
        reported = bytes;
        parentPort!.postMessage({ kind: 'progress', bytes } satisfies PartMessage);
      }
    },
    request.longestLine,
  );
  parentPort!.postMessage({ kind: 'progress', bytes } satisfies PartMessage);
  parentPort!.postMessage({ kind: 'done', lines, longLines, firstLongLine, counts: tally.counts() } satisfies PartMessage);
}

/**
 * A whole file, for a pool worker. A failure (bad gzip data) is sent back with what was counted
 * before it, as a scan on the calling thread would have kept it, and the worker goes on.
 */
async function scanFile(request: FileRequest, reusedBy: ReadonlyMap<string, string>): Promise<void> {
  const tally = new FailureTally(reusedBy);
  try {
    let carry: TranscriptCarry | undefined;
    const { lines, binary, longLines, firstLongLine } = await forEachRun(wholeFile(request.fd, request.gzip), (run) => (carry = tally.addRun(run, request.mode, undefined, carry)), request.longestLine);
    parentPort!.postMessage({ id: request.id, kind: 'file', lines, binary, longLines, firstLongLine, counts: tally.counts() } satisfies FileMessage);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    parentPort!.postMessage({ id: request.id, kind: 'failed', message, counts: tally.counts() } satisfies FileMessage);
  }
}

if (parentPort) {
  const data = workerData as PartRequest | PoolStart;
  // One file after another, for as long as the thread that started this one asks.
  if ('kind' in data && data.kind === 'pool') {
    const reusedBy = new Map(data.reusedBy);
    parentPort.on('message', (request: FileRequest) => void scanFile(request, reusedBy));
  }
  // A rejection is left unhandled: it ends the worker and becomes its 'error' event.
  else void scanPart(data as PartRequest);
}
