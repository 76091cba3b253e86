/** Config documents through the language service: hovers, no failure diagnostics, and quick fixes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic, Range, TextEdit } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/service/languageService';
import { tinyCatalog } from '../support/tinyCatalog';
import { doc, withCursor } from '../support/cursor';

const service = createLanguageService(tinyCatalog);
let uris = 0;

function configDoc(text: string, languageId: string) {
  return doc(text, languageId, `file:///config/${languageId}/${++uris}`);
}

/** The text after applying one action's edits (all on the document's own uri). */
function apply(text: string, action: CodeAction, uri: string): string {
  const edits: TextEdit[] = [...(action.edit?.changes?.[uri] ?? [])];
  const lines = text.split('\n');
  edits.sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
  for (const e of edits) {
    assert.equal(e.range.start.line, e.range.end.line);
    const line = lines[e.range.start.line];
    lines[e.range.start.line] = line.slice(0, e.range.start.character) + e.newText + line.slice(e.range.end.character);
  }
  return lines.join('\n');
}

function wholeLine(line: number): Range {
  return { start: { line, character: 0 }, end: { line, character: 1000 } };
}

test('config documents: codes hover as configured replies; no failure diagnostics', () => {
  const { text, line, character } = withCursor('unknown_local_recipient_reject_code = 5|50\nsmtpd_hard_error_limit = 20');
  const document = configDoc(text, 'postfix-config');
  const hover = service.doHover(document, { line, character });
  const value = (hover!.contents as { value: string }).value;
  assert.match(value, /550 — Mailbox unavailable/);
  assert.match(value, /configured in `?unknown_local_recipient_reject_code/);
  assert.deepEqual(service.doValidation(document), []);
  assert.deepEqual(service.findFailures(document), []);
  assert.equal(service.doHover(document, { line: 1, character: 26 }), null);
  const tokens = service.getSemanticTokens(document).data;
  assert.deepEqual(tokens, [0, 38, 3, 3, 0]);
});

test('config documents: a log-like line in an access table is not a failure', () => {
  const document = configDoc('spammer@example.com   550 5.7.1 Go away', 'postfix-table');
  assert.deepEqual(service.doValidation(document), []);
  assert.equal(service.summarizeFailures(document).groups.length, 0);
  assert.equal(service.replyAt(document, { line: 0, character: 23 })?.enhanced, '5.7.1');
});

test('config documents: doValidation returns the config diagnostics, capped by maxProblems with a note of the rest', () => {
  const document = configDoc('a.example  450 5.7.1 x\nb.example  550 4.7.1 y\nc.example  REJECT 4.7.1 z', 'postfix-table');
  assert.deepEqual(service.doValidation(document).map((d) => [d.code, d.source, d.range.start.line]), [
    ['config.class-mismatch', 'smtp', 0],
    ['config.class-mismatch', 'smtp', 1],
    ['config.class-mismatch', 'smtp', 2],
  ]);
  // Two, then a note of the one left out (as for logs).
  assert.deepEqual(service.doValidation(document, { maxProblems: 2 }).map((d) => [d.code, d.range.start.line, d.severity]), [
    ['config.class-mismatch', 0, 2],
    ['config.class-mismatch', 1, 2],
    ['smtp.truncated', 0, 3],
  ]);
});

test('quick fixes for 450 5.7.1: align the status (preferred) or the reply code', () => {
  const text = 'spammer@example.com  450 5.7.1 Go away';
  const document = configDoc(text, 'postfix-table');
  const diagnostics = service.doValidation(document);
  const actions = service.getCodeActions(document, diagnostics[0].range, diagnostics);
  assert.deepEqual(
    actions.map((a) => [a.title, a.kind, a.isPreferred === true]),
    [
      ['Change 5.7.1 to 4.7.1 (temporary, like 450)', 'quickfix', true],
      ['Change 450 to 550 (permanent, like 5.7.1)', 'quickfix', false],
    ],
  );
  assert.equal(actions[0].diagnostics?.[0].code, 'config.class-mismatch');
  assert.equal(apply(text, actions[0], document.uri), 'spammer@example.com  450 4.7.1 Go away');
  assert.equal(apply(text, actions[1], document.uri), 'spammer@example.com  550 5.7.1 Go away');
  // Applied, the line is clean.
  assert.deepEqual(service.doValidation(configDoc(apply(text, actions[0], document.uri), 'postfix-table')), []);
});

test('quick fixes: Sendmail ERROR:, Postfix REJECT with a deferring status, an Exim verb', () => {
  const sendmail = 'Connect:192.0.2.1  ERROR:5.7.1:450 Go away';
  const d1 = configDoc(sendmail, 'postfix-table');
  const a1 = service.getCodeActions(d1, wholeLine(0), service.doValidation(d1));
  assert.equal(apply(sendmail, a1[0], d1.uri), 'Connect:192.0.2.1  ERROR:4.7.1:450 Go away');

  const reject = 'example.com  REJECT 4.7.1 Try later';
  const d2 = configDoc(reject, 'postfix-table');
  const a2 = service.getCodeActions(d2, wholeLine(0), service.doValidation(d2));
  assert.deepEqual(a2.map((a) => a.isPreferred === true), [true]);
  assert.equal(apply(reject, a2[0], d2.uri), 'example.com  REJECT 5.7.1 Try later');

  const exim = 'begin acl\nacl_check_rcpt:\n  deny  hosts = +bad\n        message = 450 4.7.1 Go away';
  const d3 = configDoc(exim, 'exim-config');
  const a3 = service.getCodeActions(d3, wholeLine(3), service.doValidation(d3));
  assert.deepEqual(a3.map((a) => a.title), ['Change 450 4.7.1 to 550 5.7.1 (permanent, like deny)', 'Change deny to defer']);
  assert.equal(apply(exim, a3[0], d3.uri).split('\n')[3], '        message = 550 5.7.1 Go away');
  assert.equal(apply(exim, a3[1], d3.uri).split('\n')[2], '  defer  hosts = +bad');
});

test('quick fixes: only for the diagnostics asked about, and only in config documents', () => {
  const text = 'a.example  450 5.7.1 x\nb.example  550 4.7.1 y';
  const document = configDoc(text, 'postfix-table');
  const [first, second] = service.doValidation(document);
  // The range covers both lines, the context names only the second diagnostic.
  const both: Range = { start: { line: 0, character: 0 }, end: { line: 1, character: 30 } };
  const actions = service.getCodeActions(document, both, [second]);
  assert.ok(actions.length > 0);
  assert.ok(actions.every((a) => a.diagnostics?.[0].range.start.line === 1));
  // No context diagnostics (a lightbulb request): everything in the range.
  assert.equal(service.getCodeActions(document, both, []).length, 4);
  // A diagnostic that is no longer there (stale client copy) gets no fix.
  const stale: Diagnostic = { ...first, range: { start: { line: 0, character: 1 }, end: { line: 0, character: 2 } } };
  assert.deepEqual(service.getCodeActions(document, wholeLine(0), [stale]), []);
  // Logs get no config fixes.
  const log = doc('Nov 25 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from x[192.0.2.1]:25: 450 5.7.1 <a@b>: nope', 'mail-log', 'file:///log/1');
  assert.deepEqual(service.getCodeActions(log, wholeLine(0), service.doValidation(log)), []);
});

test('every fix offered for the config rules leaves a line the rules accept', () => {
  const cases: Array<[string, string]> = [
    ['unknown_local_recipient_reject_code = 450', 'postfix-config'],
    ['defer_code = 550', 'postfix-config'],
    ['maps_rbl_reject_code = 250', 'postfix-config'],
    ['unverified_recipient_reject_reason = 550 5.1.1 No such user', 'postfix-config'],
    ['d.example  REJECT\nc.example  550', 'postfix-table'],
    ['c.example  REJECT 550 Go away', 'postfix-table'],
    ['c.example  REJECT 2.0.0 Fine', 'postfix-table'],
    ['To:x.example  ERROR:2.0.0:550 x', 'postfix-table'],
    ['begin acl\na:\n  defer message = 550 5.7.1 x', 'exim-config'],
  ];
  for (const [text, languageId] of cases) {
    const document = configDoc(text, languageId);
    const diagnostics = service.doValidation(document);
    assert.ok(diagnostics.length > 0, text);
    const lastLine = text.split('\n').length - 1;
    const preferred = service.getCodeActions(document, wholeLine(lastLine), diagnostics).find((a) => a.isPreferred);
    assert.ok(preferred, `no preferred fix for ${text}`);
    const fixed = apply(text, preferred, document.uri);
    assert.deepEqual(service.doValidation(configDoc(fixed, languageId)).map((d) => d.code), [], `${text} → ${fixed}`);
  }
});
