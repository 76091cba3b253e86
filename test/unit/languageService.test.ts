import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/service/languageService';
import { tinyCatalog } from '../support/tinyCatalog';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ChunkedDocument } from '../../server/src/service/chunkedDocument';
import { DocumentIndex } from '../../server/src/service/documentIndex';
import { scanLines } from '../../server/src/service/documentScanner';
import { isStructuralAt } from '../../server/src/service/lineStructure';
import { doc, withCursor } from '../support/cursor';
import { MIXED_LOG_LINES } from '../support/mixedLines';
import { corpusDir } from '../support/paths';

const service = createLanguageService(tinyCatalog);

/** The hover's markdown at the `|` in a one-document text, or null. */
function hover(marked: string, languageId = 'mail-log'): string | null {
  const { text, line, character } = withCursor(marked);
  const result = service.doHover(doc(text, languageId, `file:///h/${Math.random()}`), { line, character });
  return result ? (result.contents as { value: string }).value : null;
}

const BOUNCED = 'Nov 25 06:10:01 mx1 postfix/smtp[23817]: 4B7C: to=<carol@example.org>, relay=mx.example.org[198.51.100.7]:25, delay=0.61, delays=0.1/0/0.3/0.21, dsn=5.1.1, status=bounced (host mx.example.org[198.51.100.7] said: 550 5.1.1 <carol@example.org>: User unknown (in reply to RCPT TO command))';
const DEFERRED = 'Nov 25 06:10:02 mx1 postfix/smtp[23818]: 4B7D: to=<d@example.net>, relay=mx.example.net[203.0.113.9]:25, delay=3, delays=0/0/2/1, dsn=4.7.1, status=deferred (host mx.example.net[203.0.113.9] said: 450 4.7.1 Greylisted (in reply to RCPT TO command))';

test('hover on a reply code: title, class, partner code and what the line says', () => {
  const value = hover(BOUNCED.replace('said: 550', 'said: |550'))!;
  assert.match(value, /550 — Mailbox unavailable/);
  assert.match(value, /permanent failure \(5xx\)/);
  assert.match(value, /On this reply with\*\* 5\.1\.1 — Bad destination mailbox address/);
  assert.match(value, /remote server mx\.example\.org\[198\.51\.100\.7\] answered our mail after RCPT TO: outbound/);
  assert.match(value, /\[RFC 5321 §4\.2\.3\]\(https:\/\/www\.rfc-editor\.org/);
});

test('hover on dsn= and on a temporary code; nothing on a pid or a port', () => {
  assert.match(hover(BOUNCED.replace('dsn=5.1.1', 'dsn=5.|1.1'))!, /5\.1\.1 — Bad destination mailbox address/);
  assert.match(hover(DEFERRED.replace('said: 450', 'said: 45|0'))!, /temporary failure \(4xx\)/);
  assert.equal(hover(BOUNCED.replace('smtp[23817]', 'smtp[23|817]')), null);
  assert.equal(hover(BOUNCED.replace(']:25,', ']:2|5,')), null);
});

test('hover on an unregistered enhanced code explains class and subject', () => {
  const value = hover('Nov 25 06:10:03 mx1 postfix/smtp[1]: X: to=<a@b.example>, relay=none, delay=1, dsn=4.4.|8, status=deferred (lost)')!;
  assert.match(value, /4\.4\.8 — Unregistered network and routing status/);
  assert.match(value, /not in the IANA registry/);
});

test('diagnostics: one per failure, warning for 4xx, error for 5xx, code and source set', () => {
  const diagnostics = service.doValidation(doc([BOUNCED, DEFERRED, 'Nov 25 06:10:04 mx1 postfix/smtpd[550]: connect from x[192.0.2.1]'].join('\n')));
  assert.equal(diagnostics.length, 2);
  assert.deepEqual(diagnostics.map((d) => [d.severity, d.code, d.source, d.range.start.line]), [
    [DiagnosticSeverity.Error, '5.1.1', 'smtp', 0],
    [DiagnosticSeverity.Warning, '4.7.1', 'smtp', 1],
  ]);
  assert.match(diagnostics[0].message as string, /^Permanent failure 550 5\.1\.1: Bad destination mailbox address/);
});

test('diagnostic settings: severities configurable, off drops them', () => {
  const text = [BOUNCED, DEFERRED].join('\n');
  const onlyPermanentAsWarning = service.doValidation(doc(text, 'mail-log', 'file:///s1'), { permanent: 'warning', temporary: 'off' });
  assert.deepEqual(onlyPermanentAsWarning.map((d) => [d.severity, d.code]), [[DiagnosticSeverity.Warning, '5.1.1']]);
});

test('the cap keeps permanent failures first and says how many were left out', () => {
  const text = [DEFERRED, DEFERRED, BOUNCED, DEFERRED, BOUNCED].join('\n');
  const diagnostics = service.doValidation(doc(text, 'mail-log', 'file:///cap'), { maxProblems: 3 });
  assert.deepEqual(diagnostics.slice(0, 3).map((d) => d.code), ['5.1.1', '5.1.1', '4.7.1']);
  assert.equal(diagnostics.length, 4);
  assert.equal(diagnostics[3].code, 'smtp.truncated');
  assert.match(diagnostics[3].message as string, /^2 more failures not shown \(2 permanent, 3 temporary/);
});

test('semantic tokens: by class, enhanced modifier, ranges limit lines', () => {
  const document = doc([BOUNCED, DEFERRED].join('\n'), 'mail-log', 'file:///tok');
  const full = service.getSemanticTokens(document).data;
  // 3 tokens on line 0 (dsn, 550, 5.1.1) and 3 on line 1; 5 numbers each.
  assert.equal(full.length, 6 * 5);
  assert.deepEqual(full.slice(0, 5), [0, BOUNCED.indexOf('5.1.1'), 5, 3, 1]);
  const second = service.getSemanticTokens(document, { start: { line: 1, character: 0 }, end: { line: 1, character: 10 } }).data;
  assert.deepEqual(second.slice(0, 5), [1, DEFERRED.indexOf('4.7.1'), 5, 2, 1]);
  assert.equal(second.length, 3 * 5);
});

test('failure summary groups by code, most frequent first', () => {
  const summary = service.summarizeFailures(doc([DEFERRED, BOUNCED, DEFERRED].join('\n'), 'mail-log', 'file:///sum'));
  assert.deepEqual([summary.permanent, summary.temporary], [1, 2]);
  assert.deepEqual(summary.groups.map((g) => [g.codes, g.count]), [['450 4.7.1', 2], ['550 5.1.1', 1]]);
});

test('bad input: empty, binary, invalid UTF-8 replacement chars, a 1 MB line', () => {
  assert.deepEqual(service.doValidation(doc('', 'mail-log', 'file:///empty')), []);
  const binary = String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
  assert.ok(Array.isArray(service.doValidation(doc(binary, 'mail-log', 'file:///bin'))));
  const invalid = '\uFFFD\uFFFD said: 550 5.1.1 bad \uFFFD';
  assert.equal(service.doValidation(doc(invalid, 'mail-log', 'file:///inv')).length, 1);
  const huge = 'x said: 550 5.1.1 ' + '1234 550 5.1.1 '.repeat(70000);
  const started = Date.now();
  const diagnostics = service.doValidation(doc(huge, 'mail-log', 'file:///huge'));
  assert.equal(diagnostics.length, 1);
  assert.ok(Date.now() - started < 5000, 'a 1 MB line is scanned in bounded time');
});

test('failure counts agree with the failures read back, for logs and bounces', () => {
  const log = [
    'Nov 25 06:00:03 mx1 postfix/smtp[2220]: 4F1A: to=<c@example.org>, relay=mx.example.org[192.0.2.55]:25, dsn=5.1.1, status=bounced (host mx.example.org[192.0.2.55] said: 550 5.1.1 unknown (in reply to RCPT TO command))',
    'Nov 25 06:00:04 mx1 postfix/smtp[2221]: 6A7B: to=<d@example.info>, relay=mx.example.info[198.51.100.77]:25, dsn=4.7.1, status=deferred (host mx.example.info[198.51.100.77] said: 450 4.7.1 Greylisted (in reply to RCPT TO command))',
    '',
    'Action: failed',
    'Status: 5.1.1',
    'Diagnostic-Code: smtp; 550 5.1.1 <x@example.com>: Recipient address rejected',
  ].join('\n');
  for (const text of [log, log.split('\n').slice(0, 2).join('\n')]) {
    const document = doc(text);
    const failures = service.findFailures(document).filter((r) => r.diagnose);
    const expected = { permanent: failures.filter((r) => r.class === 'permanent').length, temporary: failures.filter((r) => r.class === 'transient').length };
    assert.deepEqual(service.countFailures(document), expected);
    assert.ok(expected.permanent >= 1 && expected.temporary === 1, JSON.stringify(expected));
  }
});

test('a hover on a line without structure reads that line alone and finds what the whole document gives', (t) => {
  const texts = [[BOUNCED, DEFERRED, '550-5.7.26 blocked', '550 5.7.26 unauthenticated.', '', 'Status: 5.1.1', 'Diagnostic-Code: smtp; 550 5.1.1 nope', BOUNCED, ...MIXED_LOG_LINES].join('\n')];
  const dir = corpusDir();
  if (dir) {
    const walk = (d: string): string[] => readdirSync(d).flatMap((name) => (statSync(join(d, name)).isDirectory() ? walk(join(d, name)) : [join(d, name)]));
    for (const file of walk(dir)) if (/\.(log|txt|eml)$/.test(file)) texts.push(readFileSync(file, 'utf8'));
  } else {
    t.diagnostic('../shared/corpus is not on this machine: built text only');
  }
  let compared = 0;
  texts.forEach((text, n) => {
    const document = new ChunkedDocument(`file:///alone/${n}`, 'mail-log', 1, text);
    const whole = new DocumentIndex(scanLines(document, 'log'));
    for (const reply of whole.replies) {
      for (const token of reply.tokens) {
        // Lines with structure are read with the lines around them, as before; this is about the others.
        if (isStructuralAt(document.lineAt(token.line), 0)) continue;
        // `diagnose` says where a diagnostic goes (a bounce's Status quiets its repeats); hovers do not show it.
        const found = service.replyAt(document, { line: token.line, character: token.start });
        const expected = whole.at(token.line, token.start)?.reply;
        assert.deepEqual({ ...found, diagnose: undefined }, { ...expected, diagnose: undefined }, `${n}: line ${token.line}: ${document.lineAt(token.line)}`);
        compared++;
      }
    }
  });
  assert.ok(compared > 10, `tokens compared: ${compared}`);

  // Lines with structure still get their neighbours: the rest of a multi-line reply, a DSN block.
  const bounce = new ChunkedDocument('file:///alone/bounce', 'mail-log', 1, ['x', '550-5.7.26 blocked', '550 5.7.26 unauthenticated.', '', 'Final-Recipient: rfc822; a@example.org', 'Status: 5.1.1', ''].join('\n'));
  const continued = service.replyAt(bounce, { line: 2, character: 0 });
  assert.deepEqual(continued?.tokens.map((token) => token.line), [1, 1, 2, 2], 'the second line of a multi-line reply belongs to the first');
  assert.equal(service.replyAt(bounce, { line: 5, character: 8 })?.recipient, 'a@example.org', 'a DSN Status gets its block');
});

test('a hover on a reply whose codes disagree on the class says the reply code decides', () => {
  const mixed = 'Nov 25 06:10:03 mx1 postfix/smtpd[624]: NOQUEUE: reject: RCPT from unknown[192.0.2.9]: 450 |5.7.1 <b@example.com>: try later';
  const value = hover(mixed)!;
  assert.match(value, /\*\*450 and 5\.7\.1 disagree: the sending side acts on the reply code 450 \(RFC 5321\), so this reply is a temporary failure/);
  assert.doesNotMatch(hover(BOUNCED.replace('said: 550', 'said: |550'))!, /disagree/);
});
