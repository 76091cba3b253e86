/**
 * Reading logs from disk as a stream (Node only): files of any size, gzip-rotated ones too, cut
 * into chunks of whole lines for the scanner. Used by the CLI and by the editor's disk scan.
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { ByteRun } from '../service/byteRun';

/**
 * Runs grow to about this many bytes: the pieces a file stream delivers (see openLogFile). Small
 * pieces (a pipe, gzip) are gathered up to it.
 */
const RUN_BYTES = 1 << 20;
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
  stream: Readable,
  onRun: (run: ByteRun, firstLine: number) => void,
  /** Longest run of bytes without a line break kept whole (tests make it small). */
  longestLine = LONGEST_LINE,
): Promise<number> {
  let carry: Buffer[] = [];
  let carryBytes = 0;
  let line = 0;
  const emit = (bytes: Uint8Array) => {
    const run = new ByteRun(bytes);
    onRun(run, line);
    line += run.lineCount;
  };
  const takeCarry = (tail?: Buffer): Buffer => {
    const parts = tail ? [...carry, tail] : carry;
    carry = [];
    carryBytes = 0;
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  };
  const gatherBelow = Math.min(RUN_BYTES, longestLine);
  for await (const data of stream) {
    const bytes = data as Buffer;
    if (carryBytes + bytes.length < gatherBelow) {
      carry.push(bytes);
      carryBytes += bytes.length;
      continue;
    }
    let start = 0;
    if (carryBytes > 0) {
      // The carried bytes end with this piece's first line: a small run of its own, so that the
      // rest of the piece goes out without being copied.
      const first = bytes.indexOf(10) + 1;
      if (first <= 0) {
        carry.push(bytes);
        carryBytes += bytes.length;
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
      carry.push(bytes.subarray(start));
      carryBytes = bytes.length - start;
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

export function openLogFile(path: string): Readable {
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  if (!isGzip(path)) return raw;
  // Errors of the file (ENOENT) and of the data (not really gzip) both reach the reader.
  const gunzip = createGunzip({ chunkSize: 1 << 18 });
  raw.on('error', (error) => gunzip.destroy(error));
  return raw.pipe(gunzip);
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

