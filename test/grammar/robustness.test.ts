// The grammars must not backtrack catastrophically: VS Code tokenizes line by line on the UI
// side (up to editor.maxTokenizationLineLength, 20,000 characters by default), and one slow
// regex stalls colouring for the whole file. These lines are built to stress every lazy or
// repeated part of the grammars; none comes from a real log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IGrammar } from 'vscode-textmate';
import { codeScope, loadGrammar, MAIL_LOG, tokenizeLines, TRANSCRIPT } from './textmate';

const N = 20_000;
const fill = (unit: string) => unit.repeat(Math.ceil(N / unit.length)).slice(0, N);

const STRESS: Record<string, string[]> = {
  [TRANSCRIPT]: [
    fill('S: 250-'),
    `S: ${fill('250-')}`,
    `S: 250-${fill('PIPELINING ')}`,
    `S: 250-AUTH${fill(' PLAIN')}`,
    `C: MAIL FROM:${fill('<')}`,
    `C: MAIL FROM:<a@example.com>${fill(' SIZE=1')}`,
    `C: XCLIENT${fill(' NAME=x')}`,
    `>>> ${fill('MAIL FROM:<a@b>\\r\\n')}`,
    `send: b'${fill('\\r\\n')}'`,
    `reply: retcode (250); Msg: b'${fill("x\\'")}`,
    fill('.'),
    fill('C: '),
    fill('?'),
    fill(' '),
    fill('<-  '),
    `C: AUTH PLAIN ${fill('QUFB')}`,
    fill('a: '),
  ],
  [MAIL_LOG]: [
    `Nov 25 06:07:01 mx1 exim[1]: SMTP error from remote mail server after ${fill('a: ')}`,
    `2024-01-02 03:04:05 login authenticator failed for ${fill('x: [1.2.3.4]:25 ')}`,
    `Nov 25 06:07:01 mx1 postfix/smtpd[1]: NOQUEUE: reject: RCPT from ${fill('[')}`,
    `Nov 25 06:07:01 mx1 postfix/smtp[1]: ABC123: status=bounced (host x[1.2.3.4] said: ${fill('550-5.7.1 ')}`,
    `Nov 25 06:07:01 mx1 postfix/cleanup[1]: ABC123: reject: header ${fill('Subject: x; from=<a> ')}`,
    `Nov 25 06:07:01 mx1 courieresmtpd: error,relay=${fill('::ffff:1.2.3.4,to=<a>')}`,
    `Sep  6 07:33:33 mx qmail: 1.2 rblsmtpd: ${fill('1.2.3.4 pid 1 x ')}`,
    fill('a=b '),
    fill('=='),
    fill('host[1.2.3.4]:25 '),
    fill('<a@b> '),
    fill('550 5.1.1 '),
    fill('0.1/0/0.3/0.21 '),
    `stat=${fill('Deferred ')}`,
    fill('Nov 25 06:07:01 '),
    fill('2024-01-02T03:04:05.123+00:00 '),
  ],
};

async function timeLines(grammar: IGrammar, lines: string[]): Promise<{ worst: number; line: string }> {
  // warm up first: the first use of a rule compiles its regexes, which is not what is measured here
  tokenizeLines(grammar, lines.map((l) => l.slice(0, 400)));
  let worst = { worst: 0, line: '' };
  for (const line of lines) {
    const t0 = performance.now();
    const [result] = tokenizeLines(grammar, [line], 5000);
    const ms = performance.now() - t0;
    assert.equal(result.stoppedEarly, false, `gave up on ${line.slice(0, 60)}…`);
    if (ms > worst.worst) worst = { worst: ms, line };
  }
  return worst;
}

for (const scope of [TRANSCRIPT, MAIL_LOG]) {
  test(`${scope}: ${N}-character adversarial lines tokenize in bounded time`, async (t) => {
    const grammar = await loadGrammar(scope);
    const { worst, line } = await timeLines(grammar, STRESS[scope]);
    t.diagnostic(`slowest: ${worst.toFixed(1)} ms for ${JSON.stringify(line.slice(0, 50))}…`);
    assert.ok(worst < 500, `${worst.toFixed(0)} ms for ${line.slice(0, 80)}…`);
  });
}

/** Synthetic, invented lines in the shapes each grammar colours, for a throughput figure. */
const SAMPLE: Record<string, string[]> = {
  [TRANSCRIPT]: [
    '<-  220 mx.example.net ESMTP',
    ' -> EHLO client.example.com',
    '<-  250-mx.example.net',
    '<-  250-SIZE 52428800',
    '<-  250 PIPELINING',
    ' -> MAIL FROM:<alice@example.com> SIZE=1234',
    '<-  250 2.1.0 Ok',
    ' -> RCPT TO:<bob@example.org>',
    '<** 550 5.1.1 <bob@example.org>: Recipient address rejected',
    ' -> DATA',
    '<-  354 End data with <CR><LF>.<CR><LF>',
    ' -> Subject: hello',
    ' -> ',
    ' -> body text',
    ' -> .',
    '<-  250 2.0.0 Ok: queued as 4XyZ',
  ],
  [MAIL_LOG]: [
    'Nov 25 06:10:01 mx1 postfix/smtp[23817]: 4B7C21F3A2: to=<carol@example.org>, relay=mx.example.org[198.51.100.7]:25, delay=0.61, delays=0.1/0/0.3/0.21, dsn=5.1.1, status=bounced (host mx.example.org[198.51.100.7] said: 550 5.1.1 <carol@example.org>: User unknown (in reply to RCPT TO command))',
    'Nov 25 06:10:02 mx1 postfix/smtpd[1234]: NOQUEUE: reject: RCPT from client.example.com[192.0.2.10]: 450 4.7.1 Client host rejected; from=<a@example.com> to=<b@example.org> proto=ESMTP helo=<client.example.com>',
    'Nov 25 06:10:03 mx1 postfix/qmgr[99]: 4B7C21F3A2: from=<alice@example.com>, size=4521, nrcpt=1 (queue active)',
    '2024-01-02 03:04:07 1rAbCd-000Efg-Hi == carol@example.org R=dnslookup T=remote_smtp defer (-44) H=mx.example.org [192.0.2.41]: SMTP error from remote mail server after RCPT TO:<carol@example.org>: 452 4.2.2 Mailbox full',
  ],
};

for (const scope of [TRANSCRIPT, MAIL_LOG]) {
  test(`${scope}: throughput on 2 MB of synthetic sessions/logs (reported)`, async (t) => {
    const grammar = await loadGrammar(scope);
    const lines: string[] = [];
    let bytes = 0;
    while (bytes < 2e6) {
      for (const line of SAMPLE[scope]) {
        lines.push(line);
        bytes += line.length + 1;
      }
    }
    const t0 = performance.now();
    const result = tokenizeLines(grammar, lines);
    const seconds = (performance.now() - t0) / 1000;
    t.diagnostic(`${(bytes / 1e6).toFixed(2)} MB, ${lines.length} lines in ${seconds.toFixed(2)} s = ${(bytes / 1e6 / seconds).toFixed(2)} MB/s`);
    // state must not leak between sessions: the last line looks like the first time round
    const last = result[result.length - 1];
    assert.ok(last.tokens.some((k) => codeScope(k)), 'codes still recognised at the end');
    assert.ok(seconds < 60, `${seconds.toFixed(1)} s`);
  });
}
