// Helpers for the end-to-end tests: real VS Code (code-server, from the npm registry)
// in Debian's Chromium, driven by playwright-core. See shared/notes/vscode-in-ci.md.
//
// Everything here waits with a timeout and fails with a message that names what did not
// show up; every process started here is stopped by `stop()` / `close()`.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURE_WORKSPACE = join(REPO_ROOT, 'test', 'e2e', 'workspace');
export const RESULTS_DIR = join(REPO_ROOT, 'test-results');
export const CODE_SERVER_VERSION = '4.100.3';
export const CHROMIUM = process.env.SMTP_CODES_CHROMIUM || '/usr/bin/chromium';
export const IN_CI = !!process.env.CI && !/^(0|false|no)$/i.test(process.env.CI);

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** User settings for every run; a test can add to them (e.g. "workbench.colorTheme"). */
export const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'chat.commandCenter.enabled': false,
  'editor.minimap.enabled': false,
  'editor.hover.delay': 300,
  'editor.hover.sticky': true,
  'editor.fontSize': 14,
  'editor.fontFamily': "'DejaVu Sans Mono', 'Liberation Mono', monospace",
  'window.commandCenter': false,
  'files.hotExit': 'off',
};

// ---------------------------------------------------------------------------------------
// Small utilities

/** Polls `fn` until it returns a truthy value; throws `Timed out after Nms waiting for WHAT`. */
export async function waitFor(what, fn, { timeout = 15_000, interval = 200 } = {}) {
  const deadline = Date.now() + timeout;
  let lastError;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const detail = lastError ? ` (last error: ${lastError.message.split('\n')[0]})` : '';
      throw new Error(`Timed out after ${timeout} ms waiting for ${what}${detail}`);
    }
    await sleep(interval);
  }
}

/** Runs a command with a time limit; resolves with its output, rejects with the tail of it. */
export function run(command, args, { cwd = REPO_ROOT, timeout = 300_000, env = process.env, what } = {}) {
  const label = what || `${command} ${args.join(' ')}`;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => {
      killGroup(child, 'SIGKILL');
      reject(new Error(`${label}: timed out after ${timeout} ms\n${tail(out)}`));
    }, timeout);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${label}: could not start: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise(out);
      else reject(new Error(`${label}: exited with ${code ?? signal}\n${tail(out)}`));
    });
  });
}

function tail(text, lines = 40) {
  return text.split('\n').slice(-lines).join('\n');
}

function killGroup(child, signal) {
  if (!child.pid) return;
  try {
    process.kill(-child.pid, signal); // the group led by our own child (spawned detached)
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

export async function freePort() {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePromise(port));
    });
  });
}

export async function ensureResultsDir() {
  await mkdir(RESULTS_DIR, { recursive: true });
  return RESULTS_DIR;
}

// ---------------------------------------------------------------------------------------
// Prerequisites, install, packaging

/** What the harness needs that is missing on this machine (empty when all is there). */
export async function missingPrerequisites() {
  const missing = [];
  if (!existsSync(CHROMIUM)) missing.push(`Chromium (${CHROMIUM}; apt-get install chromium)`);
  try {
    await import('playwright-core');
  } catch {
    missing.push('playwright-core (npm install)');
  }
  const installed = existsSync(join(codeServerDir(), '.install-complete'));
  if (!installed) {
    if (spawnSync('sh', ['-c', 'command -v rg'], { stdio: 'ignore' }).status !== 0) {
      missing.push('ripgrep (apt-get install ripgrep)');
    }
    if (spawnSync('sh', ['-c', 'command -v krb5-config'], { stdio: 'ignore' }).status !== 0) {
      missing.push('libkrb5-dev (apt-get install libkrb5-dev)');
    }
  }
  return missing;
}

export function codeServerDir() {
  const cache = process.env.SMTP_CODES_CACHE || join(process.env.HOME || tmpdir(), '.cache', 'smtp-codes');
  return join(cache, `code-server-${CODE_SERVER_VERSION}`);
}

/** Runs scripts/install-code-server.sh (fast when cached); returns code-server's entry.js. */
export async function installCodeServer({ timeout = 900_000 } = {}) {
  const out = await run('bash', [join(REPO_ROOT, 'scripts', 'install-code-server.sh')], {
    timeout,
    what: 'scripts/install-code-server.sh',
  });
  const dir = out.trim().split('\n').pop().trim();
  const entry = join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!existsSync(entry)) throw new Error(`code-server install finished but ${entry} is missing`);
  return entry;
}

/**
 * The extension as a .vsix: $SMTP_CODES_VSIX if set, else `npm run build` and
 * `npx vsce package --no-dependencies` into `outDir`.
 */
export async function packageExtension(outDir) {
  if (process.env.SMTP_CODES_VSIX) {
    const vsix = resolve(process.env.SMTP_CODES_VSIX);
    if (!existsSync(vsix)) throw new Error(`SMTP_CODES_VSIX=${vsix} does not exist`);
    return vsix;
  }
  await run('npm', ['run', 'build'], { timeout: 180_000, what: 'npm run build' });
  const vsix = join(outDir, 'smtp-codes.vsix');
  await run('npx', ['--no-install', 'vsce', 'package', '--no-dependencies', '-o', vsix], {
    timeout: 180_000,
    what: 'npx vsce package --no-dependencies',
  });
  if (!existsSync(vsix)) throw new Error(`vsce package finished but ${vsix} is missing`);
  return vsix;
}

// ---------------------------------------------------------------------------------------
// code-server

/**
 * Installs `vsix` into a fresh extensions dir, writes a fresh user-data-dir, copies the
 * fixture workspace, starts code-server on 127.0.0.1:<free port> and waits until it answers.
 * Returns { url, folder, settingsFile, log, stop() }.
 */
export async function startCodeServer({ entry, vsix, settings = {}, workspace = FIXTURE_WORKSPACE, logFile }) {
  const root = await mkdtemp(join(tmpdir(), 'smtp-codes-e2e-'));
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  const folder = join(root, 'workspace');
  const configFile = join(root, 'config.yaml');
  const settingsFile = join(userDataDir, 'User', 'settings.json');
  let child;
  let logStream;
  let log = '';

  // If this process ends before stop() (an uncaught error, Ctrl-C), still end code-server.
  const onExit = () => child && killGroup(child, 'SIGKILL');
  const onSignal = (signal) => {
    onExit();
    if (process.listenerCount(signal) === 0) process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('exit', onExit);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const stop = async () => {
    process.off('exit', onExit);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      killGroup(child, 'SIGTERM');
      const done = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
      if (!done) {
        killGroup(child, 'SIGKILL');
        await Promise.race([exited, sleep(2000)]);
      }
    }
    logStream?.end();
    await rm(root, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
  };

  try {
    await mkdir(dirname(settingsFile), { recursive: true });
    await mkdir(extensionsDir, { recursive: true });
    await writeFile(settingsFile, JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2));
    // Our own config file, so that code-server does not write ~/.config/code-server/config.yaml.
    await writeFile(configFile, 'auth: none\ncert: false\n');
    await cp(workspace, folder, { recursive: true });

    const common = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
    if (vsix) {
      const out = await run(process.execPath, [entry, ...common, '--install-extension', vsix, '--force'], {
        timeout: 120_000,
        what: `code-server --install-extension ${vsix}`,
      });
      if (!/successfully installed/i.test(out)) {
        throw new Error(`code-server --install-extension did not report success:\n${tail(out)}`);
      }
    }

    const port = await freePort();
    const args = [
      entry,
      ...common,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      folder,
    ];
    child = spawn(process.execPath, args, {
      cwd: root,
      env: { ...process.env, PORT: '', PASSWORD: '', HASHED_PASSWORD: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    if (logFile) logStream = createWriteStream(logFile);
    const onData = (d) => {
      log += d;
      logStream?.write(d);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);

    const url = `http://127.0.0.1:${port}`;
    await waitFor(
      `code-server to answer on ${url}/healthz`,
      async () => {
        if (child.exitCode !== null) {
          throw Object.assign(new Error(`code-server exited with ${child.exitCode}:\n${tail(log)}`), { fatal: true });
        }
        const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
        return response.ok;
      },
      { timeout: 60_000, interval: 250 },
    ).catch((error) => {
      throw new Error(`${error.message}\n--- code-server output ---\n${tail(log)}`);
    });

    return {
      url,
      folder,
      settingsFile,
      extensionsDir,
      userDataDir,
      get log() {
        return log;
      },
      workbenchUrl: `${url}/?folder=${encodeURIComponent(folder)}`,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

// ---------------------------------------------------------------------------------------
// Chromium + the workbench

export async function launchBrowser({ width = 1440, height = 900 } = {}) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { browser, context, page };
}

/** Drives one VS Code window (a Playwright page). */
export class Workbench {
  constructor(page, server) {
    this.page = page;
    this.server = server;
    this.consoleErrors = [];
    page.on('console', (message) => {
      if (message.type() === 'error') this.consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => this.consoleErrors.push(String(error)));
  }

  /** Opens the workspace folder and waits for the workbench and its Explorer. */
  async open() {
    await this.page.goto(this.server.workbenchUrl, { timeout: 60_000, waitUntil: 'domcontentloaded' });
    await this.visible('.monaco-workbench', 'the VS Code workbench (.monaco-workbench)', 90_000);
    await this.visible('.part.statusbar', 'the status bar', 30_000);
    // The Explorer shows the folder's files once the remote file system is up.
    await this.ensureExplorer();
  }

  async visible(selector, what, timeout = 15_000) {
    const locator = (typeof selector === 'string' ? this.page.locator(selector) : selector).first();
    try {
      await locator.waitFor({ state: 'visible', timeout });
    } catch (error) {
      if (error.name === 'TimeoutError') throw new Error(`Timed out after ${timeout} ms waiting for ${what} to show up`);
      throw new Error(`Waiting for ${what} failed: ${error.message.split('\n')[0]}`);
    }
    return locator;
  }

  treeItem(name) {
    return this.page.locator(`.explorer-folders-view [role="treeitem"][aria-label="${name}"]`).first();
  }

  async ensureExplorer() {
    const anyItem = this.page.locator('.explorer-folders-view [role="treeitem"]').first();
    if (!(await anyItem.isVisible().catch(() => false))) {
      if (!(await this.page.locator('.explorer-folders-view').first().isVisible().catch(() => false))) {
        await this.page.keyboard.press('Control+Shift+E');
      }
    }
    await this.visible(anyItem, 'a file in the Explorer', 60_000);
  }

  /** Opens a workspace file by clicking its Explorer item; waits for its editor and text. */
  async openFile(name) {
    await this.ensureExplorer();
    const item = this.treeItem(name);
    await this.visible(item, `"${name}" in the Explorer`, 30_000);
    await item.click();
    await waitFor(`an editor tab for "${name}" to become active`, async () => {
      const label = await this.page
        .locator('.editor-group-container.active .tab.active')
        .first()
        .getAttribute('aria-label', { timeout: 1000 });
      return label && label.includes(name);
    });
    await this.visible(this.activeEditor().locator('.view-line'), `the text of "${name}" (.view-line)`, 30_000);
    // Focus the text, so that keyboard commands go to this editor. Below the top few pixels: a
    // scrolled editor draws its scroll shadow there, and the shadow takes the click.
    await this.activeEditor().locator('.editor-scrollable').first().click({ position: { x: 5, y: 12 } });
  }

  activeEditor() {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** The visible text of the active editor (its rendered lines, top to bottom). */
  async editorText() {
    return this.activeEditor().evaluate((editor) => {
      const lines = [...editor.querySelectorAll('.view-lines .view-line')];
      lines.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
      return lines.map((l) => l.textContent.replace(/\u00a0/g, ' ')).join('\n');
    });
  }

  /** Whether the active editor wraps long lines (some rendered line has no line number). */
  async isWrapped() {
    return this.activeEditor().evaluate((editor) => {
      const tops = new Set(
        [...editor.querySelectorAll('.margin-view-overlays .line-numbers')].map((n) => Math.round(n.getBoundingClientRect().top)),
      );
      return [...editor.querySelectorAll('.view-lines .view-line')].some(
        (l) => !tops.has(Math.round(l.getBoundingClientRect().top)),
      );
    });
  }

  /** Turns word wrap on in the active editor ("View: Toggle Word Wrap"); for screenshots. */
  async wrapLines() {
    if (await this.isWrapped()) return;
    await this.runCommand('View: Toggle Word Wrap');
    await waitFor('the active editor to wrap its long lines', () => this.isWrapped(), { timeout: 5000 });
  }

  /** Runs a command from the palette: F1, type `label`, pick the entry labelled exactly so. */
  async runCommand(label) {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('F1');
    const input = await this.visible('.quick-input-widget .quick-input-box input', 'the command palette (F1)');
    await input.fill(`>${label}`);
    const rows = this.page.locator('.quick-input-widget .monaco-list-row');
    const index = await waitFor(`the command "${label}" in the command palette`, async () => {
      const labels = await rows.evaluateAll((els) =>
        els.map((e) => (e.querySelector('.label-name')?.textContent ?? '').trim()),
      );
      const i = labels.indexOf(label);
      return i >= 0 ? { i } : null;
    }).catch(async (error) => {
      const seen = await this.quickPickRows().catch(() => []);
      throw new Error(`${error.message}; the palette lists: ${JSON.stringify(seen.slice(0, 8))}`);
    });
    await rows.nth(index.i).click();
  }

  /** Reveals line:column in the active editor (the palette's ":line:column"). */
  async goTo(line, column = 1) {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('F1');
    const input = await this.visible('.quick-input-widget .quick-input-box input', 'the command palette (F1)');
    await input.fill(`:${line}:${column}`);
    await sleep(150);
    await this.page.keyboard.press('Enter');
    await waitFor('the quick input to close after "Go to Line"', async () =>
      !(await this.page.locator('.quick-input-widget').first().isVisible()),
    );
  }

  /**
   * Where `text` (inside the first match of `within`, default `text` itself) is drawn on
   * 1-based `line` of the active editor: the centre of the text, from the rendered line's
   * span width / text length.
   */
  async textPosition(line, text, { within = text } = {}) {
    const source = await this.lineText(line);
    const at = source.indexOf(within);
    const index = at < 0 ? -1 : at + within.indexOf(text);
    if (at < 0 || within.indexOf(text) < 0) {
      throw new Error(`"${text}" in "${within}" not found on line ${line}: ${source}`);
    }
    // Bring the column into view (with some room on its right for the hover), then measure.
    await this.goTo(line, Math.min(index + 1 + 30, source.length + 1));
    await this.page.mouse.move(1, 1);
    return waitFor(`line ${line} of the active editor to be rendered`, () =>
      this.activeEditor().evaluate(
        (editor, { line, index, length }) => {
          const number = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')].find(
            (n) => n.textContent.trim() === String(line),
          );
          if (!number) return null;
          const top = number.getBoundingClientRect().top;
          const view = [...editor.querySelectorAll('.view-lines .view-line')].find(
            (l) => Math.abs(l.getBoundingClientRect().top - top) < 2,
          );
          if (!view) return null;
          const span = view.firstElementChild || view;
          const rect = span.getBoundingClientRect();
          const chars = span.textContent.length;
          if (!chars || !rect.width) return null;
          const charWidth = rect.width / chars;
          const x = rect.left + charWidth * (index + length / 2);
          const y = rect.top + rect.height / 2;
          const box = editor.querySelector('.lines-content')?.parentElement?.getBoundingClientRect();
          if (box && (x < box.left || x > box.right)) return null; // not scrolled into view yet
          return { x, y, charWidth };
        },
        { line, index, length: text.length },
      ),
    );
  }

  /** The model text of a line (from the rendered view line; reveals it first). */
  async lineText(line) {
    await this.goTo(line, 1);
    return waitFor(`line ${line} to be rendered`, () =>
      this.activeEditor().evaluate((editor, line) => {
        const number = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')].find(
          (n) => n.textContent.trim() === String(line),
        );
        if (!number) return null;
        const top = number.getBoundingClientRect().top;
        const view = [...editor.querySelectorAll('.view-lines .view-line')].find(
          (l) => Math.abs(l.getBoundingClientRect().top - top) < 2,
        );
        return view ? view.textContent.replace(/\u00a0/g, ' ') : null;
      }, line),
    );
  }

  /** Moves the mouse over `text` on `line` and returns the text of the hover that opens. */
  async hover(line, text, { within = text, expect = [], timeout = 20_000 } = {}) {
    const want = [text, ...expect].map((s) => s.toLowerCase());
    let last = '';
    try {
      return await waitFor(
        `a hover over "${text}" on line ${line} containing ${want.map((s) => JSON.stringify(s)).join(', ')}`,
        async () => {
          await this.page.mouse.move(1, 1);
          await this.hideHover();
          const { x, y } = await this.textPosition(line, text, { within });
          await this.page.mouse.move(x - 3, y);
          await this.page.mouse.move(x, y, { steps: 3 });
          last = await waitFor('hover', () => this.hoverText(), { timeout: 4000, interval: 150 }).catch(() => '');
          // Give the language server's part of the hover a moment to arrive.
          if (last && !want.every((s) => last.toLowerCase().includes(s))) {
            last = (await waitFor('full hover', async () => {
              const t = await this.hoverText();
              return t && want.every((s) => t.toLowerCase().includes(s)) ? t : null;
            }, { timeout: 3000, interval: 150 }).catch(() => null)) || (await this.hoverText()) || last;
          }
          return last && want.every((s) => last.toLowerCase().includes(s)) ? last : null;
        },
        { timeout, interval: 500 },
      );
    } catch (error) {
      throw new Error(`${error.message}; last hover text: ${last ? JSON.stringify(last) : '(no hover showed up)'}`);
    }
  }

  /** Text of the visible editor hover, or '' when none. */
  async hoverText() {
    return this.page.evaluate(() => {
      const hovers = [...document.querySelectorAll('.monaco-hover')].filter((h) => {
        if (h.classList.contains('hidden')) return false;
        const r = h.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && getComputedStyle(h).visibility !== 'hidden';
      });
      return hovers.map((h) => h.innerText.trim()).filter(Boolean).join('\n---\n');
    });
  }

  async hideHover() {
    await this.page.keyboard.press('Escape');
  }

  /** Text of a status bar entry by its id (e.g. "status.editor.mode"), or null. */
  async statusItem(id) {
    const item = this.page.locator(`[id="${id}"]`).first();
    if (!(await item.isVisible().catch(() => false))) return null;
    return item.evaluate((el) => {
      const label = el.querySelector('[aria-label]')?.getAttribute('aria-label') || el.getAttribute('aria-label');
      return { text: el.innerText.trim(), ariaLabel: label || '' };
    });
  }

  /** The language mode shown in the status bar ("Mail Log"). */
  async languageMode({ timeout = 15_000 } = {}) {
    const item = await waitFor('the language mode in the status bar (status.editor.mode)', () =>
      this.statusItem('status.editor.mode'), { timeout });
    return item.text || item.ariaLabel;
  }

  /** Error / warning / info counts from the status bar's problems entry. */
  async problemCounts() {
    const item = await waitFor('the problems entry in the status bar (status.problems)', () =>
      this.statusItem('status.problems'));
    const label = item.ariaLabel;
    const count = (word) => Number((label.match(new RegExp(`${word}: (\\d+)`)) || [0, 0])[1]);
    if (/Errors|Warnings|Infos|No Problems/.test(label)) {
      return { errors: count('Errors'), warnings: count('Warnings'), infos: count('Infos'), label };
    }
    // Fallback: the entry's text is "<errors> <warnings>[ <infos>]" after the codicons.
    const numbers = (item.text.match(/\d+/g) || []).map(Number);
    return { errors: numbers[0] ?? 0, warnings: numbers[1] ?? 0, infos: numbers[2] ?? 0, label: item.text };
  }

  /**
   * Polls the problem counts until they equal `expected` ({errors, warnings}) and stay so
   * for `stableFor` ms. Fails with the last counts seen.
   */
  async waitForProblemCounts(expected, { timeout = 45_000, stableFor = 2000 } = {}) {
    let last;
    let since = 0;
    try {
      await waitFor(
        `the status bar to show ${expected.errors} error(s) and ${expected.warnings} warning(s), stable for ${stableFor} ms`,
        async () => {
          const counts = await this.problemCounts();
          const same = last && counts.errors === last.errors && counts.warnings === last.warnings;
          if (!same) since = Date.now();
          last = counts;
          return counts.errors === expected.errors && counts.warnings === expected.warnings && Date.now() - since >= stableFor;
        },
        { timeout, interval: 250 },
      );
    } catch (error) {
      throw new Error(`${error.message}; last seen: ${last ? JSON.stringify(last) : 'nothing'}`);
    }
    return last;
  }

  /** The rows of the Problems panel (opens it); for failure messages. */
  async problemsPanel() {
    await this.page.keyboard.press('Control+Shift+M');
    const rows = this.page.locator('.markers-panel .monaco-list-row');
    await rows.first().waitFor({ state: 'visible', timeout: 5000 }).catch(() => {});
    return rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') || e.innerText));
  }

  /** Visible rows of the open quick pick (labels and descriptions). */
  async quickPickRows() {
    return this.page
      .locator('.quick-input-widget .monaco-list-row')
      .evaluateAll((els) => els.map((e) => e.innerText.replace(/\s+/g, ' ').trim()));
  }

  async quickPickInput(what = 'a quick pick') {
    return this.visible('.quick-input-widget .quick-input-box input', what);
  }

  /** Whether the active editor refuses typing (types a character and checks the text). */
  async activeEditorIsReadOnly() {
    const before = await this.editorText();
    await this.activeEditor().locator('.editor-scrollable').first().click({ position: { x: 2, y: 12 } });
    await this.page.keyboard.type('Q');
    await sleep(300);
    const after = await this.editorText();
    if (after !== before) await this.page.keyboard.press('Control+Z');
    return after === before;
  }

  /** Switches the color theme the way a user does: "Preferences: Color Theme", pick it, Enter. */
  async setTheme(theme) {
    const want = /light/i.test(theme) ? 'vs' : /high contrast/i.test(theme) ? 'hc-black' : 'vs-dark';
    const current = await this.page.locator('.monaco-workbench').first().getAttribute('class');
    await this.runCommand('Preferences: Color Theme');
    const input = await this.quickPickInput('the color theme picker');
    await waitFor('the palette to be replaced by the color theme picker', async () => !(await input.inputValue()).startsWith('>'));
    await input.fill(theme);
    // Rows read "Dark Modern  Default Dark Modern": a label, and the setting's value as description.
    const rows = this.page.locator('.quick-input-widget .monaco-list-row');
    const found = await waitFor(`"${theme}" in the color theme picker`, async () => {
      const entries = await rows.evaluateAll((els) =>
        els.map((e) => [
          (e.querySelector('.label-name')?.textContent ?? '').trim(),
          (e.querySelector('.label-description')?.textContent ?? '').trim(),
        ]),
      );
      const i = entries.findIndex(([label, description]) => label === theme || description === theme);
      return i >= 0 ? { i } : null;
    });
    await rows.nth(found.i).click();
    await waitFor(`the workbench to switch to the theme "${theme}" (class "${want}")`, () =>
      this.page.locator('.monaco-workbench').first().evaluate((el, want) => el.classList.contains(want), want),
      { timeout: 20_000 },
    ).catch((error) => {
      throw new Error(`${error.message}; workbench classes were "${current}"`);
    });
    await waitFor('the color theme picker to close', async () =>
      !(await this.page.locator('.quick-input-widget').first().isVisible()),
    );
    await sleep(300); // let the editor repaint its tokens in the new colours
  }

  /** Waits (at most 2 s) until no CSS animation runs, e.g. a hover fading in. */
  async settle() {
    await waitFor('animations to finish', () =>
      this.page.evaluate(() => document.getAnimations().every((a) => a.playState !== 'running')),
      { timeout: 2000, interval: 100 },
    ).catch(() => {});
  }

  async screenshot(name) {
    await ensureResultsDir();
    await this.settle();
    const path = join(RESULTS_DIR, name.endsWith('.png') ? name : `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  async closeAllEditors() {
    await this.runCommand('View: Close All Editors');
    // An edited untitled document asks whether to save it: don't.
    const dontSave = this.page.locator('.monaco-dialog-box .monaco-button', { hasText: /Don.t Save/ }).first();
    const asked = await dontSave.waitFor({ state: 'visible', timeout: 1000 }).then(() => true, () => false);
    if (asked) await dontSave.click();
    await waitFor('all editors to close', async () => (await this.page.locator('.editor-group-container .tab').count()) === 0, {
      timeout: 10_000,
    });
  }
}
