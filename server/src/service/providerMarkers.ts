/**
 * Which provider's server wrote a reply, from the words around it: a Microsoft 365 bounce names
 * its components (RESOLVER.ADR..., STOREDRV...) and its hosts (*.protection.outlook.com). Used to
 * read a code the way that provider means it where it differs from the registry (5.1.10).
 */
const MARKERS: ReadonlyArray<{ provider: string; pattern: RegExp }> = [
  {
    provider: 'Microsoft 365 (Exchange Online)',
    // Its components in capitals (RESOLVER.ADR.RecipientNotFound), its hosts, and its product
    // names with their space: addresses like ann@microsoft-fans.example must not count.
    pattern: /\b(?:RESOLVER|STOREDRV|SMTPSEND)\.[A-Z][A-Za-z]+|\.(?:protection|prod)\.outlook\.com\b|\b(?:[Mm]icrosoft|[Oo]ffice) 365\b|\b[Ee]xchange [Oo]nline\b/,
  },
];

/** The providers whose marks the text carries. */
export function providersIn(text: string): string[] {
  return MARKERS.filter((marker) => marker.pattern.test(text)).map((marker) => marker.provider);
}
