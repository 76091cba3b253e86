/**
 * A reply's words on real log lines: where they start and stop, a flattened multi-line reply's
 * repeated codes left out, and the log's own fields (and an AUTH credential after a quoted reply)
 * left out too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recognizeLogLine } from '../../server/src/service/logRecognizers';
import { replyWords } from '../../server/src/service/replyWords';

function wordsOf(line: string): string[] {
  return recognizeLogLine(line, 0).map((reply) => replyWords(reply, line));
}

test('a reply\'s words start after its codes and stop where the log\'s words start again', () => {
  const cases: Array<[string, string]> = [
    [
      'Jan  1 00:00:03 mx postfix/smtp[113]: CCC333: to=<c@gmail.com>, relay=gmail-smtp-in.l.google.com[142.250.1.26]:25, delay=1, delays=0/0/0/1, dsn=5.7.26, status=bounced (host gmail-smtp-in.l.google.com[142.250.1.26] said: 550-5.7.26 This mail is unauthenticated, which poses a security risk to the 550-5.7.26 sender and Gmail users, and has been blocked. 550 5.7.26 https://support.google.com/mail/answer/81126 a1si2 - gsmtp (in reply to end of DATA command))',
      'This mail is unauthenticated, which poses a security risk to the sender and Gmail users, and has been blocked. https://support.google.com/mail/answer/81126 a1si2 - gsmtp',
    ],
    [
      'Jan  1 00:00:04 mx postfix/smtp[114]: DDD444: to=<d@z.example>, relay=none, delay=432000, delays=431999/0/1/0, dsn=4.4.1, status=expired, returned to sender (connect to mx.z.example[192.0.2.3]:25: Connection refused)',
      'connect to mx.z.example[192.0.2.3]:25: Connection refused',
    ],
    ['Jan  1 00:00:06 mx sm-mta[2222]: x01A1B2C002222: to=<f@w.example>, delay=00:00:01, mailer=esmtp, relay=mx.w.example. [192.0.2.4], dsn=5.1.1, stat=User unknown', 'User unknown'],
    ['Aug 14 12:51:04 mail.server courieresmtpd[26762]: error,relay=::ffff:1.2.3.4,msg="535 Authentication failed.",cmd: AUTH PLAIN AAAAABBBBCCCCWxlZA== admin', 'Authentication failed.'],
    ['2022-07-20T21:12:06.270Z,EXCHANGE-1\\Default Frontend EXCHANGE-1,08DA4F7C11473A60,9,192.168.9.241:25,192.168.9.212:53722,>,535 5.7.3 Authentication unsuccessful,', 'Authentication unsuccessful'],
    ['2013-01-04 17:03:46 login authenticator failed for host ([192.168.2.33]) [24.106.174.74]: 535 Incorrect authentication data (set_id=brian)', 'Incorrect authentication data (set_id=brian)'],
    [
      'Nov 25 06:00:04 mx1 postfix/smtpd[624]: NOQUEUE: reject: RCPT from unknown[192.0.2.9]: 504 5.5.2 <User>: Helo command rejected: need fully-qualified hostname; proto=SMTP helo=<User>',
      '<User>: Helo command rejected: need fully-qualified hostname',
    ],
    [
      'Nov 25 06:00:05 mx1 postfix/smtp[700]: 4F1A: to=<a@x.example>, relay=mx.x.example[192.0.2.1]:25, delay=1, dsn=4.7.1, status=deferred (host mx.x.example[192.0.2.1] said: 450 4.7.1 Try again later)',
      'Try again later',
    ],
    ["Remote Server returned '554 delivery error: dd This user doesn't have a yahoo.com account (bob@yahoo.com) [0] - mta1012'", "delivery error: dd This user doesn't have a yahoo.com account (bob@yahoo.com) [0] - mta1012"],
    ["Remote Server returned '550 5.7.1 Message rejected: the recipient's mailbox is over quota'", "Message rejected: the recipient's mailbox is over quota"],
  ];
  for (const [line, words] of cases) assert.deepEqual(wordsOf(line), [words], line);
});

test('Postfix says what became of the message: expired after 4.4.1 is permanent, deferred after 550 (soft_bounce) temporary', () => {
  const expired = recognizeLogLine('Jan  1 00:00:04 mx postfix/smtp[114]: DDD444: to=<d@z.example>, relay=none, delay=432000, dsn=4.4.1, status=expired, returned to sender (connect to mx.z.example[192.0.2.3]:25: Connection refused)', 0);
  assert.deepEqual(expired.map((r) => [r.enhanced, r.class]), [['4.4.1', 'permanent']]);
  const soft = recognizeLogLine('Jan  1 00:00:01 mx postfix/smtp[111]: AAA111: to=<a@x.example>, relay=mx.x.example[192.0.2.1]:25, delay=1, dsn=4.1.1, status=deferred (host mx.x.example[192.0.2.1] said: 550 5.1.1 <a@x.example>: Recipient address rejected: User unknown (in reply to RCPT TO command))', 0);
  assert.deepEqual(soft.map((r) => [r.basic, r.class]), [['550', 'transient']]);
  const bounced = recognizeLogLine('Jan  1 00:00:01 mx postfix/smtp[111]: AAA111: to=<a@x.example>, relay=mx.x.example[192.0.2.1]:25, delay=1, dsn=5.1.1, status=bounced (host mx.x.example[192.0.2.1] said: 550 5.1.1 unknown (in reply to RCPT TO command))', 0);
  assert.deepEqual(bounced.map((r) => r.class), ['permanent']);
  const sent = recognizeLogLine('Jan  1 00:00:01 mx postfix/smtp[111]: AAA111: to=<a@x.example>, relay=mx.x.example[192.0.2.1]:25, delay=1, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4F1A)', 0);
  assert.deepEqual(sent.map((r) => r.class), ['success']);
});

test('a long line of many replies gives each once, its tokens apart (past 32 tokens overlaps are tracked by column)', () => {
  const pieces = Array.from({ length: 120 }, (_, i) => `host mx${i} said: 45${i % 10} 4.${i % 8}.${i % 7} try later ${i}; `);
  // Last, a flattened reply whose repeat another anchor (Sendmail's reply=) also reaches: it must
  // join the first reply, not make a second one at the same place.
  const line = pieces.join('') + 'host mx said: 550-5.7.1 first, reply=550-5.7.1 second';
  const found = recognizeLogLine(line, 0);
  const tokens = found.flatMap((r) => r.tokens).sort((a, b) => a.start - b.start);
  for (let i = 1; i < tokens.length; i++) assert.ok(tokens[i].start >= tokens[i - 1].end, `tokens ${i - 1} and ${i} overlap at ${tokens[i].start}`);
  assert.equal(found.length, 121);
  let at = 0;
  for (let i = 0; i < 120; i++) {
    at = line.indexOf('said: 45', at) + 6;
    assert.ok(found.some((r) => r.tokens[0].kind === 'basic' && r.tokens[0].start === at), `reply ${i} at ${at}`);
  }
  assert.equal(found[120].tokens.length, 4);
});

test('a flattened reply found by its pair of codes has its repeats too; Exim\'s own rejection is inbound', () => {
  const line = 'message: 421-4.7.0 [1.2.3.4 15] Our system has detected an unusual rate 421-4.7.0 of unsolicited mail. 421 4.7.0 Please try later.';
  const [reply] = recognizeLogLine(line, 0);
  assert.equal(reply.tokens.length, 6);
  assert.equal(replyWords(reply, line), '[1.2.3.4 15] Our system has detected an unusual rate of unsolicited mail. Please try later.');
  const exim = '2017-01-01 12:00:00 H=(test) [10.0.0.1] F=<a@b.example> rejected RCPT <c@d.example>: 452 4.5.3 Too many recipients';
  assert.deepEqual(recognizeLogLine(exim, 0).map((r) => r.direction), ['inbound']);
});
