/**
 * Codes a provider uses its own way: Microsoft 365's 5.1.10 means "recipient not found", where the
 * IANA registry says "null MX". Hovers and diagnostics read it Microsoft's way when the reply
 * comes from Microsoft 365, and the registry's way otherwise.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MarkupContent } from 'vscode-languageserver-types';
import { catalogData } from '../../server/src/catalogData';
import { ChunkedDocument } from '../../server/src/service/chunkedDocument';
import { createLanguageService } from '../../server/src/service/languageService';
import { providersIn } from '../../server/src/service/providerMarkers';
import { Catalog } from '../../server/src/service/catalog';

const service = createLanguageService(catalogData);

const FROM_MICROSOFT =
  'Nov 25 09:14:02 mx1 postfix/smtp[4411]: 6C2F1: to=<ann@example.com>, relay=example-com.mail.protection.outlook.com[192.0.2.10]:25, delay=1.2, dsn=5.1.10, status=bounced (host example-com.mail.protection.outlook.com[192.0.2.10] said: 550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup (in reply to RCPT TO command))';
const NULL_MX = 'Nov 25 09:15:40 mx1 postfix/smtp[4412]: 7D3A2: to=<bob@example.net>, relay=none, delay=0.1, dsn=5.1.10, status=bounced (mail for example.net loops back to myself: 550 5.1.10 Recipient address has null MX)';

function hoverAt(text: string, needle: string): string {
  const document = new ChunkedDocument('file:///t/mail.log', 'mail-log', 1, text);
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  const hover = service.doHover(document, { line, character: lines[line].indexOf(needle) + 1 });
  return (hover?.contents as MarkupContent | undefined)?.value ?? '';
}

test('the provider is told by the words around a reply', () => {
  assert.deepEqual(providersIn(FROM_MICROSOFT), ['Microsoft 365 (Exchange Online)']);
  assert.deepEqual(providersIn('Status: 5.1.10\nDiagnostic-Code: smtp; 550 5.1.10 STOREDRV.Deliver; mailbox gone'), ['Microsoft 365 (Exchange Online)']);
  assert.deepEqual(providersIn(NULL_MX), []);
});

test('5.1.10 from Microsoft 365 reads as recipient not found, elsewhere as null MX', () => {
  const microsoft = hoverAt(FROM_MICROSOFT, '5.1.10 RESOLVER');
  assert.match(microsoft, /^### 5\.1\.10 — Recipient not found \(Microsoft 365\)/);
  assert.match(microsoft, /the IANA registry defines it as "Recipient domain accepts no mail \(null MX\)"/);
  const registry = hoverAt(NULL_MX, '5.1.10 Recipient');
  assert.match(registry, /^### 5\.1\.10 — Recipient domain accepts no mail \(null MX\)/);
  assert.match(registry, /Microsoft 365 \(Exchange Online\) uses 5\.1\.10 for something else/);
});

test('diagnostics name the meaning that applies, line by line in a log', () => {
  const document = new ChunkedDocument('file:///t/mail2.log', 'mail-log', 1, [FROM_MICROSOFT, NULL_MX].join('\n'));
  const messages = service.doValidation(document).map((d) => (typeof d.message === 'string' ? d.message : d.message.value));
  assert.equal(messages.length, 2);
  assert.match(messages[0], /^Permanent failure 550 5\.1\.10: Recipient not found \(Microsoft 365\)/);
  assert.match(messages[1], /^Permanent failure 550 5\.1\.10: Recipient domain accepts no mail \(null MX\)/);
  assert.doesNotMatch(messages[1], /remote server none/, 'relay=none names no server');
});

test('a bounce: the Status field reads as the Diagnostic-Code next to it says', () => {
  const bounce = [
    'Final-Recipient: rfc822; ann@example.com',
    'Action: failed',
    'Status: 5.1.10',
    'Diagnostic-Code: smtp; 550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup',
    '',
  ].join('\n');
  const document = new ChunkedDocument('file:///t/bounce.eml', 'mail-log', 1, bounce);
  const [diagnostic] = service.doValidation(document);
  assert.equal(diagnostic.range.start.line, 2, 'on the Status field');
  assert.match(typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value, /Recipient not found \(Microsoft 365\)/);
});

test('only a provider\'s own marks count: a recipient domain that merely mentions Microsoft does not', () => {
  const fan = 'Nov 25 09:16:00 mx1 postfix/smtp[4413]: 8E4B3: to=<ann@microsoft-fans.example>, relay=none, delay=0.1, dsn=5.1.10, status=bounced (Domain microsoft-fans.example does not accept mail (nullMX))';
  assert.deepEqual(providersIn(fan), []);
  assert.deepEqual(providersIn('to=<bob@office365.example> routing.example.net'), []);
  assert.deepEqual(providersIn('Your message to Exchange Online was rejected'), ['Microsoft 365 (Exchange Online)']);
  const document = new ChunkedDocument('file:///t/mail3.log', 'mail-log', 1, fan);
  const [diagnostic] = service.doValidation(document);
  assert.match(typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value, /null MX/);
});

test('the failures view groups by the meaning that applies, as the diagnostics do', () => {
  const document = new ChunkedDocument('file:///t/mail4.log', 'mail-log', 1, [FROM_MICROSOFT, NULL_MX].join('\n'));
  const titles = service.summarizeFailures(document).groups.map((g) => `${g.codes}: ${g.title}`).sort();
  assert.deepEqual(titles, ['550 5.1.10: Recipient domain accepts no mail (null MX)', '550 5.1.10: Recipient not found (Microsoft 365)']);
});

// Microsoft 365 reuses more registered numbers: 5.4.1 (registry: no answer from host), 5.7.12
// (password transition), 5.7.13 (account disabled) and 5.1.8 (bad sender's system address).
const DBEB =
  'Nov 25 09:20:11 mx1 postfix/smtp[4420]: 9F5C4: to=<carol@example.com>, relay=example-com.mail.protection.outlook.com[192.0.2.10]:25, delay=0.9, dsn=5.4.1, status=bounced (host example-com.mail.protection.outlook.com[192.0.2.10] said: 550 5.4.1 Recipient address rejected: Access denied. AS(201806281) (in reply to RCPT TO command))';
const NO_ANSWER = 'Nov 25 09:21:30 mx1 postfix/smtp[4421]: A06D5: to=<dan@example.org>, relay=none, delay=432000, dsn=5.4.1, status=bounced (connect to mx.example.org[198.51.100.7]:25: Connection timed out)';

test('5.4.1 from Microsoft 365 reads as a recipient refused at the edge, elsewhere as no answer', () => {
  assert.deepEqual(providersIn(DBEB), ['Microsoft 365 (Exchange Online)']);
  assert.deepEqual(providersIn(NO_ANSWER), []);
  const document = new ChunkedDocument('file:///t/mail5.log', 'mail-log', 1, [DBEB, NO_ANSWER].join('\n'));
  const messages = service.doValidation(document).map((d) => (typeof d.message === 'string' ? d.message : d.message.value));
  assert.equal(messages.length, 2);
  assert.match(messages[0], /Recipient address rejected: access denied \(Microsoft 365\)/);
  assert.match(messages[1], /No answer from the remote server/);
});

test('Microsoft 365 codes: registered numbers keep the registry meaning first, ranges cover the throttling replies', () => {
  const catalog = new Catalog(catalogData);
  for (const [code, registry, microsoft] of [
    ['5.4.1', /no answer/i, /access denied/i],
    ['5.7.12', /password transition/i, /inside its organization/i],
    ['5.7.13', /account disabled/i, /public folder/i],
    ['5.1.8', /sender domain/i, /spam source/i],
  ] as Array<[string, RegExp, RegExp]>) {
    const info = catalog.lookup(code)!;
    assert.match(info.title, registry, `${code}: registry first`);
    assert.equal(info.providerUse?.provider, 'Microsoft 365 (Exchange Online)', code);
    assert.match(info.providerUse!.title, microsoft, code);
  }
  const throttled = catalog.lookup('4.7.650')!;
  assert.equal(throttled.provider, 'Microsoft 365 (Exchange Online)');
  assert.equal(throttled.class, 'transient');
  assert.match(throttled.nonStandardNote ?? '', /4\.7\.500 to 4\.7\.699/);
  assert.equal(catalog.lookup('4.7.700')?.provider, undefined, 'past the end of the range');
  assert.equal(catalog.lookup('4.1.8')?.providerUse, undefined, 'Microsoft uses 5.1.8 only');
});
