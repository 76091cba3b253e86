import type { Catalog, CodeInfo } from './catalog';

/** Codes written in free text: "550", "5.1.1", also inside a pasted reply such as "550-5.7.26 This mail...". */
const CODES_IN_TEXT = /(?<![\w.])(?:[245]\.\d{1,3}\.\d{1,3}|[2-5][0-5]\d)(?![\w]|\.\d)/g;
/** A code being typed: "5", "55", "5.1", "5.7.2". */
const PARTIAL_CODE = /^[2-5](?:\d{0,2}|\.\d{0,3}(?:\.\d{0,3})?)$/;
const STOP_WORDS = new Set(['a', 'an', 'the', 'is', 'of', 'to', 'in', 'on', 'for', 'and', 'or', 'not', 'my', 'code', 'error', 'smtp']);

/** The distinct codes mentioned in a piece of text, in order of appearance. */
export function codesInText(text: string): string[] {
  const seen = new Set<string>();
  for (const match of text.matchAll(CODES_IN_TEXT)) seen.add(match[0]);
  return [...seen];
}

/**
 * Finds catalogue entries for what a user typed: codes in the text first (exact),
 * then codes that start with a partial code, then entries matching all the words.
 */
export function searchCodes(catalog: Catalog, query: string, limit = 50): CodeInfo[] {
  const trimmed = query.trim();
  if (!trimmed) return catalog.all().slice(0, limit);
  const results: CodeInfo[] = [];
  const taken = new Set<string>();
  const add = (info: CodeInfo | undefined) => {
    if (info && !taken.has(info.code)) {
      taken.add(info.code);
      results.push(info);
    }
  };

  for (const code of codesInText(trimmed)) add(catalog.lookup(code));
  if (PARTIAL_CODE.test(trimmed)) {
    for (const info of catalog.all()) if (info.code.startsWith(trimmed)) add(info);
  }

  const words = trimmed
    .toLowerCase()
    .split(/[^a-z0-9.]+/)
    .filter((w) => w && !STOP_WORDS.has(w) && !/^\d/.test(w));
  if (words.length > 0) {
    const phrase = words.join(' ');
    const scored: Array<{ info: CodeInfo; score: number }> = [];
    for (const info of catalog.all()) {
      const score = wordScore(info, words, phrase);
      if (score > 0) scored.push({ info, score });
    }
    scored.sort((a, b) => b.score - a.score);
    for (const { info } of scored) add(info);
  }
  return results.slice(0, limit);
}

/** 0 unless every word occurs somewhere; higher when words hit the title or keywords. */
function wordScore(info: CodeInfo, words: string[], phrase: string): number {
  const title = info.title.toLowerCase();
  const keywords = info.keywords.map((k) => k.toLowerCase());
  const body = (info.explanation + ' ' + info.causes.join(' ')).toLowerCase();
  let score = 0;
  for (const word of words) {
    if (title.includes(word)) score += 4;
    else if (keywords.some((k) => k.includes(word))) score += 3;
    else if (body.includes(word)) score += 1;
    else return 0;
  }
  if (keywords.some((k) => k === phrase) || title === phrase) score += 12;
  else if (keywords.some((k) => k.includes(phrase)) || title.includes(phrase)) score += 6;
  if (!info.standard) score -= 1;
  return score;
}
