/**
 * Reading logs from disk as a stream (Node only): files of any size, gzip-rotated ones too, cut
 * into chunks of whole lines for the scanner. Used by the CLI and by the editor's disk scan.
 */
import { createReadStream, read } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ByteRun, type Utf8Decode } from '../service/byteRun';
import { nextChunkEnd } from '../service/chunkedDocument';

/** Pieces of a file are read this many bytes at a time (see `readAhead`). */
const PIECE_BYTES = 256 * 1024;
/**
 * No run is longer than this: a chunk that would be (it holds a line nearly as long; a binary
 * file may have no line break at all) is cut at a character boundary, so memory stays bounded.
 */
export const LONGEST_RUN = 1024 * 1024;

/** UTF-8 as Buffer#toString reads it (the same text as TextDecoder's, bad bytes and all, in half the time for a line). */
export const decodeBuffer: Utf8Decode = (bytes, start, end) =>
  // A plain Uint8Array has a toString of its own ("53,53,48"): view its memory as a Buffer.
  (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).toString('utf8', start, end);

/** What `forEachRun` read: lines (as `wc -l` counts them), and whether the data looks binary. */
export interface RunsRead {
  lines: number;
  /** NUL bytes in the first run (`looksBinary`): a scan of such a file finds codes by chance. */
  binary: boolean;
}

/**
 * Calls `onRun` with runs of whole lines as a stream arrives, each with the number of the document
 * line it starts at. Runs are cut where the editor cuts an open document into chunks
 * (`nextChunkEnd`): a bounce's Status quiets repeats of its code within one chunk, so the CLI and
 * the editor count the same failures. Runs stay bytes (`ByteRun`): the scan decodes only the lines
 * it reads. A line break is never part of a multi-byte UTF-8 sequence, so cutting at one never
 * splits a character. A run is valid only during its `onRun` call: the memory is used again.
 */
export async function forEachRun(
  pieces: AsyncIterable<Uint8Array>,
  onRun: (run: ByteRun, firstLine: number) => void,
  /** See LONGEST_RUN (tests make it small). */
  longestRun = LONGEST_RUN,
): Promise<RunsRead> {
  // What has arrived and is not yet cut off sits at the front of `work`; a piece is copied in
  // after it (a source may fill a piece's memory again once the next one is asked for).
  let work = Buffer.allocUnsafe(2 * PIECE_BYTES);
  let held = 0;
  let line = 0;
  let binary: boolean | undefined;
  /** `open`: the run ends inside a line (cut at `longestRun`), which the next run goes on with. */
  const emit = (start: number, end: number, open: boolean) => {
    const run = new ByteRun(work.subarray(start, end), decodeBuffer);
    binary ??= looksBinary(run.bytes);
    onRun(run, line);
    line += open ? run.lineCount - 1 : run.lineCount;
  };
  const lineFeedFrom = (from: number) => work.subarray(0, held).indexOf(10, from);
  const blankLineIn = (from: number, to: number) => work.subarray(from, to).indexOf('\n\n');
  /** Cuts what is held into runs; `final`: nothing more will come. Returns where the rest starts. */
  const cut = (final: boolean): number => {
    let start = 0;
    for (;;) {
      const end = nextChunkEnd(start, held, lineFeedFrom, blankLineIn);
      if (end !== -1 && end - start <= longestRun) {
        emit(start, end, false);
        start = end;
      } else if (end !== -1 || held - start > longestRun) {
        // A chunk too long (a line that does not end): cut where a scan from this chunk's start
        // always cuts it, so that a scan of a later part of the file (logFileScan.ts) cuts the same runs.
        const at = characterBoundaryBefore(work, start, start + longestRun);
        emit(start, at, work[at - 1] !== 10);
        start = at;
      } else {
        if (final && start < held) emit(start, held, false);
        return final ? held : start;
      }
    }
  };
  for await (const piece of pieces) {
    if (held + piece.length > work.length) {
      const larger = Buffer.allocUnsafe(Math.max(2 * work.length, held + piece.length));
      work.copy(larger, 0, 0, held);
      work = larger;
    }
    work.set(piece, held);
    held += piece.length;
    const start = cut(false);
    work.copyWithin(0, start, held);
    held -= start;
  }
  cut(true);
  return { lines: line, binary: binary ?? false };
}

/**
 * The offset at or before `at` (and after `start`) where no UTF-8 character is split. Bytes that
 * are not UTF-8 text have none: `at` itself (bad bytes become U+FFFD).
 */
function characterBoundaryBefore(bytes: Uint8Array, start: number, at: number): number {
  let end = at;
  while (end > start && (bytes[end] & 0xc0) === 0x80) end--; // a continuation byte starts no character
  return end > start ? end : at;
}

/** A log file open for a scan: what it is, and its bytes as pieces for `forEachRun`. */
export interface OpenLog {
  /** Its descriptor: any thread of this process can read a plain file's parts through it (`readRange`). */
  readonly fd: number;
  /** Bytes on disk; 0 for a pipe or a device. */
  readonly size: number;
  /** A regular file, which can be read in parts (not a pipe: `scan /dev/stdin`). */
  readonly regular: boolean;
  readonly gzip: boolean;
  /**
   * Every byte in order, through gunzip for a gzip file; a piece is valid until the next one is
   * asked for. Read once only.
   */
  pieces(): AsyncIterable<Uint8Array>;
  close(): Promise<void>;
}

/**
 * Opens a log for a scan. One descriptor serves the whole scan, worker threads included, so a log
 * rotated (renamed and created again) during a scan is read as it was when opened.
 */
export async function openLog(path: string): Promise<OpenLog> {
  if (path === '-') {
    // Standard input, whatever it is (a pipe, a socket, a terminal): read in order.
    return { fd: 0, size: 0, regular: false, gzip: false, pieces: () => ungzippedIfGzip(process.stdin), close: async () => undefined };
  }
  const handle = await open(path, 'r');
  try {
    const info = await handle.stat();
    const regular = info.isFile();
    // Rotated logs are gzipped whatever their name says: the magic number decides, where it can
    // be read without taking it from the stream (not from a pipe).
    let gzip = path.endsWith('.gz');
    if (regular) {
      const magic = Buffer.alloc(2);
      const { bytesRead } = await handle.read(magic, 0, 2, 0);
      gzip = bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
    }
    const inOrder: ReadInto = (buffer, length) => handle.read(buffer, 0, length, null).then((result) => result.bytesRead);
    return {
      fd: handle.fd,
      size: regular ? info.size : 0,
      regular,
      gzip,
      pieces: () => (gzip ? gunzipped(handle.createReadStream({ highWaterMark: PIECE_BYTES, autoClose: false })) : regular ? readAhead(inOrder, 0, Infinity) : ungzippedIfGzip(readAhead(inOrder, 0, Infinity))),
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Bytes [start, end) of a plain file open as `fd`, read at their positions (which moves no shared offset). */
export function readRange(fd: number, start: number, end: number): AsyncIterable<Uint8Array> {
  const atPosition: ReadInto = (buffer, length, position) =>
    new Promise((resolve, reject) => read(fd, buffer, 0, length, position, (error, bytesRead) => (error ? reject(error) : resolve(bytesRead))));
  return readAhead(atPosition, start, end);
}

/**
 * Every byte of a regular file open as `fd` (gunzipped if `gzip`), read at positions: another
 * thread of this process can read a file the first one opened (`openLog`).
 */
export function wholeFile(fd: number, gzip: boolean): AsyncIterable<Uint8Array> {
  if (!gzip) return readRange(fd, 0, Infinity);
  return gunzipped(createReadStream('', { fd, start: 0, highWaterMark: PIECE_BYTES, autoClose: false }));
}

/**
 * The bytes of `raw` through gunzip. Errors of the file and of the data (not really gzip) both
 * reach the reader; bad data ends the reading too (the descriptor is the caller's to close).
 */
function gunzipped(raw: Readable): AsyncIterable<Uint8Array> {
  const gunzip = createGunzip({ chunkSize: PIECE_BYTES });
  raw.on('error', (error) => gunzip.destroy(error));
  gunzip.on('error', () => raw.destroy());
  return raw.pipe(gunzip);
}

/**
 * A stream that may be gzip (`cat mail.log.2.gz | smtp-codes scan -`): its first bytes decide.
 * Pieces are copied, since the source may use their memory again.
 */
async function* ungzippedIfGzip(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const pieces = source[Symbol.asyncIterator]();
  const first = await pieces.next();
  if (first.done) return;
  const head = Buffer.from(first.value);
  const rest = async function* () {
    yield head;
    for (let next = await pieces.next(); !next.done; next = await pieces.next()) yield Buffer.from(next.value);
  };
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) yield* gunzipped(Readable.from(rest()));
  else yield* rest();
}

/** Reads up to `length` bytes into `buffer`, at `position` where the reader reads at positions. */
type ReadInto = (buffer: Buffer, length: number, position: number) => Promise<number>;

/**
 * Reads bytes [start, end) in pieces of PIECE_BYTES, the next read running while the caller scans
 * a piece. Two buffers serve in turn, so that no memory is allocated (and faulted in) per piece.
 */
async function* readAhead(readInto: ReadInto, start: number, end: number): AsyncGenerator<Uint8Array> {
  const buffers = [Buffer.allocUnsafe(PIECE_BYTES), Buffer.allocUnsafe(PIECE_BYTES)];
  let turn = 0;
  let position = start;
  const next = () => readInto(buffers[turn], Math.max(0, Math.min(PIECE_BYTES, end - position)), position);
  let pending = next();
  try {
    for (;;) {
      const bytesRead = await pending;
      if (bytesRead === 0) return;
      const filled = buffers[turn];
      position += bytesRead;
      turn ^= 1;
      pending = next();
      yield filled.subarray(0, bytesRead);
    }
  } finally {
    await pending.catch(() => undefined);
  }
}

/** True when a run of bytes looks like binary data rather than a log (NUL bytes). */
function looksBinary(bytes: Uint8Array): boolean {
  return bytes.indexOf(0) !== -1;
}

