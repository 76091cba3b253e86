import { test } from 'node:test';
import assert from 'node:assert/strict';
import { replies } from '../support/cursor';

const summarize = (text: string, mode: 'log' | 'transcript' = 'transcript') =>
  replies(text, mode).map((r) => `${r.basic}${r.enhanced ? ' ' + r.enhanced : ''} <- ${r.command}`);

test('S:/C: session: replies paired with their commands, multi-line EHLO is one reply, DATA body skipped', () => {
  const text = [
    'S: 220 mx.example.org ESMTP',
    'C: EHLO client.example.com',
    'S: 250-mx.example.org',
    'S: 250-PIPELINING',
    'S: 250 SIZE 10240000',
    'C: MAIL FROM:<a@example.com>',
    'C: RCPT TO:<b@example.org>',
    'C: DATA',
    'S: 250 2.1.0 Ok',
    'S: 550 5.1.1 <b@example.org>: User unknown',
    'S: 554 5.5.1 No valid recipients',
    'C: QUIT',
    'S: 221 2.0.0 Bye',
  ].join('\n');
  assert.deepEqual(summarize(text), [
    '220 <- connection greeting',
    '250 <- EHLO',
    '250 2.1.0 <- MAIL FROM',
    '550 5.1.1 <- RCPT TO',
    '554 5.5.1 <- DATA',
    '221 2.0.0 <- QUIT',
  ]);
  assert.equal(replies(text, 'transcript')[1].tokens.length, 3);
});

test('swaks arrows, and the message body is never read as replies', () => {
  const text = [
    '=== Trying mx.example.org:25...',
    '<-  220 mx.example.org ESMTP',
    ' -> EHLO me.example.com',
    '<-  250 mx.example.org',
    ' -> MAIL FROM:<a@example.com>',
    '<-  250 2.1.0 Ok',
    ' -> RCPT TO:<b@example.org>',
    '<-  250 2.1.5 Ok',
    ' -> DATA',
    '<-  354 End data with <CR><LF>.<CR><LF>',
    ' -> Subject: test 550 5.1.1 in a subject',
    ' -> ',
    ' -> 450 4.7.1 in the body',
    ' -> .',
    '<** 554 5.7.1 Rejected by content filter',
    ' -> QUIT',
    '<-  221 2.0.0 Bye',
  ].join('\n');
  assert.deepEqual(summarize(text, 'log'), [
    '220 <- connection greeting',
    '250 <- EHLO',
    '250 2.1.0 <- MAIL FROM',
    '250 2.1.5 <- RCPT TO',
    '354 <- DATA',
    '554 5.7.1 <- end of DATA',
    '221 2.0.0 <- QUIT',
  ]);
});

test('bare telnet session in a transcript document; bare lines are not codes in a log', () => {
  const text = ['220 mx.example.org ESMTP', 'HELO me', '250 mx.example.org', 'MAIL FROM:<a@example.com>', '451 4.3.0 Try again later'].join('\n');
  assert.deepEqual(summarize(text), ['220 <- connection greeting', '250 <- HELO', '451 4.3.0 <- MAIL FROM']);
  assert.deepEqual(summarize('250 mx.example.org\n421 closing', 'log'), []);
});

test("Exim harness: >>> / <<< count, ??? expectations never do", () => {
  const text = ['??? 220', '<<< 220 mx ESMTP', '>>> RCPT TO:<x@y>', '??? 550', '????554 Security failure', '<<< 550 Unknown user'].join('\n');
  assert.deepEqual(summarize(text, 'log'), ['220 <- connection greeting', '550 <- RCPT TO']);
});

test('smtplib debug output: reply: lines and the retcode summary are one reply', () => {
  const text = ["send: 'ehlo me\\r\\n'", "reply: b'250-mx.example.org\\r\\n'", "reply: b'250 SIZE 35882577\\r\\n'", 'reply: retcode (250); Msg: b\'mx.example.org\\nSIZE 35882577\'', "send: 'mail FROM:<a@b>\\r\\n'", "reply: b'530 5.7.0 Must issue a STARTTLS command first\\r\\n'"].join('\n');
  const found = replies(text, 'log');
  assert.deepEqual(found.map((r) => `${r.basic} ${r.enhanced ?? ''}`.trim()), ['250', '530 5.7.0']);
  assert.equal(found[0].tokens.length, 3);
  assert.equal(found[1].command, 'MAIL FROM');
});

test('Postfix bounce In:/Out: transcript', () => {
  const text = [' Out: 220 mx.example.org ESMTP', ' In:  EHLO me', ' Out: 250-mx.example.org', ' Out: 250 CHUNKING', ' In:  XFORWARD NAME=x ADDR=230.0.113.2 PORT=53672', ' Out: 451 4.3.0 Error: queue file write error'].join('\n');
  assert.deepEqual(summarize(text, 'log'), ['220 <- connection greeting', '250 <- EHLO', '451 4.3.0 <- XFORWARD']);
});

test('an Exim callout refusal in a session: one reply, the quoted reply of the called server among its tokens', () => {
  const text = 'S: 220 mx ESMTP Exim\nC: MAIL FROM:<a@b.example>\nS: 550-Verification failed for <a@b.example>\nS: 550-Called:   192.0.2.1\nS: 550-Response: 550 5.1.1 <a@b.example>: User unknown\nS: 550 Sender verify failed\n';
  const found = replies(text, 'transcript').filter((reply) => reply.class === 'permanent');
  assert.equal(found.length, 1);
  assert.equal(found[0].command, 'MAIL FROM');
  assert.deepEqual(found[0].tokens.map((t) => `${t.line}:${t.code}`), ['2:550', '3:550', '4:550', '4:550', '4:5.1.1', '5:550']);
});
