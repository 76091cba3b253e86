/** The .vsix holds only what runs, and everything the manifest points at (needs `npm run build`). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/paths';

const root = repoRoot();
const vsce = join(root, 'node_modules/@vscode/vsce/vsce');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Files that may ship: the manifest, docs, icon, bundles and grammars. */
const ALLOWED = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^CHANGELOG\.md$/, /^images\/icon\.png$/, /^dist\/(extension|server|scanWorker)\.js$/, /^syntaxes\/[\w-]+\.(tmLanguage|language-configuration)\.json$/];

function packagedFiles(): string[] {
  const result = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.trim().split('\n').filter(Boolean);
}

test('the package is an allowlist: nothing but what runs', () => {
  const files = packagedFiles();
  for (const file of files) assert.ok(ALLOWED.some((pattern) => pattern.test(file)), `unexpected file in the .vsix: ${file}`);
  for (const needed of ['package.json', 'README.md', 'LICENSE', 'images/icon.png', 'dist/extension.js', 'dist/server.js', 'dist/scanWorker.js']) assert.ok(files.includes(needed), needed);
});

test('everything the manifest points at is packaged', () => {
  const files = new Set(packagedFiles());
  const strip = (path: string) => path.replace(/^\.\//, '');
  assert.ok(files.has(strip(manifest.main)));
  assert.ok(files.has(strip(manifest.icon)));
  for (const grammar of manifest.contributes.grammars) assert.ok(files.has(strip(grammar.path)), grammar.path);
  for (const language of manifest.contributes.languages) if (language.configuration) assert.ok(files.has(strip(language.configuration)), language.configuration);
});

test('the manifest is what the Marketplace expects', () => {
  for (const field of ['name', 'displayName', 'description', 'version', 'publisher', 'license', 'icon', 'repository', 'categories', 'keywords', 'engines']) assert.ok(manifest[field], field);
  assert.match(manifest.engines.vscode, /^\^1\.\d+\.\d+$/);
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, true);
  assert.ok(manifest.capabilities.virtualWorkspaces);
  for (const command of manifest.contributes.commands) assert.equal(command.category, 'SMTP', command.command);
  for (const [key, setting] of Object.entries<{ markdownDescription?: string; description?: string }>(manifest.contributes.configuration.properties)) {
    assert.match(key, /^smtpCodes\./);
    assert.ok(setting.markdownDescription || setting.description, key);
  }
});

test('vsce packages it, small', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'smtp-vsix-')), 'smtp-codes.vsix');
  const result = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '-o', out], { cwd: root, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const size = statSync(out).size;
  assert.ok(size < 2 * 1024 * 1024, `vsix is ${size} bytes`);
});
