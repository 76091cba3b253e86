import type { Advice, BasicEntry, CatalogData, ClassMeaning, EnhancedEntry, ProviderEntry, Reference } from './catalogTypes';
import { classOf, codeKind, genericEnhanced, normalizeEnhanced, type CodeClass } from './codeSyntax';
import { providersIn } from './providerMarkers';

/** A code as users see it: one concrete code ("550", "5.1.1") with everything known about it. */
export interface CodeInfo {
  /** The concrete code: "550" or "5.1.1". */
  code: string;
  kind: 'basic' | 'enhanced';
  class: CodeClass;
  /** What the class means for the sender (retry or not). */
  classMeaning: string;
  title: string;
  explanation: string;
  causes: string[];
  advice: Advice;
  /** Partner codes: enhanced codes ("5.1.1") for a basic code, basic codes ("550") for an enhanced one. */
  associated: string[];
  references: Reference[];
  /** True when an RFC or the IANA registry defines the code. */
  standard: boolean;
  /** False when the code is not in the catalogue and is explained from its class (and subject) only. */
  registered: boolean;
  nonStandardNote?: string;
  deprecated?: string;
  /** For enhanced codes: the subject (second number) and what it covers. */
  subject?: string;
  /** For enhanced codes used with a class the registry does not list for them. */
  unusualClass?: boolean;
  keywords: string[];
  /** For a code a provider defines outside the registry: who ("Microsoft 365 (Exchange Online)"). */
  provider?: string;
  /** For a registered code that a provider uses with another meaning: that meaning. */
  providerUse?: { provider: string; title: string; explanation: string; advice: { sender: string; admin: string } };
}

const RFC3463_CLASSES: Reference = { label: 'RFC 3463 §2', url: 'https://www.rfc-editor.org/rfc/rfc3463#section-2' };
const RFC5321_REPLIES: Reference = { label: 'RFC 5321 §4.2.1', url: 'https://www.rfc-editor.org/rfc/rfc5321#section-4.2.1' };

/**
 * The code catalogue: exact lookup, class/subject fallback for unregistered codes, and text search.
 * Built once from the JSON data; every method is a map lookup or a scan of a few hundred entries.
 */
export class Catalog {
  private readonly basicByCode = new Map<string, BasicEntry>();
  private readonly enhancedByGeneric = new Map<string, EnhancedEntry>();
  private readonly providerByCode = new Map<string, ProviderEntry>();
  /** Provider ranges: "5.7.606-649" as class.subject "5.7" and detail numbers 606 to 649. */
  private readonly providerRanges: Array<{ stem: string; from: number; to: number; entry: ProviderEntry }> = [];
  private readonly concrete: CodeInfo[] = [];
  private readonly cache = new Map<string, CodeInfo | undefined>();

  constructor(private readonly data: CatalogData) {
    for (const entry of data.basic) this.basicByCode.set(entry.code, entry);
    for (const entry of data.enhanced) this.enhancedByGeneric.set(entry.code, entry);
    for (const entry of data.provider ?? []) {
      const range = /^(\d\.\d{1,3})\.(\d{1,3})-(\d{1,3})$/.exec(entry.code);
      if (range) this.providerRanges.push({ stem: range[1], from: Number(range[2]), to: Number(range[3]), entry });
      else this.providerByCode.set(entry.code, entry);
    }
    for (const entry of data.basic) this.concrete.push(this.fromBasic(entry));
    for (const entry of data.enhanced) {
      for (const digit of entry.classes) this.concrete.push(this.fromEnhanced(entry, digit + entry.code.slice(1)));
    }
    // Provider codes the registry does not define are listed too (a range by its first code).
    for (const entry of data.provider ?? []) {
      const first = entry.code.replace(/-\d+$/, '');
      if (!this.enhancedByGeneric.has(genericEnhanced(first))) this.concrete.push(this.fromProvider(entry, first));
    }
  }

  /**
   * Registered enhanced codes a provider uses its own way, and which provider: the codes whose
   * meaning depends on who wrote the reply (`lookupIn`). A failure tally checks the text only for these.
   */
  reusedCodes(): Map<string, string> {
    const reused = new Map<string, string>();
    for (const [code, entry] of this.providerByCode) if (this.enhancedByGeneric.has(genericEnhanced(code))) reused.set(code, entry.provider);
    return reused;
  }

  /** The provider entry for a concrete enhanced code: an exact one first, else a range holding it. */
  private providerEntry(code: string): ProviderEntry | undefined {
    const exact = this.providerByCode.get(code);
    if (exact) return exact;
    const cut = code.lastIndexOf('.');
    const stem = code.slice(0, cut);
    const detail = Number(code.slice(cut + 1));
    return this.providerRanges.find((r) => r.stem === stem && detail >= r.from && detail <= r.to)?.entry;
  }

  /** Every registered concrete code (enhanced codes once per class the registry allows), catalogue order. */
  all(): readonly CodeInfo[] {
    return this.concrete;
  }

  /**
   * Everything known about one code. Unregistered but well-formed codes ("4.4.8", "5.7.606", "599")
   * are explained from their class and subject; malformed input gives undefined.
   */
  lookup(input: string): CodeInfo | undefined {
    const code = input.trim();
    if (this.cache.has(code)) return this.cache.get(code);
    const info = this.resolve(code);
    if (this.cache.size > 2000) this.cache.clear();
    this.cache.set(code, info);
    return info;
  }

  /**
   * A code as the text around it means it: where a provider uses a registered code its own way
   * (Microsoft 365's 5.1.10) and the text shows that provider wrote the reply, its meaning.
   * The text is asked for only for such codes: most codes do not depend on it.
   */
  lookupIn(input: string, text: () => string): CodeInfo | undefined {
    const info = this.lookup(input);
    if (!info?.providerUse || !providersIn(text()).includes(info.providerUse.provider)) return info;
    const entry = this.providerEntry(info.code);
    if (!entry) return info;
    return {
      ...this.fromProvider(entry, info.code),
      nonStandardNote: `This reply comes from ${entry.provider}, which uses ${info.code} its own way; the IANA registry defines it as "${info.title}".`,
    };
  }

  private resolve(code: string): CodeInfo | undefined {
    // Provider-list codes such as 571 fall outside RFC 5321's syntax but are in the catalogue.
    const listed = /^\d{3}$/.test(code) ? this.basicByCode.get(code) : undefined;
    if (listed) return this.fromBasic(listed);
    const kind = codeKind(code);
    if (kind === 'basic') {
      const entry = this.basicByCode.get(code);
      return entry ? this.fromBasic(entry) : this.unregisteredBasic(code);
    }
    if (kind === 'enhanced') {
      const normalized = normalizeEnhanced(code);
      const entry = this.enhancedByGeneric.get(genericEnhanced(normalized));
      const provider = this.providerEntry(normalized);
      if (entry) {
        const info = this.fromEnhanced(entry, normalized);
        // The registry's meaning stands; a provider's other use of the same code is told beside it.
        if (provider) info.providerUse = { provider: provider.provider, title: provider.title, explanation: provider.explanation, advice: provider.advice };
        return info;
      }
      return provider ? this.fromProvider(provider, normalized) : this.unregisteredEnhanced(normalized);
    }
    return undefined;
  }

  /** Meaning of a class digit for basic ("basic") or enhanced codes. */
  classMeaning(kind: 'basic' | 'enhanced', digit: string): ClassMeaning | undefined {
    const table = kind === 'basic' ? this.data.basicClasses : this.data.enhancedClasses;
    return table.find((c) => c.digit === digit);
  }

  /** Meaning of an enhanced code's subject number ("1" = addressing). */
  subjectMeaning(subject: string): ClassMeaning | undefined {
    return this.data.enhancedSubjects.find((s) => s.digit === subject);
  }

  private fromBasic(entry: BasicEntry): CodeInfo {
    const digit = entry.code[0];
    return {
      code: entry.code,
      kind: 'basic',
      class: classOf(entry.code),
      classMeaning: this.classMeaning('basic', digit)?.meaning ?? '',
      title: entry.title,
      explanation: entry.explanation,
      causes: entry.causes,
      advice: entry.advice,
      // The registry lists "X.1.1"; with a 5xx reply the partner is "5.1.1".
      associated: entry.associated.map((generic) => (digit === '3' ? generic : digit + generic.slice(1))),
      references: entry.references,
      standard: entry.standard,
      registered: true,
      nonStandardNote: entry.nonStandardNote,
      deprecated: entry.deprecated,
      keywords: entry.keywords ?? [],
    };
  }

  /** What a registered and a provider's enhanced code share: the code's class and subject, and the entry's words. */
  private enhancedBase(entry: EnhancedEntry | ProviderEntry, code: string) {
    const digit = code[0];
    const subject = this.subjectMeaning(code.split('.')[1]);
    return {
      code,
      kind: 'enhanced' as const,
      class: classOf(code),
      classMeaning: this.classMeaning('enhanced', digit)?.meaning ?? '',
      title: entry.title,
      explanation: entry.explanation,
      causes: entry.causes,
      advice: entry.advice,
      associated: entry.associated.filter((basic) => basic[0] === digit),
      references: entry.references,
      registered: true,
      subject: subject ? `${subject.name}: ${subject.meaning}` : undefined,
    };
  }

  private fromEnhanced(entry: EnhancedEntry, code: string): CodeInfo {
    return {
      ...this.enhancedBase(entry, code),
      standard: entry.standard,
      nonStandardNote: entry.nonStandardNote,
      deprecated: entry.deprecated,
      unusualClass: !entry.classes.includes(Number(code[0]) as 2 | 4 | 5),
      keywords: [entry.sampleText, ...(entry.keywords ?? [])],
    };
  }

  private fromProvider(entry: ProviderEntry, code: string): CodeInfo {
    const range = entry.code.includes('-') ? ` The same meaning covers ${entry.code.replace(/^(\d\.\d{1,3}\.)(\d+)-(\d+)$/, '$1$2 to $1$3')}.` : '';
    return {
      ...this.enhancedBase(entry, code),
      standard: false,
      nonStandardNote: `Not in the IANA registry: ${entry.provider} defines it.${range}`,
      keywords: entry.keywords ?? [],
      provider: entry.provider,
    };
  }

  private unregisteredBasic(code: string): CodeInfo {
    const cls = this.classMeaning('basic', code[0]);
    const category = this.data.basicCategories.find((c) => c.digit === code[1]);
    const title = `Unregistered ${cls?.name.toLowerCase() ?? 'reply'} code`;
    return {
      code,
      kind: 'basic',
      class: classOf(code),
      classMeaning: cls?.meaning ?? '',
      title,
      explanation:
        `${code} is not defined by any RFC we know of, and no common provider list uses it. ` +
        `RFC 5321 tells clients to act on the first digit when they do not know a code` +
        (category ? `; the second digit puts it in the "${category.name}" group (${category.meaning})` : '') +
        '. The text after the code is the best guide to what the server meant.',
      causes: [],
      advice: {
        sender: 'Read the text the server sent with the code; it usually says what went wrong.',
        admin: 'Look up the receiving server software\'s documentation for this code and its text.',
      },
      associated: [],
      references: [RFC5321_REPLIES],
      standard: false,
      registered: false,
      nonStandardNote: 'Not in RFC 5321, later SMTP RFCs, the IANA registry or the provider lists the catalogue covers.',
      keywords: [],
    };
  }

  private unregisteredEnhanced(code: string): CodeInfo {
    const [digit, subjectDigit] = code.split('.');
    const cls = this.classMeaning('enhanced', digit);
    const subject = this.subjectMeaning(subjectDigit);
    const explanation = subject
      ? `${code} is not in the IANA registry. Its class says "${cls?.name ?? digit}" and its subject ${subjectDigit} covers ${subject.name.toLowerCase()}: ${subject.meaning} The detail number ${code.split('.')[2]} is the sending server's own choice; its text says more.`
      : `${code} is not in the IANA registry, and subject ${subjectDigit} is not a registered subject either. Only the class (${cls?.name ?? digit}) can be relied on.`;
    return {
      code,
      kind: 'enhanced',
      class: classOf(code),
      classMeaning: cls?.meaning ?? '',
      title: subject ? `Unregistered ${subject.name.toLowerCase()} status` : 'Unregistered status code',
      explanation,
      causes: [],
      advice: {
        sender: 'Go by the class: a 4 means the sender retries, a 5 means the message needs a change before it is sent again.',
        admin: 'Check the documentation of the server that produced it; vendors (Microsoft 365 uses 5.7.5xx–5.7.7xx, for example) define their own detail numbers.',
      },
      associated: [],
      references: [RFC3463_CLASSES],
      standard: false,
      registered: false,
      nonStandardNote: 'The detail number is not registered at IANA; the class and subject are standard (RFC 3463).',
      subject: subject ? `${subject.name}: ${subject.meaning}` : undefined,
      keywords: [],
    };
  }
}
