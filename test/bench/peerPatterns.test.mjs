// The benchmark asks grep and rg the scanner's question as one pattern (bench/peerPatterns.mjs).
// Here that pattern is held to the scanner on the real mail logs of ../shared/corpus: the lines it
// matches must be exactly the lines where `smtp-codes scan` finds failures, so that a change to the
// recognizers that the pattern does not follow shows up. Skips cleanly without the corpus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EQUIVALENT_PATTERN, LITERAL_PATTERN } from '../../bench/peerPatterns.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const corpus = join(root, '..', 'shared', 'corpus');
const hasCorpus = existsSync(join(corpus, 'SOURCES.md'));
const hasTool = (command) => spawnSync(command, ['--version']).status === 0;

/** The corpus's mail logs (transcripts, bounces and documentation are read differently). */
const LOG_FOLDERS = ['crowdsec-hub', 'fail2ban', 'exim-testsuite/log', 'logwatch', 'postfix-src-tests'];
function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
const logFiles = () =>
  LOG_FOLDERS.flatMap((folder) => walk(join(corpus, folder)))
    .filter((file) => !/\.(md|ya?ml|json|tsv)$/.test(file))
    .sort();

/** "file:line" for each line with a failure, as `scan --failures` reports them. */
function oursLines(files) {
  const result = spawnSync(process.execPath, [join(root, 'dist/cli.js'), 'scan', '--failures', '--no-progress', ...files], { encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.ok(result.status === 0 || result.status === 3, result.stderr);
  return new Set(result.stdout.split('\n').filter(Boolean).map((line) => line.match(/^(.*?:\d+):\d+: /)[1]));
}
/** "file:line" for each line a tool matches (grep -Hn and rg -Hn print the same prefix). */
function toolLines(command, args, files) {
  const result = spawnSync(command, [...args, ...files], { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, LC_ALL: 'C' } });
  assert.ok(result.status === 0 || result.status === 1, result.stderr);
  return new Set(result.stdout.split('\n').filter(Boolean).map((line) => line.match(/^(.*?:\d+):/)[1]));
}
const sorted = (set) => [...set].sort();

const skip = !hasCorpus ? 'the corpus (../shared/corpus) is not on this machine' : !hasTool('grep') ? 'grep is not installed' : false;

test('the benchmark\'s pattern matches exactly the lines where the scanner finds failures, in the corpus\'s mail logs', { skip }, () => {
  const files = logFiles();
  const ours = oursLines(files);
  assert.ok(ours.size >= 400, `only ${ours.size} failure lines: the corpus is not what this test expects`);
  assert.deepEqual(sorted(toolLines('grep', ['-HnE', '-e', EQUIVALENT_PATTERN], files)), sorted(ours));
  if (hasTool('rg')) assert.deepEqual(sorted(toolLines('rg', ['--no-config', '-Hn', '--no-heading', '-e', EQUIVALENT_PATTERN], files)), sorted(ours));
});

test('the literal shortcut rg is also timed with finds only part of those lines (why it is not the peer)', { skip }, () => {
  const files = logFiles();
  const ours = oursLines(files);
  const literal = toolLines('grep', ['-HnE', '-e', LITERAL_PATTERN], files);
  const found = [...ours].filter((line) => literal.has(line)).length;
  assert.ok(found < ours.size * 0.7, `the literal pattern finds ${found} of ${ours.size} failure lines`);
});
