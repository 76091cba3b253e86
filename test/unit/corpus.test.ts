/**
 * The scanner over the real logs, transcripts and bounces in ../shared/corpus (read in place, never
 * copied): files SOURCES.md calls negatives yield no code, the traps it lists stay quiet, and the
 * codes labelled in postfix-grok-patterns are all found. Skips cleanly when the corpus is absent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { linesOf, scanLines } from '../../server/src/service/documentScanner';
import type { Reply } from '../../server/src/service/replyTypes';
import { corpusDir } from '../support/paths';

const corpus = corpusDir();
const skip = corpus ? false : 'the corpus (../shared/corpus) is not on this machine';

function read(file: string): string {
  return readFileSync(join(corpus!, file), 'utf8');
}
function scan(file: string): Reply[] {
  return scanLines(linesOf(read(file)), 'log');
}
/** "line:code" for every token, 1-based lines as in SOURCES.md. */
function tokensOf(file: string): string[] {
  return scan(file).flatMap((r) => r.tokens.map((t) => `${t.line + 1}:${t.code}`));
}
function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** Files with no SMTP code at all, per SOURCES.md ("pure negative", "no SMTP code at all", "hard negatives"). */
const NEGATIVE_FILES = [
  'crowdsec-hub/dovecot-logs/dovecot-logs.log',
  'crowdsec-hub/exim-spam/exim-spam.log',
  'crowdsec-hub/mailscanner-logs/mailscanner-logs.log',
  'crowdsec-hub/nginx-mail-bf/nginx-mail-bf.log',
  'crowdsec-hub/nginx-mail-logs/nginx-mail-logs.log',
  'crowdsec-hub/postfix-non-smtp/postfix-non-smtp.log',
  'crowdsec-hub/postfix-sasl-bf/postfix-sasl-bf.log',
  'crowdsec-hub/postscreen-logs/postscreen-logs.log',
  'fail2ban/courier-auth',
  'fail2ban/domino-smtp',
  'fail2ban/dovecot',
  'fail2ban/exim-spam',
  'fail2ban/kerio',
  'fail2ban/sendmail-auth',
  'sisimai-set-of-emails/lhost-gmail-11.eml',
  'sisimai-set-of-emails/lhost-exchange2003-07.eml',
  'sisimai-set-of-emails/lhost-notes-03.eml',
  'postfix-docs/QSHAPE_README',
  'postfix-docs/MAILLOG_README',
  'postfix-docs/STRESS_README',
  'postfix-docs/TLS_README',
  'logwatch/DERIVED_postfix-TD-lines.map.tsv',
  'logwatch/DERIVED_amavis-TD-lines.map.tsv',
];

test('every corpus file scans without error, in bounded time', { skip }, () => {
  const started = Date.now();
  let files = 0;
  for (const path of walk(corpus!)) {
    assert.doesNotThrow(() => scanLines(linesOf(readFileSync(path, 'utf8')), 'log'), path);
    assert.doesNotThrow(() => scanLines(linesOf(readFileSync(path, 'utf8')), 'transcript'), path);
    files++;
  }
  assert.ok(files > 250, `expected the whole corpus, read ${files} files`);
  assert.ok(Date.now() - started < 20000);
});

test('negative files yield no code at all', { skip }, () => {
  for (const file of NEGATIVE_FILES) assert.deepEqual(tokensOf(file), [], file);
});

test('RFC 5321: only its example sessions yield codes; section numbers and prose never do', { skip }, () => {
  // Example replies: §3.3-3.5 (multi-line and VRFY/EXPN examples), §4.2.1 (multi-line format), Appendix D.
  const examples: Array<[number, number]> = [[1230, 1330], [2755, 2765], [4846, 5160]];
  const outside = tokensOf('rfc/rfc5321.txt').filter((t) => {
    const line = Number(t.split(':')[0]);
    return !examples.some(([from, to]) => line >= from && line <= to);
  });
  assert.deepEqual(outside, []);
  const appendix = scan('rfc/rfc5321.txt').filter((r) => r.tokens[0].line + 1 >= 4846);
  assert.ok(appendix.length >= 30, `Appendix D replies: ${appendix.length}`);
});

test('the tricky lines of SOURCES.md', { skip }, () => {
  const at = (file: string, line: number) => tokensOf(file).filter((t) => t.startsWith(`${line}:`)).map((t) => t.split(':')[1]);
  // 1, 2: swaks banner with a version number; its wrapped continuation; the 8-line EHLO reply is one reply.
  assert.deepEqual(at('swaks/trouble.txt', 6), ['220', '2.0.0']);
  assert.deepEqual(at('swaks/trouble.txt', 7), []);
  const ehlo = scan('swaks/trouble.txt').find((r) => r.tokens[0].line + 1 === 9)!;
  assert.equal(ehlo.tokens.filter((t) => t.kind === 'basic').length, 8);
  // 5: Gmail reply flattened onto one Postfix line: one reply.
  const gmail = scan('postfix-grok-patterns/test/smtp_0018.yaml').filter((r) => r.tokens[0].line === 1);
  assert.equal(gmail.length, 1);
  assert.deepEqual(gmail[0].tokens.map((t) => t.code), ['5.7.1', '550', '5.7.1', '550', '5.7.1', '550', '5.7.1', '550', '5.7.1', '550', '5.7.1']);
  // 6: an enhanced code with wide sub-fields; a hostname made of 3-digit groups.
  assert.deepEqual(at('postfix-grok-patterns/test/smtpd_0030.yaml', 2), ['550', '5.12.345']);
  // 7: folding splits "550" and "5.7.1" across lines of one Diagnostic-Code.
  const folded = scan('sisimai-set-of-emails/lhost-postfix-58.eml').filter((r) => r.diagnose);
  assert.equal(folded.length, 1);
  assert.ok(tokensOf('sisimai-set-of-emails/lhost-postfix-58.eml').some((t) => /^5[89]:5\.7\.1$/.test(t)));
  // 8: Exchange's "#550 5.2.3".
  assert.deepEqual(at('sisimai-set-of-emails/lhost-exchange2007-03.eml', 54), ['550', '5.2.3']);
  // 9, 10, 11: Received headers, IPv6 hextets and version numbers.
  assert.deepEqual(at('sisimai-set-of-emails/lhost-office365-11.eml', 160), []);
  assert.deepEqual(at('sisimai-set-of-emails/lhost-office365-13.eml', 170), []);
  // 12: Postfix In:/Out: transcript in a bounce: the 12-line EHLO reply is one reply; 451 4.3.0 found.
  const session = scan('sisimai-set-of-emails/lhost-postfix-75.eml');
  assert.equal(session.find((r) => r.tokens[0].line + 1 === 20)?.tokens.length, 12);
  assert.deepEqual(at('sisimai-set-of-emails/lhost-postfix-75.eml', 46), ['451', '4.3.0']);
  // 15-18, 20, 25: codes right after ">,", after a port, inside quotes, inside XML attributes.
  assert.deepEqual(at('crowdsec-hub/exchange-smtp-logs/exchange-smtp-logs.log', 1), ['535', '5.7.3']);
  assert.deepEqual(at('fail2ban/oracleims', 13), ['235', '2.7.0']); // not the port 465
  assert.deepEqual(at('fail2ban/oracleims', 15), ['535', '5.7.8']);
  assert.deepEqual(at('fail2ban/qmail', 2), ['451']);
  assert.deepEqual(at('fail2ban/courier-smtp', 4), ['535']);
  assert.deepEqual(at('fail2ban/exim', 22), ['535']);
  assert.deepEqual(at('exim-testsuite/log/0622', 2), ['250']);
  assert.deepEqual(at('exim-testsuite/log/0622', 11), ['452', '4.5.3']);
  assert.deepEqual(at('caesonia/INSTALL.md', 666), ['550', '5.7.1']);
  // 19: "???" lines are expectations, not replies.
  for (const file of ['exim-testsuite/stdout/0900', 'exim-testsuite/stdout/2114']) {
    const lines = read(file).split('\n');
    const onExpectations = tokensOf(file).filter((t) => lines[Number(t.split(':')[0]) - 1].startsWith('???'));
    assert.deepEqual(onExpectations, [], file);
  }
  // 21, 22: qshape tables and section numbers.
  assert.deepEqual(at('rfc/rfc5321.txt', 3617), []);
  assert.deepEqual(at('rfc/rfc5321.txt', 148), []);
  // 23: hostnames shaped like codes; the code returned is 554 5.0.0.
  assert.deepEqual(at('postfix-src-tests/smtpd_check_dsn.ref', 15), []);
  assert.deepEqual(at('postfix-src-tests/smtpd_check_dsn.ref', 16), []);
  assert.deepEqual(at('postfix-src-tests/smtpd_check_dsn.ref', 18), ['554', '5.0.0']);
  // 24, 26: amavis numbers, dovecot pids.
  assert.deepEqual(at('logwatch/DERIVED_amavis-TD-lines.txt', 14), []);
});

test('every code labelled in postfix-grok-patterns is found on its line', { skip }, () => {
  const rows = read('postfix-grok-patterns/DERIVED_data_lines.tsv')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('\t'));
  let checked = 0;
  for (const [file, basic, enhanced, data] of rows) {
    const expected = [basic, enhanced].filter((c) => c && c !== '-');
    if (expected.length === 0) continue;
    const found = scanLines(linesOf(data), 'log').flatMap((r) => r.tokens.map((t) => t.code));
    for (const code of expected) assert.ok(found.includes(code), `${file}: ${code} not found in ${data}`);
    checked++;
  }
  assert.ok(checked >= 12, `labelled rows checked: ${checked}`);
});

test('failures found per log family are plausible (one per failure line)', { skip }, () => {
  const failures = (file: string) => scan(file).filter((r) => r.diagnose && (r.class === 'permanent' || r.class === 'transient')).length;
  const failureLines = (file: string, pattern: RegExp) => read(file).split('\n').filter((l) => pattern.test(l)).length;
  assert.equal(failures('fail2ban/sendmail-reject'), failureLines('fail2ban/sendmail-reject', /reject=[45]\d\d /));
  assert.equal(failures('fail2ban/exim'), failureLines('fail2ban/exim', /authenticator failed.*: 535 /));
  assert.equal(failures('crowdsec-hub/exchange-smtp-bf/exchange-smtp-bf.log'), failureLines('crowdsec-hub/exchange-smtp-bf/exchange-smtp-bf.log', /,>,5\d\d /));
  const corpusRoot = corpus!;
  assert.ok(relative(corpusRoot, join(corpusRoot, 'fail2ban')).length > 0);
});
