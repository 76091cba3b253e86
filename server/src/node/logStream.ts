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
 */
export async function forEachChunk(stream: Readable, onChunk: (chunk: Chunk, firstLine: number) => void): Promise<number> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let line = 0;
  const emit = (bytes: Buffer) => {
    const chunk = new Chunk(bytes.toString('utf8'));
    onChunk(chunk, line);
    line += chunk.lineCount;
  };
  const flush = (final: boolean) => {
    const bytes = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
    let start = 0;
    // Whole runs of about STREAM_CHUNK bytes, each ending at a line break.
    while (bytes.length - start > STREAM_CHUNK) {
      let cut = bytes.lastIndexOf(10, start + STREAM_CHUNK - 1) + 1;
      if (cut <= start) cut = bytes.indexOf(10, start + STREAM_CHUNK) + 1; // a line longer than a run
      if (cut <= start) break;
      emit(bytes.subarray(start, cut));
      start = cut;
    }
    let end = final ? bytes.length : start;
    if (!final && bytes.length - start > LONGEST_LINE) {
      end = bytes.length;
      while (end > start && (bytes[end - 1] & 0xc0) === 0x80) end--; // inside a character: back off
      if (end > start && bytes[end - 1] >= 0xc0) end--; // a lead byte whose continuation is still to come
    }
    if (end > start) emit(bytes.subarray(start, end));
    const rest = bytes.subarray(end);
    pending = rest.length > 0 ? [Buffer.from(rest)] : [];
    pendingBytes = rest.length;
  };
  for await (const data of stream) {
    pending.push(data as Buffer);
    pendingBytes += (data as Buffer).length;
    if (pendingBytes > 4 * STREAM_CHUNK) flush(false);
  }
  if (pendingBytes > 0) flush(true);
  return line;
}

export function openLogFile(path: string): Readable {
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  if (!isGzip(path)) return raw;
  // Errors of the file (ENOENT) and of the data (not really gzip) both reach the reader.
  const gunzip = createGunzip();
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

