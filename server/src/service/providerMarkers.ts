/**
 * Which provider's server wrote a reply, from the words around it: a Microsoft 365 bounce names
 * its components (RESOLVER.ADR..., STOREDRV...) and its hosts (*.protection.outlook.com); Gmail
 * ends every reply with "gsmtp" and answers from *.google.com. Used to read a code the way that
 * provider means it where it differs from the registry (5.1.10, 4.7.27). An address such as
 * ann@gmail.com is never a mark: the recipient's domain says nothing about who answered.
 */
import type { Reply } from './replyTypes';

const MARKERS: ReadonlyArray<{ provider: string; pattern: RegExp }> = [
  {
    provider: 'Microsoft 365 (Exchange Online)',
    // Its components in capitals (RESOLVER.ADR.RecipientNotFound), its hosts, and its product
    // names with their space: addresses like ann@microsoft-fans.example must not count.
    pattern: /\b(?:RESOLVER|STOREDRV|SMTPSEND)\.[A-Z][A-Za-z]+|\.(?:protection|prod)\.outlook\.com\b|\b(?:[Mm]icrosoft|[Oo]ffice) 365\b|\b[Ee]xchange [Oo]nline\b/,
  },
  {
    provider: 'Microsoft Exchange',
    // Exchange's words for a failed SMTP AUTH ("535 5.7.3 Authentication unsuccessful"), and the
    // lines of its SMTP protocol logs (CSV: ...,sequence,local endpoint,remote endpoint,>,reply).
    pattern: /\b5\.7\.3 Authentication unsuccessful\b|,\d+,[\d.:[\]a-fA-F]+:\d+,[\d.:[\]a-fA-F]+:\d+,[<>],/,
  },
  {
    provider: 'Gmail (Google)',
    // "gsmtp" as a word of its own (Gmail's replies end "... - gsmtp"), and host names under
    // google.com (gmail-smtp-in.l.google.com, aspmx.l.google.com, support.google.com links) or
    // smtp.gmail.com. Nothing that is part of an address or of a longer name counts, so neither
    // ann@gmail.com nor bob@mail.google.com nor mx.google.com.example.net is a mark.
    pattern: /(?<![@\w.-])(?:gsmtp|(?:[a-z0-9-]+\.)+google\.com|smtp\.gmail\.com)(?![@\w-]|\.[a-z0-9])/i,
  },
];

/** The providers whose marks the text carries. */
export function providersIn(text: string): string[] {
  return MARKERS.filter((marker) => marker.pattern.test(text)).map((marker) => marker.provider);
}

/**
 * The text that may tell whose server wrote a reply: the reply's own text (its line, or lines), a
 * bounce Status's words (its Diagnostic-Code) and peer (its Remote-MTA). Nothing for this system's
 * own refusal of a client: a Gmail client refused here is not Gmail's reply.
 */
export function textTellingProvider(reply: Reply, text: string): string {
  if (reply.direction === 'inbound') return '';
  return reply.words === undefined ? text : `${text}\n${reply.words}\n${reply.peer ?? ''}`;
}
