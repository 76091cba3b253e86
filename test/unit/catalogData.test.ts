/**
 * Data tests of the code catalogue in catalog/: schema validity, completeness against the IANA
 * registry and the basic reply code list in ../shared/registry, class consistency, and that
 * catalog/enhanced-codes.json is exactly what scripts/generate-catalog.mjs produces.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import type { BasicEntry, ClassMeaning, EnhancedEntry, ProviderEntry } from '../../server/src/service/catalogTypes';
import { Catalog } from '../../server/src/service/catalog';
import { catalogData } from '../../server/src/catalogData';
import schemaJson from '../../catalog/schema.json';
import enhancedJson from '../../catalog/enhanced-codes.json';
import notesJson from '../../catalog/enhanced-notes.json';
import classesJson from '../../catalog/classes.json';
import providerJson from '../../catalog/provider-codes.json';

interface EnhancedNote {
  code: string;
  title: string;
  explanation: string;
  causes: string[];
  keywords: string[];
  classes?: number[];
  classesWhy?: string;
}

const schema = schemaJson as Record<string, unknown> & { $id: string };
const enhanced = enhancedJson as EnhancedEntry[];
const notes = notesJson as EnhancedNote[];
const classes = classesJson as Record<'basicClasses' | 'basicCategories' | 'enhancedClasses' | 'enhancedSubjects', ClassMeaning[]>;

/** The repository root: the nearest directory up from here (or from the cwd) whose package.json is "smtp-codes". */
function findRepoRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    let dir = path.resolve(start);
    for (;;) {
      const manifest = path.join(dir, 'package.json');
      if (existsSync(manifest)) {
        try {
          if (JSON.parse(readFileSync(manifest, 'utf8')).name === 'smtp-codes') return dir;
        } catch {
          // not our manifest; keep walking up
        }
      }
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error('cannot find the smtp-codes repository root above ' + __dirname);
}

const root = findRepoRoot();
const registryDir = path.resolve(root, '..', 'shared', 'registry');
const enhancedCsv = path.join(registryDir, 'iana-enhanced-status-codes.csv');
const enhancedXml = path.join(registryDir, 'iana-enhanced-status-codes.xml');
const basicCsv = path.join(registryDir, 'smtp-basic-reply-codes.csv');
const basicPath = path.join(root, 'catalog', 'basic-codes.json');
const generator = path.join(root, 'scripts', 'generate-catalog.mjs');
const NO_SHARED = `${registryDir} is not there (../shared is optional)`;

function validator(def: string) {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  ajv.addSchema(schema);
  const validate = ajv.getSchema(`${schema.$id}#/$defs/${def}`);
  assert.ok(validate, `schema.json has no $defs.${def}`);
  return validate;
}

function assertValid(def: string, data: unknown, what: string): void {
  const validate = validator(def);
  const ok = validate(data);
  const errors = (validate.errors ?? []).slice(0, 10).map((e) => `${e.instancePath || '/'} ${e.message}`);
  assert.ok(ok, `${what} is not a valid ${def}:\n  ${errors.join('\n  ')}`);
}

/** RFC 4180 CSV (quoted fields, doubled quotes) into rows of fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

/** CSV rows as objects keyed by the header. */
function readCsv(file: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'));
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h.trim(), (r[i] ?? '').trim()])));
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
const threeDigitCodes = (s: string) => [...new Set(s.match(/\b[2-5][0-9]{2}\b/g) ?? [])];

function duplicates(codes: string[]): string[] {
  const seen = new Set<string>();
  return codes.filter((c) => (seen.has(c) ? true : (seen.add(c), false)));
}

// ------------------------------------------------------------------------------------ schema

test('schema.json compiles under ajv strict mode and has a definition for every file', () => {
  for (const def of ['reference', 'advice', 'basicEntry', 'enhancedEntry', 'classMeaning', 'basicFile', 'enhancedFile', 'classesFile', 'enhancedNotesFile', 'providerEntry', 'providerFile']) {
    validator(def);
  }
});

test('enhanced-codes.json, enhanced-notes.json and classes.json are valid against schema.json', () => {
  assertValid('enhancedFile', enhanced, 'catalog/enhanced-codes.json');
  assertValid('enhancedNotesFile', notes, 'catalog/enhanced-notes.json');
  assertValid('classesFile', classes, 'catalog/classes.json');
});

test('schema.json rejects entries that break its rules', () => {
  const good: BasicEntry = {
    kind: 'basic',
    code: '550',
    title: 'Mailbox unavailable',
    explanation: 'Refused.',
    causes: ['Unknown user'],
    advice: { sender: 'Check the address.', admin: 'Check the directory.' },
    references: [{ label: 'RFC 5321 §4.2.3', url: 'https://www.rfc-editor.org/rfc/rfc5321#section-4.2.3' }],
    standard: true,
    associated: ['X.1.1'],
  };
  const validate = validator('basicEntry');
  assert.ok(validate(good), 'the valid sample entry must pass');
  const bad: Array<[string, unknown]> = [
    ['standard entry without references', { ...good, references: [] }],
    ['non-standard entry without nonStandardNote', { ...good, standard: false, references: [] }],
    ['code outside 2xx-5xx', { ...good, code: '650' }],
    ['associated not in X.n.n form', { ...good, associated: ['5.1.1'] }],
    ['unknown property', { ...good, colour: 'red' }],
    ['missing advice.admin', { ...good, advice: { sender: 'x' } }],
    ['empty title', { ...good, title: '' }],
  ];
  for (const [why, entry] of bad) assert.equal(validate(entry), false, `schema accepted: ${why}`);
  assert.ok(validate({ ...good, standard: false, references: [], nonStandardNote: 'Used by one provider.' }), 'a non-standard entry with a note must pass');

  const validateEnhanced = validator('enhancedEntry');
  const sample = enhanced[0];
  assert.ok(validateEnhanced(sample));
  assert.equal(validateEnhanced({ ...sample, code: '5.1.1' }), false, 'enhanced codes are written with an X class');
  assert.equal(validateEnhanced({ ...sample, classes: [3] }), false, 'class 3 is not an enhanced class');
  assert.equal(validateEnhanced({ ...sample, associated: ['5XX'] }), false, 'associated holds 3-digit codes only');
});

// ----------------------------------------------------------------------------- enhanced codes

test('no enhanced code appears twice, in the catalogue or in the notes', () => {
  assert.deepEqual(duplicates(enhanced.map((e) => e.code)), []);
  assert.deepEqual(duplicates(notes.map((n) => n.code)), []);
});

test('every enhanced entry has a note, in the same order, and carries its text', () => {
  assert.deepEqual(
    enhanced.map((e) => e.code),
    notes.map((n) => n.code),
  );
  for (const [i, entry] of enhanced.entries()) {
    assert.equal(entry.title, notes[i].title, entry.code);
    assert.equal(entry.explanation, notes[i].explanation, entry.code);
  }
});

test('every entry has a title, an explanation, causes, advice and references or a nonStandardNote', () => {
  for (const entry of enhanced) {
    assert.ok(entry.title.trim().length > 3, `${entry.code}: title`);
    assert.ok(entry.explanation.trim().length >= 60, `${entry.code}: explanation too short`);
    assert.match(entry.explanation, /[.)]$/, `${entry.code}: explanation should end a sentence`);
    assert.doesNotMatch(entry.explanation + entry.title, / {2}|\s$/, `${entry.code}: stray whitespace`);
    assert.ok(entry.causes.length >= 2 && entry.causes.length <= 5, `${entry.code}: 2-5 causes`);
    assert.ok(entry.advice.sender.trim() && entry.advice.admin.trim(), `${entry.code}: advice`);
    assert.ok(entry.references.length > 0 || entry.nonStandardNote, `${entry.code}: references or nonStandardNote`);
    assert.equal(entry.standard, true, `${entry.code}: registry codes are standard`);
    assert.ok(
      entry.references.some((r) => r.url?.startsWith('https://www.iana.org/assignments/smtp-enhanced-status-codes')),
      `${entry.code}: cites the IANA registry`,
    );
    assert.ok(
      entry.references.some((r) => /^RFC \d+|^draft-/.test(r.label)),
      `${entry.code}: cites the RFC (or draft) that defines it`,
    );
    assert.ok((entry.keywords ?? []).length > 0, `${entry.code}: keywords`);
  }
});

test('the codes postmasters search for most are findable by their usual words', () => {
  const byCode = new Map(enhanced.map((e) => [e.code, e]));
  const expectations: Array<[string, string[]]> = [
    ['X.1.1', ['user unknown']],
    ['X.2.2', ['mailbox full', 'over quota']],
    ['X.3.4', ['message too big']],
    ['X.7.1', ['relay access denied', 'blocklist', 'blacklist', 'greylisting']],
    ['X.7.8', ['authentication failed']],
    ['X.7.23', ['spf']],
    ['X.7.26', ['dmarc']],
    ['X.1.10', ['null mx']],
    ['X.7.30', ['requiretls']],
  ];
  for (const [code, words] of expectations) {
    const entry = byCode.get(code);
    assert.ok(entry, `${code} is missing`);
    for (const word of words) assert.ok(entry.keywords?.includes(word), `${code} should have keyword "${word}"`);
  }
});

test('every IANA registry code is in the catalogue, in registry order, with its sample text and basic codes', (t) => {
  if (!existsSync(enhancedCsv)) return t.skip(NO_SHARED);
  const rows = readCsv(enhancedCsv);
  assert.ok(rows.length >= 81, `expected at least 81 registry rows, got ${rows.length}`);
  assert.deepEqual(
    enhanced.map((e) => e.code),
    rows.map((r) => r['Code']),
  );
  for (const [i, row] of rows.entries()) {
    const entry = enhanced[i];
    assert.equal(entry.sampleText, collapse(row['Sample Text']), `${entry.code}: sampleText must be the registry's, verbatim`);
    assert.deepEqual(entry.associated, threeDigitCodes(row['Associated basic status code']), `${entry.code}: associated`);
  }
});

test('every entry\'s classes agree with the registry', (t) => {
  for (const entry of enhanced) {
    assert.deepEqual(entry.classes, [...new Set(entry.classes)].sort(), `${entry.code}: classes ascending, no repeats`);
    for (const basic of entry.associated) {
      assert.ok(
        (entry.classes as number[]).includes(Number(basic[0])),
        `${entry.code}: associated ${basic} needs class ${basic[0]} in [${entry.classes}]`,
      );
    }
  }
  for (const note of notes) {
    if (note.classes) assert.ok(note.classesWhy && note.classesWhy.length > 40, `${note.code}: a classes override needs a real classesWhy`);
  }
  if (!existsSync(enhancedCsv)) return t.skip(NO_SHARED);
  const overridden = new Set(notes.filter((n) => n.classes).map((n) => n.code));
  for (const row of readCsv(enhancedCsv)) {
    const entry = enhanced.find((e) => e.code === row['Code']);
    assert.ok(entry, row['Code']);
    if (overridden.has(entry.code)) continue;
    const cls = entry.classes as number[];
    const basic = row['Associated basic status code'];
    const text = collapse(row['Description']).toLowerCase();
    if (/^any$/i.test(basic)) assert.deepEqual(cls, [2, 4, 5], `${entry.code}: "Any" means every class`);
    for (const m of basic.matchAll(/\b([245])XX\b/gi)) assert.ok(cls.includes(Number(m[1])), `${entry.code}: ${m[0]}`);
    if (text.includes('permanent')) assert.ok(cls.includes(5), `${entry.code}: the registry calls it permanent`);
    if (/persistent transient|transient persistent|persistent temporary/.test(text)) assert.ok(cls.includes(4), `${entry.code}: the registry calls it transient`);
    if (/positive delivery|successful delivery|delivery was successful/.test(text)) assert.ok(cls.includes(2), `${entry.code}: the registry calls it a success`);
    if (/only useful for permanent|useful only as a permanent/.test(text) && threeDigitCodes(basic).every((c) => c[0] === '5')) {
      assert.deepEqual(cls, [5], `${entry.code}: permanent-only code`);
    }
    if (/useful only as a persistent transient/.test(text) && threeDigitCodes(basic).every((c) => c[0] === '4')) {
      assert.deepEqual(cls, [4], `${entry.code}: transient-only code`);
    }
  }
});

test('references point at stable RFC Editor, IANA or IETF Datatracker addresses', () => {
  for (const entry of enhanced) {
    for (const ref of entry.references) {
      assert.ok(ref.url, `${entry.code}: ${ref.label} has no url`);
      assert.match(
        ref.url,
        /^https:\/\/(www\.rfc-editor\.org\/rfc\/rfc\d+(#section-[\d.]+)?|www\.iana\.org\/assignments\/|datatracker\.ietf\.org\/doc\/html\/draft-)/,
        `${entry.code}: ${ref.url}`,
      );
      const section = /§([\d.]+)$/.exec(ref.label)?.[1];
      if (section) assert.ok(ref.url.endsWith(`#section-${section}`), `${entry.code}: label and url disagree: ${ref.label} ${ref.url}`);
    }
  }
});

// ---------------------------------------------------------------------------------- classes

test('classes.json covers exactly the class digits, categories and subjects', () => {
  const digits = (list: ClassMeaning[]) => list.map((c) => c.digit);
  assert.deepEqual(digits(classes.basicClasses), ['2', '3', '4', '5']);
  assert.deepEqual(digits(classes.basicCategories), ['0', '1', '2', '3', '4', '5']);
  assert.deepEqual(digits(classes.enhancedClasses), ['2', '4', '5']);
  assert.deepEqual(digits(classes.enhancedSubjects), ['0', '1', '2', '3', '4', '5', '6', '7']);
  const subjects = new Set(digits(classes.enhancedSubjects));
  for (const entry of enhanced) assert.ok(subjects.has(entry.code.split('.')[1]), `${entry.code}: subject has no meaning`);
  for (const c of [...classes.basicClasses, ...classes.enhancedClasses]) {
    assert.match(c.meaning, /retr|again|nothing to|carries on/i, `class ${c.digit} should say whether to retry`);
  }
});

// -------------------------------------------------------------------------------- generator

test('scripts/generate-catalog.mjs reproduces catalog/enhanced-codes.json byte for byte', (t) => {
  if (!existsSync(enhancedXml)) return t.skip(NO_SHARED);
  const dir = mkdtempSync(path.join(tmpdir(), 'smtp-codes-catalog-'));
  try {
    const committed = readFileSync(path.join(root, 'catalog', 'enhanced-codes.json'));
    for (const registry of [enhancedXml, enhancedCsv]) {
      if (!existsSync(registry)) continue;
      const out = path.join(dir, path.basename(registry) + '.json');
      execFileSync(process.execPath, [generator, registry, out], { cwd: root, stdio: 'pipe' });
      assert.ok(readFileSync(out).equals(committed), `output from ${path.basename(registry)} differs; run: node scripts/generate-catalog.mjs`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the generator leaves the output alone and exits 0 when the registry is missing', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'smtp-codes-catalog-'));
  try {
    const out = path.join(dir, 'out.json');
    const stdout = execFileSync(process.execPath, [generator, path.join(dir, 'no-such-registry.xml'), out], { cwd: root, encoding: 'utf8' });
    assert.match(stdout, /not found/);
    assert.equal(existsSync(out), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// ------------------------------------------------------------------------------ basic codes

test('basic-codes.json is valid against schema.json and has no duplicates', (t) => {
  if (!existsSync(basicPath)) return t.skip('catalog/basic-codes.json does not exist yet');
  const basic = JSON.parse(readFileSync(basicPath, 'utf8')) as BasicEntry[];
  assertValid('basicFile', basic, 'catalog/basic-codes.json');
  assert.deepEqual(duplicates(basic.map((b) => b.code)), []);
  for (const entry of basic) {
    assert.ok(entry.references.length > 0 || entry.nonStandardNote, `${entry.code}: references or nonStandardNote`);
  }
});

test('basic-codes.json has every code of the basic reply code list', (t) => {
  if (!existsSync(basicPath)) return t.skip('catalog/basic-codes.json does not exist yet');
  if (!existsSync(basicCsv)) return t.skip(NO_SHARED);
  const basic = JSON.parse(readFileSync(basicPath, 'utf8')) as BasicEntry[];
  const have = new Set(basic.map((b) => b.code));
  const missing = [...new Set(readCsv(basicCsv).map((r) => r['code']))].filter((code) => !have.has(code));
  assert.deepEqual(missing, [], 'codes in smtp-basic-reply-codes.csv missing from basic-codes.json');
});

test('basic-codes.json associates exactly the enhanced codes the registry pairs with each reply code', (t) => {
  if (!existsSync(basicPath)) return t.skip('catalog/basic-codes.json does not exist yet');
  const basic = JSON.parse(readFileSync(basicPath, 'utf8')) as BasicEntry[];
  const known = new Set(enhanced.map((e) => e.code));
  for (const entry of basic) {
    for (const code of entry.associated) assert.ok(known.has(code), `${entry.code}: associated ${code} is not a registry code`);
    const expected = enhanced.filter((e) => e.associated.includes(entry.code)).map((e) => e.code);
    assert.deepEqual([...entry.associated].sort(), [...expected].sort(), `${entry.code}: associated should list the registry's pairs`);
  }
});

// --------------------------------------------------------------------------- provider codes

const providerCodes = providerJson as ProviderEntry[];

test('provider-codes.json is valid against schema.json, without duplicates or overlapping ranges', () => {
  assertValid('providerFile', providerCodes, 'catalog/provider-codes.json');
  assert.deepEqual(duplicates(providerCodes.map((p) => p.code)), []);
  const ranges = providerCodes
    .map((p) => /^(\d\.\d+)\.(\d+)-(\d+)$/.exec(p.code))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ stem: m[1], from: Number(m[2]), to: Number(m[3]) }));
  for (const [i, a] of ranges.entries()) {
    assert.ok(a.from < a.to, `${a.stem}.${a.from}-${a.to}: a range runs upwards`);
    for (const b of ranges.slice(i + 1)) assert.ok(a.stem !== b.stem || a.to < b.from || b.to < a.from, `ranges overlap: ${JSON.stringify([a, b])}`);
  }
  for (const entry of providerCodes) {
    assert.ok(entry.associated.every((basic) => basic[0] === entry.code[0]), `${entry.code}: partner codes of the same class`);
  }
  const validate = validator('providerEntry');
  const good = providerCodes[0];
  assert.equal(validate(good), true);
  for (const [why, entry] of [
    ['called standard', { ...good, standard: true }],
    ['no reference', { ...good, references: [] }],
    ['no provider', { ...good, provider: '' }],
    ['an X class', { ...good, code: 'X.7.708' }],
    ['an open range', { ...good, code: '5.7.606-' }],
  ] as Array<[string, unknown]>) {
    assert.equal(validate(entry), false, `schema accepted: ${why}`);
  }
});

test('provider codes: exact codes before ranges, registered meanings kept with the provider meaning beside them', () => {
  const catalog = new Catalog(catalogData);
  const ranged = catalog.lookup('5.7.620');
  assert.equal(ranged?.provider, 'Microsoft 365 (Exchange Online)');
  assert.match(ranged!.title, /banned/i);
  assert.match(ranged!.nonStandardNote ?? '', /5\.7\.606 to 5\.7\.649/);
  assert.equal(ranged!.standard, false);
  assert.match(catalog.lookup('5.7.705')!.title, /threshold/i, 'an exact entry wins over the 5.7.700-749 range');
  assert.match(catalog.lookup('5.7.720')!.title, /tenant blocked/i);
  const outside = catalog.lookup('5.7.650');
  assert.equal(outside?.provider, undefined, 'outside every range: explained from class and subject');
  assert.equal(outside?.registered, false);
  const registered = catalog.lookup('5.1.10');
  assert.match(registered!.title, /null MX/i, 'the IANA meaning stays first');
  assert.equal(registered!.standard, true);
  assert.match(registered!.providerUse?.title ?? '', /recipient not found/i);
  assert.equal(catalog.lookup('4.4.316')?.class, 'transient');
  // Listed for the lookup, once each, by their first code.
  const listed = catalog.all().filter((info) => info.provider).map((info) => info.code);
  assert.deepEqual(duplicates(listed), []);
  assert.ok(listed.includes('5.7.606') && listed.includes('5.7.708') && !listed.includes('5.1.10'), listed.join(' '));
});
