/** Lines of the formats a scan must read, written for the tests (names and addresses invented). */
export const MIXED_LOG_LINES = [
  'Nov 25 06:00:03 mx1 postfix/smtp[2220]: 4F1A: to=<c@example.org>, relay=mx.example.org[192.0.2.55]:25, delay=1, dsn=5.1.1, status=bounced (host mx.example.org[192.0.2.55] said: 550 5.1.1 unknown (in reply to RCPT TO command))',
  'Nov 25 06:00:04 mx1 postfix/smtpd[624]: NOQUEUE: reject: RCPT from unknown[192.0.2.9]: 554 5.7.1 <b@example.com>: Relay access denied; from=<a@example.net> to=<b@example.com>',
  '2026-11-25 06:00:05 1tE-000301-35 == g@example.org R=dnslookup T=remote_smtp defer (-44) H=mx.example.net [192.0.2.7]: SMTP error from remote mail server after RCPT TO:<h@example.org>: 451 4.3.0 Temporary local problem',
  'Nov 25 06:00:06 mx1 postfix/smtp[2221]: 5A: to=<d@example.org>, relay=mx.example.org[192.0.2.55]:25, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 9911DA7CAD)',
  'Nov 25 06:00:07 mx1 postfix/smtpd[51317]: connect from mx.example[192.0.2.187]',
  '550-5.7.26 This mail has been blocked because the sender is',
  '550 5.7.26 unauthenticated.',
  '',
  'Final-Recipient: rfc822; x@example.com',
  'Action: failed',
  'Status: 5.1.1',
  'Diagnostic-Code: smtp; 550 5.1.1 <x@example.com>: Recipient address rejected',
  '',
  'mx2 sm-mta[99]: 7AB: ruleset=check_rcpt, arg1=<u@example.com>, relay=[192.0.2.3], reject=550 5.7.1 <u@example.com>... Relaying denied',
];
