/**
 * Reading logs from disk as a stream (Node only): files of any size, gzip-rotated ones too, cut
 * into chunks of whole lines for the scanner. Used by the CLI and by the editor's disk scan.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { Chunk } from '../service/chunkedDocument';

/** Text is cut into chunks of about this many characters, at line breaks, as it streams in. */
const STREAM_CHUNK = 256 * 1024;

/**
 * Calls `onChunk` with runs of whole lines as a stream arrives (UTF-8 decoded across chunk
 * boundaries), each with the number of the document line it starts at. Memory stays flat.
 */
export async function forEachChunk(stream: Readable, onChunk: (chunk: Chunk, firstLine: number) => void): Promise<number> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let line = 0;
  const emit = (text: string) => {
    const chunk = new Chunk(text);
    onChunk(chunk, line);
    line += chunk.lineCount;
  };
  const take = (text: string, final: boolean) => {
    pending += text;
    if (pending.length < STREAM_CHUNK && !final) return;
    const cut = final ? pending.length : pending.lastIndexOf('\n') + 1;
    if (cut <= 0) return;
    emit(pending.slice(0, cut));
    pending = pending.slice(cut);
  };
  for await (const data of stream) take(decoder.write(data as Buffer), false);
  take(decoder.end(), true);
  return line;
}

/** Opens a file as a byte stream, gunzipping `.gz` files. */
export function openLogFile(path: string): Readable {
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  return path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
}

