/**
 * Reasons group once their variable parts are blanked. The blanking is done in two passes for
 * speed; it must give what its definition, one pass over every part, gives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blankVariableParts, FailureTally } from '../../server/src/service/failureTally';
import { ByteRun } from '../../server/src/service/byteRun';
import { Catalog } from '../../server/src/service/catalog';
import { catalogData } from '../../server/src/catalogData';
import type { Reply } from '../../server/src/service/replyTypes';
import { seededRandom } from '../support/random';

const catalog = new Catalog(catalogData);

/** The definition: each part blanked in one left-to-right pass. */
function blankedByDefinition(reason: string): string {
  return reason.replace(/<[^>]*>|\[[0-9a-fA-F.:]+\]|\b[\w.+-]+@[\w.-]+\b|\b\d[\w.-]*|\s+/g, (part) => {
    if (part[0] === '<') return '<…>';
    if (part[0] === '[') return '[…]';
    if (/^\s/.test(part)) return ' ';
    return part.includes('@') ? '…@…' : 'N';
  });
}

const PIECES = ['<', '>', '<a b@c>', '[', ']', '[192.0.2.1]', '[::1]', '[x]', 'user@example.org', 'a.b+c@d-e.f', '@', '.@.', 'x@', '@y',
  '550', '5.1.1', '4F1A2B', '12ab', '-', '.', '+', ' ', '  ', '\t', '\u00a0', '\u2003', 'word', 'Mailbox', 'é', '_', ':', ';', '(', ')'];

test('two-pass blanking gives what one pass over every variable part gives', () => {
  const random = seededRandom(11);
  for (let i = 0; i < 50000; i++) {
    const reason = Array.from({ length: 1 + random(12) }, () => PIECES[random(PIECES.length)]).join('');
    assert.equal(blankVariableParts(reason), blankedByDefinition(reason), JSON.stringify(reason));
  }
  assert.equal(blankVariableParts('<bob@example.org>: Recipient  address rejected 4 times from [192.0.2.1] (id 7F3A)'), '<…>: Recipient address rejected N times from […] (id N)');
});

test('a tally says when its top lists are close rather than exact (over 20,000 distinct hosts), and merging keeps it', () => {
  const line = (i: number) =>
    `Nov 25 06:00:04 mx1 postfix/smtpd[624]: NOQUEUE: reject: RCPT from unknown[10.${i >> 16}.${(i >> 8) & 255}.${i & 255}]: 554 5.7.1 <b@example.com>: Relay access denied`;
  const tallyOf = (from: number, to: number) => {
    const tally = new FailureTally();
    const lines = Array.from({ length: to - from }, (_, i) => line(from + i));
    tally.addRun(new ByteRun(Buffer.from(lines.join('\n') + '\n')), 'log');
    return tally;
  };
  const few = tallyOf(0, 100);
  assert.equal(few.summary(catalog, 5).approximate, false);
  const many = tallyOf(0, 20001);
  const summary = many.summary(catalog, 5);
  assert.equal(summary.permanent, 20001, 'totals stay exact');
  assert.equal(summary.approximate, true);
  assert.match(many.format(summary, 1, 20001), /close, not exact/);
  const merged = tallyOf(0, 10);
  merged.merge(many.counts());
  assert.equal(merged.summary(catalog, 5).approximate, true);
  assert.equal(merged.summary(catalog, 5).permanent, 20011);
});

test('a host that comes often after the host map is full of hosts seen twice still tops the list', () => {
  const tally = new FailureTally();
  const line = (ip: string) => `Nov 25 06:00:04 mx1 postfix/smtpd[624]: NOQUEUE: reject: RCPT from unknown[${ip}]: 554 5.7.1 <b@example.com>: Relay access denied`;
  const lines: string[] = [];
  for (let round = 0; round < 2; round++) for (let i = 0; i < 20000; i++) lines.push(line(`10.0.${i >> 8}.${i & 255}`));
  for (let i = 0; i < 5000; i++) lines.push(line('192.0.2.66'));
  tally.addRun(new ByteRun(Buffer.from(lines.join('\n') + '\n')), 'log');
  const summary = tally.summary(catalog, 3);
  assert.equal(summary.topClients[0].key, '192.0.2.66');
  assert.ok(summary.topClients[0].count >= 4990, `counted nearly all its 5000 (${summary.topClients[0].count})`);
  assert.equal(summary.permanent, 45000, 'totals stay exact');
  assert.equal(summary.approximate, true);
});

/**
 * The reason's definition: text after the codes, up to the log's own words, without closing
 * parentheses opened before the reply, blanked, trimmed, capped.
 */
function reasonByDefinition(text: string, after: number): string {
  let reason = text.slice(after).replace(/^[\s\-_:"']+/, '');
  const end = reason.search(/\(in reply to |; (?:from|to|proto|helo)=|\(#\d/);
  if (end >= 0) reason = reason.slice(0, end);
  for (;;) {
    reason = reason.replace(/\s+$/, '');
    const open = (reason.match(/\(/g) ?? []).length - (reason.match(/\)/g) ?? []).length;
    if (!reason.endsWith(')') || open >= 0) break;
    reason = reason.slice(0, -1);
  }
  reason = blankedByDefinition(reason).trim();
  return reason.length > 100 ? reason.slice(0, 100) + '…' : reason;
}

const REASON_PIECES = [...PIECES, ' (in reply to ', '(in reply to RCPT TO command)', ' (#5.1.1)', '(#', '";', '; from=', '; proto=', '; to=', ')', '))', '(', '"', "'", '_', '-', ':', '   '];

test('a reason is cut and blanked as its definition says, long runs of spaces, dots and brackets included', () => {
  const random = seededRandom(5);
  const tally = new FailureTally();
  const reasonOf = (text: string) => tally.reasonOf({ tokens: [{ kind: 'basic', code: '550', line: 0, start: 0, end: 3 }] } as unknown as Reply, text);
  for (let i = 0; i < 30000; i++) {
    const text = '550' + Array.from({ length: 1 + random(14) }, () => REASON_PIECES[random(REASON_PIECES.length)]).join('');
    assert.equal(reasonOf(text), reasonByDefinition(text, 3), JSON.stringify(text));
  }
  for (const text of ['550 ' + ' '.repeat(3000) + '(in reply to DATA command)', '550 x@' + 'a.'.repeat(2000), '550 ' + 'a.'.repeat(2000) + '@b', '550 ' + '<'.repeat(3000), '550 ' + '[1.'.repeat(1000)]) {
    assert.equal(reasonOf(text), reasonByDefinition(text, 3), text.slice(0, 40));
  }
});
