/** The CLI as users run it: `node dist/cli.js ...` (run `npm run build` first). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { repoRoot } from '../support/paths';
import { MIXED_LOG_LINES } from '../support/mixedLines';
import { doc } from '../support/cursor';
import { createLanguageService } from '../../server/src/service/languageService';
import { catalogData } from '../../server/src/catalogData';

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [join(repoRoot(), 'dist/cli.js'), ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('explain prints a readable explanation', () => {
  const { status, stdout } = cli('explain', '550');
  assert.equal(status, 0);
  assert.match(stdout, /^550 {2}\S/);
  assert.match(stdout, /permanent failure \(5xx\)/);
  assert.match(stdout, /References:\n\s+RFC 5321/);
});

test('explain --json has the documented fields, for basic, enhanced and unregistered codes', () => {
  for (const [code, kind, cls, standard] of [
    ['550', 'basic', 'permanent', true],
    ['5.1.1', 'enhanced', 'permanent', true],
    ['4.4.8', 'enhanced', 'transient', false],
    ['354', 'basic', 'intermediate', true],
    ['250', 'basic', 'success', true],
  ] as const) {
    const { status, stdout } = cli('explain', code, '--json');
    assert.equal(status, 0, code);
    const json = JSON.parse(stdout);
    assert.deepEqual([json.code, json.kind, json.class, json.standard], [code, kind, cls, standard]);
    assert.ok(typeof json.title === 'string' && json.title.length > 0);
    assert.ok(Array.isArray(json.references) && json.references.length > 0, code);
  }
});

test('explain finds both codes in a pasted reply line', () => {
  const { status, stdout } = cli('explain', '550-5.7.26 This mail has been blocked', '--json');
  assert.equal(status, 0);
  assert.deepEqual(JSON.parse(stdout).map((c: { code: string }) => c.code), ['550', '5.7.26']);
});

test('explain: a pasted reply whose two codes disagree on the class says the reply code decides', () => {
  const { status, stdout } = cli('explain', '450 5.7.1 try later');
  assert.equal(status, 0);
  assert.match(stdout.replace(/\s+/g, ' '), /^450 and 5\.7\.1 disagree: the sending side acts on the reply code 450 \(RFC 5321\), so this reply is a temporary failure/);
  assert.doesNotMatch(cli('explain', '550 5.1.1').stdout, /disagree/);
});

test('unknown or malformed codes exit 1 with a message on stderr', () => {
  for (const input of ['650', '5.1', 'hello', '9.9.9']) {
    const { status, stdout, stderr } = cli('explain', input);
    assert.equal(status, 1, input);
    assert.equal(stdout, '');
    assert.match(stderr, /is not an SMTP reply code/);
  }
  assert.match(cli('explain', '5.1').stderr, /To list the codes it could mean: smtp-codes search 5\.1/);
  assert.match(cli('explain', 'mailbox full').stderr, /smtp-codes search mailbox full/);
  assert.doesNotMatch(cli('explain', '650').stderr, /search/);
  assert.equal(cli('explain').status, 2);
  assert.equal(cli('frobnicate').status, 2);
  assert.match(cli('--help').stdout, /Usage:/);
});

test('search --json returns an array; "mailbox full" finds 452, 552, 4.2.2 and 5.2.2', () => {
  const { status, stdout } = cli('search', 'mailbox', 'full', '--json');
  assert.equal(status, 0);
  const codes = JSON.parse(stdout).map((c: { code: string }) => c.code);
  for (const code of ['452', '552', '4.2.2', '5.2.2']) assert.ok(codes.slice(0, 8).includes(code), `${code} in ${codes.slice(0, 8)}`);
});

test('scan: summary, per-failure lines, gzip, exit status', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-cli-'));
  const lines = [
    'Nov 25 06:00:03 mx1 postfix/smtp[2220]: 4F1A: to=<carol@example.org>, relay=mx.example.org[192.0.2.55]:25, delay=1.4, delays=0.1/0/0.8/0.5, dsn=5.1.1, status=bounced (host mx.example.org[192.0.2.55] said: 550 5.1.1 User unknown (in reply to RCPT TO command))',
    'Nov 25 06:00:04 mx1 postfix/smtp[2221]: 6A7B: to=<dave@example.info>, relay=mx.example.info[198.51.100.77]:25, delay=302, delays=300/0/1.1/0.9, dsn=4.7.1, status=deferred (host mx.example.info[198.51.100.77] said: 450 4.7.1 Greylisted (in reply to RCPT TO command))',
    'Nov 25 06:00:05 mx1 postfix/smtpd[550]: connect from unknown[192.0.2.1]',
  ];
  writeFileSync(join(dir, 'mail.log'), lines.join('\n') + '\n');
  writeFileSync(join(dir, 'mail.log.2.gz'), gzipSync(lines[1] + '\n'));
  const summary = cli('scan', '--json', join(dir, 'mail.log'), join(dir, 'mail.log.2.gz'));
  assert.equal(summary.status, 3, 'permanent failures found');
  const json = JSON.parse(summary.stdout);
  assert.deepEqual([json.permanent, json.temporary], [1, 2]);
  assert.deepEqual(json.byCode.map((r: { key: string; count: number }) => [r.key, r.count]), [['450 4.7.1', 2], ['550 5.1.1', 1]]);
  const failures = cli('scan', '--failures', join(dir, 'mail.log'));
  // file:line:column of the first code of each failure (the dsn= status), then class, codes and reason.
  const expected = [`/mail.log:1:${lines[0].indexOf('dsn=') + 5}: permanent 550 5.1.1 User unknown`, `/mail.log:2:${lines[1].indexOf('dsn=') + 5}: transient 450 4.7.1 Greylisted`];
  assert.deepEqual(failures.stdout.trim().split('\n').map((l) => l.replace(dir, '')), expected);
  assert.equal(cli('scan', join(dir, 'mail.log.2.gz')).status, 0, 'only temporary failures');
  const missing = cli('scan', join(dir, 'nope.log'));
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /cannot read .*nope\.log: no such file/);
});

test('scan: gzip found by its magic number, binary data named as such, bad gzip reported', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-cli-'));
  const line = 'Nov 25 06:00:03 mx1 postfix/smtp[2220]: 4F1A: to=<c@example.org>, relay=mx.example.org[192.0.2.55]:25, delay=1, delays=0/0/0.5/0.5, dsn=5.1.1, status=bounced (host mx.example.org[192.0.2.55] said: 550 5.1.1 unknown (in reply to RCPT TO command))\n';
  writeFileSync(join(dir, 'mail.log.1'), gzipSync(line));
  const gz = cli('scan', '--json', join(dir, 'mail.log.1'));
  assert.equal(JSON.parse(gz.stdout).permanent, 1);
  writeFileSync(join(dir, 'blob.bin'), Buffer.from([0, 1, 2, 3, 0, 255, 254, 10, 0]));
  const binary = cli('scan', join(dir, 'blob.bin'));
  assert.equal(binary.status, 0);
  assert.match(binary.stderr, /looks like binary data/);
  writeFileSync(join(dir, 'broken.gz'), Buffer.from([0x1f, 0x8b, 1, 2, 3]));
  const broken = cli('scan', join(dir, 'broken.gz'));
  assert.equal(broken.status, 1);
  assert.match(broken.stderr, /cannot read .*broken\.gz/);
});

test('scan: hosts by name, and clients without one (Postfix "unknown[...]") by address', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-cli-'));
  const reject = (client: string) =>
    `Nov 25 06:00:14 mx1 postfix/smtpd[624]: NOQUEUE: reject: RCPT from ${client}: 554 5.7.1 <b@example.com>: Relay access denied; from=<a@example.net> to=<b@example.com> proto=ESMTP helo=<x>`;
  writeFileSync(join(dir, 'mail.log'), [reject('unknown[192.0.2.9]'), reject('unknown[192.0.2.9]'), reject('mail.example.net[198.51.100.4]')].join('\n') + '\n');
  const json = JSON.parse(cli('scan', '--json', join(dir, 'mail.log')).stdout);
  assert.deepEqual(json.topClients.map((r: { key: string; count: number }) => [r.key, r.count]), [['192.0.2.9', 2], ['mail.example.net', 1]]);
});

test('scan: outbound failures (remote servers refusing our mail) and inbound ones (our refusals) are counted and listed apart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-cli-'));
  const lines = [
    'Nov 25 06:00:01 mx1 postfix/smtp[701]: 4F1A: to=<ann@example.org>, relay=mx.example.org[192.0.2.1]:25, delay=1, dsn=5.1.1, status=bounced (host mx.example.org[192.0.2.1] said: 550 5.1.1 unknown (in reply to RCPT TO command))',
    'Nov 25 06:00:02 mx1 sm-mta[2222]: x01A: to=<bob@example.net>, delay=00:00:01, mailer=esmtp, relay=mx.example.net. [192.0.2.4], dsn=5.1.1, stat=User unknown',
    '2024-01-01 00:00:10 1rAbCd-000111-AA ** carol@example.com R=dnslookup T=remote_smtp H=mx.example.com [192.0.2.7]: SMTP error from remote mail server after RCPT TO:<carol@example.com>: 550 5.1.1 no such user',
    'Nov 25 06:00:04 mx1 postfix/smtpd[624]: NOQUEUE: reject: RCPT from unknown[203.0.113.9]: 554 5.7.1 <dave@ours.example>: Relay access denied; from=<x@spam.example> to=<dave@ours.example> proto=ESMTP helo=<x>',
    '2022-07-20T21:12:06.270Z,EXCHANGE-1\\Default Frontend EXCHANGE-1,08DA4F7C11473A60,9,192.168.9.241:25,198.51.100.20:53722,>,535 5.7.3 Authentication unsuccessful,',
  ];
  writeFileSync(join(dir, 'mixed.log'), lines.join('\n') + '\n');
  const json = JSON.parse(cli('scan', '--json', join(dir, 'mixed.log')).stdout);
  assert.deepEqual([json.permanent, json.outbound, json.inbound], [5, 3, 2]);
  const keys = (rows: Array<{ key: string }>) => rows.map((r) => r.key).sort();
  assert.deepEqual(keys(json.topServers), ['mx.example.com', 'mx.example.net', 'mx.example.org']);
  // The Exchange receive log's client is its remote endpoint.
  assert.deepEqual(keys(json.topClients), ['198.51.100.20', '203.0.113.9']);
  assert.deepEqual(keys(json.topDomains), ['example.com', 'example.net', 'example.org']);
  const text = cli('scan', join(dir, 'mixed.log')).stdout;
  assert.match(text, /^Scanned 1 file, 5 lines: 5 permanent, 0 temporary failures\.\n {2}3 outbound: .*\n {2}2 inbound: /);
  assert.match(text, /Top remote servers \(our mail they refused or deferred\):\n(?: +1 {2}mx\.example\.(?:com|net|org)\n){3}/);
});

test('scan counts a code a provider reuses under that provider\'s meaning when the line is its reply, on worker threads too', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-cli-'));
  const gmail = 'Nov 25 06:00:01 mx1 postfix/smtp[701]: 4F1A: to=<ann@gmail.com>, relay=gmail-smtp-in.l.google.com[142.250.1.26]:25, delay=1, dsn=4.7.27, status=deferred (host gmail-smtp-in.l.google.com[142.250.1.26] said: 421-4.7.27 Your email has been rate limited because SPF authentication did not pass. - gsmtp (in reply to end of DATA command))';
  const other = 'Nov 25 06:00:02 mx1 postfix/smtpd[624]: NOQUEUE: reject: RCPT from mail.example.net[198.51.100.4]: 450 4.7.27 <news@nomail.example>: Sender address rejected: Domain has null MX; from=<news@nomail.example> to=<b@ours.example> proto=ESMTP helo=<x>';
  writeFileSync(join(dir, 'a.log'), [gmail, other].join('\n') + '\n');
  writeFileSync(join(dir, 'b.log'), [gmail].join('\n') + '\n');
  for (const jobs of ['1', '2']) {
    const json = JSON.parse(cli('scan', '--json', '--jobs', jobs, join(dir, 'a.log'), join(dir, 'b.log')).stdout);
    const rows = json.byCode.map((r: { key: string; count: number; title: string; provider?: string }) => [r.key, r.count, r.provider ?? '', r.title]);
    assert.deepEqual(rows, [
      ['421 4.7.27', 2, 'Gmail (Google)', 'SPF did not pass: rate limited (Gmail)'],
      ['450 4.7.27', 1, '', 'Sender domain has a null MX'],
    ], `--jobs ${jobs}`);
  }
});

test('scan reads a reused code the provider\'s way in a bounce from it, never in this system\'s own rejection of that provider\'s client', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-cli-'));
  writeFileSync(
    join(dir, 'inbound.log'),
    'Nov 25 06:00:02 mx1 postfix/smtpd[624]: NOQUEUE: reject: RCPT from mail-ed1-f41.google.com[209.85.208.41]: 550 5.7.27 <noreply@nullmx.example>: Sender address rejected: Domain nullmx.example does not accept mail (nullMX); from=<noreply@nullmx.example> to=<b@ours.example> proto=ESMTP helo=<mail-ed1-f41.google.com>\n',
  );
  writeFileSync(
    join(dir, 'gmail.eml'),
    ['Final-Recipient: rfc822; ann@gmail.com', 'Action: failed', 'Status: 5.7.27', 'Remote-MTA: dns; gmail-smtp-in.l.google.com', 'Diagnostic-Code: smtp; 550-5.7.27 Your email has been blocked because the sender is unauthenticated.', '    550 5.7.27 Gmail requires all senders to authenticate with SPF. - gsmtp', ''].join('\n'),
  );
  const rows = (file: string) => JSON.parse(cli('scan', '--json', join(dir, file)).stdout).byCode.map((r: { key: string; title: string; provider?: string }) => [r.key, r.provider ?? '', r.title]);
  assert.deepEqual(rows('inbound.log'), [['550 5.7.27', '', 'Sender domain has a null MX']]);
  assert.deepEqual(rows('gmail.eml'), [['550 5.7.27', 'Gmail (Google)', 'SPF did not pass: blocked (Gmail)']]);
});

test('explain: a provider code says who defines it, and a registered code a provider reuses says so too', () => {
  const provider = JSON.parse(cli('explain', '5.7.708', '--json').stdout);
  assert.equal(provider.provider, 'Microsoft 365 (Exchange Online)');
  assert.equal(provider.standard, false);
  const reused = cli('explain', '5.1.10');
  assert.equal(reused.status, 0);
  assert.match(reused.stdout, /null MX/);
  assert.match(reused.stdout, /Microsoft 365 \(Exchange Online\) uses 5\.1\.10 for something else: Recipient not found/);
  assert.match(reused.stdout, /What to do if Microsoft 365 \(Exchange Online\) sent it:\n {4}Sender: /);
});

test('scan --failures writes every line to a pipe, however long the list (the exit waits for the output)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-cli-pipe-'));
  const file = join(dir, 'many.log');
  const line = (i: number) => `Nov 25 06:00:${String(i % 60).padStart(2, '0')} mx1 postfix/smtp[${1000 + i}]: Q${i}: to=<u${i}@example.org>, relay=mx.example.org[192.0.2.1]:25, delay=1, dsn=5.1.1, status=bounced (host mx.example.org[192.0.2.1] said: 550 5.1.1 unknown user ${i} (in reply to RCPT TO command))`;
  const count = 6000;
  writeFileSync(file, Array.from({ length: count }, (_, i) => line(i)).join('\n') + '\n');
  // About 700 KB into a pipe whose reader starts late: the pipe fills and the rest waits in Node.
  const script = `"${process.execPath}" "${join(repoRoot(), 'dist/cli.js')}" scan --failures "${file}" | (sleep 1; cat) > "${join(dir, 'out.txt')}"; echo $?`;
  const shell = spawnSync('sh', ['-c', script], { encoding: 'utf8' });
  assert.equal(shell.stdout.trim(), '0', shell.stderr);
  const lines = readFileSync(join(dir, 'out.txt'), 'utf8').trimEnd().split('\n');
  assert.equal(lines.length, count);
  assert.match(lines[count - 1], new RegExp(`many\\.log:${count}:\\d+: permanent 550 5\\.1\\.1 `));
  assert.equal(cli('scan', '--failures', file).status, 3);
});

test('scan --failures stops quietly when the reader closes the pipe early (| head), with SIGPIPE\'s status', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-cli-head-'));
  const file = join(dir, 'many.log');
  const line = (i: number) => `Nov 25 06:00:00 mx1 postfix/smtp[${i}]: Q${i}: to=<u${i}@example.org>, relay=mx.example.org[192.0.2.1]:25, dsn=5.1.1, status=bounced (host mx.example.org[192.0.2.1] said: 550 5.1.1 unknown user (in reply to RCPT TO command))`;
  writeFileSync(file, Array.from({ length: 20000 }, (_, i) => line(i)).join('\n') + '\n');
  const script = `"${process.execPath}" "${join(repoRoot(), 'dist/cli.js')}" scan --failures "${file}" 2> "${join(dir, 'err.txt')}" | head -n 2; echo "status \${PIPESTATUS[0]}"`;
  const shell = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
  const [first, second, status] = shell.stdout.trimEnd().split('\n');
  assert.match(first, /many\.log:1:\d+: permanent 550 5\.1\.1 /);
  assert.match(second, /many\.log:2:\d+: permanent 550 5\.1\.1 /);
  assert.equal(status, 'status 141');
  assert.equal(readFileSync(join(dir, 'err.txt'), 'utf8'), '');
});

test('scan counts the failures the editor counts, on a log of many chunks with bounce blocks across the cuts', () => {
  // Lines of varying length move the bounce blocks (whose Status quiets repeats of its code) across
  // every place a run or a chunk can be cut.
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < 3 * 1024 * 1024; i++) {
    const line = MIXED_LOG_LINES[i % MIXED_LOG_LINES.length] + (i % 7 === 0 ? ' '.repeat(i % 113) : '');
    lines.push(line);
    size += line.length + 1;
  }
  const text = lines.join('\n') + '\n';
  const dir = mkdtempSync(join(tmpdir(), 'smtp-cli-'));
  writeFileSync(join(dir, 'mail.log'), text);
  const json = JSON.parse(cli('scan', '--json', join(dir, 'mail.log')).stdout);
  const service = createLanguageService(catalogData);
  const editor = service.countFailures(doc(text, 'mail-log', 'file:///same-count.log'));
  assert.ok(editor.permanent > 1000, `a log of many failures (${editor.permanent})`);
  assert.deepEqual({ permanent: json.permanent, temporary: json.temporary }, editor);
});

test('scan --top takes a whole number from 1, and --json and --failures are not taken together', () => {
  const file = join(repoRoot(), 'samples', 'mail.log');
  for (const bad of ['abc', '2.5', '0', '-1']) {
    const { status, stderr } = cli('scan', `--top=${bad}`, file);
    assert.equal(status, 2, bad);
    assert.match(stderr, /--top must be a whole number from 1/);
  }
  assert.equal(JSON.parse(cli('scan', '--json', '--top', '1', file).stdout).topReasons.length, 1);
  const both = cli('scan', '--json', '--failures', file);
  assert.equal(both.status, 2);
  assert.match(both.stderr, /choose one/);
});

test('scan --jobs takes a whole number from 1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-cli-'));
  writeFileSync(join(dir, 'mail.log'), MIXED_LOG_LINES.join('\n'));
  for (const bad of ['0', 'two', '1.5']) {
    const result = cli('scan', '--jobs', bad, join(dir, 'mail.log'));
    assert.equal(result.status, 2, bad);
    assert.match(result.stderr, /--jobs must be a whole number/);
  }
  const one = cli('scan', '--json', '-j', '1', join(dir, 'mail.log'));
  const four = cli('scan', '--json', '-j', '4', join(dir, 'mail.log'));
  assert.equal(one.status, 3);
  assert.equal(four.stdout, one.stdout);
});

test('scan reads standard input ("-", and /dev/stdin when it is a pipe), gzip too, as it reads the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-cli-'));
  const text = MIXED_LOG_LINES.join('\n') + '\n';
  writeFileSync(join(dir, 'mail.log'), text);
  writeFileSync(join(dir, 'mail.log.gz'), gzipSync(text));
  const fromFile = cli('scan', '--json', join(dir, 'mail.log'));
  const cliPath = join(repoRoot(), 'dist/cli.js');
  const piped = (command: string) => spawnSync('sh', ['-c', command], { encoding: 'utf8', env: { ...process.env, NODE: process.execPath, CLI: cliPath, DIR: dir } });
  const strip = (json: string) => ({ ...JSON.parse(json), files: [] });
  for (const command of ['cat "$DIR/mail.log" | "$NODE" "$CLI" scan --json -', 'cat "$DIR/mail.log" | "$NODE" "$CLI" scan --json /dev/stdin', 'cat "$DIR/mail.log.gz" | "$NODE" "$CLI" scan --json -']) {
    const result = piped(command);
    assert.equal(result.status, 3, `${command}: ${result.stderr}`);
    assert.deepEqual(strip(result.stdout), strip(fromFile.stdout), command);
  }
});

test('scan --progress draws a progress line on stderr and clears it; none by default when stderr is not a terminal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-cli-'));
  writeFileSync(join(dir, 'mail.log'), (MIXED_LOG_LINES.join('\n') + '\n').repeat(200));
  const shown = cli('scan', '--progress', join(dir, 'mail.log'));
  assert.match(shown.stderr, /^\rsmtp-codes: scanning .*mail\.log: \d+% \(\d+ MB of \d+ MB\)\x1b\[K/);
  assert.ok(shown.stderr.endsWith('\r\x1b[K'), 'cleared at the end');
  assert.match(shown.stdout, /^Scanned 1 file/);
  assert.equal(cli('scan', join(dir, 'mail.log')).stderr, '');
  assert.equal(cli('scan', '--progress', '--no-progress', join(dir, 'mail.log')).stderr, '');
});

test('scan says in words why a file could not be read, and counts only the files it read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-cli-'));
  writeFileSync(join(dir, 'mail.log'), MIXED_LOG_LINES.join('\n') + '\n');
  const result = cli('scan', join(dir, 'mail.log'), dir, join(dir, 'nope.log'));
  assert.equal(result.status, 1);
  assert.match(result.stderr, new RegExp(`cannot read ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: it is a directory`));
  assert.match(result.stderr, /nope\.log: no such file/);
  assert.match(result.stdout, /^Scanned 1 file \(2 more could not be read\), \d+ lines/);
});

test('scan: a line over 1 MiB is one line, from a file, from standard input and on two threads; codes at their true columns', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-cli-long-'));
  const MIB = 1024 * 1024;
  // The code straddles byte 1,048,576 (the reviewer's file).
  writeFileSync(join(dir, 'straddle.log'), 'a'.repeat(MIB - 4) + ' 550 5.1.1 user unknown\n');
  for (const args of [['--jobs', '1'], ['--jobs', '2'], []]) {
    const json = JSON.parse(cli('scan', '--json', ...args, join(dir, 'straddle.log')).stdout);
    assert.deepEqual([json.permanent, json.byCode[0]?.key], [1, '550 5.1.1'], args.join(' '));
  }
  let columns = 'x'.repeat(MIB + 1) + ' 550 5.1.1 user unknown ';
  columns += 'y'.repeat(2_000_001 - columns.length) + ' 554 5.7.1 rejected';
  const after = 'Nov 25 mx1 postfix/smtp[1]: 5A: host mx[192.0.2.1] said: 450 4.2.0 busy';
  writeFileSync(join(dir, 'columns.log'), `${columns}\nok\n${after}\n`);
  const expected = ['1:1048579: permanent 550 5.1.1', '1:2000003: permanent 554 5.7.1', `3:${after.indexOf('450') + 1}: transient 450 4.2.0`];
  const fromFile = cli('scan', '--failures', join(dir, 'columns.log'));
  assert.deepEqual(fromFile.stdout.trim().split('\n').map((line) => line.replace(`${join(dir, 'columns.log')}:`, '').split(' ').slice(0, 4).join(' ')), expected);
  assert.equal(fromFile.stderr, '');
  const fromStdin = spawnSync('sh', ['-c', `"${process.execPath}" "${join(repoRoot(), 'dist/cli.js')}" scan --failures - < "${join(dir, 'columns.log')}"`], { encoding: 'utf8' });
  assert.deepEqual(fromStdin.stdout.trim().split('\n').map((line) => line.replace('-:', '').split(' ').slice(0, 4).join(' ')), expected);
});

test('scan: a line over 4 MB is scanned in its first 4 MB, said on stderr; a 64 MB file in parts counts what one thread counts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-cli-huge-'));
  const MIB = 1024 * 1024;
  const block = MIXED_LOG_LINES.join('\n') + '\n';
  const half = block.repeat(Math.ceil((33 * MIB) / block.length));
  // A long line right where the file is cut in two (a cut is never inside a line), with a code in its first 4 MB and one after.
  const long = 'q'.repeat(3 * MIB) + ' said: 554 5.6.0 early ' + 'q'.repeat(2 * MIB) + ' said: 552 5.2.2 late\n';
  const file = join(dir, 'huge.log');
  writeFileSync(file, half + long + half);
  const one = cli('scan', '--json', '--jobs', '1', file);
  const two = cli('scan', '--json', '--jobs', '2', file);
  assert.equal(one.status, 3);
  assert.equal(two.stdout, one.stdout);
  const note = `smtp-codes: ${file}: line ${half.split('\n').length} is longer than 4 MB: scanned only in its first 4 MB\n`;
  assert.equal(one.stderr, note);
  assert.equal(two.stderr, note);
  const codes = new Map(JSON.parse(one.stdout).byCode.map((r: { key: string; count: number }) => [r.key, r.count]));
  assert.equal(codes.get('554 5.6.0'), 1);
  assert.equal(codes.get('552 5.2.2'), undefined);
});
