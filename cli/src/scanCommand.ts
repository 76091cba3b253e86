/**
 * `smtp-codes scan`: streams files of any size (gzip-rotated too) through the same scanner the
 * language server uses, with flat memory, and prints a summary of the failures.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import type { Catalog } from '../../server/src/service/catalog';
import type { ScanMode } from '../../server/src/service/documentScanner';
import { Chunk } from '../../server/src/service/chunkedDocument';
import { scanChunkFailures } from '../../server/src/service/chunkScanner';
import { FailureTally } from '../../server/src/service/failureTally';

export interface ScanOptions {
  json: boolean;
  failures: boolean;
  mode?: string;
  top?: string;
}

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
function openFile(path: string): Readable {
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  return path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
}

export async function runScan(catalog: Catalog, files: string[], options: ScanOptions): Promise<number> {
  if (files.length === 0) {
    process.stderr.write('smtp-codes: scan needs at least one file, e.g. "smtp-codes scan /var/log/mail.log".\n');
    return 2;
  }
  const mode: ScanMode = options.mode === 'transcript' ? 'transcript' : 'log';
  if (options.mode && options.mode !== 'log' && options.mode !== 'transcript') {
    process.stderr.write(`smtp-codes: --mode must be "log" or "transcript", not "${options.mode}".\n`);
    return 2;
  }
  const top = Math.max(1, Number(options.top ?? 10) || 10);
  const tally = new FailureTally(catalog);
  let lines = 0;
  let errors = 0;
  const out: string[] = [];
  const flush = () => {
    if (out.length) process.stdout.write(out.join(''));
    out.length = 0;
  };

  for (const file of files) {
    try {
      lines += await forEachChunk(openFile(file), (chunk, firstLine) => {
        for (const reply of scanChunkFailures(chunk, mode)) {
          if (!reply.diagnose || (reply.class !== 'permanent' && reply.class !== 'transient')) continue;
          const token = reply.tokens[0];
          const text = chunk.lineAt(token.line);
          tally.add(reply, text);
          if (options.failures) {
            const codes = [reply.basic, reply.enhanced].filter(Boolean).join(' ');
            out.push(`${file}:${firstLine + token.line + 1}:${token.start + 1}: ${reply.class} ${codes} ${tally.reasonOf(reply, text)}\n`);
            if (out.length > 512) flush();
          }
        }
      });
    } catch (error) {
      errors++;
      const code = (error as NodeJS.ErrnoException).code;
      process.stderr.write(`smtp-codes: cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error)}\n`);
    }
    flush();
  }

  const summary = tally.summary(top);
  if (options.json) process.stdout.write(JSON.stringify({ files, lines, ...summary }, null, 2) + '\n');
  else if (!options.failures) process.stdout.write(tally.format(summary, files, lines) + '\n');
  if (errors > 0) return 1;
  return summary.permanent > 0 ? 3 : 0;
}
