/**
 * Which provider's server wrote a reply, from the words around it: a Microsoft 365 bounce names
 * its components (RESOLVER.ADR..., STOREDRV...) and its hosts (*.protection.outlook.com). Used to
 * read a code the way that provider means it where it differs from the registry (5.1.10).
 */
const MARKERS: ReadonlyArray<{ provider: string; pattern: RegExp }> = [
  {
    provider: 'Microsoft 365 (Exchange Online)',
    pattern: /\b(?:RESOLVER|STOREDRV|SMTPSEND|ROUTING)\.[A-Z]|\.(?:protection|prod)\.outlook\.com\b|\b(?:office ?365|exchange online|microsoft)\b/i,
  },
];

/** The providers whose marks the text carries. */
export function providersIn(text: string): string[] {
  return MARKERS.filter((marker) => marker.pattern.test(text)).map((marker) => marker.provider);
}
