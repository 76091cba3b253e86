/** The real server over real JSON-RPC: `node dist/server.js --stdio`. Run `npm run build` first. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity, type Hover, type SemanticTokens } from 'vscode-languageserver-types';
import { startServer, type TestServer } from './lspClient';

const BOUNCED = 'Nov 25 06:10:01 mx1 postfix/smtp[23817]: 4B7C: to=<carol@example.org>, relay=mx.example.org[198.51.100.7]:25, delay=0.6, delays=0.1/0/0.3/0.2, dsn=5.1.1, status=bounced (host mx.example.org[198.51.100.7] said: 550 5.1.1 <carol@example.org>: User unknown (in reply to RCPT TO command))';
const DEFERRED = 'Nov 25 06:10:02 mx1 postfix/smtp[23818]: 4B7D: to=<d@example.net>, relay=mx.example.net[203.0.113.9]:25, delay=3, delays=0/0/2/1, dsn=4.7.1, status=deferred (host mx.example.net[203.0.113.9] said: 450 4.7.1 Greylisted (in reply to RCPT TO command))';
const NOISE = 'Nov 25 06:10:03 mx1 postfix/smtpd[550]: connect from unknown[192.0.2.250]';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server.stop();
});

test('didOpen publishes one diagnostic per failure, errors and warnings', async () => {
  const uri = 'file:///proto/mail.log';
  server.open(uri, 'mail-log', [BOUNCED, DEFERRED, NOISE].join('\n'));
  const { diagnostics } = await server.diagnostics(uri);
  assert.deepEqual(diagnostics.map((d) => [d.severity, d.code, d.source, d.range.start.line]), [
    [DiagnosticSeverity.Error, '5.1.1', 'smtp', 0],
    [DiagnosticSeverity.Warning, '4.7.1', 'smtp', 1],
  ]);
});

test('hover over JSON-RPC explains the code with the line context', async () => {
  const uri = 'file:///proto/mail.log';
  const hover = (await server.connection.sendRequest('textDocument/hover', {
    textDocument: { uri },
    position: { line: 0, character: BOUNCED.indexOf('said: 550') + 7 },
  })) as Hover;
  const value = (hover.contents as { value: string }).value;
  assert.match(value, /^### 550 — /);
  assert.match(value, /permanent failure/);
  assert.match(value, /5\.1\.1/);
  assert.match(value, /after RCPT TO/);
  const none = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: NOISE.indexOf('550') + 1 } });
  assert.equal(none, null);
});

test('semantic tokens, full and by range', async () => {
  const uri = 'file:///proto/mail.log';
  const full = (await server.connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } })) as SemanticTokens;
  assert.equal(full.data.length, 6 * 5);
  const range = (await server.connection.sendRequest('textDocument/semanticTokens/range', {
    textDocument: { uri },
    range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } },
  })) as SemanticTokens;
  assert.equal(range.data.length, 3 * 5);
  assert.equal(range.data[0], 1);
});

test('incremental edits update diagnostics', async () => {
  const uri = 'file:///proto/edit.log';
  server.open(uri, 'mail-log', NOISE);
  assert.equal((await server.diagnostics(uri)).diagnostics.length, 0);
  server.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: { line: 0, character: NOISE.length }, end: { line: 0, character: NOISE.length } }, text: '\n' + BOUNCED }],
  });
  const { diagnostics, version } = await server.diagnostics(uri, (p) => p.version === 2);
  assert.equal(diagnostics.length, 1);
  assert.equal(diagnostics[0].range.start.line, 1);
  assert.equal(version, 2);
});

test('settings are read per document and apply without restart', async () => {
  const uri = 'file:///proto/settings.log';
  server.settings.diagnostics = { permanent: 'warning', temporary: 'off' };
  server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  server.open(uri, 'mail-log', [BOUNCED, DEFERRED].join('\n'));
  const { diagnostics } = await server.diagnostics(uri, (p) => p.diagnostics.length === 1);
  assert.deepEqual(diagnostics.map((d) => [d.severity, d.code]), [[DiagnosticSeverity.Warning, '5.1.1']]);
  delete server.settings.diagnostics;
  server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  const restored = await server.diagnostics(uri, (p) => p.diagnostics.length === 2);
  assert.equal(restored.diagnostics[0].severity, DiagnosticSeverity.Error);
});

test('plaintext and log documents are served only when enabled', async () => {
  const uri = 'file:///proto/notes.txt';
  server.open(uri, 'plaintext', BOUNCED);
  assert.equal((await server.diagnostics(uri)).diagnostics.length, 0);
  assert.equal(await server.connection.sendRequest('smtpCodes/failures', { uri }), null, 'no failure counts without the opt-in');
  server.settings.enableForPlainText = true;
  server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  assert.equal((await server.diagnostics(uri, (p) => p.diagnostics.length > 0)).diagnostics.length, 1);
  const failures = (await server.connection.sendRequest('smtpCodes/failures', { uri })) as { permanent: number };
  assert.equal(failures.permanent, 1);
  delete server.settings.enableForPlainText;
});

test('transcripts: bare replies count in smtp-transcript documents', async () => {
  const uri = 'file:///proto/session.smtp';
  server.open(uri, 'smtp-transcript', ['220 mx.example.org ESMTP', 'HELO me', '250 hi', 'MAIL FROM:<a@b.example>', '451 4.3.0 Try later'].join('\r\n'));
  const { diagnostics } = await server.diagnostics(uri);
  assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line, d.severity]), [['4.3.0', 4, DiagnosticSeverity.Warning]]);
});

test('custom requests: search, explain, failures, code at cursor', async () => {
  const search = (await server.connection.sendRequest('smtpCodes/search', { query: '5.1.1' })) as Array<{ code: string }>;
  assert.equal(search[0].code, '5.1.1');
  const explain = (await server.connection.sendRequest('smtpCodes/explain', { text: '550-5.7.26 This mail has been blocked' })) as { codes: string[]; markdown: string };
  assert.deepEqual(explain.codes, ['550', '5.7.26']);
  const failures = (await server.connection.sendRequest('smtpCodes/failures', { uri: 'file:///proto/mail.log' })) as { permanent: number; temporary: number };
  assert.deepEqual([failures.permanent, failures.temporary], [1, 1]);
  const at = (await server.connection.sendRequest('smtpCodes/codeAt', { uri: 'file:///proto/mail.log', line: 1, character: DEFERRED.indexOf('450') + 1 })) as { codes: string[] };
  assert.deepEqual(at.codes, ['450', '4.7.1']);
});

test('bad input never takes the server down: binary text, malformed params, unknown methods', async () => {
  const uri = 'file:///proto/binary.log';
  server.open(uri, 'mail-log', '\u0000\u0001\uFFFD\uFFFD said: 550 5.1.1 x\u0000' + 'A'.repeat(1 << 20));
  assert.equal((await server.diagnostics(uri)).diagnostics.length, 1);
  await assert.rejects(server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: null }));
  await assert.rejects(server.connection.sendRequest('no/suchMethod', {}));
  assert.equal(await server.connection.sendRequest('smtpCodes/failures', { uri: 42 }), null);
  server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: 'file:///never-opened' }, contentChanges: [{ text: 'x' }] });
  // Still answering.
  const search = (await server.connection.sendRequest('smtpCodes/search', { query: 'mailbox full' })) as unknown[];
  assert.ok(search.length > 0);
  assert.equal(server.process.exitCode, null);
});

test('requestTimes: how long the server itself took for its hovers', async () => {
  const uri = 'file:///proto/timed.log';
  server.open(uri, 'mail-log', BOUNCED);
  await server.diagnostics(uri);
  for (let i = 0; i < 3; i++) await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: BOUNCED.indexOf('550') + 1 } });
  const times = (await server.connection.sendRequest('smtpCodes/requestTimes')) as Record<string, { count: number; p50: number; p99: number; max: number }>;
  const hover = times['textDocument/hover'];
  assert.ok(hover && hover.count >= 3, JSON.stringify(times));
  assert.ok(hover.p50 >= 0 && hover.p50 <= hover.p99 && hover.p99 <= hover.max, JSON.stringify(hover));
});

test('the server asks the client to refresh semantic tokens on a settings change only when the client says it takes that request', async () => {
  // `server` (shared by these tests) does not say so; a second one does.
  const before = server.refreshes();
  server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  await server.connection.sendRequest('smtpCodes/search', { query: '550' });
  const taking = await startServer({ refreshSupport: true });
  try {
    taking.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    for (let i = 0; i < 50 && taking.refreshes() === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(taking.refreshes(), 1);
    assert.equal(server.refreshes(), before);
  } finally {
    await taking.stop();
  }
});

test('after shutdown, requests fail with InvalidRequest and edits publish nothing more; exit then ends the server with status 0', async () => {
  const own = await startServer();
  const uri = 'file:///proto/shutdown.log';
  own.open(uri, 'mail-log', BOUNCED);
  await own.diagnostics(uri);
  assert.equal(await own.connection.sendRequest('shutdown'), null);
  // An edit after shutdown: no validation is scheduled for it.
  own.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: DEFERRED }] });
  await assert.rejects(own.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } }), (error: { code?: number }) => error.code === -32600);
  await assert.rejects(own.connection.sendRequest('smtpCodes/search', { query: '5.1.1' }), (error: { code?: number }) => error.code === -32600);
  await assert.rejects(own.diagnostics(uri, () => true, 600), /no matching diagnostics/);
  const exited = new Promise<number | null>((resolve) => own.process.on('exit', (code) => resolve(code)));
  own.connection.sendNotification('exit');
  assert.equal(await exited, 0);
  await own.stop();
});
