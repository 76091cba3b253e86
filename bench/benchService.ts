/**
 * In-process measurements for the benchmark, run in a fresh child process per measurement so
 * that memory figures are its own: `node out/bench/benchService.js scan|edits|tally|runs <file>`; prints JSON.
 */
import { readFileSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { catalogData } from '../server/src/catalogData';
import { ChunkedDocument } from '../server/src/service/chunkedDocument';
import { createLanguageService } from '../server/src/service/languageService';
import { ByteRun } from '../server/src/service/byteRun';
import { FailureTally } from '../server/src/service/failureTally';
import type { Reply } from '../server/src/service/replyTypes';
import { forEachRun } from '../server/src/node/logStream';

const [command, file, extra] = process.argv.slice(2);
const service = createLanguageService(catalogData);

function scan(text: string, uri: string) {
  const started = performance.now();
  const document = new ChunkedDocument(uri, 'mail-log', 1, text);
  const steps = service.prepare(document);
  while (!steps.next().done);
  // The scan counts every failure by class; replies are read back only for what is shown.
  const counts = service.countFailures(document);
  const failures = counts.permanent + counts.temporary;
  return { ms: performance.now() - started, failures, document };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

if (command === 'scan') {
  // Best of five full scans of the text already in memory, as the editor holds it.
  const readStart = performance.now();
  const text = readFileSync(file, 'utf8');
  const readMs = performance.now() - readStart;
  let best = Infinity;
  let failures = 0;
  for (let i = 0; i < 5; i++) {
    const result = scan(text, `file:///bench/${i}`);
    service.forget(result.document.uri);
    best = Math.min(best, result.ms);
    failures = result.failures;
  }
  const memory = process.memoryUsage();
  console.log(JSON.stringify({ ms: best, readMs, failures, bytes: Buffer.byteLength(text), rssMB: memory.rss / 1048576, heapMB: memory.heapUsed / 1048576, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
} else if (command === 'edits') {
  // Per-edit cost: append a line (a log growing on disk) and type one character in the middle,
  // then bring diagnostics up to date. Peer: vscode-languageserver-textdocument's update alone.
  const text = readFileSync(file, 'utf8');
  const { document } = scan(text, 'file:///bench/edits');
  service.doValidation(document);
  const reference = TextDocument.create('file:///bench/ref', 'mail-log', 1, text);
  const count = Number(extra ?? 200);
  const line = 'Nov 25 07:00:00 mx1 postfix/smtp[2220]: 4F1A: to=<c@example.org>, relay=mx.example.org[192.0.2.55]:25, delay=1, delays=0/0/0.5/0.5, dsn=5.1.1, status=bounced (host mx.example.org[192.0.2.55] said: 550 5.1.1 unknown (in reply to RCPT TO command))';
  const ours: number[] = [];
  const peer: number[] = [];
  for (let i = 0; i < count; i++) {
    const middle = Math.floor(document.lineCount / 2);
    const end = { line: document.lineCount - 1, character: document.lineAt(document.lineCount - 1).length };
    const change =
      i % 2 === 0
        ? { range: { start: end, end }, text: '\n' + line }
        : { range: { start: { line: middle, character: 0 }, end: { line: middle, character: 0 } }, text: 'x' };
    let started = performance.now();
    document.update([change], i + 2);
    const steps = service.prepare(document);
    while (!steps.next().done);
    service.doValidation(document);
    ours.push(performance.now() - started);
    if (i < 20) {
      started = performance.now();
      TextDocument.update(reference, [change], i + 2);
      peer.push(performance.now() - started);
    }
  }
  ours.sort((a, b) => a - b);
  peer.sort((a, b) => a - b);
  console.log(JSON.stringify({ edits: count, oursMedianMs: percentile(ours, 50), oursP95Ms: percentile(ours, 95), textDocumentMedianMs: percentile(peer, 50) }));
} else if (command === 'tally') {
  // The disk summary's own cost per failure (reason, host, domain, counts), apart from the scan:
  // the failures of the file are gathered first, then added to a fresh tally, best of five.
  const bytes = readFileSync(file);
  const failures: Array<[Reply, string]> = [];
  for (let start = 0; start < bytes.length; ) {
    const next = bytes.indexOf(10, Math.min(bytes.length - 1, start + 65536));
    const end = next < 0 ? bytes.length : next + 1;
    const run = new ByteRun(bytes.subarray(start, end));
    new FailureTally().addRun(run, 'log', (reply, text) => failures.push([reply, text]));
    start = end;
  }
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    // Replies keep their line for the summary to read; each round reads it afresh.
    const copies = failures.map(([reply, text]) => [{ ...reply }, text] as const);
    const tally = new FailureTally();
    const started = performance.now();
    for (const [reply, text] of copies) tally.add(reply, text);
    best = Math.min(best, performance.now() - started);
  }
  console.log(JSON.stringify({ failures: failures.length, ms: best, usPerFailure: (best * 1000) / failures.length }));
}

if (command === 'runs') {
  // The disk scan's own work, without reading or starting Node: the file, already in memory, goes
  // through the same cutting into runs, byte pass, recognition and tally. Best of five.
  const bytes = readFileSync(file);
  async function* pieces() {
    for (let start = 0; start < bytes.length; start += 1 << 20) yield bytes.subarray(start, Math.min(bytes.length, start + (1 << 20)));
  }
  void (async () => {
    let best = Infinity;
    let summary = '';
    for (let round = 0; round < 5; round++) {
      const tally = new FailureTally();
      const started = performance.now();
      const { lines } = await forEachRun(pieces(), (run) => tally.addRun(run, 'log'));
      best = Math.min(best, performance.now() - started);
      summary = JSON.stringify({ lines, ...tally.summary(service.catalog, 10) });
    }
    const { createHash } = await import('node:crypto');
    console.log(JSON.stringify({ ms: best, mbPerS: bytes.length / 1048576 / (best / 1000), summary: createHash('sha256').update(summary).digest('hex').slice(0, 16) }));
  })();
}
