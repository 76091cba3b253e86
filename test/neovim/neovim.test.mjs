// The language server outside VS Code: headless Neovim (Debian's neovim) attaches it to a mail log
// and we check that diagnostics and a hover arrive. Needs `npm run build` first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const hasNvim = spawnSync('nvim', ['--version']).status === 0;
const skip = hasNvim ? false : process.env.CI ? false : 'nvim is not installed (apt-get install neovim)';

test('Neovim receives diagnostics and a hover from node dist/server.js --stdio', { skip, timeout: 60000 }, () => {
  assert.ok(hasNvim, 'nvim must be installed on CI (.ci/run installs Debian neovim)');
  const dir = mkdtempSync(join(tmpdir(), 'smtp-nvim-'));
  const log = join(dir, 'mail.log');
  const lines = [
    'Nov 25 06:00:03 mx1 postfix/smtp[2220]: 4F1A2B3C4D: to=<carol@example.org>, relay=mx.example.org[192.0.2.55]:25, delay=1.4, delays=0.1/0/0.8/0.5, dsn=5.1.1, status=bounced (host mx.example.org[192.0.2.55] said: 550 5.1.1 User unknown (in reply to RCPT TO command))',
    'Nov 25 06:00:04 mx1 postfix/smtp[2221]: 6A7B8C9D0E: to=<dave@example.info>, relay=mx.example.info[198.51.100.77]:25, delay=302, delays=300/0/1.1/0.9, dsn=4.7.1, status=deferred (host mx.example.info[198.51.100.77] said: 450 4.7.1 Greylisted (in reply to RCPT TO command))',
    'Nov 25 06:00:05 mx1 postfix/smtpd[550]: connect from unknown[192.0.2.1]',
  ];
  writeFileSync(log, lines.join('\n') + '\n');
  const result = join(dir, 'result.json');
  execFileSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${join(root, 'test/neovim/check.lua')}`, log], {
    cwd: dir,
    timeout: 45000,
    stdio: 'ignore',
    env: {
      ...process.env,
      SMTP_CODES_SERVER: join(root, 'dist/server.js'),
      SMTP_CODES_RESULT: result,
      SMTP_CODES_HOVER_LINE: '0',
      SMTP_CODES_HOVER_COL: String(lines[0].indexOf('said: 550') + 7),
    },
  });
  const got = JSON.parse(readFileSync(result, 'utf8'));
  assert.equal(got.error, undefined);
  // Neovim's severities: 1 error, 2 warning.
  assert.deepEqual(
    got.diagnostics.map((d) => [d.line, d.severity, d.code, d.source]).sort(),
    [
      [0, 1, '5.1.1', 'smtp'],
      [1, 2, '4.7.1', 'smtp'],
    ],
  );
  assert.match(String(got.hover), /550 — .*permanent failure/s);
});
