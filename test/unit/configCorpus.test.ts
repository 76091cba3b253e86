/**
 * The configuration examples of Postfix's own READMEs (../shared/corpus/postfix-docs): every
 * indented `/etc/postfix/main.cf:` (or master.cf, or table) block is read by the config scanner,
 * and none may get a diagnostic. Skipped when the corpus is not on this machine.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogData } from '../../server/src/catalogData';
import { Catalog } from '../../server/src/service/catalog';
import { configDiagnostics, scanConfig } from '../../server/src/service/config/configService';
import { linesOf } from '../../server/src/service/documentScanner';
import { corpusDir } from '../support/paths';

const corpus = corpusDir();
const docs = corpus && join(corpus, 'postfix-docs');
const catalog = new Catalog(catalogData);

interface Example {
  /** "TLS_README:123" — where the block's header is. */
  where: string;
  /** The file the block shows: "main.cf", "sender_access" ... */
  file: string;
  text: string;
}

/**
 * The example blocks of one README: a `/etc/postfix/<file>:` line, then the lines indented deeper
 * (blank lines included) up to the first line that is not. The block is dedented.
 */
function examples(name: string, text: string): Example[] {
  const lines = text.split('\n');
  const found: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    const header = /^(\s*)\/etc\/postfix\/([\w.-]+):\s*$/.exec(lines[i]);
    if (!header) continue;
    const indent = header[1].length;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j];
      if (line.trim() === '') {
        body.push('');
        continue;
      }
      if (line.search(/\S/) <= indent) break;
      body.push(line);
    }
    while (body.length > 0 && body[body.length - 1] === '') body.pop();
    const margin = Math.min(...body.filter((l) => l !== '').map((l) => l.search(/\S/)));
    if (body.length > 0) found.push({ where: `${name}:${i + 1}`, file: header[2], text: body.map((l) => l.slice(margin)).join('\n') });
    i = j - 1;
  }
  return found;
}

function languageOf(file: string): string {
  return file === 'main.cf' || file === 'master.cf' ? 'postfix-config' : 'postfix-table';
}

test('Postfix README configuration examples: no false config diagnostics', { skip: docs ? false : 'corpus not present' }, () => {
  const all: Example[] = [];
  for (const name of readdirSync(docs!).sort()) all.push(...examples(name, readFileSync(join(docs!, name), 'utf8')));
  assert.ok(all.length >= 100, `expected many example blocks, found ${all.length}`);
  assert.ok(all.filter((e) => e.file === 'main.cf').length >= 80);
  assert.ok(all.some((e) => e.file === 'master.cf'));
  assert.ok(all.some((e) => languageOf(e.file) === 'postfix-table'));

  const false_: string[] = [];
  let replies = 0;
  for (const example of all) {
    const lines = linesOf(example.text);
    replies += scanConfig(lines, languageOf(example.file)).length;
    for (const d of configDiagnostics(catalog, lines, languageOf(example.file))) {
      false_.push(`${example.where} (${example.file}) line ${d.range.start.line + 1}: ${d.code}: ${d.message as string}`);
    }
  }
  assert.deepEqual(false_, []);
  // The examples do configure codes (unverified_sender_reject_code = 550): the scanner saw them.
  assert.ok(replies >= 1, 'no configured code found in any example');
});

test('Postfix README prose is not configuration: the commented-out defer code stays a comment', { skip: docs ? false : 'corpus not present' }, () => {
  const text = readFileSync(join(docs!, 'ADDRESS_VERIFICATION_README'), 'utf8');
  const block = examples('ADDRESS_VERIFICATION_README', text).find((e) => e.text.includes('unverified_sender_reject_code'));
  if (!block) return; // another version of the README
  const codes = scanConfig(linesOf(block.text), 'postfix-config').map((r) => r.basic);
  assert.deepEqual(codes, ['550']);
});
