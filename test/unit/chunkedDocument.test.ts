import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ChunkedDocument } from '../../server/src/service/chunkedDocument';
import { createLanguageService } from '../../server/src/service/languageService';
import { tinyCatalog } from '../support/tinyCatalog';
import { seededRandom } from '../support/random';

/** Lines as editors count them, from the reference implementation. */
function referenceLines(reference: TextDocument): string[] {
  return Array.from({ length: reference.lineCount }, (_, i) =>
    reference.getText({ start: { line: i, character: 0 }, end: { line: i + 1, character: 0 } }).replace(/\r?\n$|\r$/, ''),
  );
}
function ourLines(document: ChunkedDocument): string[] {
  return Array.from({ length: document.lineCount }, (_, i) => document.lineAt(i));
}

const random = seededRandom(7);

test('random edits give the same text and lines as vscode-languageserver-textdocument', () => {
  // Big enough for several chunks, with CRLF and LF lines mixed in.
  const initial = Array.from({ length: 30000 }, (_, i) => `line ${i} ${'x'.repeat(i % 50)}${i % 7 === 0 ? '\r' : ''}`).join('\n');
  const reference = TextDocument.create('file:///r', 'mail-log', 1, initial);
  const ours = new ChunkedDocument('file:///r', 'mail-log', 1, initial);
  for (let version = 2; version < 400; version++) {
    const lineCount = reference.lineCount;
    const a = { line: random(lineCount), character: random(60) };
    const spanLines = random(10) === 0 ? random(20000) : random(3);
    const b = { line: Math.min(lineCount - 1, a.line + spanLines), character: random(60) };
    const [start, end] = a.line < b.line || (a.line === b.line && a.character <= b.character) ? [a, b] : [b, a];
    const inserts = ['', 'x', '\n', 'abc\ndef', '\r\n', 'new line\n'.repeat(random(4000)), '550 5.1.1 said'];
    const text = inserts[random(inserts.length)];
    const change = { range: { start, end }, text };
    TextDocument.update(reference, [change], version);
    ours.update([change], version);
    if (version % 40 === 0 || version < 30) {
      assert.equal(ours.getText(), reference.getText(), `text after edit ${version}`);
      assert.deepEqual(ourLines(ours), referenceLines(reference), `lines after edit ${version}`);
    }
  }
  assert.equal(ours.getText(), reference.getText());
});

test('appends at the end, full replacement, empty documents', () => {
  const document = new ChunkedDocument('file:///a', 'mail-log', 1, '');
  assert.deepEqual([document.lineCount, document.lineAt(0)], [1, '']);
  document.update([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'one\ntwo\n' }], 2);
  document.update([{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'three\n' }], 3);
  assert.deepEqual(ourLines(document), ['one', 'two', 'three', '']);
  document.update([{ text: 'replaced' }], 4);
  assert.deepEqual([ourLines(document), document.version], [['replaced'], 4]);
});

test('an edit rescans one chunk: diagnostics follow edits in a multi-chunk log', () => {
  const service = createLanguageService(tinyCatalog);
  const noise = 'Nov 25 06:00:00 mx1 postfix/smtpd[2210]: connect from mail.example.com[198.51.100.20]';
  const failure = 'Nov 25 06:00:01 mx1 postfix/smtp[2220]: 4F1A: to=<c@example.org>, relay=mx.example.org[192.0.2.55]:25, delay=1, delays=0/0/0.5/0.5, dsn=5.1.1, status=bounced (host mx.example.org[192.0.2.55] said: 550 5.1.1 unknown (in reply to RCPT TO command))';
  const lines = Array.from({ length: 20000 }, (_, i) => (i % 1000 === 999 ? failure : noise));
  const document = new ChunkedDocument('file:///big.log', 'mail-log', 1, lines.join('\n'));
  assert.ok([...document.chunkList()].length > 3);
  assert.equal(service.doValidation(document).length, 20);
  // Append a failure at the end (a log growing on disk), then delete one in the middle.
  const end = { line: document.lineCount - 1, character: document.lineAt(document.lineCount - 1).length };
  document.update([{ range: { start: end, end }, text: '\n' + failure }], 2);
  const afterAppend = service.doValidation(document);
  assert.equal(afterAppend.length, 21);
  assert.equal(afterAppend[20].range.start.line, 20000);
  document.update([{ range: { start: { line: 999, character: 0 }, end: { line: 1000, character: 0 } }, text: '' }], 3);
  const afterDelete = service.doValidation(document);
  assert.equal(afterDelete.length, 20);
  assert.deepEqual(afterDelete.slice(0, 2).map((d) => d.range.start.line), [1998, 2998]);
});

test('a batch with a malformed change is refused whole (text and version unchanged); a range given end first is the same range', () => {
  const document = new ChunkedDocument('file:///t/m.log', 'mail-log', 1, 'first line\nsecond line\n');
  const good = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } }, text: 'FIRST' };
  for (const bad of [
    { range: { start: { line: 0 }, end: { line: 0, character: 1 } }, text: 'x' },
    { range: { start: { line: '0', character: 0 }, end: { line: 0, character: 1 } }, text: 'x' },
    { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } },
    null,
  ]) {
    assert.throws(() => document.update([good, bad as never], 2), /not a text edit/);
    assert.equal(document.getText(), 'first line\nsecond line\n');
    assert.equal(document.version, 1);
  }
  document.update([{ range: { start: { line: 1, character: 6 }, end: { line: 1, character: 0 } }, text: 'SECOND' }], 2);
  const reference = TextDocument.create('file:///t/r.log', 'mail-log', 1, 'first line\nsecond line\n');
  TextDocument.update(reference, [{ range: { start: { line: 1, character: 6 }, end: { line: 1, character: 0 } }, text: 'SECOND' }], 2);
  assert.equal(document.getText(), reference.getText());
  assert.equal(document.version, 2);
});

test('diagnostics follow the text even when the client keeps the version: an edit or a new open under the same number', () => {
  const service = createLanguageService(tinyCatalog);
  const failure = 'Nov 25 06:00:01 mx1 postfix/smtp[2220]: 4F1A: to=<c@example.org>, relay=mx.example.org[192.0.2.55]:25, dsn=5.1.1, status=bounced (host mx.example.org[192.0.2.55] said: 550 5.1.1 unknown (in reply to RCPT TO command))';
  const document = new ChunkedDocument('file:///same.log', 'mail-log', 7, failure);
  assert.equal(service.doValidation(document).length, 1);
  document.update([{ text: 'nothing here\n' }], 7);
  assert.equal(service.doValidation(document).length, 0);
  const reopened = new ChunkedDocument('file:///same.log', 'mail-log', 7, `${failure}\n${failure}`);
  assert.equal(service.doValidation(reopened).length, 2);
});
