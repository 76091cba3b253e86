/**
 * The shape of the code catalogue kept as data in `catalog/`.
 * `catalog/schema.json` describes the same shape for the JSON files.
 */

/** A link to where a fact comes from. */
export interface Reference {
  /** Short label shown to users, e.g. "RFC 5321 §4.2.3" or "IANA SMTP Enhanced Status Codes". */
  label: string;
  /** A stable URL (rfc-editor.org, iana.org). */
  url?: string;
}

/** What to do about a code, for the two people who usually meet it. */
export interface Advice {
  /** The person whose mail failed (or their support desk). */
  sender: string;
  /** The postmaster of the sending or receiving system. */
  admin: string;
}

/** Fields shared by basic reply codes and enhanced status codes. */
interface EntryBase {
  /** Short title, e.g. "Mailbox unavailable". */
  title: string;
  /** One or more paragraphs in plain words. */
  explanation: string;
  /** Typical causes, most common first. */
  causes: string[];
  /** What to do. */
  advice: Advice;
  /** Where the meaning comes from. Empty only when `standard` is false. */
  references: Reference[];
  /** True when an RFC or the IANA registry defines the code. */
  standard: boolean;
  /** For non-standard codes: which kind of lists use it and what they seem to mean. */
  nonStandardNote?: string;
  /** Set when a specification has deprecated the code: says which and why. */
  deprecated?: string;
  /** Extra words users type when searching ("mailbox full", "greylisting"). */
  keywords?: string[];
}

/** A three-digit SMTP reply code (RFC 5321 §4.2) or a code only provider lists use. */
export interface BasicEntry extends EntryBase {
  kind: 'basic';
  /** Three digits, e.g. "550". */
  code: string;
  /** Enhanced codes (as "X.1.1") the IANA registry associates with this reply code. */
  associated: string[];
}

/** An RFC 3463 enhanced status code from the IANA registry, written with an X class: "X.1.1". */
export interface EnhancedEntry extends EntryBase {
  kind: 'enhanced';
  /** "X.<subject>.<detail>", e.g. "X.1.1". */
  code: string;
  /** The class digits the code is meaningful with (2, 4 and/or 5), as the registry allows. */
  classes: Array<2 | 4 | 5>;
  /** Basic reply codes the registry lists with this code ("Associated basic status code"). */
  associated: string[];
  /** The registry's sample text, kept verbatim because it is a registered identifier. */
  sampleText: string;
}

/**
 * An enhanced code as a large provider uses it ("5.7.708" at Microsoft 365), or a range of detail
 * numbers ("5.7.606-649") that share one meaning. Where the IANA registry defines the same code
 * (Microsoft's 5.1.10 is registered as "null MX"), the entry is shown as a note on the registered one.
 */
export interface ProviderEntry extends EntryBase {
  kind: 'provider';
  /** A concrete code ("5.7.708") or a range of detail numbers ("5.7.606-649"). */
  code: string;
  /** Who uses it: "Microsoft 365 (Exchange Online)". */
  provider: string;
  /** Basic reply codes seen with it. */
  associated: string[];
}

/** Meaning of a class digit (first digit) or of an enhanced subject (second number). */
export interface ClassMeaning {
  digit: string;
  name: string;
  /** What it means for the sender: retry or not. */
  meaning: string;
}

/** The whole catalogue as loaded from `catalog/*.json`. */
export interface CatalogData {
  basic: BasicEntry[];
  enhanced: EnhancedEntry[];
  /** Enhanced codes as providers use them (`catalog/provider-codes.json`). */
  provider?: ProviderEntry[];
  /** Class digits of basic reply codes: "2", "3", "4", "5". */
  basicClasses: ClassMeaning[];
  /** Second digit of basic reply codes: "0" syntax ... "5" mail system. */
  basicCategories: ClassMeaning[];
  /** Class digits of enhanced codes: "2", "4", "5". */
  enhancedClasses: ClassMeaning[];
  /** Subjects of enhanced codes: "0" other ... "7" security or policy. */
  enhancedSubjects: ClassMeaning[];
}
