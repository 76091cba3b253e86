/**
 * Large mail configurations read in segments (`segmentedConfig.ts`): diagnostics, hovers and quick
 * fixes are those of one reading of the whole text, before and after edits, whatever the chunks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLanguageService } from '../../server/src/service/languageService';
import { Catalog } from '../../server/src/service/catalog';
import { ChunkedDocument } from '../../server/src/service/chunkedDocument';
import { DocumentIndex } from '../../server/src/service/documentIndex';
import { linesOf } from '../../server/src/service/documentScanner';
import { configCodeActions, configDiagnostics, scanConfig } from '../../server/src/service/config/configService';
import type { Reply } from '../../server/src/service/replyTypes';
import { tinyCatalog } from '../support/tinyCatalog';

const catalog = new Catalog(tinyCatalog);

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Rows of an access table: plain, regexp, continued over lines (also past comments), refused with codes of every kind. */
const TABLE_ROWS = [
  (i: number) => `192.0.2.${i % 256} REJECT`,
  (i: number) => `spammer${i}@example.com 550 5.7.1 Go away`,
  (i: number) => `host${i}.example.net 450 4.7.1 Try later`,
  (i: number) => `bad${i}.example 554 4.7.1 class disagrees`,
  (i: number) => `/^unknown${i}\\./ REJECT 5.7.1 unknown client`,
  (i: number) => `long${i}.example 550 5.1.11\n  continued reason text\n# a comment inside the value\n  and more of it`,
  (i: number) => `ok${i}.example OK`,
  () => '',
  () => '# a comment',
  (i: number) => `badly${i}.example 45 text`,
  (i: number) => `split${i}.example\n  450 5.7.1 the value on the next line`,
];

const MAIN_CF_ROWS = [
  (i: number) => `# parameter ${i}`,
  () => 'unknown_local_recipient_reject_code = 450',
  () => 'smtpd_recipient_restrictions =\n    permit_mynetworks,\n    check_recipient_access inline:{ { bad.example = 450 5.7.1 no } },\n    reject_unauth_destination',
  () => 'access_map_defer_code = 550',
  (i: number) => `myhostname = mx${i}.example.com`,
  () => '',
];

const EXIM_ROWS = [
  () => 'begin acl\n\nacl_check_rcpt:\n  deny message = 450 4.7.1 slow down\n       hosts = +bad\n  defer message = 550 5.7.1 nope\n  accept',
  () => '# comment',
  () => '',
];

function build(rows: Array<(i: number) => string>, seed: number, bytes: number): string {
  const next = random(seed);
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const row = rows[Math.floor(next() * rows.length)](i);
    out.push(row);
    size += row.length + 1;
  }
  return out.join('\n') + '\n';
}

const describe = (reply: Reply | undefined) => reply && `${reply.tokens.map((t) => `${t.line}:${t.start}-${t.end}`).join(',')} ${reply.basic ?? ''} ${reply.enhanced ?? ''} ${reply.status ?? ''}`;

/** Checks the service against one reading of the whole text: diagnostics, hovers on every code, quick fixes. */
function assertAsWhole(service: ReturnType<typeof createLanguageService>, document: ChunkedDocument, label: string, next: () => number): void {
  const text = document.getText();
  const wholeDiagnostics = configDiagnostics(catalog, linesOf(text), document.languageId);
  assert.deepEqual(service.doValidation(document, { maxProblems: 1e9 }), wholeDiagnostics, `${label}: diagnostics`);
  const capped = service.doValidation(document, { maxProblems: 7 });
  assert.deepEqual(capped.slice(0, 7), wholeDiagnostics.slice(0, 7), `${label}: the first 7 diagnostics`);
  // Then a note of what was left out.
  assert.equal(capped.length, Math.min(8, wholeDiagnostics.length));
  if (wholeDiagnostics.length > 7) assert.equal(capped[7].message, `${wholeDiagnostics.length - 7} more problems not shown (${wholeDiagnostics.length} in all; limit smtpCodes.diagnostics.maxProblems = 7).`);
  const whole = new DocumentIndex(scanConfig(linesOf(text), document.languageId));
  for (let i = 0; i < 60; i++) {
    const reply = whole.replies[Math.floor(next() * whole.replies.length)];
    if (!reply) break;
    const token = reply.tokens[0];
    assert.equal(describe(service.replyAt(document, { line: token.line, character: token.start })), describe(reply), `${label}: hover at ${token.line}:${token.start}`);
  }
  for (let i = 0; i < 20; i++) {
    const line = Math.floor(next() * document.lineCount);
    const range = { start: { line, character: 0 }, end: { line: line + 3, character: 0 } };
    assert.deepEqual(service.getCodeActions(document, range, []), configCodeActions(document.uri, wholeDiagnostics, range, []), `${label}: quick fixes on lines ${line}-${line + 3}`);
  }
}

for (const [languageId, rows, bytes] of [
  ['postfix-table', TABLE_ROWS, 700 * 1024],
  ['postfix-config', MAIN_CF_ROWS, 400 * 1024],
  ['exim-config', EXIM_ROWS, 200 * 1024],
] as const) {
  test(`a large ${languageId} read in segments gives what one reading of the whole gives, also after edits`, () => {
    const service = createLanguageService(tinyCatalog);
    const document = new ChunkedDocument(`file:///c/${languageId}`, languageId, 1, build([...rows], 1, bytes));
    assert.ok([...document.chunkList()].length >= 3, 'several chunks');
    const next = random(2);
    // Read a step at a time (as the server does between requests)...
    const sliced = createLanguageService(tinyCatalog);
    const steps = sliced.prepare(document);
    let count = 0;
    while (steps.next().done !== true) count++;
    const chunks = [...document.chunkList()].length;
    if (languageId !== 'exim-config') assert.ok(count >= chunks, `the first reading is cut in steps (${count} for ${chunks} chunks)`);
    assertAsWhole(sliced, document, 'after the first reading', next);
    // ... and with requests halfway through it.
    const interrupted = createLanguageService(tinyCatalog);
    const halfway = interrupted.prepare(document);
    for (let i = 0; i < count / 2; i++) halfway.next();
    assertAsWhole(interrupted, document, 'halfway through the first reading', next);
    while (halfway.next().done !== true);
    assertAsWhole(interrupted, document, 'after an interrupted first reading', next);
    assertAsWhole(service, document, 'as opened', next);
    // Edits: new rows, removed lines, a continuation line (which joins the entry above), and in the
    // table a Sendmail tag, which makes the whole file Sendmail's access database.
    const insertions = [...rows.map((row) => row(99) + '\n'), '  continued by an edit 550 5.7.1\n', 'From:spammer.example ERROR:5.7.1:550 go away\n'];
    for (let version = 2; version < 14; version++) {
      const line = Math.floor(next() * document.lineCount);
      const removed = next() < 0.3 ? 2 : 0;
      const text = languageId === 'postfix-table' || next() < 0.8 ? insertions[Math.floor(next() * insertions.length)] : '';
      document.update([{ range: { start: { line, character: 0 }, end: { line: line + removed, character: 0 } }, text }], version);
      assertAsWhole(service, document, `after edit ${version} at line ${line}`, next);
    }
  });
}

test('the same text read as another kind of configuration is read again, not taken from the other reading', () => {
  const service = createLanguageService(tinyCatalog);
  const text = 'begin acl\nacl_check_rcpt:\n  deny message = 450 4.7.1 slow down\nunknown_local_recipient_reject_code = 450\n';
  const document = new ChunkedDocument('file:///c/switch', 'postfix-config', 1, text);
  const asPostfix = service.doValidation(document).map((d) => d.code);
  document.languageId = 'exim-config';
  const asExim = service.doValidation(document).map((d) => d.code);
  assert.deepEqual(asPostfix, configDiagnostics(catalog, linesOf(text), 'postfix-config').map((d) => d.code));
  assert.deepEqual(asExim, configDiagnostics(catalog, linesOf(text), 'exim-config').map((d) => d.code));
  assert.notDeepEqual(asPostfix, asExim);
});

test('an edit between the steps of a first reading leaves nothing wrong behind', () => {
  const rows: string[] = [];
  for (let i = 0; i < 12000; i++) rows.push(i % 3 === 0 ? `bad${i}.example 450 5.7.1 mismatched` : `host${i}.example 550 5.7.1 go away`);
  for (const stepsBefore of [3, 20, 60]) {
    const document = new ChunkedDocument('file:///c/prepare', 'postfix-table', 1, rows.join('\n') + '\n');
    const service = createLanguageService(tinyCatalog);
    const steps = service.prepare(document);
    for (let i = 0; i < stepsBefore; i++) steps.next();
    // An edit that moves every line down, with no new version number (as some clients send).
    document.update([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'new.example OK\n'.repeat(10) }], 1);
    while (steps.next().done !== true);
    assert.deepEqual(service.doValidation(document, { maxProblems: 1e9 }), configDiagnostics(catalog, linesOf(document.getText()), 'postfix-table'), `after ${stepsBefore} steps`);
  }
});
