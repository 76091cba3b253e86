/**
 * Runs the language service once over a few made-up lines when the server starts, while it is
 * idle: V8 compiles functions on first use, and without this the user's first hover (often sent
 * while a large log is being scanned) pays for it, a few milliseconds.
 */
import { ChunkedDocument } from './service/chunkedDocument';
import type { LanguageService } from './service/languageService';

const SAMPLE = [
  'Nov 25 06:00:03 mx1 postfix/smtp[2220]: 4F1A: to=<a@example.org>, relay=mx.example.org[192.0.2.55]:25, delay=1, dsn=5.1.1, status=bounced (host mx.example.org[192.0.2.55] said: 550 5.1.1 unknown (in reply to RCPT TO command))',
  'Nov 25 06:00:04 mx1 postfix/smtpd[624]: NOQUEUE: reject: RCPT from unknown[192.0.2.9]: 554 5.7.1 <b@example.com>: Relay access denied; from=<c@example.net> to=<b@example.com>',
  '2026-11-25 06:00:05 1tE-000301-35 == d@example.org R=dnslookup T=remote_smtp defer (-44) H=mx.example.net [192.0.2.7]: SMTP error from remote mail server after RCPT TO:<d@example.org>: 451 4.3.0 Temporary local problem',
  '',
  'Status: 5.1.1',
  'Diagnostic-Code: smtp; 550 5.1.1 <e@example.com>: Recipient address rejected',
].join('\n');

/** Returns how many of the sample's hovers came back (a check that the sample still exercises them). */
export function warmUp(service: LanguageService): number {
  const document = new ChunkedDocument('smtp-codes:warm-up', 'mail-log', 1, SAMPLE);
  const steps = service.prepare(document);
  while (!steps.next().done);
  service.doValidation(document);
  service.summarizeFailures(document);
  service.getSemanticTokens(document, { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } });
  let answered = 0;
  SAMPLE.split('\n').forEach((text, line) => {
    const at = text.search(/[45]\d\d /);
    if (at >= 0 && service.doHover(document, { line, character: at + 1 })) answered++;
  });
  service.forget(document.uri);
  return answered;
}
