import { test } from 'node:test';
import assert from 'node:assert/strict';
import { replies, tokenTexts } from '../support/cursor';

const dsn = [
  'Reporting-MTA: dns; mx1.example.com',
  '',
  'Final-Recipient: rfc822; carol@example.org',
  'Original-Recipient: rfc822;carol@example.org',
  'Action: failed',
  'Status: 5.7.1',
  'Remote-MTA: dns; mx.example.org',
  'Diagnostic-Code: smtp; 550-5.7.1 [192.0.2.22      18] Our system has detected',
  '    that this message is likely spam and has been',
  '    blocked. Please visit 550',
  '    5.7.1  https://help.example.org/answer/1 for more information.',
  '',
].join('\n');

test('a DSN block is one failure: Status carries the diagnostic, Diagnostic-Code joins it', () => {
  const found = replies(dsn);
  const diagnosed = found.filter((r) => r.diagnose);
  assert.equal(diagnosed.length, 1);
  assert.deepEqual([diagnosed[0].enhanced, diagnosed[0].basic, diagnosed[0].status, diagnosed[0].peer, diagnosed[0].recipient], ['5.7.1', '550', 'failed', 'mx.example.org', 'carol@example.org']);
  // Codes split by the folding are still found, on their own lines.
  const tokens = found.flatMap((r) => r.tokens).map((t) => `${t.line}:${t.code}`);
  assert.ok(tokens.includes('9:550') && tokens.includes('10:5.7.1'), tokens.join(' '));
});

test('the human-readable part repeats the DSN: it stays quiet', () => {
  const text = ['<carol@example.org>: host mx.example.org[192.0.2.5] said: 550 5.7.1 blocked (in reply to end of DATA command)', '', dsn].join('\n');
  const diagnosed = replies(text).filter((r) => r.diagnose);
  assert.equal(diagnosed.length, 1);
  assert.equal(diagnosed[0].source, 'dsn');
});

test('Exchange NDR codes glued to # and quoted remote answers', () => {
  assert.deepEqual(tokenTexts('#550 5.2.3 RESOLVER.RST.RecipSizeLimit; message too large for this recipient ##'), ['550', '5.2.3']);
  assert.deepEqual(tokenTexts("Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'"), ['550', '5.1.1']);
});

test('sendmail bounce transcript lines', () => {
  const text = ['... while talking to mx.example.org.:', '>>> DATA', '<<< 554 5.7.1 Message rejected', '554 5.0.0 Service unavailable'].join('\n');
  const found = replies(text);
  assert.deepEqual(found.map((r) => `${r.basic} ${r.enhanced}`), ['554 5.7.1', '554 5.0.0']);
  assert.equal(found[0].command, 'DATA');
});

test('CRLF documents give the same codes', () => {
  assert.deepEqual(tokenTexts(dsn.replace(/\n/g, '\r\n')), tokenTexts(dsn));
});

test('a bare multi-line reply quoted in a bounce is one reply; a lone bare number is not', () => {
  const text = ['  The remote server said:', '    550-Your message was rejected by this system.', '    550-Reason: no reverse DNS for IP=[192.0.2.2]', '    550 ref 7d39d529-9584'].join('\n');
  const found = replies(text);
  assert.equal(found.length, 1);
  assert.deepEqual(found[0].tokens.map((t) => `${t.line}:${t.code}`), ['1:550', '2:550', '3:550']);
  assert.deepEqual(replies('550 is what they said\n250 apples'), []);
  const gmail = ['550-5.7.1 [192.0.2.9] Our system has detected an unusual rate', '550-5.7.1 of unsolicited mail originating from your IP address.', '550 5.7.1 See the help center.'].join('\n');
  assert.equal(replies(gmail).length, 1);
});

test('what became of the message decides the class: Action failed after 4.4.7 is permanent, delayed after 5.x.x temporary', () => {
  const block = (action: string, status: string) => ['Final-Recipient: rfc822; ann@example.org', `Action: ${action}`, `Status: ${status}`, ''].join('\n');
  const failed = replies(block('failed', '4.4.7')).filter((r) => r.diagnose);
  assert.deepEqual(failed.map((r) => [r.enhanced, r.class]), [['4.4.7', 'permanent']]);
  const delayed = replies(block('delayed', '5.4.4')).filter((r) => r.diagnose);
  assert.deepEqual(delayed.map((r) => [r.enhanced, r.class]), [['5.4.4', 'transient']]);
  assert.deepEqual(replies(block('failed', '5.1.1')).map((r) => r.class), ['permanent']);
});

test('in a bounce with DSN fields, the transcript lines it quotes with the DSN\'s codes stay quiet; another reply still counts', () => {
  const text = [
    '   ----- The following addresses had permanent fatal errors -----',
    '<ann@example.org>',
    '    (reason: 450 4.7.1 Client host rejected: may not be mail exchanger)',
    '   ----- Transcript of session follows -----',
    '... while talking to mx2.example.org.:',
    '>>> DATA',
    '<<< 450 4.7.1 Client host rejected: may not be mail exchanger',
    '<ann@example.org>... Deferred: 450 4.7.1 Client host rejected: may not be mail exchanger',
    '<<< 554 5.5.1 Error: no valid recipients',
    '',
    'Final-Recipient: RFC822; ann@example.org',
    'Action: failed',
    'Status: 4.4.7',
    'Diagnostic-Code: SMTP; 450 4.7.1 Client host rejected: may not be mail exchanger',
    '',
  ].join('\n');
  const found = replies(text);
  assert.ok(found.length >= 4, 'the quoted replies are still found, for hovers');
  const diagnosed = found.filter((r) => r.diagnose);
  assert.deepEqual(diagnosed.map((r) => [r.basic, r.enhanced, r.class, r.words]), [
    ['554', '5.5.1', 'permanent', undefined],
    [undefined, '4.4.7', 'permanent', 'Client host rejected: may not be mail exchanger'],
  ]);
});

test('a Status takes the Diagnostic-Code\'s words (folded lines joined, repeated codes left out); a generic Status (5.0.0) is counted under the remote\'s own codes', () => {
  const [status] = replies(dsn).filter((r) => r.diagnose);
  assert.equal(status.words, '[192.0.2.22      18] Our system has detected that this message is likely spam and has been blocked. Please visit https://help.example.org/answer/1 for more information.');
  const generic = ['Final-Recipient: rfc822; bob@example.org', 'Action: failed', 'Status: 5.0.0', 'Diagnostic-Code: smtp; 550 5.1.1 <bob@example.org>... User Unknown', ''].join('\n');
  const [reply] = replies(generic).filter((r) => r.diagnose);
  assert.deepEqual([reply.basic, reply.enhanced, reply.words], ['550', '5.1.1', '<bob@example.org>... User Unknown']);
  // A Status and a Diagnostic-Code that disagree otherwise: the Status stands, without a borrowed 550.
  const other = ['Final-Recipient: rfc822; bob@example.org', 'Action: failed', 'Status: 5.7.1', 'Diagnostic-Code: smtp; 550 5.1.1 unknown', ''].join('\n');
  const [kept] = replies(other).filter((r) => r.diagnose);
  assert.deepEqual([kept.basic, kept.enhanced], [undefined, '5.7.1']);
});

test('a mailbox of bounces: the DSN of one message does not quiet another message\'s failure', () => {
  const mbox = [
    'From MAILER-DAEMON Mon Nov 24 09:12:03 2026',
    'Subject: Undelivered Mail Returned to Sender',
    '',
    'Final-Recipient: rfc822; ann@example.org',
    'Action: failed',
    'Status: 5.1.1',
    'Diagnostic-Code: smtp; 550 5.1.1 <ann@example.org>: User unknown',
    '',
    'From postmaster@example.net Mon Nov 24 10:00:00 2026',
    'Subject: Delivery has failed',
    '',
    "Remote Server returned '554 5.7.1 <bob@example.net>: Relay access denied'",
    '',
  ].join('\n');
  const diagnosed = replies(mbox).filter((r) => r.diagnose);
  assert.deepEqual(diagnosed.map((r) => `${r.basic} ${r.enhanced}`), ['550 5.1.1', '554 5.7.1']);
});

test('a mail log\'s own lines keep their diagnostics beside a DSN block; quoted bounce text and the DSN\'s own codes stay quiet', () => {
  const logLine = 'Nov 25 06:00:04 mx1 postfix/smtpd[624]: NOQUEUE: reject: RCPT from unknown[192.0.2.9]: 450 4.7.1 <b@example.com>: Greylisted';
  const folded = ['<carol@example.org>: host mx.example.org[192.0.2.5] said: 550', '    5.7.1 blocked (in reply to end of DATA command)'];
  const found = replies([logLine, ...folded, '', dsn].join('\n')).filter((r) => r.diagnose);
  assert.deepEqual(found.map((r) => [r.source, r.basic, r.enhanced]), [
    ['postfix-reject', '450', '4.7.1'],
    ['dsn', '550', '5.7.1'],
  ]);
});
