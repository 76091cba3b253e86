/**
 * The replies of one document version, indexed by line, computed once and shared by hover,
 * diagnostics and semantic tokens.
 */
import type { Reply, CodeToken } from './replyTypes';

/** A document's replies plus a per-line index of their tokens. */
export class DocumentIndex {
  private readonly byLine = new Map<number, Array<{ token: CodeToken; reply: Reply }>>();

  constructor(readonly replies: Reply[]) {
    for (const reply of replies) {
      for (const token of reply.tokens) {
        let list = this.byLine.get(token.line);
        if (!list) this.byLine.set(token.line, (list = []));
        list.push({ token, reply });
      }
    }
    for (const list of this.byLine.values()) list.sort((a, b) => a.token.start - b.token.start);
  }

  /** The token (and its reply) covering a position, including the position right after it. */
  at(line: number, character: number): { token: CodeToken; reply: Reply } | undefined {
    return this.byLine.get(line)?.find(({ token }) => token.start <= character && character <= token.end);
  }

  /** Tokens on lines [from, to], in document order. */
  *tokensIn(from: number, to: number): Iterable<{ token: CodeToken; reply: Reply }> {
    if (to - from > this.byLine.size) {
      const lines = [...this.byLine.keys()].filter((l) => l >= from && l <= to).sort((a, b) => a - b);
      for (const line of lines) yield* this.byLine.get(line)!;
      return;
    }
    for (let line = from; line <= to; line++) {
      const list = this.byLine.get(line);
      if (list) yield* list;
    }
  }
}
