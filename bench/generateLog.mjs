// Generates a realistic mail log of a given size: mostly Postfix, with Exim and Sendmail lines,
// about 6% failures, and the usual traps (PIDs, ports, delays, sizes, IPs, queue ids).
// Deterministic (seeded), so runs compare. Usage: node bench/generateLog.mjs <MB> <file>
import { createWriteStream } from 'node:fs';

// Park-Miller: seed * 48271 stays below 2^53, so every step is exact. (An LCG with a multiplier
// near 2^30 loses its low bits in a double and fell into a cycle of some 700 lines.)
let seed = 42;
const random = () => ((seed = (seed * 48271) % 2147483647) - 1) / 2147483646;
const pick = (list) => list[Math.floor(random() * list.length)];
const int = (n) => Math.floor(random() * n);
const hex = (n) => Array.from({ length: n }, () => '0123456789ABCDEF'[int(16)]).join('');
const ip = () => `${pick([192, 198, 203, 10, 172])}.${int(256)}.${int(256)}.${int(256)}`;
const host = () => `${pick(['mx', 'mail', 'smtp', 'relay', 'mx1', 'mx2'])}.${pick(['example.com', 'example.net', 'example.org', 'mail.example', 'corp.example'])}`;
const user = () => `${pick(['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'gina', 'hank'])}${int(100)}`;
const time = (i) => `Nov 25 ${String(6 + Math.floor(i / 3600000) % 18).padStart(2, '0')}:${String(Math.floor(i / 60000) % 60).padStart(2, '0')}:${String(Math.floor(i / 1000) % 60).padStart(2, '0')}`;

const failures = [
  ['550', '5.1.1', 'bounced', 'Recipient address rejected: User unknown in virtual mailbox table', 'RCPT TO'],
  ['450', '4.7.1', 'deferred', 'Recipient address rejected: Greylisted, see http://postgrey.example/', 'RCPT TO'],
  ['452', '4.2.2', 'deferred', 'Mailbox full', 'RCPT TO'],
  ['554', '5.7.1', 'bounced', 'Service unavailable; client blocked using zen.example', 'end of DATA'],
  ['421', '4.7.0', 'deferred', 'Try again later, closing connection.', 'MAIL FROM'],
  ['552', '5.3.4', 'bounced', 'Message size exceeds fixed limit', 'end of DATA'],
];

/** One log line; `i` advances the clock. */
function line(i) {
  const t = time(i);
  const pid = 100 + int(60000);
  const q = hex(10);
  const r = random();
  if (r < 0.2) return `${t} mx1 postfix/smtpd[${pid}]: connect from ${host()}[${ip()}]`;
  if (r < 0.35) return `${t} mx1 postfix/smtpd[${pid}]: ${q}: client=${host()}[${ip()}]`;
  if (r < 0.45) return `${t} mx1 postfix/cleanup[${pid}]: ${q}: message-id=<${hex(16)}@${host()}>`;
  if (r < 0.6) return `${t} mx1 postfix/qmgr[${pid}]: ${q}: from=<${user()}@${host()}>, size=${int(900000)}, nrcpt=${1 + int(3)} (queue active)`;
  if (r < 0.8) return `${t} mx1 postfix/smtp[${pid}]: ${q}: to=<${user()}@${host()}>, relay=${host()}[${ip()}]:25, delay=${int(500) / 10}, delays=${int(300) / 100}/${int(10) / 100}/${int(300) / 100}/${int(200) / 100}, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as ${hex(10)})`;
  if (r < 0.9) return `${t} mx1 postfix/smtpd[${pid}]: disconnect from ${host()}[${ip()}] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5`;
  if (r < 0.92) return `${t} mx1 postfix/qmgr[${pid}]: ${q}: removed`;
  if (r < 0.94) {
    const [basic, enhanced, status, text, command] = pick(failures);
    const h = host();
    const a = ip();
    return `${t} mx1 postfix/smtp[${pid}]: ${q}: to=<${user()}@${h}>, relay=${h}[${a}]:25, delay=${int(900) / 10}, delays=${int(300) / 100}/0.01/${int(300) / 100}/0.4, dsn=${enhanced}, status=${status} (host ${h}[${a}] said: ${basic} ${enhanced} <${user()}@${h}>: ${text} (in reply to ${command} command))`;
  }
  if (r < 0.955) return `${t} mx1 postfix/smtpd[${pid}]: NOQUEUE: reject: RCPT from unknown[${ip()}]: 554 5.7.1 <${user()}@example.com>: Relay access denied; from=<${user()}@${host()}> to=<${user()}@example.com> proto=ESMTP helo=<${host()}>`;
  if (r < 0.97) return `2026-11-25 ${t.slice(7)} 1t${hex(4)}-000${int(999)}-${hex(2)} == ${user()}@${host()} R=dnslookup T=remote_smtp defer (-44) H=${host()} [${ip()}]: SMTP error from remote mail server after RCPT TO:<${user()}@example.org>: 451 4.3.0 Temporary local problem`;
  if (r < 0.98) return `2026-11-25 ${t.slice(7)} 1t${hex(4)}-000${int(999)}-${hex(2)} => ${user()}@${host()} R=dnslookup T=remote_smtp H=${host()} [${ip()}] C="250 OK id=1t${hex(4)}"`;
  if (r < 0.99) return `${t} mx2 sm-mta[${pid}]: ${hex(14)}: ruleset=check_rcpt, arg1=<${user()}@example.com>, relay=[${ip()}], reject=550 5.7.1 <${user()}@example.com>... Relaying denied`;
  return `${t} mx1 dovecot[${pid}]: imap-login: Login: user=<${user()}>, method=PLAIN, rip=${ip()}, lip=${ip()}, mpid=${int(999)}, TLS`;
}

/** Writes about `megabytes` MB of log to `path`; resolves with the number of lines. */
export async function generateLog(megabytes, path) {
  seed = 42;
  const out = createWriteStream(path);
  const target = megabytes * 1024 * 1024;
  let written = 0;
  let lines = 0;
  let buffer = [];
  while (written < target) {
    const text = line(lines * 700) + '\n';
    buffer.push(text);
    written += text.length;
    lines++;
    if (buffer.length === 5000) {
      if (!out.write(buffer.join(''))) await new Promise((resolve) => out.once('drain', resolve));
      buffer = [];
    }
  }
  out.write(buffer.join(''));
  await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [mb = '10', path = 'bench/out.log'] = process.argv.slice(2);
  console.log(`${await generateLog(Number(mb), path)} lines`);
}
