/**
 * Reading logs from disk as a stream (Node only): files of any size, gzip-rotated ones too, cut
 * into chunks of whole lines for the scanner. Used by the CLI and by the editor's disk scan.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { Chunk } from '../service/chunkedDocument';

/** Bytes are gathered to about this size, then cut at the last line break and decoded at once. */
const STREAM_CHUNK = 256 * 1024;
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
    let cut = final ? bytes.length : bytes.lastIndexOf(10) + 1;
    if (cut === 0 && bytes.length > LONGEST_LINE) {
      cut = bytes.length;
      while (cut > 0 && (bytes[cut - 1] & 0xc0) === 0x80) cut--; // inside a character: back off
      if (cut > 0 && bytes[cut - 1] >= 0xc0) cut--; // a lead byte whose continuation is still to come
    }
    if (cut === 0) return;
    emit(bytes.subarray(0, cut));
    const rest = bytes.subarray(cut);
    pending = rest.length > 0 ? [Buffer.from(rest)] : [];
    pendingBytes = rest.length;
  };
  for await (const data of stream) {
    pending.push(data as Buffer);
    pendingBytes += (data as Buffer).length;
    if (pendingBytes >= STREAM_CHUNK) flush(false);
  }
  if (pendingBytes > 0) flush(true);
  return line;
}

export function openLogFile(path: string): Readable {
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  return path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
}

