import { test } from 'node:test';
import assert from 'node:assert/strict';
import { replies, replyCodes, tokenTexts } from '../support/cursor';

// Lines below are written for these tests in the formats each MTA logs; names and addresses are invented.

test('postfix smtp delivery: dsn= and said: make one reply with its context', () => {
  const line =
    'Nov 25 06:10:01 mx1 postfix/smtp[23817]: 4B7C21F3A2: to=<carol@example.org>, relay=mx.example.org[198.51.100.7]:25, delay=0.61, delays=0.1/0/0.3/0.21, dsn=5.1.1, status=bounced (host mx.example.org[198.51.100.7] said: 550 5.1.1 <carol@example.org>: Recipient address rejected: User unknown (in reply to RCPT TO command))';
  const found = replies(line);
  assert.equal(found.length, 1);
  const [reply] = found;
  assert.deepEqual([reply.basic, reply.enhanced, reply.class], ['550', '5.1.1', 'permanent']);
  assert.deepEqual(reply.tokens.map((t) => t.code), ['5.1.1', '550', '5.1.1']);
  assert.equal(reply.direction, 'outbound');
  assert.equal(reply.command, 'RCPT TO');
  assert.equal(reply.peer, 'mx.example.org[198.51.100.7]');
  assert.equal(reply.status, 'bounced');
  assert.equal(reply.recipient, 'carol@example.org');
});

test('postfix deferral without an enhanced code in the reply still gets the dsn', () => {
  const line = 'Nov 25 06:10:02 mx1 postfix/smtp[23817]: 4B7C21F3A3: to=<d@example.net>, relay=mx.example.net[203.0.113.9]:25, delay=3, delays=0/0/2/1, dsn=4.0.0, status=deferred (host mx.example.net[203.0.113.9] said: 451 Try again later (in reply to end of DATA command))';
  assert.deepEqual(replyCodes(line), ['451 4.0.0']);
  assert.equal(replies(line)[0].command, 'end of DATA');
});

test('postfix connection failures carry only dsn=', () => {
  const line = 'Nov 25 06:10:03 mx1 postfix/smtp[99]: 0A1B2C3D4E: to=<e@example.com>, relay=none, delay=30, delays=0/0/30/0, dsn=4.4.1, status=deferred (connect to mx.example.com[192.0.2.25]:25: Connection timed out)';
  assert.deepEqual(replyCodes(line), ['4.4.1']);
});

test('postfix smtpd NOQUEUE reject is inbound with the client and stage', () => {
  const line = 'Nov 25 06:11:00 mx1 postfix/smtpd[550]: NOQUEUE: reject: RCPT from unknown[192.0.2.44]: 554 5.7.1 <spam@example.com>: Relay access denied; from=<a@example.net> to=<spam@example.com> proto=ESMTP helo=<x>';
  const [reply] = replies(line);
  assert.deepEqual([reply.basic, reply.enhanced], ['554', '5.7.1']);
  assert.equal(reply.direction, 'inbound');
  assert.equal(reply.command, 'RCPT');
  assert.equal(reply.peer, 'unknown[192.0.2.44]');
});

test('postscreen reject with a port after the client address', () => {
  const line = 'Nov 25 06:11:01 mx1 postfix/postscreen[421]: NOQUEUE: reject: RCPT from [192.0.2.10]:40370: 550 5.7.1 Service unavailable; client [192.0.2.10] blocked using zen.example.org; from=<a@b.example>, to=<c@d.example>, proto=ESMTP, helo=<e>';
  assert.deepEqual(replyCodes(line), ['550 5.7.1']);
});

test('milter-reject has an enhanced code without a reply code', () => {
  const line = 'Nov 25 06:11:02 mx1 postfix/cleanup[3210]: 1234ABCD: milter-reject: END-OF-MESSAGE from mail.example.com[198.51.100.2]: 5.7.1 Spam message rejected; from=<a@example.com> to=<b@example.org>';
  const [reply] = replies(line);
  assert.deepEqual([reply.basic, reply.enhanced, reply.command], [undefined, '5.7.1', 'end of DATA']);
});

test('a multi-line reply flattened onto one line is one reply', () => {
  const line = 'Nov 25 06:12:00 mx1 postfix/smtp[1]: ABC: to=<x@gmail.example>, relay=g.example[192.0.2.1]:25, delay=1, delays=0.1/0/0.5/0.4, dsn=5.7.1, status=bounced (host g.example[192.0.2.1] said: 550-5.7.1 [192.0.2.200      12] Our system thinks 550-5.7.1 this looks like spam. 550 5.7.1 See the help page. abc.211 - gsmtp (in reply to end of DATA command))';
  const found = replies(line);
  assert.equal(found.length, 1);
  assert.deepEqual(found[0].tokens.map((t) => t.code), ['5.7.1', '550', '5.7.1', '550', '5.7.1', '550', '5.7.1']);
});

test('exim delivery deferral names the command and host', () => {
  const line = '2026-11-25 06:13:00 1tAbCd-000123-4Z == bob@example.net R=dnslookup T=remote_smtp defer (-44) H=mx.example.net [198.51.100.20]: SMTP error from remote mail server after RCPT TO:<bob@example.net>: 452 4.2.2 Mailbox full';
  const [reply] = replies(line);
  assert.deepEqual([reply.basic, reply.enhanced, reply.command, reply.direction], ['452', '4.2.2', 'RCPT TO', 'outbound']);
  assert.equal(reply.peer, 'mx.example.net [198.51.100.20]');
});

test('exim confirmation C="250 ..." is a success, and auth failures are inbound', () => {
  assert.deepEqual(replyCodes('2026-11-25 06:13:01 1tAbCd-000123-4Z => bob@example.net R=dnslookup T=remote_smtp H=mx.example.net [198.51.100.20] C="250 2.0.0 OK id=1tAbCe"'), ['250 2.0.0']);
  const auth = replies('2026-11-25 06:13:02 login authenticator failed for (helo) [203.0.113.50]:50123 I=[192.0.2.1]:587: 535 Incorrect authentication data (set_id=joe)');
  assert.deepEqual([auth[0].basic, auth[0].direction, auth[0].command], ['535', 'inbound', 'AUTH']);
});

test('sendmail reject= and stat=Deferred: are found, with dsn= joined', () => {
  assert.deepEqual(replyCodes('Nov 25 06:14:00 h sm-mta[4411]: 5AP6E0x1004411: ruleset=check_rcpt, arg1=<u@example.com>, relay=[192.0.2.9], reject=550 5.7.1 <u@example.com>... Relaying denied'), ['550 5.7.1']);
  const deferred = replies('Nov 25 06:14:01 h sm-mta[4412]: 5AP6E0x1004412: to=<v@example.org>, delay=00:00:05, xdelay=00:00:05, mailer=esmtp, pri=120000, relay=mx.example.org. [198.51.100.3], dsn=4.2.2, stat=Deferred: 452 4.2.2 Mailbox full');
  assert.equal(deferred.length, 1);
  assert.deepEqual([deferred[0].basic, deferred[0].enhanced, deferred[0].direction, deferred[0].status], ['452', '4.2.2', 'outbound', 'deferred']);
});

test('exchange protocol log CSV, OpenSMTPD stat=, courier msg=, qmail rblsmtpd', () => {
  assert.deepEqual(replyCodes('2026-11-25T06:15:00.123Z,EX01\\Default Frontend EX01,08DA000000000001,7,192.0.2.5:25,198.51.100.9:50000,>,535 5.7.3 Authentication unsuccessful,'), ['535 5.7.3']);
  assert.deepEqual(replyCodes('Nov 25 06:15:01 h smtpd[100]: 1a2b3c4d mta event=delivery evpid=1 from=<a@b> to=<c@d> rcpt=<-> source="192.0.2.1" relay="198.51.100.1 (198.51.100.1)" delay=1s result="PermFail" stat="550 5.7.1 Rejected by policy"'), ['550 5.7.1']);
  assert.deepEqual(replyCodes('Nov 25 06:15:02 h courieresmtpd: error,relay=::ffff:192.0.2.7,msg="535 Authentication failed.",cmd: AUTH LOGIN'), ['535']);
  assert.deepEqual(replyCodes('@4000000063a0b1c2 rblsmtpd: 192.0.2.77 pid 19597 bl.example.org: 451 http://bl.example.org/?ip=192.0.2.77'), ['451']);
});

test('qmail delivery status (#5.1.1) and underscore-separated replies', () => {
  assert.deepEqual(replyCodes('@4000000063a0b1c2 delivery 12: failure: Sorry,_no_mailbox_here_by_that_name._(#5.1.1)/'), ['5.1.1']);
  assert.deepEqual(replyCodes('@4000000063a0b1c3 delivery 13: deferral: Remote_host_said:_451_4.3.0_Try_later/'), ['451 4.3.0']);
});

test('never a code: pids, ports, delays, sizes, addresses, versions, HTTP statuses', () => {
  // Each line with the only codes it holds.
  const cases: Array<[string, string[]]> = [
    ['Nov 25 06:16:00 mx1 postfix/smtpd[550]: connect from unknown[192.0.2.250]', []],
    ['Nov 25 06:16:01 mx1 postfix/qmgr[451]: 4B7C21F3A2: from=<a@example.com>, size=552, nrcpt=1 (queue active)', []],
    ['Nov 25 06:16:02 mx1 postfix/smtp[421]: 4B7C21F3A2: to=<a@example.com>, relay=mx.example.com[203.0.113.250]:25, delay=450, delays=250/0/0.5/0.4, dsn=2.0.0, status=sent (250 Ok)', ['2.0.0']],
    ['Nov 25 06:16:03 mx1 postfix/smtpd[4242]: disconnect from unknown[198.51.100.221] ehlo=1 mail=1 rcpt=0/1 data=0 commands=2/3', []],
    ['Nov 25 06:16:04 host dovecot[241]: imap-login: Login: user=<u>, method=PLAIN, rip=192.0.2.1, lip=192.0.2.2, mpid=550, TLS', []],
    ['192.0.2.174 - - [25/Nov/2026:06:16:05 +0000] "GET / HTTP/1.1" 403 118 "-" "Mozilla/5.0"', []],
    ['Received: from mx.example.com (mx.example.com [192.0.2.3]) by relay with mapi id 15.20.1813.011; Tue, 25 Nov 2026', []],
    ['220 2.0.0 mx.example.com ESMTP ecelerity 4.1.0.46072 r(Core:4.1.0.2)', ['220', '2.0.0']],
    ['4.5.3.2.1.  Initial 220 Message: 5 Minutes', []],
    ['postfix/postscreen[1120148]: PREGREET 47 after 0 from [192.0.2.1]:62873: \\003\\000\\000/*\\340\\000', []],
    ['T  5 10 20 40 80 160 320 640 1280 1280+', []],
    ['TOTAL 486  0  0  1  0  0   2   4  20   40   419', []],
    ['>>> client 4.1.1_dsn 1.2.3.4', []],
  ];
  for (const [line, codes] of cases) assert.deepEqual(tokenTexts(line), codes, line);
});

test('Exchange message tracking (CSV recipient-status and LED fields) and Dovecot LMTP via Postfix', () => {
  assert.deepEqual(replyCodes('2026-11-25T06:20:00.123Z,192.0.2.10,EX01,198.51.100.4,mx.example.org,,SMTP,FAIL,1234,<m@example.com>,,bob@example.org,"550 5.1.1 RESOLVER.ADR.RecipNotFound; not found",1234,1,,,Hello,a@example.com'), ['550 5.1.1']);
  assert.deepEqual(replyCodes('2026-11-25T06:20:01.000Z,,,,EX01,,,,SEND,SMTP,,{[{LRT=11/25/2026 6:19:59 AM};{LED=451 4.4.0 DNS query failed};{FQDN=mx.example.org}]}'), ['451 4.4.0']);
  const lmtp = replies('Nov 25 06:20:02 mx1 postfix/lmtp[3310]: 5C3D: to=<u@example.org>, relay=mail.example.org[private/dovecot-lmtp], delay=0.1, delays=0/0/0/0.1, dsn=5.2.2, status=bounced (host mail.example.org[private/dovecot-lmtp] said: 552 5.2.2 <u@example.org> Quota exceeded (mailbox for user is full) (in reply to end of DATA command))');
  assert.deepEqual([lmtp.length, lmtp[0].basic, lmtp[0].enhanced, lmtp[0].command], [1, '552', '5.2.2', 'end of DATA']);
});

test('a line of a million characters holding thousands of codes gives each its reply (how fast: npm run bench, long lines)', () => {
  const unit = 'host mx said: 550 5.1.1 user unknown 123 4.5 ';
  const line = unit.repeat(Math.floor((1024 * 1024) / unit.length));
  const found = replies(line);
  assert.ok(found.length > 500, `${found.length} replies`);
  assert.ok(found.every((reply) => reply.basic === '550' && reply.enhanced === '5.1.1'));
});

test('an Exim callout failure is one failure: its flattened lines and the reply it quotes belong to it', () => {
  // Exim logs a multi-line reply on one line with a backslash and an n between its lines.
  const head = '2026-11-25 10:00:01 1tABCD-000123-AB ** x@example.com R=dnslookup T=remote_smtp H=mx.example.com [198.51.100.7]: SMTP error from remote mail server after RCPT TO:<x@example.com>: ';
  const sender = (code: string, quoted: string) => `${head}${code}-Verification failed for <a@b.example>\\n${code}-Called:   192.0.2.1\\n${code}-Sent:     RCPT TO:<a@b.example>\\n${code}-Response: ${quoted}\\n${code} Sender verify failed`;
  // The called server's reply, with the same code or another, is the reason; the last line closes the reply.
  for (const [code, quoted, codes, enhanced] of [
    ['550', '550 5.1.1 <a@b.example>: User unknown', ['550', '550', '550', '550', '550', '5.1.1', '550'], '5.1.1'],
    ['550', '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked', ['550', '550', '550', '550', '554', '5.7.1', '550'], '5.7.1'],
    ['451', '450 4.1.8 <a@b.example>: Sender address rejected: Domain not found', ['451', '451', '451', '451', '450', '4.1.8', '451'], '4.1.8'],
  ] as const) {
    const found = replies(sender(code, quoted));
    assert.equal(found.length, 1, quoted);
    assert.deepEqual(found[0].tokens.map((t) => t.code), codes, quoted);
    assert.equal(found[0].enhanced, enhanced, quoted);
  }
  // A recipient callout quotes the reply right after its last line's code.
  const recipient = replies(`${head}550-Callout verification failed:\\n550 550 5.1.1 <x@example.com>: Recipient address rejected: User unknown`);
  assert.deepEqual(recipient.map((r) => [r.basic, r.enhanced, r.tokens.length]), [['550', '5.1.1', 4]]);
  // Postfix flattens the same replies with spaces.
  const postfix = replies('Nov 25 06:10:01 mx1 postfix/smtp[1]: 4B7C: to=<x@example.com>, relay=mx.example.com[198.51.100.7]:25, delay=1, delays=0/0/0/1, dsn=5.0.0, status=bounced (host mx.example.com[198.51.100.7] said: 550-Callout verification failed: 550 550 5.1.1 <x@example.com>: Recipient address rejected (in reply to RCPT TO command))');
  assert.equal(postfix.length, 1);
  // The same reply folded in a bounce's Diagnostic-Code: the quoted code joins it.
  const bounce = 'Action: failed\nStatus: 5.0.0\nDiagnostic-Code: smtp; 550-Verification failed for <a@b.example>\n 550-Called:   192.0.2.1\n 550-Response: 550 5.1.1 <a@b.example>: User unknown\n 550 Sender verify failed\n';
  const counted = replies(bounce).filter((reply) => reply.diagnose);
  // One failure, on the Status, which takes the specific code of the reply it stands for.
  assert.deepEqual(counted.map((r) => [r.basic, r.enhanced]), [['550', '5.1.1']]);
  assert.ok(tokenTexts(bounce).includes('5.1.1'));
});

test('an Exchange protocol log names the other side in its remote endpoint: the client of a receive log, the server of a send log', () => {
  const receive = replies('2026-11-25T06:15:00.123Z,EX01\\Default Frontend EX01,08DA000000000001,7,192.0.2.5:25,198.51.100.9:50000,>,550 5.7.1 Unable to relay,');
  assert.deepEqual([receive[0].direction, receive[0].peer], ['inbound', '198.51.100.9']);
  const send = replies('2026-11-25T06:15:02.000Z,Outbound to Internet,08DA000000000002,9,10.0.0.5:61000,[2001:db8::25]:25,<,550 5.1.1 User unknown,');
  assert.deepEqual([send[0].direction, send[0].peer], ['outbound', '2001:db8::25']);
});
