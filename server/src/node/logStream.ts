/**
 * Reading logs from disk as a stream (Node only): files of any size, gzip-rotated ones too, cut
 * into chunks of whole lines for the scanner. Used by the CLI and by the editor's disk scan.
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { Chunk } from '../service/chunkedDocument';

/**
 * Runs are decoded about this many bytes at a time. Kept under V8's 128 KiB limit for ordinary heap
 * objects: larger strings go to the large-object space and decoding gets 20 times slower.
 */
const STREAM_CHUNK = 60 * 1024;
/** A "line" longer than this is cut anyway (at a character boundary) so memory stays bounded. */
const LONGEST_LINE = 64 * 1024 * 1024;

/**
 * Calls `onChunk` with runs of whole lines as a stream arrives, each with the number of the
 * document line it starts at. Cuts the bytes at line breaks before decoding (a line break is never
 * part of a multi-byte UTF-8 sequence), so each run is decoded in one call; memory stays flat.
 * Runs are cut out of the pieces the stream delivers without copying them; only the bytes
 * carried from one piece to the next (an unfinished run) are joined.
 */
export async function forEachChunk(
  stream: Readable,
  onChunk: (chunk: Chunk, firstLine: number) => void,
  /** Longest run of bytes without a line break kept whole (tests make it small). */
  longestLine = LONGEST_LINE,
): Promise<number> {
  // TextDecoder is many times faster than Buffer#toString on ASCII; it replaces bad bytes the same
  // way, and with ignoreBOM it keeps a byte order mark as a character, as toString does.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let carry: Buffer[] = [];
  let carryBytes = 0;
  let line = 0;
  const emit = (bytes: Uint8Array) => {
    const chunk = new Chunk(decoder.decode(bytes));
    onChunk(chunk, line);
    line += chunk.lineCount;
  };
  const takeCarry = (tail?: Buffer): Buffer => {
    const parts = tail ? [...carry, tail] : carry;
    carry = [];
    carryBytes = 0;
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  };
  for await (const data of stream) {
    const bytes = data as Buffer;
    if (carryBytes + bytes.length <= STREAM_CHUNK) {
      // Small pieces (a pipe, gzip) gather into runs of a useful size.
      carry.push(bytes);
      carryBytes += bytes.length;
      continue;
    }
    let start = 0;
    if (carryBytes > 0) {
      // Finish the carried run with this piece's first lines, up to a line break near STREAM_CHUNK.
      const room = STREAM_CHUNK - carryBytes - 1;
      let cut = room >= 0 ? bytes.lastIndexOf(10, room) + 1 : 0;
      if (cut <= 0) cut = bytes.indexOf(10) + 1;
      if (cut <= 0) {
        carry.push(bytes);
        carryBytes += bytes.length;
        if (carryBytes > longestLine) cutLongLine();
        continue;
      }
      emit(takeCarry(bytes.subarray(0, cut)));
      start = cut;
    }
    // Whole runs of about STREAM_CHUNK bytes, each ending at a line break.
    while (bytes.length - start > STREAM_CHUNK) {
      let cut = bytes.lastIndexOf(10, start + STREAM_CHUNK - 1) + 1;
      if (cut <= start) cut = bytes.indexOf(10, start + STREAM_CHUNK) + 1; // a line longer than a run
      if (cut <= start) break;
      emit(bytes.subarray(start, cut));
      start = cut;
    }
    if (start < bytes.length) {
      carry.push(bytes.subarray(start));
      carryBytes += bytes.length - start;
      if (carryBytes > longestLine) cutLongLine();
    }
  }
  if (carryBytes > 0) emit(takeCarry());
  return line;

  /** A "line" that never ends: decode what is carried up to a character boundary. */
  function cutLongLine(): void {
    const bytes = takeCarry();
    let end = bytes.length;
    while (end > 0 && (bytes[end - 1] & 0xc0) === 0x80) end--; // inside a character: back off
    if (end > 0 && bytes[end - 1] >= 0xc0) end--; // a lead byte whose continuation is still to come
    // No character boundary at all: not UTF-8 text; decode it all (bad bytes become U+FFFD).
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

/** True when a run of text looks like binary data rather than a log (NUL characters). */
export function looksBinary(text: string): boolean {
  return text.includes('\u0000');
}

