#!/usr/bin/env node
// Builds catalog/enhanced-codes.json from the IANA "SMTP Enhanced Status Codes" registry
// and the hand-written notes in catalog/enhanced-notes.json.
//
// Usage (from the repository root):
//   node scripts/generate-catalog.mjs [registry.xml|registry.csv] [output.json]
// Defaults: ../shared/registry/iana-enhanced-status-codes.xml and catalog/enhanced-codes.json.
//
// Plain Node ESM, no dependencies. The output is deterministic: the same registry and notes
// always give a byte-identical file (registry order, fixed key order, 2-space JSON, final newline).
//
// From the registry it takes the code, the sample text (verbatim, with XML line wrapping
// collapsed to single spaces), the associated basic reply codes and the references.
// From the notes it takes everything written for people: title, explanation, causes, advice,
// keywords, standard, deprecated, and an optional `classes` override (with `classesWhy`).
//
// ---------------------------------------------------------------------------------------------
// How `classes` (the class digits 2/4/5 a code is meaningful with) is derived, in this order:
//
//  1. Associated basic codes: the first digit of every 3-digit code in the "Associated basic
//     status code" column (250 -> 2, 451 -> 4, 550 -> 5). A wildcard such as "5XX" counts as its
//     digit, and the wording "other 4XX or 5XX codes are allowed" adds 4 and 5.
//     "Any" (only X.0.0) means every class: [2, 4, 5].
//  2. Description wording, added to the digits from step 1:
//       "permanent"                               -> 5
//       "transient" / "temporary" / "temporarily" -> 4
//       "positive delivery" / "successful delivery" / "delivery was successful" -> 2
//     (RFC 3463 says e.g. "only useful for permanent failures", "useful only as a persistent
//     transient error", "should be used for positive delivery reports".)
//     Wording never removes a digit from step 1: X.1.1 lists 451 as well as 550, so it is [4, 5]
//     even though its text calls it permanent-only.
//  3. If steps 1 and 2 give nothing ("Not given" and no wording about persistence):
//       detail 0 (X.n.0, the "other or undefined" code of a subject) -> [2, 4, 5], because RFC 3463
//         section 2 says a subject applies to each of the three classes, and the catch-all of a
//         subject is the code servers use with any of them (250 2.1.0 after MAIL FROM, for example);
//       any other detail -> [4, 5]: a failure condition whose persistence the registry leaves open.
//  4. A `classes` array in enhanced-notes.json replaces the result when the registry row is
//     empty or garbled, or the rule above misreads it; each override carries a `classesWhy`
//     string saying why, and the generator prints the overrides it applied.
// ---------------------------------------------------------------------------------------------

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const registryPath = resolve(process.argv[2] ?? resolve(repoRoot, '..', 'shared', 'registry', 'iana-enhanced-status-codes.xml'));
const outputPath = resolve(process.argv[3] ?? resolve(repoRoot, 'catalog', 'enhanced-codes.json'));
const notesPath = resolve(repoRoot, 'catalog', 'enhanced-notes.json');

const IANA_REFERENCE = {
  label: 'IANA SMTP Enhanced Status Codes registry',
  url: 'https://www.iana.org/assignments/smtp-enhanced-status-codes/smtp-enhanced-status-codes.xhtml',
};

/**
 * Sections we cite for an RFC when the registry row itself does not name one.
 * RFC 3463: section 3.1 covers subject 0, 3.2 subject 1, ... 3.8 subject 7.
 * RFC 4954: every AUTH status code is listed in section 6 ("Status Codes").
 */
const KNOWN_SECTIONS = {
  rfc3463: (code) => [`3.${Number(code.split('.')[1]) + 1}`],
  rfc4954: () => ['6'],
};

/** A registry row as both the XML and the CSV give it. */
/** @typedef {{ code: string, sample: string, basic: string, description: string, reference: string, refs: string[] }} Row */

main();

function main() {
  if (!existsSync(registryPath)) {
    console.log(
      `generate-catalog: registry file not found at ${registryPath}\n` +
        '  Nothing was written; catalog/enhanced-codes.json is left as it is.\n' +
        '  Pass the path of iana-enhanced-status-codes.xml (or .csv) as the first argument.',
    );
    process.exit(0);
  }
  const text = readFileSync(registryPath, 'utf8');
  const rows = registryPath.toLowerCase().endsWith('.csv') ? parseCsvRegistry(text) : parseXmlRegistry(text);
  if (rows.length === 0) fail(`no enumerated status codes found in ${registryPath}`);

  const notes = JSON.parse(readFileSync(notesPath, 'utf8'));
  if (!Array.isArray(notes)) fail(`${notesPath} must be a JSON array of notes`);
  const notesByCode = new Map();
  for (const note of notes) {
    if (notesByCode.has(note.code)) fail(`duplicate note for ${note.code} in ${notesPath}`);
    notesByCode.set(note.code, note);
  }

  const seen = new Set();
  const missing = [];
  const entries = [];
  const overrides = [];
  for (const row of rows) {
    if (seen.has(row.code)) fail(`the registry lists ${row.code} twice`);
    seen.add(row.code);
    const note = notesByCode.get(row.code);
    if (!note) {
      missing.push(row.code);
      continue;
    }
    const derived = deriveClasses(row);
    let classes = derived;
    if (note.classes !== undefined) {
      if (!note.classesWhy) fail(`${row.code}: a classes override needs a classesWhy`);
      classes = [...new Set(note.classes)].sort((a, b) => a - b);
      overrides.push(`${row.code}: [${derived}] -> [${classes}]`);
    }
    entries.push(buildEntry(row, note, classes));
  }
  if (missing.length > 0) fail(`no note in catalog/enhanced-notes.json for: ${missing.join(', ')}`);
  const unknown = [...notesByCode.keys()].filter((code) => !seen.has(code));
  if (unknown.length > 0) fail(`notes for codes the registry does not list: ${unknown.join(', ')}`);

  writeFileSync(outputPath, JSON.stringify(entries, null, 2) + '\n');
  console.log(`generate-catalog: wrote ${entries.length} enhanced status codes to ${outputPath}`);
  for (const line of overrides) console.log(`  classes override ${line}`);
}

function fail(message) {
  console.error(`generate-catalog: ${message}`);
  process.exit(1);
}

/** One EnhancedEntry, keys in a fixed order. */
function buildEntry(row, note, classes) {
  const entry = {
    kind: 'enhanced',
    code: row.code,
    title: note.title,
    sampleText: row.sample,
    classes,
    associated: associatedCodes(row.basic),
    explanation: note.explanation,
    causes: note.causes,
    advice: { sender: note.advice.sender, admin: note.advice.admin },
    references: references(row),
    standard: note.standard,
  };
  if (note.nonStandardNote !== undefined) entry.nonStandardNote = note.nonStandardNote;
  if (note.deprecated !== undefined) entry.deprecated = note.deprecated;
  if (note.keywords !== undefined) entry.keywords = note.keywords;
  return entry;
}

// ----------------------------------------------------------------------------- classes

/** Applies steps 1-3 of the rule at the top of this file. */
function deriveClasses(row) {
  const digits = new Set();
  const basic = row.basic.trim();
  if (/^any$/i.test(basic)) return [2, 4, 5];
  for (const code of associatedCodes(basic)) digits.add(Number(code[0]));
  for (const match of basic.matchAll(/\b([245])XX\b/gi)) digits.add(Number(match[1]));

  const text = row.description.toLowerCase();
  if (text.includes('permanent')) digits.add(5);
  if (/\btransient\b|\btemporar(y|ily)\b/.test(text)) digits.add(4);
  if (/positive delivery|successful delivery|delivery was successful/.test(text)) digits.add(2);

  digits.delete(3); // a 3xx reply is an intermediate step, never a delivery status
  if (digits.size === 0) return row.code.endsWith('.0') ? [2, 4, 5] : [4, 5];
  return [...digits].sort((a, b) => a - b);
}

/** The 3-digit basic codes named in the "Associated basic status code" column, in registry order. */
function associatedCodes(basic) {
  return [...new Set(basic.match(/\b[2-5][0-9]{2}\b/g) ?? [])];
}

// -------------------------------------------------------------------------- references

/** RFC references (with sections where known) in registry order, then the IANA registry. */
function references(row) {
  const refs = [];
  for (const doc of row.refs) {
    if (doc.startsWith('draft-')) {
      refs.push({ label: `${doc} (Internet-Draft)`, url: `https://datatracker.ietf.org/doc/html/${doc}` });
      continue;
    }
    const number = doc.slice(3);
    const sections = sectionsFor(doc, row);
    if (sections.length === 0) {
      refs.push({ label: `RFC ${number}`, url: `https://www.rfc-editor.org/rfc/rfc${number}` });
    }
    for (const section of sections) {
      refs.push({
        label: `RFC ${number} §${section}`,
        url: `https://www.rfc-editor.org/rfc/rfc${number}#section-${section}`,
      });
    }
  }
  refs.push({ ...IANA_REFERENCE });
  return refs;
}

/**
 * Sections of `doc` (e.g. "rfc7372") the row points to: "rfc7372, Section 3.3" in the Reference
 * column, "Section 6.1 of rfc6376" / "Sections 8.6 and 8.7 of rfc7208" in the description, else
 * the KNOWN_SECTIONS table.
 */
function sectionsFor(doc, row) {
  const found = [];
  const inReference = new RegExp(`${doc}\\s*,\\s*sections?\\s+([0-9.]+)`, 'i').exec(row.reference);
  if (inReference) found.push(trimDot(inReference[1]));
  const inDescription = new RegExp(`sections?\\s+([0-9.]+(?:\\s*(?:,|and)\\s*[0-9.]+)*)\\s+of\\s+${doc}\\b`, 'gi');
  for (const match of row.description.matchAll(inDescription)) {
    for (const section of match[1].split(/\s*(?:,|and)\s*/)) found.push(trimDot(section));
  }
  if (found.length === 0 && KNOWN_SECTIONS[doc]) found.push(...KNOWN_SECTIONS[doc](row.code));
  return [...new Set(found.filter(Boolean))];
}

function trimDot(section) {
  return section.replace(/\.+$/, '');
}

// ----------------------------------------------------------------------------- parsing

/** The "Enumerated Status Codes" records of the registry XML. */
function parseXmlRegistry(xml) {
  const start = xml.indexOf('<registry id="smtp-enhanced-status-codes-3">');
  if (start < 0) fail('the XML has no <registry id="smtp-enhanced-status-codes-3"> (Enumerated Status Codes)');
  const end = xml.indexOf('</registry>', start);
  const section = xml.slice(start, end < 0 ? undefined : end);
  const rows = [];
  for (const [, record] of section.matchAll(/<record\b[^>]*>([\s\S]*?)<\/record>/g)) {
    const field = (name) => {
      const match = new RegExp(`<${name}\\s*/>|<${name}\\b[^>]*>([\\s\\S]*?)</${name}>`).exec(record);
      return match && match[1] !== undefined ? match[1] : '';
    };
    const referenceXml = field('reference');
    const refs = [...referenceXml.matchAll(/<xref\b[^>]*\bdata="([^"]+)"/g)].map((m) => m[1].toLowerCase());
    rows.push({
      code: plainText(field('code')),
      sample: plainText(field('sample')),
      basic: plainText(field('basic_code')),
      description: plainText(field('description')),
      // The reference column as the CSV gives it: "rfc7372, Section 3.3 (Standards Track)".
      reference: plainText(referenceXml),
      refs,
    });
  }
  return rows;
}

/** The registry CSV (header: Code,Sample Text,Associated basic status code,Description,Reference,...). */
function parseCsvRegistry(text) {
  const [header, ...records] = parseCsv(text);
  const column = (name) => {
    const index = header.findIndex((h) => h.trim().toLowerCase() === name);
    if (index < 0) fail(`the CSV has no "${name}" column`);
    return index;
  };
  const [code, sample, basic, description, reference] = [
    column('code'),
    column('sample text'),
    column('associated basic status code'),
    column('description'),
    column('reference'),
  ];
  return records
    .filter((r) => r.length > 1 && /^X\./.test(r[code]))
    .map((r) => ({
      code: collapse(r[code]),
      sample: collapse(r[sample] ?? ''),
      basic: collapse(r[basic] ?? ''),
      description: collapse(r[description] ?? ''),
      reference: collapse(r[reference] ?? ''),
      refs: [...(r[reference] ?? '').matchAll(/\b(rfc[0-9]+|draft-[a-z0-9-]+)/gi)].map((m) => m[1].toLowerCase()),
    }));
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** XML element content as text: xrefs become their data ("rfc6376"), other tags go, entities are decoded. */
function plainText(xml) {
  return collapse(decode(xml.replace(/<xref\b[^>]*\bdata="([^"]+)"[^>]*\/>/g, '$1').replace(/<[^>]+>/g, '')));
}

function collapse(text) {
  return text.replace(/\s+/g, ' ').trim();
}

function decode(text) {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#([0-9]+);/g, (_, dec) => String.fromCodePoint(Number(dec)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
