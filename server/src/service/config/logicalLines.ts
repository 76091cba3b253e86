/**
 * How each configuration format joins physical lines into logical ones.
 */
import type { LineSource } from '../documentScanner';
import { LogicalLine } from './configTypes';

/** A logical line longer than this is cut: a configuration never has one, a misnamed log might. */
const MAX_LOGICAL_LENGTH = 64 * 1024;

/**
 * Postfix main.cf, master.cf and lookup tables: a line that starts with whitespace continues the
 * previous one; blank lines and lines whose first non-blank character is `#` are ignored, even
 * inside a continued value (postconf(5), "Syntax").
 */
export function* postfixLogicalLines(lines: LineSource): Generator<LogicalLine> {
  let current: LogicalLine | undefined;
  for (let line = 0; line < lines.lineCount; line++) {
    const text = lines.lineAt(line);
    const first = text.search(/\S/);
    if (first < 0 || text[first] === '#') continue;
    const piece = text.slice(first).trimEnd();
    if (first > 0 && current && current.text.length < MAX_LOGICAL_LENGTH) {
      current.append(line, first, piece);
      continue;
    }
    if (current) yield current;
    current = new LogicalLine();
    current.append(line, first, piece);
  }
  if (current) yield current;
}

/**
 * Exim's configure file: a line ending in a backslash continues on the next, whose leading
 * whitespace is dropped; comment lines (first non-blank `#`) are skipped, also between continued lines.
 */
export function* eximLogicalLines(lines: LineSource): Generator<LogicalLine> {
  let current: LogicalLine | undefined;
  let continued = false;
  for (let line = 0; line < lines.lineCount; line++) {
    const text = lines.lineAt(line);
    const first = text.search(/\S/);
    if (first < 0) {
      if (current && !continued) {
        yield current;
        current = undefined;
      }
      continue;
    }
    if (text[first] === '#') continue;
    let piece = text.slice(first).trimEnd();
    const continues = piece.endsWith('\\');
    if (continues) piece = piece.slice(0, -1);
    if (continued && current && current.text.length < MAX_LOGICAL_LENGTH) {
      current.append(line, first, piece, '');
    } else {
      if (current) yield current;
      current = new LogicalLine();
      current.append(line, first, piece);
    }
    continued = continues;
  }
  if (current) yield current;
}
