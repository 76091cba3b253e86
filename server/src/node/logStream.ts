/**
 * Reading logs from disk as a stream (Node only): files of any size, gzip-rotated ones too, cut
 * into chunks of whole lines for the scanner. Used by the CLI and by the editor's disk scan.
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { ByteRun } from '../service/byteRun';
import { nextChunkEnd } from '../service/chunkedDocument';

/** Pieces of a file are read this many bytes at a time (see openLogFile). */
const PIECE_BYTES = 256 * 1024;
/** A "line" longer than this is cut anyway (at a character boundary) so memory stays bounded. */
const LONGEST_LINE = 64 * 1024 * 1024;

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
  /** Longest run of bytes without a line break kept whole (tests make it small). */
  longestLine = LONGEST_LINE,
): Promise<number> {
  // What has arrived and is not yet cut off sits at the front of `work`; a piece is copied in
  // after it (a source may fill a piece's memory again once the next one is asked for).
  let work = Buffer.allocUnsafe(2 * PIECE_BYTES);
  let held = 0;
  let line = 0;
  const emit = (bytes: Uint8Array) => {
    const run = new ByteRun(bytes);
    onRun(run, line);
    line += run.lineCount;
  };
  const lineFeedFrom = (from: number) => work.subarray(0, held).indexOf(10, from);
  const blankLineIn = (from: number, to: number) => work.subarray(from, to).indexOf('\n\n');
  for await (const piece of pieces) {
    if (held + piece.length > work.length) {
      const larger = Buffer.allocUnsafe(Math.max(2 * work.length, held + piece.length));
      work.copy(larger, 0, 0, held);
      work = larger;
    }
    work.set(piece, held);
    held += piece.length;
    let start = 0;
    for (let end; (end = nextChunkEnd(start, held, lineFeedFrom, blankLineIn)) !== -1; start = end) {
      emit(work.subarray(start, end));
    }
    if (held - start > longestLine) start = cutLongLine(start);
    work.copyWithin(0, start, held);
    held -= start;
  }
  if (held > 0) emit(work.subarray(0, held));
  return line;

  /** A "line" that never ends: what is held goes out up to a character boundary. */
  function cutLongLine(start: number): number {
    let end = held;
    while (end > start && (work[end - 1] & 0xc0) === 0x80) end--; // inside a character: back off
    if (end > start && work[end - 1] >= 0xc0) end--; // a lead byte whose continuation is still to come
    // No character boundary at all: not UTF-8 text; it all goes (bad bytes become U+FFFD).
    if (end === start) end = held;
    emit(work.subarray(start, end));
    return end;
  }
}

/**
 * The bytes of a log file as pieces for `forEachRun`: gzip-rotated files through gunzip, others
 * read ahead into two buffers in turn. A piece is valid until the next one is asked for. To stop
 * early, stop iterating (throw from `onRun`): the file is closed.
 */
export function openLogFile(path: string): AsyncIterable<Uint8Array> {
  if (!isGzipFile(path)) return readAhead(path);
  const raw = createReadStream(path, { highWaterMark: PIECE_BYTES });
  // Errors of the file (ENOENT) and of the data (not really gzip) both reach the reader.
  const gunzip = createGunzip({ chunkSize: PIECE_BYTES });
  raw.on('error', (error) => gunzip.destroy(error));
  return raw.pipe(gunzip);
}

/**
 * Reads bytes [start, end) of a file in pieces of PIECE_BYTES, the next read running while the
 * caller scans a piece. Two buffers serve in turn, so that no memory is allocated (and faulted in)
 * per piece.
 */
async function* readAhead(path: string, start = 0, end = Infinity): AsyncGenerator<Uint8Array> {
  const handle = await open(path, 'r');
  const buffers = [Buffer.allocUnsafe(PIECE_BYTES), Buffer.allocUnsafe(PIECE_BYTES)];
  let turn = 0;
  let position = start;
  const readAt = (from: number) => handle.read(buffers[turn], 0, Math.max(0, Math.min(PIECE_BYTES, end - from)), from);
  let pending = readAt(position);
  try {
    for (;;) {
      const { bytesRead, buffer } = await pending;
      if (bytesRead === 0) return;
      position += bytesRead;
      turn ^= 1;
      pending = readAt(position);
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await pending.catch(() => undefined);
    await handle.close();
  }
}

/** Bytes [start, end) of a plain (not gzip) log file, as pieces for `forEachRun`. */
export function openLogRange(path: string, start: number, end: number): AsyncIterable<Uint8Array> {
  return readAhead(path, start, end);
}

/** Rotated logs are gzipped whatever their name says: look at the magic number, not the extension. */
export function isGzipFile(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const magic = Buffer.alloc(2);
    return readSync(fd, magic, 0, 2, 0) === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } catch {
    return path.endsWith('.gz'); // let the stream report the error
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** True when a run of bytes looks like binary data rather than a log (NUL bytes). */
export function looksBinary(bytes: Uint8Array): boolean {
  return bytes.indexOf(0) !== -1;
}

