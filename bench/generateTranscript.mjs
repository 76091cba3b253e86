// Generates SMTP session transcripts (S:/C: style) of a given size: greetings, EHLO, pipelined
// and plain envelopes, refusals (about one session in five), and message bodies that quote
// earlier bounces (lines like "550 5.7.1 ..." that are content, not replies), with blank lines
// inside them. Deterministic (seeded). Usage: node bench/generateTranscript.mjs <MB> <file>
import { writeFileSync } from 'node:fs';

// Park-Miller, as in generateLog.mjs.
let seed = 7;
const random = () => ((seed = (seed * 48271) % 2147483647) - 1) / 2147483646;
const int = (n) => Math.floor(random() * n);

function session(i) {
  const lines = [`S: 220 mx${i % 50}.example.com ESMTP Postfix`, 'C: EHLO client.example.org', 'S: 250-mx.example.com', 'S: 250-PIPELINING', 'S: 250-SIZE 10240000', 'S: 250 8BITMIME'];
  const r = random();
  if (r < 0.08) return [...lines, 'C: MAIL FROM:<alice@example.org>', 'S: 451 4.7.1 Greylisted, please try again later', 'C: QUIT', 'S: 221 2.0.0 Bye'];
  if (r < 0.16) return [...lines, 'C: MAIL FROM:<alice@example.org>', `C: RCPT TO:<user${i}@example.com>`, 'C: DATA', 'S: 250 2.1.0 Ok', 'S: 550 5.1.1 <user@example.com>: Recipient address rejected: User unknown', 'S: 554 5.5.1 Error: no valid recipients', 'C: QUIT', 'S: 221 2.0.0 Bye'];
  lines.push('C: MAIL FROM:<alice@example.org>', 'S: 250 2.1.0 Ok', `C: RCPT TO:<user${i}@example.com>`, 'S: 250 2.1.5 Ok', 'C: DATA', 'S: 354 End data with <CR><LF>.<CR><LF>');
  lines.push('C: From: alice@example.org', `C: Subject: message ${i}`, 'C: ');
  for (let k = 0, n = 5 + int(30); k < n; k++) {
    const kind = random();
    if (kind < 0.1) lines.push(`C: 550 5.7.1 quoted from an earlier bounce, line ${k}`);
    else if (kind < 0.15) lines.push('C: ');
    else lines.push(`C: Words of the message body, line ${k} of message ${i}, about nothing in particular.`);
  }
  lines.push('C: .', random() < 0.05 ? 'S: 452 4.3.1 Insufficient system storage' : `S: 250 2.0.0 Ok: queued as ${(i * 2654435761 >>> 0).toString(16).toUpperCase()}`, 'C: QUIT', 'S: 221 2.0.0 Bye');
  return lines;
}

/** Writes about `megabytes` MB of sessions to `path`; returns the number of lines. */
export function generateTranscript(megabytes, path) {
  seed = 7;
  const parts = [];
  let size = 0;
  let lines = 0;
  for (let i = 0; size < megabytes * 1024 * 1024; i++) {
    const text = session(i).join('\n') + '\n\n';
    parts.push(text);
    size += text.length;
    lines += text.split('\n').length - 1;
  }
  writeFileSync(path, parts.join(''));
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [mb = '8', path = 'bench/out.smtp'] = process.argv.slice(2);
  console.log(`${generateTranscript(Number(mb), path)} lines`);
}
