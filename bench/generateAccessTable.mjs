// Generates a Postfix access table (a blocklist) of a given size: client addresses, senders and
// domains with REJECT, OK, DEFER and explicit codes, a few with classes that disagree (which get
// diagnostics), comments and continued values. Deterministic. Usage: node bench/generateAccessTable.mjs <MB> <file>
import { writeFileSync } from 'node:fs';

let seed = 11;
const random = () => ((seed = (seed * 48271) % 2147483647) - 1) / 2147483646;
const int = (n) => Math.floor(random() * n);

function row(i) {
  const r = random();
  if (r < 0.3) return `192.0.${int(256)}.${int(256)} REJECT listed as a spam source`;
  if (r < 0.5) return `spammer${i}@example.com 550 5.7.1 Sender refused by policy`;
  if (r < 0.6) return `host${i}.example.net 450 4.7.1 Try again later`;
  if (r < 0.7) return `partner${i}.example.org OK`;
  if (r < 0.75) return `slow${i}.example DEFER_IF_PERMIT greylisted`;
  if (r < 0.77) return `bad${i}.example 554 4.7.1 class disagrees`;
  if (r < 0.8) return `# entry ${i}: added after a complaint`;
  if (r < 0.82) return `long${i}.example 550 5.7.1\n  a reason continued\n  on two lines`;
  return `.example${i}.com REJECT`;
}

/** Writes about `megabytes` MB of table to `path`; returns the number of lines. */
export function generateAccessTable(megabytes, path) {
  seed = 11;
  const rows = [];
  let size = 0;
  for (let i = 0; size < megabytes * 1024 * 1024; i++) {
    const text = row(i);
    rows.push(text);
    size += text.length + 1;
  }
  const text = rows.join('\n') + '\n';
  writeFileSync(path, text);
  return text.split('\n').length - 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [mb = '8', path = 'bench/access'] = process.argv.slice(2);
  console.log(`${generateAccessTable(Number(mb), path)} lines`);
}
