// Loads this repository's TextMate grammars into vscode-textmate (the tokenizer VS Code uses)
// for the grammar tests.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

export const TRANSCRIPT = 'source.smtp-transcript';
export const MAIL_LOG = 'source.mail-log';

const GRAMMAR_FILES: Record<string, string> = {
  [TRANSCRIPT]: 'syntaxes/smtp-transcript.tmLanguage.json',
  [MAIL_LOG]: 'syntaxes/mail-log.tmLanguage.json',
};

/** The repository root: the nearest directory above this file whose package.json is named smtp-codes. */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'smtp-codes') return dir;
      } catch {
        // not ours; keep walking up
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json named "smtp-codes" above ${__dirname}`);
    dir = parent;
  }
}

export function grammarPath(scopeName: string): string {
  return join(repoRoot(), GRAMMAR_FILES[scopeName]);
}

let wasmLoaded: Promise<void> | undefined;

function loadOniguruma(): Promise<void> {
  if (!wasmLoaded) {
    const wasm = readFileSync(join(repoRoot(), 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
    wasmLoaded = oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  }
  return wasmLoaded;
}

/** A registry over the two grammars, optionally with a theme (for colour checks). */
export async function createRegistry(theme?: vsctm.IRawTheme): Promise<vsctm.Registry> {
  await loadOniguruma();
  return new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName: string) => {
      const file = GRAMMAR_FILES[scopeName];
      if (!file) return null;
      const path = join(repoRoot(), file);
      return vsctm.parseRawGrammar(readFileSync(path, 'utf8'), path);
    },
    theme,
  });
}

export async function loadGrammar(scopeName: string, registry?: vsctm.Registry): Promise<vsctm.IGrammar> {
  const grammar = await (registry ?? (await createRegistry())).loadGrammar(scopeName);
  if (!grammar) throw new Error(`grammar ${scopeName} did not load`);
  return grammar;
}

export interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly scopes: readonly string[];
}

export interface TokenizedLine {
  readonly line: string;
  readonly tokens: readonly Token[];
  readonly stoppedEarly: boolean;
}

/** Tokenizes lines in order, carrying the rule stack as VS Code does. */
export function tokenizeLines(grammar: vsctm.IGrammar, lines: readonly string[], timeLimitMs = 0): TokenizedLine[] {
  let state: vsctm.StateStack = vsctm.INITIAL;
  return lines.map((line) => {
    const result = grammar.tokenizeLine(line, state, timeLimitMs);
    state = result.ruleStack;
    return {
      line,
      stoppedEarly: result.stoppedEarly,
      tokens: result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), start: t.startIndex, end: t.endIndex, scopes: t.scopes })),
    };
  });
}

export type CodeClass = 'success' | 'intermediate' | 'transient' | 'permanent';

const CODE_SCOPE = /^constant\.numeric\.(reply|status)\.(success|intermediate|transient|permanent)\.smtp$/;

/** The code scope on a token, if it has one: which kind (reply / enhanced status) and which class. */
export function codeScope(token: Token): { kind: 'reply' | 'status'; cls: CodeClass } | undefined {
  for (const scope of token.scopes) {
    const m = CODE_SCOPE.exec(scope);
    if (m) return { kind: m[1] as 'reply' | 'status', cls: m[2] as CodeClass };
  }
  return undefined;
}

export function classOfDigit(digit: string): CodeClass {
  return ({ '2': 'success', '3': 'intermediate', '4': 'transient', '5': 'permanent' } as const)[digit as '2' | '3' | '4' | '5'];
}

/** Tokens overlapping [start, end). */
export function tokensAt(tokenized: TokenizedLine, start: number, end: number): Token[] {
  return tokenized.tokens.filter((t) => t.start < end && t.end > start);
}

/** Foreground colour id of a binary token (vscode-textmate's EncodedTokenAttributes: bits 15-23). */
export function foregroundOf(metadata: number): number {
  return (metadata & 0b0000_0000_1111_1111_1000_0000_0000_0000) >>> 15;
}
