/**
 * The log recognizer searches a line only for the anchors whose gate passes at one of its
 * code-shaped places. The gates must be a superset: searching for every anchor finds nothing more.
 * Checked on lines built from anchor phrases, codes and separators in random order, and on every
 * line of the corpus that holds a code (when ../shared/corpus is on this machine).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EVERY_ANCHOR, recognizeLogLine } from '../../server/src/service/logRecognizers';
import { corpusDir } from '../support/paths';
import { seededRandom } from '../support/random';

const PIECES = [
  'said: ', 'said:_', 'host mx[192.0.2.1] said: ', 'refused to talk to me: ', 'reject: RCPT from a[192.0.2.1]:25: ',
  'milter-reject: END-OF-MESSAGE from x[192.0.2.1]: ', 'hold: DATA from y[::1]: ', 'SMTP error from remote mail server after RCPT TO:<a@b>: ',
  'LMTP error after end of data: ', 'authenticator failed for (x) [192.0.2.1]:25: ', 'C="', 'reject=', 'reply=', 'stat=Deferred: ',
  'stat="', 'stat=Deferred (', 'msg="', ',>,', ',<,"', 'smtp; ', 'SMTP;', 'after reply: ', '[SMTP Error] ', "returned '",
  'courieresmtpd: error,relay=x: ', 'rblsmtpd: 192.0.2.1 pid 1 zen: ', 'dsn=', '(#', 'error', 'stat=',
  '550', '550 ', '550-', '451_4.3.0_', '5.1.1', '4.7.1 ', '250 2.0.0 ', '535', '2.0.0', '554 5.7.1', '450 4.7.1)',
  ' ', '_', ':', '=', '"', "'", ';', ',', '(', ')', ']', '[', '\\n', '-', '\t', '\u00a0', 'x', 'ok', '192.0.2.7', ' from=<a@b>',
];

function* builtLines(count: number): Generator<string> {
  const random = seededRandom(5);
  for (let i = 0; i < count; i++) yield Array.from({ length: 2 + random(9) }, () => PIECES[random(PIECES.length)]).join('');
}

function assertGatesLoseNothing(line: string): void {
  const gated = recognizeLogLine(line, 0, true);
  const everything = recognizeLogLine(line, 0, true, EVERY_ANCHOR);
  assert.deepEqual(gated, everything, JSON.stringify(line));
}

test('the anchor gates find what searching for every anchor finds, on built lines', () => {
  let withReplies = 0;
  for (const line of builtLines(40000)) {
    assertGatesLoseNothing(line);
    if (recognizeLogLine(line, 0, true).length > 0) withReplies++;
  }
  assert.ok(withReplies > 10000, `lines with replies: ${withReplies}`);
});

const corpus = corpusDir();
test('the anchor gates lose nothing on the corpus', { skip: corpus ? false : 'the corpus (../shared/corpus) is not on this machine' }, () => {
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
  let checked = 0;
  for (const file of walk(corpus!)) {
    for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
      if (!/[2-5][0-5]\d|[245]\.\d/.test(line)) continue;
      assertGatesLoseNothing(line);
      checked++;
    }
  }
  assert.ok(checked > 1000, `corpus lines checked: ${checked}`);
});
