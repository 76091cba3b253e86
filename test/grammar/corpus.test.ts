// Properties of the grammars over the real logs and transcripts in ../shared/corpus (read-only,
// not in this repository). Skips cleanly when the corpus is absent. Nothing from the corpus is
// copied here: the checks compute what to expect from each line with simple independent rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { IGrammar } from 'vscode-textmate';
import { classOfDigit, CodeClass, codeScope, loadGrammar, MAIL_LOG, repoRoot, TokenizedLine, tokenizeLines, tokensAt, TRANSCRIPT } from './textmate';

/** ../shared/corpus beside the repository; SMTP_CODES_CORPUS points elsewhere (or nowhere, to see the skip). */
const corpus = process.env.SMTP_CODES_CORPUS ?? resolve(repoRoot(), '..', 'shared', 'corpus');
const skip = existsSync(join(corpus, 'SOURCES.md')) ? false : `no corpus at ${corpus}`;

function read(file: string): string[] {
  return readFileSync(join(corpus, file), 'utf8').split(/\r?\n/);
}

function allFiles(dir = corpus): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...allFiles(path));
    else out.push(relative(corpus, path));
  }
  return out;
}

const grammars = new Map<string, IGrammar>();
async function grammar(scope: string): Promise<IGrammar> {
  if (!grammars.has(scope)) grammars.set(scope, await loadGrammar(scope));
  return grammars.get(scope)!;
}

const tokenized = new Map<string, TokenizedLine[]>();
async function tokenize(scope: string, file: string): Promise<TokenizedLine[]> {
  const key = `${scope} ${file}`;
  if (!tokenized.has(key)) tokenized.set(key, tokenizeLines(await grammar(scope), read(file)));
  return tokenized.get(key)!;
}

const show = (t: TokenizedLine, n: number) => `line ${n}: ${t.line}\n  ${t.tokens.map((k) => `${JSON.stringify(k.text)} ${k.scopes.slice(1).join(' ')}`).join('\n  ')}`;

// ---------------------------------------------------------------------------------------------
test('every corpus file tokenizes line by line with both grammars, cleanly and fast', { skip }, async (t) => {
  const files = allFiles();
  assert.ok(files.length > 100, `corpus has ${files.length} files`);
  const complaints: string[] = [];
  const originalError = console.error;
  console.error = (...args: unknown[]) => complaints.push(args.map(String).join(' '));
  try {
    for (const scope of [TRANSCRIPT, MAIL_LOG]) {
      const g = await grammar(scope);
      let bytes = 0;
      let lines = 0;
      let slowest = { ms: 0, where: '' };
      const started = performance.now();
      for (const file of files) {
        let state = null;
        const text = read(file);
        for (const [i, line] of text.entries()) {
          const t0 = performance.now();
          const r = g.tokenizeLine(line, state, 2000);
          const ms = performance.now() - t0;
          state = r.ruleStack;
          if (ms > slowest.ms) slowest = { ms, where: `${file}:${i + 1}` };
          assert.equal(r.stoppedEarly, false, `${scope} gave up on ${file}:${i + 1}`);
          let at = 0;
          for (const token of r.tokens) {
            assert.equal(token.startIndex, at, `${scope}: tokens of ${file}:${i + 1} leave a gap at ${at}`);
            at = token.endIndex;
          }
          assert.ok(at >= line.length, `${scope}: tokens of ${file}:${i + 1} stop at ${at} of ${line.length}`);
        }
        bytes += Buffer.byteLength(text.join('\n'));
        lines += text.length;
      }
      const seconds = (performance.now() - started) / 1000;
      t.diagnostic(`${scope}: ${files.length} files, ${lines} lines, ${(bytes / 1e6).toFixed(2)} MB in ${seconds.toFixed(2)} s = ${(bytes / 1e6 / seconds).toFixed(2)} MB/s; slowest line ${slowest.ms.toFixed(1)} ms (${slowest.where})`);
      assert.ok(slowest.ms < 250, `${scope}: slowest line took ${slowest.ms.toFixed(1)} ms at ${slowest.where}`);
    }
  } finally {
    console.error = originalError;
  }
  assert.deepEqual(complaints, [], 'vscode-textmate reported a grammar problem (e.g. an endless loop)');
});

// ---------------------------------------------------------------------------------------------
/** Transcripts and where their sessions are; `bare` regions hold un-prefixed telnet-style sessions. */
const TRANSCRIPTS: { file: string; from?: number; to?: number; bare?: boolean; first?: RegExp }[] = [
  { file: 'swaks/trouble.txt' },
  { file: 'swaks/recipes.pod' },
  { file: 'postfix-docs/BDAT_README' },
  { file: 'postfix-docs/XCLIENT_README', from: 153, to: 182, bare: true, first: /^\s+220 / },
  { file: 'postfix-docs/XFORWARD_README', from: 138, to: 161, bare: true, first: /^\s+220 / },
  { file: 'postfix-docs/ETRN_README', from: 38, to: 44, bare: true, first: /^\s+220 / },
  { file: 'postfix-docs/ETRN_README', from: 204, to: 208, bare: true, first: /^\s+220 / },
  { file: 'postfix-docs/ETRN_README', from: 229, to: 233, bare: true, first: /^\s+220 / },
  { file: 'postfix-docs/ETRN_README', from: 243, to: 247, bare: true, first: /^\s+220 / },
  { file: 'postfix-docs/SMTPUTF8_README', from: 94, to: 106, bare: true, first: /^\s+220 / },
  { file: 'postfix-docs/SASL_README', from: 961, to: 970, bare: true, first: /^\s+220 / },
  { file: 'rfc/rfc5321.txt', from: 4846, to: 5160, first: /^Appendix D\./ },
  { file: 'exim-testsuite/stdout/0900' },
  { file: 'exim-testsuite/stdout/2114' },
  { file: 'sisimai-set-of-emails/lhost-postfix-75.eml' },
];

const SERVER_PREFIX = /^\s*(?:S:|<-|<~\*|<~|<\*\*|<<<|Out:)[ \t]*/;
const CLIENT_PREFIX = /^\s*(?:C:|->|~>|\*~>|\*\*>|>>>|In:)/;

/** Independent rule: where the reply code and enhanced code of a reply line are, if it is one. */
function expectedReply(line: string, bare: boolean): { code: number; cls: CodeClass; enhanced?: { at: number; cls: CodeClass } } | undefined {
  const prefix = SERVER_PREFIX.exec(line)?.[0] ?? (bare ? (/^[ \t]*/.exec(line)?.[0] ?? '') : undefined);
  if (prefix === undefined) return undefined;
  const rest = line.slice(prefix.length);
  const m = /^([2-5])\d\d(?=[ -]|$)/.exec(rest);
  if (!m) return undefined;
  const reply: { code: number; cls: CodeClass; enhanced?: { at: number; cls: CodeClass } } = { code: prefix.length, cls: classOfDigit(m[1]) };
  const e = /^\d\d\d[ -][ \t]*(([245])\.\d{1,3}\.\d{1,3})(?=[ \t]|$)/.exec(rest);
  if (e) reply.enhanced = { at: prefix.length + e[0].length - e[1].length, cls: classOfDigit(e[2]) };
  return reply;
}

function regionOf(spec: (typeof TRANSCRIPTS)[number], lines: string[]): [number, number] {
  const from = spec.from ?? 1;
  const to = spec.to ?? lines.length;
  if (spec.first) assert.match(lines[from - 1], spec.first, `${spec.file}:${from} no longer starts the session (corpus changed?)`);
  return [from, to];
}

test('transcripts: every reply line gets a reply-code scope of its class, and only reply lines do', { skip }, async (t) => {
  let replies = 0;
  for (const spec of TRANSCRIPTS) {
    const lines = await tokenize(TRANSCRIPT, spec.file);
    const [from, to] = regionOf(spec, read(spec.file));
    for (let n = from; n <= to; n++) {
      const tl = lines[n - 1];
      const expected = expectedReply(tl.line, spec.bare ?? false);
      const allowed = new Set<number>();
      if (expected) {
        replies++;
        for (const token of tokensAt(tl, expected.code, expected.code + 3)) {
          assert.deepEqual(codeScope(token), { kind: 'reply', cls: expected.cls }, `${spec.file} ${show(tl, n)}`);
        }
        allowed.add(expected.code);
        if (expected.enhanced) {
          for (const token of tokensAt(tl, expected.enhanced.at, expected.enhanced.at + 5)) {
            assert.deepEqual(codeScope(token), { kind: 'status', cls: expected.enhanced.cls }, `${spec.file} ${show(tl, n)}`);
          }
          allowed.add(expected.enhanced.at);
        }
      }
      for (const token of tl.tokens) {
        if (codeScope(token)) assert.ok(allowed.has(token.start), `${spec.file}: a code scope off the reply code position, ${show(tl, n)}`);
      }
      if (/^\?{3}/.test(tl.line)) {
        for (const token of tl.tokens) {
          assert.equal(codeScope(token), undefined, `${spec.file}: ??? is an expectation, ${show(tl, n)}`);
          assert.ok(token.scopes.includes('comment.line.expectation.exim.smtp'), `${spec.file} ${show(tl, n)}`);
        }
      }
    }
  }
  t.diagnostic(`${replies} reply lines checked`);
  assert.ok(replies > 400, `only ${replies} reply lines found`);
});

test('transcripts: DATA-phase and BDAT chunk lines are message content, not commands or replies', { skip }, async (t) => {
  let body = 0;
  let chunk = 0;
  for (const spec of TRANSCRIPTS) {
    const lines = await tokenize(TRANSCRIPT, spec.file);
    const [from, to] = regionOf(spec, read(spec.file));
    let state: 'session' | 'data' | 'bdat' = 'session';
    for (let n = from; n <= to; n++) {
      const tl = lines[n - 1];
      const line = tl.line;
      const reply = expectedReply(line, spec.bare ?? false);
      const serverSide = SERVER_PREFIX.test(line) || /^\?{3}/.test(line) || reply !== undefined;
      if (state === 'data') {
        const prefix = CLIENT_PREFIX.exec(line)?.[0] ?? '';
        if (/^[ \t]?\.[ \t]*$/.test(line.slice(prefix.length)) || (prefix === '' && /^[ \t]*\.[ \t]*$/.test(line))) {
          assert.ok(tl.tokens.some((k) => k.scopes.includes('punctuation.terminator.data.smtp')), `${spec.file} terminator ${show(tl, n)}`);
          state = 'session';
          continue;
        }
        if (serverSide) state = 'session';
        else {
          body++;
          for (const token of tl.tokens) {
            assert.ok(!token.scopes.includes('keyword.other.command.smtp'), `${spec.file}: body line read as a command, ${show(tl, n)}`);
            assert.equal(codeScope(token), undefined, `${spec.file}: body line read as a reply, ${show(tl, n)}`);
            assert.ok(token.scopes.includes('meta.data.smtp'), `${spec.file}: body line outside meta.data.smtp, ${show(tl, n)}`);
          }
          continue;
        }
      }
      if (state === 'bdat') {
        if (serverSide) state = 'session';
        else if (!/^\s*(?:(?:C:|->|~>|\*\*>|>>>)\s?)?\s*bdat\s+\d+/i.test(line)) {
          chunk++;
          for (const token of tl.tokens) {
            assert.ok(!token.scopes.includes('keyword.other.command.smtp'), `${spec.file}: chunk line read as a command, ${show(tl, n)}`);
            assert.equal(codeScope(token), undefined, `${spec.file} ${show(tl, n)}`);
          }
          continue;
        }
      }
      if (reply && /^\s*(?:(?:S:|<-|<~|<\*\*|<<<|Out:)\s*)?354/.test(line)) state = 'data';
      else if (/^\s*(?:(?:C:|->|~>|\*\*>|>>>)\s?)?\s*bdat\s+\d+/i.test(line)) state = 'bdat';
    }
  }
  t.diagnostic(`${body} DATA body lines and ${chunk} BDAT chunk lines checked`);
  assert.ok(body >= 20, `only ${body} body lines found`);
  assert.ok(chunk >= 10, `only ${chunk} chunk lines found`);
});

// ---------------------------------------------------------------------------------------------
type Expect = [text: string, cls: CodeClass];
interface Trap {
  row: number;
  file: string;
  line: number;
  scopes: string[];
  /** substrings whose tokens must carry no code scope (every occurrence) */
  notCodes: string[];
  /** real codes on the line that must carry the code scope of their class (first occurrence) */
  codes?: Expect[];
}

/** The "Tricky lines" table of SOURCES.md: per row, what must and must not be a code. */
const BOTH = [TRANSCRIPT, MAIL_LOG];
const TRAPS: Trap[] = [
  { row: 1, file: 'swaks/trouble.txt', line: 6, scopes: [TRANSCRIPT], notCodes: ['4.1.0.46072'], codes: [['220', 'success'], ['2.0.0', 'success']] },
  { row: 1, file: 'swaks/trouble.txt', line: 7, scopes: BOTH, notCodes: ['4.1.0.2', '21:57:14', '2015'] },
  { row: 2, file: 'swaks/trouble.txt', line: 9, scopes: [TRANSCRIPT], notCodes: ['162.150.4.90', '38147'], codes: [['250', 'success']] },
  { row: 2, file: 'swaks/trouble.txt', line: 16, scopes: [TRANSCRIPT], notCodes: [], codes: [['250', 'success']] },
  { row: 5, file: 'postfix-grok-patterns/test/smtp_0018.yaml', line: 2, scopes: [MAIL_LOG], notCodes: ['2607:f8b0:400e:c04::1b', '2607:4100:3:25:100::2', '0.05/0/1.1/0.71'], codes: [['550', 'permanent'], ['5.7.1', 'permanent']] },
  { row: 6, file: 'postfix-grok-patterns/test/smtpd_0030.yaml', line: 2, scopes: [MAIL_LOG], notCodes: ['061238241086', '61.238.241.86'], codes: [['550', 'permanent'], ['5.12.345', 'permanent']] },
  { row: 7, file: 'sisimai-set-of-emails/lhost-postfix-58.eml', line: 54, scopes: BOTH, notCodes: ['192.0.2.22'] },
  { row: 7, file: 'sisimai-set-of-emails/lhost-postfix-58.eml', line: 58, scopes: BOTH, notCodes: ['188131'] },
  { row: 7, file: 'sisimai-set-of-emails/lhost-postfix-58.eml', line: 59, scopes: BOTH, notCodes: ['p22nn000202cat.22'] },
  { row: 8, file: 'sisimai-set-of-emails/lhost-exchange2007-03.eml', line: 54, scopes: [MAIL_LOG], notCodes: [], codes: [['550', 'permanent'], ['5.2.3', 'permanent']] },
  { row: 9, file: 'sisimai-set-of-emails/lhost-office365-11.eml', line: 160, scopes: BOTH, notCodes: ['fe80::557e:c62b:f461:d803%2', '15.20.1813.011'] },
  { row: 9, file: 'sisimai-set-of-emails/lhost-office365-13.eml', line: 170, scopes: BOTH, notCodes: ['2603:1096:201:1::37'] },
  { row: 10, file: 'sisimai-set-of-emails/lhost-gmail-11.eml', line: 34, scopes: BOTH, notCodes: ['2606:2800:220:6d:26bf:1447:1097:aa7', ':25:'] },
  { row: 11, file: 'sisimai-set-of-emails/lhost-exchange2003-07.eml', line: 11, scopes: BOTH, notCodes: ['5.5.2699.00'] },
  { row: 11, file: 'sisimai-set-of-emails/lhost-notes-03.eml', line: 27, scopes: BOTH, notCodes: ['569.2', '2-6-1999'] },
  { row: 12, file: 'sisimai-set-of-emails/lhost-postfix-75.eml', line: 20, scopes: [TRANSCRIPT], notCodes: [], codes: [['250', 'success']] },
  { row: 12, file: 'sisimai-set-of-emails/lhost-postfix-75.eml', line: 32, scopes: [TRANSCRIPT], notCodes: ['230.0.113.2'] },
  { row: 12, file: 'sisimai-set-of-emails/lhost-postfix-75.eml', line: 33, scopes: [TRANSCRIPT], notCodes: ['53672'] },
  { row: 12, file: 'sisimai-set-of-emails/lhost-postfix-75.eml', line: 46, scopes: [TRANSCRIPT], notCodes: [], codes: [['451', 'transient'], ['4.3.0', 'transient']] },
  { row: 13, file: 'crowdsec-hub/nginx-mail-logs/nginx-mail-logs.log', line: 4, scopes: BOTH, notCodes: ['174.233.1.144', '403', '118'] },
  { row: 14, file: 'crowdsec-hub/postscreen-logs/postscreen-logs.log', line: 2, scopes: BOTH, notCodes: ['1120148', '172.16.1.1', '62873', '\\003', '\\340'] },
  { row: 15, file: 'crowdsec-hub/exchange-smtp-logs/exchange-smtp-logs.log', line: 1, scopes: [MAIL_LOG], notCodes: ['.270Z', '192.168.9.241', '192.168.9.212', ':25,'], codes: [['535', 'permanent'], ['5.7.3', 'permanent']] },
  { row: 16, file: 'fail2ban/oracleims', line: 13, scopes: [MAIL_LOG], notCodes: ['|465|', '192.245.12.223', '60766', '72a9.3b4.3774'], codes: [['235', 'success'], ['2.7.0', 'success']] },
  { row: 16, file: 'fail2ban/oracleims', line: 15, scopes: [MAIL_LOG], notCodes: ['|25|'], codes: [['535', 'permanent'], ['5.7.8', 'permanent']] },
  { row: 17, file: 'fail2ban/qmail', line: 2, scopes: [MAIL_LOG], notCodes: ['1157520813.485077', '198.51.100.77', '19597'], codes: [['451', 'transient']] },
  { row: 17, file: 'fail2ban/courier-smtp', line: 4, scopes: [MAIL_LOG], notCodes: ['::ffff:1.2.3.4'], codes: [['535', 'permanent']] },
  { row: 18, file: 'fail2ban/exim', line: 22, scopes: [MAIL_LOG], notCodes: ['rom182', '193.254.202.35', '41556', '[10.0.0.1]:25'], codes: [['535', 'permanent']] },
  { row: 19, file: 'exim-testsuite/stdout/0900', line: 5, scopes: [TRANSCRIPT], notCodes: ['250'] },
  { row: 19, file: 'exim-testsuite/stdout/0900', line: 29, scopes: [TRANSCRIPT], notCodes: [' 88 ', 'total 88'], codes: [['250', 'success']] },
  { row: 19, file: 'exim-testsuite/stdout/2114', line: 25, scopes: [TRANSCRIPT], notCodes: ['554'] },
  { row: 20, file: 'exim-testsuite/log/0622', line: 2, scopes: [MAIL_LOG], notCodes: ['10HmaY-000000005vi-0000', '127.0.0.1'], codes: [['250', 'success']] },
  { row: 20, file: 'exim-testsuite/log/0622', line: 11, scopes: [MAIL_LOG], notCodes: ['(-44)'], codes: [['452', 'transient'], ['4.5.3', 'transient']] },
  { row: 21, file: 'postfix-docs/QSHAPE_README', line: 48, scopes: BOTH, notCodes: ['160', '320', '640', '1280'] },
  { row: 21, file: 'postfix-docs/QSHAPE_README', line: 49, scopes: BOTH, notCodes: ['486', '419'] },
  { row: 21, file: 'postfix-docs/QSHAPE_README', line: 204, scopes: BOTH, notCodes: ['1709', '101', '198', '452', '849'] },
  { row: 22, file: 'rfc/rfc5321.txt', line: 3617, scopes: BOTH, notCodes: ['4.5.3.2.1', '220'] },
  { row: 22, file: 'rfc/rfc5321.txt', line: 148, scopes: BOTH, notCodes: ['4.5.3.2.1', '220'] },
  { row: 23, file: 'postfix-src-tests/smtpd_check_dsn.ref', line: 15, scopes: BOTH, notCodes: ['4.1.1_dsn', '1.2.3.4'] },
  { row: 23, file: 'postfix-src-tests/smtpd_check_dsn.ref', line: 16, scopes: [MAIL_LOG], notCodes: ['4.1.1', '4.0.0'] },
  { row: 23, file: 'postfix-src-tests/smtpd_check_dsn.ref', line: 18, scopes: [MAIL_LOG], notCodes: ['4.1.1_dsn', '1.2.3.4'], codes: [['554', 'permanent'], ['5.0.0', 'permanent']] },
  { row: 24, file: 'logwatch/DERIVED_amavis-TD-lines.txt', line: 14, scopes: BOTH, notCodes: ['10.0.0.1', '2qxz191', '-2.599', '3045', '2056', '2664'] },
  { row: 25, file: 'caesonia/INSTALL.md', line: 666, scopes: [MAIL_LOG], notCodes: ['45037', '104.47.38.33', '203.0.113.1', 'AS3150', 'FT031'], codes: [['550', 'permanent'], ['5.7.1', 'permanent']] },
  { row: 26, file: 'fail2ban/dovecot', line: 27, scopes: BOTH, notCodes: ['[241]', '192.0.2.241', '203.0.113.104'] },
  { row: 26, file: 'fail2ban/dovecot', line: 41, scopes: BOTH, notCodes: ['(304)'] },
];

test('SOURCES.md "Tricky lines": no code scope on the traps, the real codes on those lines get theirs', { skip }, async (t) => {
  const table = readFileSync(join(corpus, 'SOURCES.md'), 'utf8').split('## Tricky lines')[1] ?? '';
  const rows = [...table.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
  const uncovered = rows.filter((r) => !TRAPS.some((trap) => trap.row === r));
  if (uncovered.length) t.diagnostic(`Tricky-lines rows without a trap spec here: ${uncovered.join(', ')}`);
  assert.ok(rows.length > 0, 'SOURCES.md has a Tricky lines table');
  for (const trap of TRAPS) {
    for (const scope of trap.scopes) {
      const tl = (await tokenize(scope, trap.file))[trap.line - 1];
      const where = `${scope} ${trap.file}:${trap.line} (row ${trap.row})`;
      for (const text of trap.notCodes) {
        let at = tl.line.indexOf(text);
        assert.ok(at >= 0, `${where}: "${text}" is not on the line (corpus changed?): ${tl.line}`);
        for (; at >= 0; at = tl.line.indexOf(text, at + 1)) {
          for (const token of tokensAt(tl, at, at + text.length)) {
            assert.equal(codeScope(token), undefined, `${where}: "${text}" got a code scope\n${show(tl, trap.line)}`);
          }
        }
      }
      for (const [text, cls] of trap.codes ?? []) {
        const at = tl.line.indexOf(text);
        assert.ok(at >= 0, `${where}: "${text}" is not on the line (corpus changed?)`);
        const kind = text.includes('.') ? 'status' : 'reply';
        for (const token of tokensAt(tl, at, at + text.length)) {
          assert.deepEqual(codeScope(token), { kind, cls }, `${where}: "${text}"\n${show(tl, trap.line)}`);
        }
      }
    }
  }
});

// ---------------------------------------------------------------------------------------------
test('Postfix lines labelled with their codes (postfix-grok-patterns) get those codes scoped', { skip }, async (t) => {
  const rows = read('postfix-grok-patterns/DERIVED_data_lines.tsv')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('\t'))
    .filter(([, basic, enhanced]) => (basic && basic !== '-') || (enhanced && enhanced !== '-'));
  assert.ok(rows.length >= 10, `${rows.length} labelled rows`);
  const lines = tokenizeLines(await grammar(MAIL_LOG), rows.map((r) => r[3]));
  rows.forEach(([yaml, basic, enhanced], i) => {
    const tl = lines[i];
    for (const code of [basic, enhanced].filter((c) => c && c !== '-')) {
      const found = tl.tokens.find((k) => k.text === code && codeScope(k));
      assert.ok(found, `${yaml}: ${code} not scoped\n${show(tl, i + 1)}`);
      assert.equal(codeScope(found)!.cls, classOfDigit(code[0]), `${yaml}: ${code}`);
    }
  });
  t.diagnostic(`${rows.length} labelled lines checked`);
});

test('mail logs: every code scope sits on a code-shaped number of its own class; hard negatives have none', { skip }, async (t) => {
  const logs = allFiles().filter((f) => /^(fail2ban|crowdsec-hub|exim-testsuite\/log|logwatch|postfix-src-tests)\//.test(f) && !f.endsWith('.map.tsv'));
  const negatives = [
    'fail2ban/dovecot', 'fail2ban/kerio', 'fail2ban/domino-smtp', 'crowdsec-hub/dovecot-logs/dovecot-logs.log',
    'crowdsec-hub/nginx-mail-bf/nginx-mail-bf.log', 'crowdsec-hub/nginx-mail-logs/nginx-mail-logs.log', 'crowdsec-hub/mailscanner-logs/mailscanner-logs.log',
    'crowdsec-hub/postscreen-logs/postscreen-logs.log', 'crowdsec-hub/postfix-non-smtp/postfix-non-smtp.log', 'postfix-docs/QSHAPE_README',
  ];
  let codes = 0;
  for (const file of [...logs, ...negatives.filter((n) => !logs.includes(n))]) {
    const lines = await tokenize(MAIL_LOG, file);
    lines.forEach((tl, i) => {
      for (const token of tl.tokens) {
        const code = codeScope(token);
        if (!code) continue;
        codes++;
        assert.ok(!negatives.includes(file), `${file} has no SMTP codes, yet ${show(tl, i + 1)}`);
        const shape = code.kind === 'reply' ? /^[2-5]\d\d$/ : /^[245]\.\d{1,3}\.\d{1,3}$/;
        assert.match(token.text, shape, `${file}: ${show(tl, i + 1)}`);
        assert.equal(code.cls, classOfDigit(token.text[0]), `${file}: ${show(tl, i + 1)}`);
      }
    });
  }
  t.diagnostic(`${codes} code tokens in ${logs.length} log files`);
  assert.ok(codes > 300, `only ${codes} code tokens`);
});
