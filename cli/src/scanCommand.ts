/**
 * `smtp-codes scan`: streams files of any size (gzip-rotated too) through the same scanner the
 * language server uses, with flat memory, and prints a summary of the failures.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import type { Catalog } from '../../server/src/service/catalog';
import { ReplyScanner, type ScanMode } from '../../server/src/service/documentScanner';
import type { Reply } from '../../server/src/service/replyTypes';
import { FailureTally } from '../../server/src/service/failureTally';

export interface ScanOptions {
  json: boolean;
  failures: boolean;
  mode?: string;
  top?: string;
}

/** Calls `onLine` for every line of a stream, decoding UTF-8 across chunk boundaries (CRLF aware). */
export async function forEachLine(stream: Readable, onLine: (text: string, line: number) => void): Promise<number> {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let line = 0;
  const take = (chunk: string) => {
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', start)) {
      let text = chunk.slice(start, nl);
      if (carry) {
        text = carry + text;
        carry = '';
      }
      onLine(text.endsWith('\r') ? text.slice(0, -1) : text, line++);
      start = nl + 1;
    }
    carry += chunk.slice(start);
  };
  for await (const chunk of stream) take(decoder.write(chunk as Buffer));
  take(decoder.end());
  if (carry) onLine(carry.endsWith('\r') ? carry.slice(0, -1) : carry, line++);
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
    const scanner = new ReplyScanner(mode);
    const onReplies = (replies: Reply[], text: string) => {
      for (const reply of replies) {
        if (!reply.diagnose) continue;
        tally.add(reply, text);
        if (options.failures && (reply.class === 'permanent' || reply.class === 'transient')) {
          const token = reply.tokens[0];
          const codes = [reply.basic, reply.enhanced].filter(Boolean).join(' ');
          out.push(`${file}:${token.line + 1}:${token.start + 1}: ${reply.class} ${codes} ${tally.reasonOf(reply, text)}\n`);
          if (out.length > 512) flush();
        }
      }
    };
    try {
      lines += await forEachLine(openFile(file), (text, line) => {
        const replies = scanner.scanLine(text, line);
        if (replies.length) onReplies(replies, text);
      });
      scanner.finish();
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
