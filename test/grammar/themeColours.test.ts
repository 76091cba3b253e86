// The four code classes must look different in Dark+, Light+ and both High Contrast themes,
// both as TextMate tokens (grammar scopes through vscode-textmate's own theme matching) and as
// semantic tokens (package.json semanticTokenScopes, resolved the way VS Code resolves them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vsctm from 'vscode-textmate';
import { CodeClass, createRegistry, foregroundOf, loadGrammar, MAIL_LOG, repoRoot, TRANSCRIPT } from './textmate';

type Rule = { scope?: string; settings: { foreground: string } };

/**
 * The rules of VS Code's default themes (extensions/theme-defaults in microsoft/vscode:
 * dark_vs+dark_plus, light_vs+light_plus, hc_black, hc_light) for the selectors that can reach
 * our scopes, plus a few common ones. Only colour values are taken, as facts.
 */
const THEMES: Record<string, Rule[]> = {
  'Dark+': [
    { settings: { foreground: '#D4D4D4' } },
    { scope: 'comment', settings: { foreground: '#6A9955' } },
    { scope: 'constant.language', settings: { foreground: '#569CD6' } },
    { scope: 'constant.numeric', settings: { foreground: '#B5CEA8' } },
    { scope: 'invalid', settings: { foreground: '#F44747' } },
    { scope: 'markup.inserted', settings: { foreground: '#B5CEA8' } },
    { scope: 'markup.deleted', settings: { foreground: '#CE9178' } },
    { scope: 'markup.changed', settings: { foreground: '#569CD6' } },
    { scope: 'string', settings: { foreground: '#CE9178' } },
    { scope: 'keyword', settings: { foreground: '#569CD6' } },
    { scope: 'variable', settings: { foreground: '#9CDCFE' } },
    { scope: 'entity.name.function', settings: { foreground: '#DCDCAA' } },
    { scope: 'entity.name.type', settings: { foreground: '#4EC9B0' } },
  ],
  'Light+': [
    { settings: { foreground: '#000000' } },
    { scope: 'comment', settings: { foreground: '#008000' } },
    { scope: 'constant.language', settings: { foreground: '#0000FF' } },
    { scope: 'constant.numeric', settings: { foreground: '#098658' } },
    { scope: 'invalid', settings: { foreground: '#CD3131' } },
    { scope: 'markup.inserted', settings: { foreground: '#098658' } },
    { scope: 'markup.deleted', settings: { foreground: '#A31515' } },
    { scope: 'markup.changed', settings: { foreground: '#0451A5' } },
    { scope: 'string', settings: { foreground: '#A31515' } },
    { scope: 'keyword', settings: { foreground: '#0000FF' } },
    { scope: 'variable', settings: { foreground: '#001080' } },
    { scope: 'entity.name.function', settings: { foreground: '#795E26' } },
    { scope: 'entity.name.type', settings: { foreground: '#267F99' } },
  ],
  'Dark High Contrast': [
    { settings: { foreground: '#FFFFFF' } },
    { scope: 'comment', settings: { foreground: '#7CA668' } },
    { scope: 'constant.language', settings: { foreground: '#569CD6' } },
    { scope: 'constant.numeric', settings: { foreground: '#B5CEA8' } },
    { scope: 'invalid', settings: { foreground: '#F44747' } },
    { scope: 'markup.inserted', settings: { foreground: '#B5CEA8' } },
    { scope: 'markup.deleted', settings: { foreground: '#CE9178' } },
    { scope: 'markup.changed', settings: { foreground: '#569CD6' } },
    { scope: 'string', settings: { foreground: '#CE9178' } },
    { scope: 'keyword', settings: { foreground: '#569CD6' } },
    { scope: 'variable', settings: { foreground: '#9CDCFE' } },
    { scope: 'entity.name.function', settings: { foreground: '#DCDCAA' } },
    { scope: 'entity.name.type', settings: { foreground: '#4EC9B0' } },
  ],
  'Light High Contrast': [
    { settings: { foreground: '#292929' } },
    { scope: 'comment', settings: { foreground: '#515151' } },
    { scope: 'constant.language', settings: { foreground: '#0F4A85' } },
    { scope: 'constant.numeric', settings: { foreground: '#096D48' } },
    { scope: 'invalid', settings: { foreground: '#B5200D' } },
    { scope: 'markup.inserted', settings: { foreground: '#096D48' } },
    { scope: 'markup.deleted', settings: { foreground: '#5A5A5A' } },
    { scope: 'markup.changed', settings: { foreground: '#0451A5' } },
    { scope: 'string', settings: { foreground: '#0F4A85' } },
    { scope: 'keyword', settings: { foreground: '#0F4A85' } },
    { scope: 'keyword.control', settings: { foreground: '#B5200D' } },
    { scope: 'variable', settings: { foreground: '#001080' } },
    { scope: 'entity.name.function', settings: { foreground: '#5E2CBC' } },
    { scope: 'entity.name.type', settings: { foreground: '#185E73' } },
    { scope: 'token.info-token', settings: { foreground: '#316BCD' } },
    { scope: 'token.warn-token', settings: { foreground: '#CD9731' } },
    { scope: 'token.error-token', settings: { foreground: '#CD3131' } },
  ],
};

/** What syntaxes/README.md promises for each theme. */
const EXPECTED: Record<string, Record<CodeClass, string>> = {
  'Dark+': { success: '#B5CEA8', intermediate: '#569CD6', transient: '#DCDCAA', permanent: '#F44747' },
  'Light+': { success: '#098658', intermediate: '#0000FF', transient: '#795E26', permanent: '#CD3131' },
  'Dark High Contrast': { success: '#B5CEA8', intermediate: '#569CD6', transient: '#DCDCAA', permanent: '#F44747' },
  'Light High Contrast': { success: '#096D48', intermediate: '#0F4A85', transient: '#CD9731', permanent: '#B5200D' },
};

const CLASSES: CodeClass[] = ['success', 'intermediate', 'transient', 'permanent'];

/** A line and the text whose colour is checked, per class. */
const TRANSCRIPT_SAMPLES: Record<CodeClass, { line: string; text: string }[]> = {
  success: [{ line: 'S: 250 2.1.5 Ok', text: '250' }, { line: 'S: 250 2.1.5 Ok', text: '2.1.5' }, { line: '250-PIPELINING', text: '250' }],
  intermediate: [{ line: 'S: 354 End data with <CR><LF>.<CR><LF>', text: '354' }, { line: '<-  334 VXNlcm5hbWU6', text: '334' }],
  transient: [{ line: 'S: 451 4.3.0 Try again', text: '451' }, { line: 'S: 451 4.3.0 Try again', text: '4.3.0' }],
  permanent: [{ line: 'S: 550 5.1.1 No such user', text: '550' }, { line: 'S: 550 5.1.1 No such user', text: '5.1.1' }],
};

const MAIL_LOG_SAMPLES: Record<Exclude<CodeClass, 'intermediate'>, { line: string; text: string }[]> = {
  success: [{ line: 'Nov 25 06:10:03 mx1 postfix/smtp[1]: 7EE668039: dsn=2.0.0, status=sent (250 2.0.0 Ok)', text: 'sent' }],
  transient: [{ line: 'Nov 25 06:10:03 mx1 postfix/smtp[1]: 7EE668039: dsn=4.4.1, status=deferred (host x[192.0.2.1] said: 451 4.4.1 later)', text: 'deferred' }],
  permanent: [{ line: 'Nov 25 06:10:03 mx1 postfix/smtp[1]: 7EE668039: dsn=5.1.1, status=bounced (host x[192.0.2.1] said: 550 5.1.1 unknown)', text: 'bounced' }],
};

async function colourOf(theme: string, scopeName: string, line: string, text: string): Promise<string> {
  const registry = await createRegistry({ name: theme, settings: THEMES[theme] } as vsctm.IRawTheme);
  const grammar = await loadGrammar(scopeName, registry);
  const { tokens } = grammar.tokenizeLine2(line, vsctm.INITIAL);
  const at = line.indexOf(text);
  assert.ok(at >= 0, `${text} in ${line}`);
  let colour = '';
  for (let i = 0; i < tokens.length; i += 2) {
    const start = tokens[i];
    const end = i + 2 < tokens.length ? tokens[i + 2] : line.length;
    if (start <= at && at < end) colour = registry.getColorMap()[foregroundOf(tokens[i + 1])];
  }
  return colour.toUpperCase();
}

for (const theme of Object.keys(THEMES)) {
  test(`${theme}: reply and status codes of the four classes get four different colours`, async () => {
    const seen = new Map<CodeClass, string>();
    for (const cls of CLASSES) {
      for (const { line, text } of TRANSCRIPT_SAMPLES[cls]) {
        const colour = await colourOf(theme, TRANSCRIPT, line, text);
        assert.equal(colour, EXPECTED[theme][cls], `${theme}: ${text} in "${line}" (${cls})`);
        seen.set(cls, colour);
      }
    }
    assert.equal(new Set(seen.values()).size, 4, `${theme}: ${JSON.stringify(Object.fromEntries(seen))}`);
  });

  test(`${theme}: mail-log codes and status= words wear their class colour`, async () => {
    for (const cls of ['success', 'transient', 'permanent'] as const) {
      for (const { line, text } of MAIL_LOG_SAMPLES[cls]) {
        assert.equal(await colourOf(theme, MAIL_LOG, line, text), EXPECTED[theme][cls], `${theme}: ${text} in "${line}"`);
      }
    }
    const line = 'Nov 25 06:10:03 mx1 postfix/smtpd[550]: NOQUEUE: reject: RCPT from x[192.0.2.1]: 550 5.1.1 <a@example.com>: unknown';
    const code = await colourOf(theme, MAIL_LOG, line.replace('[550]', '[1]'), '550');
    assert.equal(code, EXPECTED[theme].permanent, `${theme}: the reject code`);
    assert.notEqual(await colourOf(theme, MAIL_LOG, line, '550'), EXPECTED[theme].permanent, `${theme}: the PID [550] must not look like a code`);
  });
}

/** VS Code's resolution of semanticTokenScopes: the first scope a theme rule matches wins (ColorThemeData.resolveScopes). */
function resolveProbe(theme: Rule[], probes: string[]): string | undefined {
  for (const probe of probes) {
    let best: { score: number; colour: string } | undefined;
    for (const rule of theme) {
      if (!rule.scope) continue;
      if (probe === rule.scope || probe.startsWith(`${rule.scope}.`)) {
        const score = rule.scope.split('.').length;
        if (!best || score >= best.score) best = { score, colour: rule.settings.foreground };
      }
    }
    if (best) return best.colour.toUpperCase();
  }
  return undefined;
}

test('package.json: semantic token types and scopes resolve to the same four colours per theme', () => {
  const manifest = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as {
    contributes: {
      semanticTokenTypes?: { id: string; superType?: string; description?: string }[];
      semanticTokenScopes?: { language?: string; scopes: Record<string, string[]> }[];
    };
  };
  const types = manifest.contributes.semanticTokenTypes ?? [];
  const byClass: Record<CodeClass, string> = { success: 'smtpSuccess', intermediate: 'smtpIntermediate', transient: 'smtpTransient', permanent: 'smtpPermanent' };
  for (const id of Object.values(byClass)) {
    const type = types.find((t) => t.id === id);
    assert.ok(type, `semanticTokenTypes declares ${id}`);
    assert.equal(type.superType, 'number');
    assert.ok(type.description);
  }
  const scopes = Object.assign({}, ...(manifest.contributes.semanticTokenScopes ?? []).map((s) => s.scopes)) as Record<string, string[]>;
  for (const theme of Object.keys(THEMES)) {
    const colours = new Set<string>();
    for (const cls of CLASSES) {
      for (const selector of [byClass[cls], `${byClass[cls]}.enhanced`]) {
        if (cls === 'intermediate' && selector.endsWith('.enhanced')) continue;
        const probes = scopes[selector];
        assert.ok(probes?.length, `semanticTokenScopes maps ${selector}`);
        assert.ok(probes.some((p) => p.startsWith(cls === 'intermediate' ? 'constant.numeric.reply.' : 'constant.numeric.')), `${selector} falls back to a constant.numeric scope`);
        assert.equal(resolveProbe(THEMES[theme], probes), EXPECTED[theme][cls], `${theme}: ${selector}`);
      }
      colours.add(EXPECTED[theme][cls]);
    }
    assert.equal(colours.size, 4, theme);
  }
});
