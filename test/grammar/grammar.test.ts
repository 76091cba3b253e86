// Runs the vscode-tmgrammar-test case files under test/grammar/cases (one file per construct,
// `^` scope assertions) and fails on any failed assertion.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAIL_LOG, repoRoot, TRANSCRIPT } from './textmate';

const root = repoRoot();
const casesDir = join(root, 'test', 'grammar', 'cases');
const runner = join(root, 'node_modules', 'vscode-tmgrammar-test', 'dist', 'unit.js');

/**
 * One suite per case-file extension: `x.test.smtp` runs against smtp-transcript, `x.test.maillog`
 * against mail-log, and any other `x.test.<name>` against syntaxes/<name>.tmLanguage.json, so
 * case files for other grammars in this folder run too.
 */
const ALIASES: Record<string, string> = { smtp: 'smtp-transcript', maillog: 'mail-log' };
const MINIMUM: Record<string, number> = { [TRANSCRIPT]: 15, [MAIL_LOG]: 10 };
const suites = [...new Set(readdirSync(casesDir).map((f) => /\.test\.([\w-]+)$/.exec(f)?.[1]).filter((x): x is string => !!x))]
  .sort()
  .map((ext) => {
    const grammar = `syntaxes/${ALIASES[ext] ?? ext}.tmLanguage.json`;
    let scope = '';
    try {
      scope = (JSON.parse(readFileSync(join(root, grammar), 'utf8')) as { scopeName: string }).scopeName;
    } catch {
      // reported by the suite's first test
    }
    return { extension: `.test.${ext}`, grammar, scope, minimumCases: MINIMUM[scope] ?? 1 };
  });

test('case files exist for both grammars of this folder', () => {
  for (const scope of [TRANSCRIPT, MAIL_LOG]) assert.ok(suites.some((s) => s.scope === scope), `no case files for ${scope}`);
});

interface RunResult {
  readonly status: number | null;
  readonly output: string;
  readonly passed: Set<string>;
  readonly errors: Map<string, string[]>;
}

/** One run of the CLI in compact mode; the per-file verdicts are read from its output. */
function runCases(grammar: string, patterns: string[]): RunResult {
  const run = spawnSync(process.execPath, [runner, '--compact', '-g', grammar, ...patterns], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    timeout: 120_000,
  });
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
  const passed = new Set<string>();
  const errors = new Map<string, string[]>();
  for (const line of output.split(/\r?\n/)) {
    const ok = /^\S+ (\S+) run successfuly\.?$/.exec(line);
    if (ok) passed.add(ok[1]);
    const failed = /^ERROR (?:can't parse testcase: )?([^:\s]+)/.exec(line);
    if (failed) errors.set(failed[1], [...(errors.get(failed[1]) ?? []), line]);
  }
  return { status: run.status, output, passed, errors };
}

for (const suite of suites) {
  const files = readdirSync(casesDir).filter((f) => f.endsWith(suite.extension)).sort();

  test(`${suite.extension}: case files exist and declare ${suite.scope || suite.grammar}`, () => {
    assert.ok(suite.scope, `${suite.grammar} is missing or has no scopeName`);
    assert.ok(files.length >= suite.minimumCases, `expected at least ${suite.minimumCases} ${suite.extension} files, found ${files.length}`);
    for (const file of files) {
      const lines = readFileSync(join(casesDir, file), 'utf8').split(/\r?\n/);
      assert.match(lines[0], new RegExp(`^# SYNTAX TEST "${suite.scope.replace(/\./g, '\\.')}" "`), `${file}: header`);
      assert.ok(lines.some((l) => /^#\s*(\^|<~*-+)/.test(l)), `${file} has no assertion`);
    }
  });

  test(`${suite.extension}: every assertion holds (vscode-tmgrammar-test)`, async (t) => {
    const result = runCases(suite.grammar, [`test/grammar/cases/*${suite.extension}`]);
    for (const file of files) {
      await t.test(file, () => {
        const rel = `test/grammar/cases/${file}`;
        const failures = result.errors.get(rel) ?? [];
        assert.deepEqual(failures, [], `${rel}:\n${failures.join('\n')}`);
        assert.ok(result.passed.has(rel), `${rel} was not reported as passing:\n${result.output}`);
      });
    }
    assert.equal(result.status, 0, result.output);
  });
}

test('the runner reports a wrong assertion as a failure (so these tests can fail)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-grammar-'));
  try {
    const wrong = join(dir, 'wrong.test.smtp');
    writeFileSync(
      wrong,
      [
        '# SYNTAX TEST "source.smtp-transcript" "deliberately wrong"',
        'S: 550 5.1.1 User unknown',
        '#  ^^^ constant.numeric.reply.success.smtp',
        'S: 250 OK',
        '#  ^^^ - constant.numeric.reply.success.smtp',
        '',
      ].join('\n'),
    );
    const result = runCases('syntaxes/smtp-transcript.tmLanguage.json', [wrong]);
    assert.notEqual(result.status, 0, result.output);
    assert.match(result.output, /Missing required scopes: \[ constant\.numeric\.reply\.success\.smtp \]/);
    assert.match(result.output, /Prohibited scopes: \[ constant\.numeric\.reply\.success\.smtp \]/);
    assert.equal(result.passed.size, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
