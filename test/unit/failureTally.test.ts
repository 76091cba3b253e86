/**
 * Reasons group once their variable parts are blanked. The blanking is done in two passes for
 * speed; it must give what its definition, one pass over every part, gives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blankVariableParts } from '../../server/src/service/failureTally';

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
