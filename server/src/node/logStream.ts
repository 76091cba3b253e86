/**
 * Reading logs from disk as a stream (Node only): files of any size, gzip-rotated ones too, cut
 * into chunks of whole lines for the scanner. Used by the CLI and by the editor's disk scan.
 */
import { createReadStream, read } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ByteRun, type Utf8Decode } from '../service/byteRun';
import { CHUNK_MAX, nextChunkEnd } from '../service/chunkedDocument';

/** Pieces of a file are read this many bytes at a time (see `readAhead`). */
const PIECE_BYTES = 256 * 1024;
/**
 * A line is scanned as one line up to this many bytes; a longer one (a binary file may have no
 * line break at all) is scanned only in its first LONGEST_LINE bytes, cut at a character
 * boundary, and the rest of it is skipped up to its line break, so that memory stays bounded (a
 * run holds the line whole, and the scan decodes it to one string). `forEachRun` counts such lines.
 */
export const LONGEST_LINE = 4 * 1024 * 1024;

/** UTF-8 as Buffer#toString reads it (the same text as TextDecoder's, bad bytes and all, in half the time for a line). */
export const decodeBuffer: Utf8Decode = (bytes, start, end) =>
  // A plain Uint8Array has a toString of its own ("53,53,48"): view its memory as a Buffer.
  (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).toString('utf8', start, end);

/** What `forEachRun` read: lines (as `wc -l` counts them), and whether the data looks binary. */
export interface RunsRead {
  lines: number;
  /** NUL bytes in the first MB: a scan of such a file finds codes by chance. */
  binary: boolean;
  /** Lines longer than LONGEST_LINE (the `longestLine` given), scanned only in their first part. */
  longLines: number;
  /** The first of them (from 0), when there is one. */
  firstLongLine?: number;
}

/** The binary check looks at the first this many bytes. */
const BINARY_CHECK_BYTES = 1024 * 1024;

/**
 * Calls `onRun` with runs of whole lines as a stream arrives, each with the number of the document
 * line it starts at. Runs are cut where the editor cuts an open document into chunks
 * (`nextChunkEnd`): a bounce's Status quiets repeats of its code within one chunk, so the CLI and
 * the editor count the same failures. Runs stay bytes (`ByteRun`): the scan decodes only the lines
 * it reads. A line break is never part of a multi-byte UTF-8 sequence, so cutting at one never
 * splits a character. A run is valid only during its `onRun` call: the memory is used again.
 *
 * A line longer than `longestLine` is the last line of its chunk (chunks end at the first line
 * break after CHUNK_TARGET): its run ends `longestLine` bytes into it, and the rest of the line is
 * skipped. The next run starts after its line break, where the editor's next chunk starts too, so
 * a scan from any chunk's start (a part of the file, `logFileScan.ts`) cuts the same runs.
 */
export async function forEachRun(
  pieces: AsyncIterable<Uint8Array>,
  onRun: (run: ByteRun, firstLine: number) => void,
  /** See LONGEST_LINE (tests make it small; never below CHUNK_MAX: only a chunk's last line can be longer). */
  longestLine = LONGEST_LINE,
): Promise<RunsRead> {
  longestLine = Math.max(longestLine, CHUNK_MAX);
  // What has arrived and is not yet cut off sits at the front of `work`; a piece is copied in
  // after it (a source may fill a piece's memory again once the next one is asked for).
  let work = Buffer.allocUnsafe(2 * PIECE_BYTES);
  let held = 0;
  let line = 0;
  let binary: boolean | undefined;
  let longLines = 0;
  let firstLongLine: number | undefined;
  /** The rest of a long line is being skipped, up to its line break. */
  let skipping = false;
  const emit = (start: number, end: number) => {
    const run = new ByteRun(work.subarray(start, end), decodeBuffer);
    binary ??= looksBinary(run.bytes.subarray(0, BINARY_CHECK_BYTES));
    onRun(run, line);
    line += run.lineCount;
  };
  /** Emits [start, end) whose last line, from `lineStart`, is too long: only its first `longestLine` bytes. */
  const emitCut = (start: number, lineStart: number) => {
    const at = characterBoundaryBefore(work, lineStart, lineStart + longestLine);
    longLines++;
    firstLongLine ??= line + lineCountOf(work, start, lineStart);
    emit(start, at);
  };
  const lineFeedFrom = (from: number) => work.subarray(0, held).indexOf(10, from);
  const blankLineIn = (from: number, to: number) => work.subarray(from, to).indexOf('\n\n');
  /** Where the last line held before `end` starts (not before `start`). */
  const lastLineStart = (start: number, end: number) => Math.max(start, end > 0 ? work.lastIndexOf(10, end - 1) + 1 : 0);
  /** Cuts what is held into runs; `final`: nothing more will come. Returns where the rest starts. */
  const cut = (final: boolean): number => {
    let start = 0;
    for (;;) {
      const end = nextChunkEnd(start, held, lineFeedFrom, blankLineIn);
      if (end !== -1) {
        // The chunk's last line (before its line break at end - 1) may be too long.
        const lineStart = lastLineStart(start, end - 1);
        if (end - 1 - lineStart > longestLine) emitCut(start, lineStart);
        else emit(start, end);
        start = end;
        continue;
      }
      // No chunk end in what is held. More than a chunk held means no line break after
      // CHUNK_TARGET: the last line is the chunk's, and once it is too long, its end changes nothing.
      if (held - start > CHUNK_MAX && held - lastLineStart(start, held) > longestLine) {
        emitCut(start, lastLineStart(start, held));
        skipping = true;
        return held;
      }
      if (final && start < held) emit(start, held);
      return final ? held : start;
    }
  };
  for await (const received of pieces) {
    let piece = received;
    if (skipping) {
      const lineFeed = piece.indexOf(10);
      if (lineFeed === -1) continue;
      skipping = false;
      piece = piece.subarray(lineFeed + 1);
    }
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
    // A long line's buffer is given back once it is scanned.
    if (work.length > 8 * PIECE_BYTES && held <= 2 * PIECE_BYTES) {
      const smaller = Buffer.allocUnsafe(2 * PIECE_BYTES);
      work.copy(smaller, 0, 0, held);
      work = smaller;
    }
  }
  if (!skipping) cut(true);
  return { lines: line, binary: binary ?? false, longLines, firstLongLine };
}

/** Line breaks in bytes [start, end). */
function lineCountOf(bytes: Uint8Array, start: number, end: number): number {
  let count = 0;
  for (let p = bytes.indexOf(10, start); p !== -1 && p < end; p = bytes.indexOf(10, p + 1)) count++;
  return count;
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

