import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Catalog } from '../../server/src/service/catalog';
import { codesInText, searchCodes } from '../../server/src/service/codeSearch';
import { tinyCatalog } from '../support/tinyCatalog';

const catalog = new Catalog(tinyCatalog);
const codes = (query: string) => searchCodes(catalog, query).map((r) => r.code);

test('lookup: basic, enhanced per class, unregistered, malformed', () => {
  assert.equal(catalog.lookup('550')?.title, 'Mailbox unavailable');
  assert.deepEqual(catalog.lookup('550')?.associated, ['5.1.1', '5.7.1']);
  const enhanced = catalog.lookup('4.1.1')!;
  assert.deepEqual([enhanced.kind, enhanced.class, enhanced.title, enhanced.registered], ['enhanced', 'transient', 'Bad destination mailbox address', true]);
  assert.deepEqual(enhanced.associated, ['451']);
  const unregistered = catalog.lookup('5.7.999')!;
  assert.deepEqual([unregistered.registered, unregistered.class, unregistered.standard], [false, 'permanent', false]);
  assert.match(unregistered.explanation, /subject 7 covers security or policy/);
  assert.equal(catalog.lookup('650'), undefined);
  assert.equal(catalog.lookup('5.1'), undefined);
  assert.equal(catalog.lookup('hello'), undefined);
});

test('search ranks the exact code first, then prefixes, then words', () => {
  assert.deepEqual(codes('550').slice(0, 1), ['550']);
  assert.deepEqual(codes('55'), ['550', '552', '554']);
  assert.deepEqual(codes('5.1'), ['5.1.1']);
  assert.deepEqual(codes('mailbox full').sort(), ['4.2.2', '452', '5.2.2', '552']);
  assert.equal(codes('mailbox full')[0], '4.2.2');
});

test('a pasted reply line finds both of its codes first', () => {
  assert.deepEqual(codes('550-5.7.1 This mail has been blocked').slice(0, 2), ['550', '5.7.1']);
  assert.deepEqual(codesInText('host said: 452 4.2.2 over quota, port 25'), ['452', '4.2.2']);
});
