import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENHANCED_AT, RECIPIENT, recipientIn, REPLY_AT, replyTokensAt } from '../../server/src/service/logRecognizers';
import { seededRandom } from '../support/random';

/** What the regular-expression definition says is at position 0: [basic, enhanced?] or undefined. */
function byDefinition(text: string): string[] | undefined {
  REPLY_AT.lastIndex = 0;
  const m = REPLY_AT.exec(text);
  return m ? [m[1], ...(m[2] ? [m[2]] : [])] : undefined;
}

test('the hand-written reply reader agrees with its regular-expression definition', () => {
  const alphabet = ['2', '3', '4', '5', '0', '1', '9', '.', ' ', '-', '_', '\\', 'n', 'r', '"', "'", ',', ';', ':', ')', ']', '<', 'a', '/', '\t', '\u00a0', 'é'];
  const random = seededRandom(11);
  let agreed = 0;
  for (let i = 0; i < 50000; i++) {
    const head = ['550', '450', '250', '554', '5', '45'][random(6)];
    const text = head + Array.from({ length: random(14) }, () => alphabet[random(alphabet.length)]).join('');
    const expected = byDefinition(text);
    const tokens = replyTokensAt(text, 0, 0);
    const got = tokens && tokens[0].kind === 'basic' ? tokens.map((t) => t.code) : undefined;
    assert.deepEqual(got, expected, JSON.stringify(text));
    if (expected) agreed++;
  }
  assert.ok(agreed > 5000, `cases with a code: ${agreed}`);
});

test('a lone enhanced code is read as its regular-expression definition reads it', () => {
  const alphabet = ['0', '1', '2', '4', '5', '9', '.', '_', ' ', ')', 'a', 'Z', '-', 'é'];
  const random = seededRandom(23);
  let codes = 0;
  for (let i = 0; i < 50000; i++) {
    const head = ['5.', '4.', '2.', '3.', '5.1', '4.7.', '5.1.1', '2.0.0'][random(8)];
    const text = head + Array.from({ length: random(10) }, () => alphabet[random(alphabet.length)]).join('');
    ENHANCED_AT.lastIndex = 0;
    const expected = ENHANCED_AT.exec(text)?.[1];
    const tokens = replyTokensAt(text, 0, 0);
    assert.deepEqual(tokens?.map((t) => t.code), expected === undefined ? undefined : [expected], JSON.stringify(text));
    if (expected) codes++;
  }
  assert.ok(codes > 500 && codes < 49500, `cases with a code: ${codes}`);
});

test('the hand-written recipient reader agrees with its regular-expression definition', () => {
  const pieces = ['to=<', 'xto=<', '_to=<', '9to=<', 'Z', ' to=<', 'a@b', '>', '<', ' ', 'to=', 'é', 'to=<>', '\t'];
  const random = seededRandom(31);
  let found = 0;
  for (let i = 0; i < 30000; i++) {
    const text = Array.from({ length: random(8) }, () => pieces[random(pieces.length)]).join('');
    const expected = RECIPIENT.exec(text)?.[1];
    assert.equal(recipientIn(text), expected, JSON.stringify(text));
    if (expected !== undefined) found++;
  }
  assert.ok(found > 3000, `texts with a recipient: ${found}`);
});
