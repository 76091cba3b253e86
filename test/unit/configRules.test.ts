/** Mail configurations: which codes count, and each config rule on strings of every file kind. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { Catalog } from '../../server/src/service/catalog';
import { linesOf } from '../../server/src/service/documentScanner';
import { configDiagnostics, scanConfig, type ConfigDiagnosticData } from '../../server/src/service/config/configService';
import { tinyCatalog } from '../support/tinyCatalog';

const catalog = new Catalog(tinyCatalog);
const { Error: E, Warning: W, Information: I, Hint: H } = DiagnosticSeverity;

function diagnostics(text: string, languageId: string): Diagnostic[] {
  return configDiagnostics(catalog, linesOf(text), languageId);
}

/** [code, severity, "line:start-end", covered text] per diagnostic. */
function problems(text: string, languageId: string): Array<[string, number, string, string]> {
  const lines = text.split('\n');
  return diagnostics(text, languageId).map((d) => [
    String(d.code),
    d.severity!,
    `${d.range.start.line}:${d.range.start.character}-${d.range.end.character}`,
    lines[d.range.start.line].slice(d.range.start.character, d.range.end.character),
  ]);
}

/** The codes of each configured reply, in order ("450 4.7.1"). */
function codes(text: string, languageId: string): string[] {
  return scanConfig(linesOf(text), languageId).map((r) => [r.basic, r.enhanced].filter(Boolean).join(' '));
}

/** A diagnostic's message (the service always sends plain text). */
function message(d: Diagnostic): string {
  return d.message as string;
}

function fixTitles(d: Diagnostic): string[] {
  return ((d.data as ConfigDiagnosticData | undefined)?.fixes ?? []).map((f) => (f.preferred ? '* ' : '') + f.title);
}

// ---- Postfix main.cf ----

test('main.cf: a *_reject_code is a configured reply, never a failure', () => {
  const replies = scanConfig(linesOf('unknown_local_recipient_reject_code = 550'), 'postfix-config');
  assert.equal(replies.length, 1);
  assert.deepEqual([replies[0].basic, replies[0].source, replies[0].diagnose, replies[0].tokens[0].start], ['550', 'config', false, 38]);
  assert.match(replies[0].status!, /unknown_local_recipient_reject_code/);
  assert.deepEqual(problems('unknown_local_recipient_reject_code = 550', 'postfix-config'), []);
});

test('main.cf: numbers that are not codes stay numbers', () => {
  const text = [
    'smtpd_hard_error_limit = 450',
    'message_size_limit = 550',
    'smtpd_client_connection_count_limit = 421',
    'mynetworks = 192.0.2.0/24 [2001:db8::]/32',
    'smtp_bind_address = 198.51.100.25',
    'smtpd_banner = $myhostname ESMTP 550 is not a code here',
    'relayhost = [mail.example.com]:587',
    '# unknown_local_recipient_reject_code = 250',
    '   # unverified_sender_defer_code = 250',
  ].join('\n');
  assert.deepEqual(codes(text, 'postfix-config'), []);
  assert.deepEqual(problems(text, 'postfix-config'), []);
});

test('main.cf: config.reject-code-temporary is a hint with the reason and a fix to the default', () => {
  const [d] = diagnostics('unknown_local_recipient_reject_code = 450', 'postfix-config');
  assert.deepEqual([d.code, d.severity, d.source, d.range.start.character, d.range.end.character], ['config.reject-code-temporary', H, 'smtp', 38, 41]);
  assert.match(message(d), /retries for days/);
  assert.match(message(d), /default is 550/);
  assert.deepEqual(fixTitles(d), ['* Change to 550 (the Postfix default)']);
  assert.deepEqual(problems('maps_rbl_reject_code = 450', 'postfix-config').map((p) => p[0]), ['config.reject-code-temporary']);
  // Parameters where Postfix itself defaults to 450 get no hint.
  for (const name of ['unknown_client_reject_code', 'unknown_hostname_reject_code', 'unknown_address_reject_code', 'unverified_recipient_reject_code', 'unverified_sender_reject_code', 'plaintext_reject_code']) {
    assert.deepEqual(problems(`${name} = 450`, 'postfix-config'), [], name);
  }
});

test('main.cf: a value on a continuation line, and a $reference', () => {
  assert.deepEqual(problems('unknown_local_recipient_reject_code =\n    450\nmyhostname = mx.example.com', 'postfix-config'), [['config.reject-code-temporary', H, '1:4-7', '450']]);
  assert.deepEqual(problems('unknown_virtual_alias_reject_code = $unknown_local_recipient_reject_code', 'postfix-config'), []);
});

test('main.cf: config.reject-code-range for codes Postfix refuses', () => {
  assert.deepEqual(problems('maps_rbl_reject_code = 250', 'postfix-config'), [['config.reject-code-range', E, '0:23-26', '250']]);
  assert.match(message(diagnostics('maps_rbl_reject_code = 250', 'postfix-config')[0]), /450 4\.7\.1 Service unavailable/);
  assert.deepEqual(problems('reject_code = 5540', 'postfix-config'), [['config.reject-code-range', E, '0:14-18', '5540']]);
  const [text] = diagnostics('reject_code = 554 Go away', 'postfix-config');
  assert.equal(text.code, 'config.reject-code-range');
  assert.match(message(text), /bad numerical configuration/);
  assert.deepEqual(problems('defer_code = 250', 'postfix-config').map((p) => p[0]), ['config.reject-code-range']);
});

test('main.cf: config.defer-code-permanent; 250 is allowed for unverified_*_defer_code', () => {
  assert.deepEqual(problems('defer_code = 550', 'postfix-config'), [['config.defer-code-permanent', W, '0:13-16', '550']]);
  assert.deepEqual(problems('access_map_defer_code = 554', 'postfix-config').map((p) => p[0]), ['config.defer-code-permanent']);
  assert.deepEqual(problems('unverified_sender_defer_code = 250\nunverified_recipient_defer_code = 450', 'postfix-config'), []);
  assert.deepEqual(problems('unverified_sender_defer_code = 550', 'postfix-config').map((p) => p[0]), ['config.defer-code-permanent']);
});

test('main.cf: action-valued parameters are read as access actions', () => {
  assert.deepEqual(codes('smtpd_policy_service_default_action = 451 4.7.1 Policy service down', 'postfix-config'), ['451 4.7.1']);
  assert.deepEqual(problems('smtpd_policy_service_default_action = 450 5.7.1 Policy service down', 'postfix-config'), [['config.class-mismatch', W, '0:42-47', '5.7.1']]);
});

test('main.cf: config.code-in-text for codes in a *_reject_reason', () => {
  const d = diagnostics('unverified_recipient_reject_reason = 550 5.1.1 Address lookup failed', 'postfix-config');
  assert.deepEqual(d.map((x) => [x.code, x.severity]), [['config.code-in-text', I]]);
  assert.deepEqual(fixTitles(d[0]), ['* Remove the codes']);
  assert.deepEqual(problems('unverified_recipient_reject_reason = Address lookup failed', 'postfix-config'), []);
});

test('main.cf: inline access maps in restriction lists', () => {
  const text = 'smtpd_client_restrictions = permit_mynetworks,\n    check_client_access inline:{ 192.0.2.1=REJECT, { 192.0.2.2 = 450 5.7.1 Go away } },\n    reject_unauth_destination';
  assert.deepEqual(codes(text, 'postfix-config'), ['450 5.7.1']);
  assert.deepEqual(problems(text, 'postfix-config'), [['config.class-mismatch', W, '1:69-74', '5.7.1']]);
  assert.deepEqual(problems('smtpd_client_restrictions = check_client_access inline:{ 192.0.2.9=550 }', 'postfix-config').map((p) => p[0]), ['config.malformed-action']);
});

test('master.cf: -o overrides are read like main.cf; service columns are not codes', () => {
  const text = [
    'smtp      inet  n       -       y       -       -       smtpd',
    'submission inet n       -       y       -       450     smtpd',
    '  -o syslog_name=postfix/submission',
    '  -o unknown_local_recipient_reject_code=450',
    '  -o { reject_code = 250 }',
  ].join('\n');
  assert.deepEqual(codes(text, 'postfix-config'), ['450', '250']);
  assert.deepEqual(problems(text, 'postfix-config'), [
    ['config.reject-code-temporary', H, '3:41-44', '450'],
    ['config.reject-code-range', E, '4:21-24', '250'],
  ]);
});

// ---- Postfix lookup tables ----

test('access table: codes in actions are configured replies with their positions', () => {
  const text = '# spam sources\nspammer@example.com   550 5.7.1 Go away\n192.0.2.0/24 REJECT 5.7.1 Blocked\nexample.net  OK';
  assert.deepEqual(codes(text, 'postfix-table'), ['550 5.7.1', '5.7.1']);
  const [first] = scanConfig(linesOf(text), 'postfix-table');
  assert.deepEqual(first.tokens.map((t) => [t.line, t.start, t.end]), [[1, 22, 25], [1, 26, 31]]);
  assert.deepEqual(problems(text, 'postfix-table'), []);
});

test('access table: config.class-mismatch on 450 5.7.1, with both fixes, the status one preferred', () => {
  const [d] = diagnostics('spammer@example.com  450 5.7.1 Go away', 'postfix-table');
  assert.deepEqual([d.code, d.severity, d.range.start.character, d.range.end.character], ['config.class-mismatch', W, 25, 30]);
  assert.match(message(d), /450 is a temporary reply code but 5\.7\.1 is a permanent status code/);
  assert.match(message(d), /Postfix sends 450 4\.7\.1/);
  assert.deepEqual(fixTitles(d), ['* Change 5.7.1 to 4.7.1 (temporary, like 450)', 'Change 450 to 550 (permanent, like 5.7.1)']);
});

test('access table: REJECT/DEFER with an enhanced code of the other class', () => {
  assert.deepEqual(problems('example.com  REJECT 4.7.1 Try later', 'postfix-table'), [['config.class-mismatch', W, '0:20-25', '4.7.1']]);
  assert.deepEqual(problems('example.com  DEFER 5.7.1 Go away', 'postfix-table'), [['config.class-mismatch', W, '0:19-24', '5.7.1']]);
  assert.deepEqual(problems('example.com  DEFER_IF_PERMIT 4.7.1 Later\nexample.org REJECT 5.7.1 No', 'postfix-table'), []);
  // header_checks: REJECT 4.x.x defers the message, as intended.
  assert.deepEqual(problems('/^Subject: .*lottery/   REJECT 4.7.1 Try again later', 'postfix-table'), []);
  assert.deepEqual(codes('/^Subject: .*lottery/   REJECT 4.7.1 Try again later', 'postfix-table'), ['4.7.1']);
});

test('access table: config.success-in-reject', () => {
  assert.deepEqual(problems('example.com  REJECT 2.0.0 Fine', 'postfix-table'), [['config.success-in-reject', W, '0:20-25', '2.0.0']]);
  assert.deepEqual(problems('example.com  250 OK', 'postfix-table'), [['config.success-in-reject', E, '0:13-16', '250']]);
  assert.match(message(diagnostics('example.com  250 OK', 'postfix-table')[0]), /451 4\.3\.5 Server configuration error/);
  assert.deepEqual(problems('example.com  REJECT 250 Fine', 'postfix-table'), [['config.success-in-reject', W, '0:20-23', '250']]);
});

test('access table: config.code-in-text for REJECT 550 text', () => {
  const [d] = diagnostics('example.com  REJECT 550 Go away', 'postfix-table');
  assert.deepEqual([d.code, d.severity, d.range.start.character], ['config.code-in-text', I, 20]);
  assert.match(message(d), /"554 \.\.\. 550 Go away"/);
  assert.deepEqual(fixTitles(d), ['* Write `550 Go away`']);
});

test('access table: config.malformed-action for 45 text, 4501 text and a bare 550', () => {
  const text = 'a.example  45 Go away\nb.example  4501 Go away\nc.example  550\nd.example  REJECT';
  assert.deepEqual(problems(text, 'postfix-table'), [
    ['config.malformed-action', E, '0:11-13', '45'],
    ['config.malformed-action', E, '1:11-15', '4501'],
    ['config.malformed-action', W, '2:11-14', '550'],
  ]);
  assert.match(message(diagnostics(text, 'postfix-table')[2]), /treats as OK/);
  // POP-before-SMTP time stamps are all-numerical OK values, not codes.
  assert.deepEqual(problems('192.0.2.7  1712345678\n192.0.2.8 OK', 'postfix-table'), []);
  assert.deepEqual(codes('192.0.2.7  1712345678', 'postfix-table'), []);
});

test('other lookup tables: numbers are not actions unless the table is an access table', () => {
  // A virtual_uid_maps-style table maps users to numbers: no codes, no problems.
  assert.deepEqual(problems('alice@example.com  550\nbob@example.com 1001', 'postfix-table'), []);
  assert.deepEqual(codes('alice@example.com  550', 'postfix-table'), []);
  // transport: the error(8) transport's status code is explained, not judged.
  assert.deepEqual(codes('example.com   error:5.1.1 No such domain\nexample.net  smtp:[relay.example.net]:587', 'postfix-table'), ['5.1.1']);
  assert.deepEqual(problems('example.com   error:5.1.1 No such domain', 'postfix-table'), []);
  // Continuation lines join the entry.
  assert.deepEqual(codes('spam.example\n    550 5.7.1 Go away', 'postfix-table'), ['550 5.7.1']);
});

// ---- Sendmail access ----

test('Sendmail access: ERROR: values are configured replies; the dialect is told by content', () => {
  const text = [
    'Connect:192.0.2.1        REJECT',
    'From:spammer.example     ERROR:"550 We do not accept mail from spammers"',
    'To:example.org           ERROR:5.7.1:550 Relaying denied',
    'Connect:198.51.100       RELAY',
    'From:old.example         550',
  ].join('\n');
  assert.deepEqual(codes(text, 'postfix-table'), ['550', '550 5.7.1', '550']);
  // A bare 550 is Postfix's all-numerical OK, not Sendmail's: no malformed-action here.
  assert.deepEqual(problems(text, 'postfix-table'), []);
});

test('Sendmail access: class mismatch, success codes and malformed ERROR: values', () => {
  assert.deepEqual(problems('Connect:192.0.2.1  ERROR:5.7.1:450 Go away', 'postfix-table'), [['config.class-mismatch', W, '0:25-30', '5.7.1']]);
  assert.deepEqual(problems('To:example.com  ERROR:2.0.0:250 Fine', 'postfix-table'), [['config.success-in-reject', E, '0:28-31', '250']]);
  assert.deepEqual(problems('To:example.com  ERROR:4.0.0:250 Fine', 'postfix-table').map((p) => p[0]), ['config.success-in-reject']);
  assert.deepEqual(problems('To:example.com  ERROR:2.0.0:550 Fine', 'postfix-table'), [['config.success-in-reject', E, '0:22-27', '2.0.0']]);
  assert.deepEqual(problems('From:a.example  ERROR:55 Go away', 'postfix-table'), [['config.malformed-action', E, '0:22-24', '55']]);
  assert.deepEqual(problems('From:a.example  ERROR:5.7:550 Go away', 'postfix-table'), [['config.malformed-action', E, '0:22-29', '5.7:550']]);
});

// ---- registry ----

test('config.unregistered-enhanced: information for an unknown detail, warning for an unknown subject', () => {
  assert.deepEqual(problems('a.example  550 5.7.99 Custom\nb.example  550 5.9.1 Custom', 'postfix-table'), [
    ['config.unregistered-enhanced', I, '0:15-21', '5.7.99'],
    ['config.unregistered-enhanced', W, '1:15-20', '5.9.1'],
  ]);
});

// ---- Exim ----

const EXIM = (statement: string) => `primary_hostname = mx.example.com\nacl_smtp_rcpt = acl_check_rcpt\n\nbegin acl\n\nacl_check_rcpt:\n${statement}\n\nbegin routers\n`;

test('Exim: a code leading a deny message is a configured reply', () => {
  const text = EXIM('  deny    message     = 550 5.7.1 Relay not permitted\n          !hosts = +relay_from_hosts');
  assert.deepEqual(codes(text, 'exim-config'), ['550 5.7.1']);
  assert.deepEqual(problems(text, 'exim-config'), []);
  assert.match(scanConfig(linesOf(text), 'exim-config')[0].status!, /deny ACL statement's message/);
});

test('Exim: config.acl-code-mismatch for a deny with 4xx and a defer with 5xx, with fixes', () => {
  const deny = diagnostics(EXIM('  deny    hosts = +bad\n          message = 450 4.7.1 Try later'), 'exim-config');
  assert.deepEqual(deny.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.character]), [['config.acl-code-mismatch', E, 7, 20]]);
  assert.match(message(deny[0]), /incorrect digit \(expected 5\)/);
  assert.deepEqual(fixTitles(deny[0]), ['* Change 450 4.7.1 to 550 5.7.1 (permanent, like deny)', 'Change deny to defer']);
  const defer = diagnostics(EXIM('  defer message = "550 Greylisted"'), 'exim-config');
  assert.deepEqual(defer.map((d) => [d.code, d.range.start.character]), [['config.acl-code-mismatch', 19]]);
  assert.deepEqual(fixTitles(defer[0]), ['* Change 550 to 450 (temporary, like defer)', 'Change defer to deny']);
  assert.deepEqual(problems(EXIM('  require message = 250 OK\n          verify = sender'), 'exim-config').map((p) => p[0]), ['config.acl-code-mismatch']);
});

test('Exim: class mismatch inside a message; verbs without a code class and log_message are not judged', () => {
  assert.deepEqual(problems(EXIM('  deny message = 550 4.7.1 Blocked'), 'exim-config'), [['config.class-mismatch', W, '6:21-26', '4.7.1']]);
  const quiet = EXIM('  warn message = 450 Just a header\n  accept message = 550 whatever\n  deny log_message = 450 logged only\n  drop message = 554 5.7.1 Go away');
  assert.deepEqual(problems(quiet, 'exim-config'), []);
  assert.deepEqual(codes(quiet, 'exim-config'), ['450', '550', '450', '554 5.7.1']);
});

test('Exim: backslash continuations, comments, and codes outside the ACL section', () => {
  const text = EXIM('  deny  hosts = +bad : \\\n          10.0.0.0/8\n# message = 450 commented out\n        message = 450 Go away');
  assert.deepEqual(problems(text, 'exim-config').map((p) => [p[0], p[2]]), [['config.acl-code-mismatch', '9:18-21']]);
  assert.deepEqual(codes('message = 450 not in an ACL\nsmtp_banner = 220 hello', 'exim-config'), []);
});

test('Exim: a conf.d fragment without any begin line is read as ACL statements', () => {
  const fragment = '### acl/30_exim4-config_check_rcpt\nacl_check_rcpt:\n  defer\n    message = 550 5.7.1 Greylisted\n    !hosts = +relay_from_hosts';
  assert.deepEqual(problems(fragment, 'exim-config').map((p) => [p[0], p[2]]), [['config.acl-code-mismatch', '3:14-17']]);
  // A main-section fragment has no verbs: nothing is read as a code.
  assert.deepEqual(codes('primary_hostname = mx.example.com\nmessage_size_limit = 550', 'exim-config'), []);
});
