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
