/**
 * Reading logs from disk as a stream (Node only): files of any size, gzip-rotated ones too, cut
 * into chunks of whole lines for the scanner. Used by the CLI and by the editor's disk scan.
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { ByteRun } from '../service/byteRun';

/**
 * Runs grow to about this many bytes: the pieces a file stream delivers (see openLogFile). Small
 * pieces (a pipe, gzip) are gathered up to it.
 */
const RUN_BYTES = 256 * 1024;
/** A "line" longer than this is cut anyway (at a character boundary) so memory stays bounded. */
const LONGEST_LINE = 64 * 1024 * 1024;

/**
 * Calls `onRun` with runs of whole lines as a stream arrives, each with the number of the document
 * line it starts at. Runs stay bytes (`ByteRun`): the scan decodes only the lines it reads. A line
 * break is never part of a multi-byte UTF-8 sequence, so cutting at one never splits a character.
 * Runs are cut out of the pieces the stream delivers without copying them; only the bytes carried
 * from one piece to the next (an unfinished line) are joined. Memory stays flat.
 */
export async function forEachRun(
  pieces: AsyncIterable<Uint8Array>,
  onRun: (run: ByteRun, firstLine: number) => void,
  /** Longest run of bytes without a line break kept whole (tests make it small). */
  longestLine = LONGEST_LINE,
): Promise<number> {
  let carry: Uint8Array[] = [];
  let carryBytes = 0;
  let line = 0;
  const emit = (bytes: Uint8Array) => {
    const run = new ByteRun(bytes);
    onRun(run, line);
    line += run.lineCount;
  };
  const takeCarry = (tail?: Uint8Array): Uint8Array => {
    const parts = tail ? [...carry, tail] : carry;
    carry = [];
    carryBytes = 0;
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  };
  // A source may fill the same memory again once the next piece is asked for: what is kept for
  // later (an unfinished line, gathered small pieces) is copied.
  const keep = (bytes: Uint8Array) => {
    carry.push(Uint8Array.prototype.slice.call(bytes));
    carryBytes += bytes.length;
  };
  const gatherBelow = Math.min(RUN_BYTES, longestLine);
  for await (const bytes of pieces) {
    if (carryBytes + bytes.length < gatherBelow) {
      keep(bytes);
      continue;
    }
    let start = 0;
    if (carryBytes > 0) {
      // The carried bytes end with this piece's first line: a small run of its own, so that the
      // rest of the piece goes out without being copied.
      const first = bytes.indexOf(10) + 1;
      if (first <= 0) {
        keep(bytes);
        if (carryBytes > longestLine) cutLongLine();
        continue;
      }
      emit(takeCarry(bytes.subarray(0, first)));
      start = first;
    }
    // Up to this piece's last line break makes a run; the rest waits for more.
    const cut = bytes.lastIndexOf(10) + 1;
    if (cut > start) {
      emit(bytes.subarray(start, cut));
      start = cut;
    }
    if (start < bytes.length) {
      keep(bytes.subarray(start));
      if (carryBytes > longestLine) cutLongLine();
    }
  }
  if (carryBytes > 0) emit(takeCarry());
  return line;

  /** A "line" that never ends: what is carried goes out up to a character boundary. */
  function cutLongLine(): void {
    const bytes = takeCarry();
    let end = bytes.length;
    while (end > 0 && (bytes[end - 1] & 0xc0) === 0x80) end--; // inside a character: back off
    if (end > 0 && bytes[end - 1] >= 0xc0) end--; // a lead byte whose continuation is still to come
    // No character boundary at all: not UTF-8 text; it all goes (bad bytes become U+FFFD).
    if (end === 0) end = bytes.length;
    emit(bytes.subarray(0, end));
    if (end < bytes.length) {
      carry = [bytes.subarray(end)];
      carryBytes = bytes.length - end;
    }
  }
}

/**
 * The bytes of a log file as pieces for `forEachRun`: gzip-rotated files through gunzip, others
 * read ahead into two buffers in turn. A piece is valid until the next one is asked for. To stop
 * early, stop iterating (throw from `onRun`): the file is closed.
 */
export function openLogFile(path: string): AsyncIterable<Uint8Array> {
  if (!isGzip(path)) return readAhead(path);
  const raw = createReadStream(path, { highWaterMark: RUN_BYTES });
  // Errors of the file (ENOENT) and of the data (not really gzip) both reach the reader.
  const gunzip = createGunzip({ chunkSize: RUN_BYTES });
  raw.on('error', (error) => gunzip.destroy(error));
  return raw.pipe(gunzip);
}

/**
 * Reads a file in pieces of RUN_BYTES, the next read running while the caller scans a piece.
 * Two buffers serve in turn, so that no memory is allocated (and faulted in) per piece.
 */
async function* readAhead(path: string): AsyncGenerator<Uint8Array> {
  const handle = await open(path, 'r');
  const buffers = [Buffer.allocUnsafe(RUN_BYTES), Buffer.allocUnsafe(RUN_BYTES)];
  let turn = 0;
  let pending = handle.read(buffers[turn], 0, RUN_BYTES, null);
  try {
    for (;;) {
      const { bytesRead, buffer } = await pending;
      if (bytesRead === 0) return;
      turn ^= 1;
      pending = handle.read(buffers[turn], 0, RUN_BYTES, null);
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await pending.catch(() => undefined);
    await handle.close();
  }
}

/** Rotated logs are gzipped whatever their name says: look at the magic number, not the extension. */
function isGzip(path: string): boolean {
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

