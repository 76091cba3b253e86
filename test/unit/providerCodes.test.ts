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

// Gmail reuses registered numbers for its sender requirements: 4.7.27 and 5.7.27 (registry: sender
// domain with a null MX) for SPF, 4.7.30 and 5.7.30 (REQUIRETLS) for DKIM, 4.7.29 (ARC) for TLS,
// 4.7.23 (SPF failed) for reverse DNS and 5.7.14 (trust relationship) for a browser sign-in.
const GMAIL_SPF =
  'Nov 25 10:02:11 mx1 postfix/smtp[5101]: B17E6: to=<erin@gmail.com>, relay=gmail-smtp-in.l.google.com[192.0.2.27]:25, delay=2.1, dsn=4.7.27, status=deferred (host gmail-smtp-in.l.google.com[192.0.2.27] said: 421-4.7.27 SPF for this message did not pass. 421 4.7.27 See the sender guidelines. a1b2c3 - gsmtp (in reply to end of DATA command))';
const NULL_MX_SENDER =
  'Nov 25 10:03:40 mx1 postfix/smtpd[5102]: NOQUEUE: reject: RCPT from client.example[198.51.100.9]: 550 5.7.27 <news@nomail.example>: Sender address has null MX; from=<news@nomail.example> to=<frank@example.com> proto=ESMTP helo=<client.example>';

test('Gmail is told by "gsmtp" and its host names, never by an address at gmail.com', () => {
  assert.deepEqual(providersIn(GMAIL_SPF), ['Gmail (Google)']);
  assert.deepEqual(providersIn('550-5.7.1 Blocked. For more information, go to https://support.google.com/mail/answer/81126'), ['Gmail (Google)']);
  assert.deepEqual(providersIn('<- 534-5.7.14 Please log in through your web browser (connected to smtp.gmail.com:587)'), ['Gmail (Google)']);
  assert.deepEqual(providersIn('relay=ASPMX.L.GOOGLE.COM[192.0.2.26]:25'), ['Gmail (Google)']);
  assert.deepEqual(providersIn(NULL_MX_SENDER), []);
  for (const text of [
    'to=<erin@gmail.com>, relay=mx.example.net[192.0.2.1]:25, dsn=5.7.27, status=bounced',
    'from=<bob@mail.google.com> to=<carol@example.com>',
    'relay=mx.google.com.example.net[192.0.2.2]:25',
    'to=<gsmtp@example.com> relay=mail.notgoogle.com[192.0.2.3]:25',
  ]) {
    assert.deepEqual(providersIn(text), [], text);
  }
});

test('4.7.27 from Gmail reads as an SPF deferral, elsewhere as the registry\'s null-MX sender', () => {
  const gmail = hoverAt(GMAIL_SPF, '4.7.27 SPF');
  assert.match(gmail, /^### 4\.7\.27 — SPF did not pass: rate limited \(Gmail\)/);
  assert.match(gmail, /This reply comes from Gmail \(Google\), which uses 4\.7\.27 its own way/);
  const registry = hoverAt(NULL_MX_SENDER, '5.7.27 <news');
  assert.match(registry, /^### 5\.7\.27 — Sender domain has a null MX/);
  assert.match(registry, /Gmail \(Google\) uses 5\.7\.27 for something else/);
  assert.match(registry, /\*\*What to do if Gmail \(Google\) sent it\*\*\n- \*Sender:\* .*SPF/);
  const document = new ChunkedDocument('file:///t/mail6.log', 'mail-log', 1, [GMAIL_SPF, NULL_MX_SENDER].join('\n'));
  const messages = service.doValidation(document).map((d) => (typeof d.message === 'string' ? d.message : d.message.value));
  assert.equal(messages.length, 2);
  assert.match(messages.find((m) => m.includes('4.7.27')) ?? '', /^Temporary failure 421 4\.7\.27: SPF did not pass: rate limited \(Gmail\)/);
  assert.match(messages.find((m) => m.includes('5.7.27')) ?? '', /^Permanent failure 550 5\.7\.27: Sender domain has a null MX/);
});

test('Gmail codes: registered numbers keep the registry first, Gmail-only numbers are Gmail\'s', () => {
  const catalog = new Catalog(catalogData);
  for (const [code, gmail] of [
    ['4.7.27', /SPF/],
    ['5.7.27', /SPF.*blocked/],
    ['4.7.30', /DKIM/],
    ['5.7.30', /DKIM.*blocked/],
    ['4.7.29', /TLS/],
    ['4.7.23', /reverse DNS/],
    ['5.7.14', /web browser/],
  ] as Array<[string, RegExp]>) {
    const info = catalog.lookup(code)!;
    assert.equal(info.standard, true, `${code}: the registry meaning stays first`);
    assert.equal(info.providerUse?.provider, 'Gmail (Google)', code);
    assert.match(info.providerUse!.title, gmail, code);
  }
  for (const code of ['4.7.32', '5.7.32', '4.7.40', '5.7.40']) {
    const info = catalog.lookup(code)!;
    assert.equal(info.provider, 'Gmail (Google)', code);
    assert.equal(info.standard, false, code);
  }
  assert.equal(catalog.lookup('4.7.40')!.class, 'transient');
  assert.deepEqual(catalog.lookup('5.7.32')!.associated, [], 'Google prints 421 with it: no reply code of its class to name');
  assert.equal(catalog.lookup('4.7.31')?.provider, undefined, 'the old FAQ number is not an entry of its own');
  assert.equal(catalog.lookup('5.7.23')?.providerUse, undefined, 'Gmail uses 4.7.23 only');
});

test('this system\'s own rejection of a Gmail client is not read as Gmail\'s reply', () => {
  const inbound = 'Nov 25 06:00:02 mx1 postfix/smtpd[624]: NOQUEUE: reject: RCPT from mail-ed1-f41.google.com[209.85.208.41]: 550 5.7.27 <noreply@nullmx.example>: Sender address rejected: Domain nullmx.example does not accept mail (nullMX); from=<noreply@nullmx.example> to=<b@ours.example> proto=ESMTP helo=<mail-ed1-f41.google.com>';
  const hover = hoverAt(inbound, '5.7.27 <noreply');
  assert.match(hover, /^### 5\.7\.27 — Sender domain has a null MX/);
  assert.doesNotMatch(hover, /This reply comes from Gmail/);
});
