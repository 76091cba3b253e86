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
  let seed = 11;
  const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
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
  assert.match(many.format(summary, ['x'], 20001), /close, not exact/);
  const merged = tallyOf(0, 10);
  merged.merge(many.counts());
  assert.equal(merged.summary(catalog, 5).approximate, true);
  assert.equal(merged.summary(catalog, 5).permanent, 20011);
});
