/**
 * Mail configurations read in segments, so that a large one (an access table or blocklist of
 * 100,000 entries) costs an edit, a hover or a quick-fix request about as much as a small one.
 *
 * A Postfix file's logical lines stand alone, so a segment is the run of whole logical lines that
 * starts in one of the document's chunks: from the chunk's first line that starts an entry to the
 * next such line in a later chunk. Each segment is read once and kept while its chunks are
 * unchanged, with its lines counted from its start (an edit above it only moves it). A lookup
 * table also has one property of the whole (whether it is an access table, and whose): each
 * segment tells its own, and a change in the whole reads every segment again. Exim's
 * configuration carries ACL state from line to line: it is one segment.
 */
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import type { Catalog } from '../catalog';
import type { Chunk, ChunkedDocument } from '../chunkedDocument';
import { truncationNote } from '../diagnostics';
import { DocumentIndex } from '../documentIndex';
import type { LineSource } from '../documentScanner';
import { shiftedReply } from '../logRecognizers';
import type { Reply } from '../replyTypes';
import { ConfigCollector } from './collector';
import { analyzeConfig, problemsOf, toDiagnostic } from './configService';
import type { ConfigProblem } from './configTypes';
import { analyzeTableEntries, readTableEntries, type TableKind } from './postfixTable';

/** About how many lines a segment holds: a hover reads one, an edit's chunk a few. */
const SEGMENT_LINES = 256;
/** Segments whose replies stay indexed (a screenful's hovers and tokens, in a few documents). */
const KEPT_INDEXES = 16;

/** What was read of one segment, with lines counted from its start. */
interface SegmentScan {
  /** The chunks its lines come from, and where in the first and last of them it starts and ends. */
  readonly chunks: readonly Chunk[];
  readonly startOffset: number;
  readonly endOffset: number;
  /** A lookup table's: what this segment's entries say of the table. */
  kind?: TableKind;
  /** Its problems, and how they were read (`SegmentedVersion.readAs`). */
  analysis?: { readAs: string; problems: ConfigProblem[] };
  /**
   * Its replies indexed at the document lines it last stood at: kept for the last few segments
   * asked about only (every segment's replies would cost some 6 MB per MB of table).
   */
  index?: { uri: string; start: number; readAs: string; index: DocumentIndex };
}

interface Segment {
  /** Document lines [start, end). */
  start: number;
  end: number;
  scan: SegmentScan;
}

/** One version of a document, cut into segments. */
interface SegmentedVersion {
  uri: string;
  revision: number;
  languageId: string;
  segments: Segment[];
  /** How its segments are read: the language id, and a table's kind once every segment has told its part. */
  readAs: string;
  /** A lookup table's kind, from every segment's. */
  kind?: TableKind;
}

/** Whether a Postfix-format line starts a logical line whatever comes before it (not indented, blank or a comment). */
function startsEntry(text: string): boolean {
  const first = text.charCodeAt(0);
  return text.length > 0 && first !== 32 && first !== 9 && first !== 35 && /\S/.test(text[0]);
}

const kindKeyOf = (kind: TableKind) => `${kind.sendmail ? 'sendmail' : 'postfix'}/${kind.accessLike ? 'access' : 'lookup'}`;

/**
 * A segment's lines, counted from 0, read from the chunks it was cut from: what is read is what
 * the cache keys on, even if the document has changed since its version was cut into segments.
 */
function linesOfScan(scan: SegmentScan): LineSource {
  const { chunks, startOffset, endOffset } = scan;
  // Segment line k is line k - shift[i] of chunk i, for the last chunk i with first[i] <= k.
  const first: number[] = [];
  const shift: number[] = [];
  let lineCount = 0;
  for (let i = 0; i < chunks.length; i++) {
    const from = i === 0 ? startOffset : 0;
    const to = i === chunks.length - 1 ? endOffset : chunks[i].lineCount;
    first.push(lineCount);
    shift.push(lineCount - from);
    lineCount += Math.max(0, to - from);
  }
  let at = 0;
  return {
    lineCount,
    lineAt(line) {
      // Read in order, mostly: start from the chunk of the last line asked for.
      if (at >= chunks.length || first[at] > line) at = 0;
      while (at + 1 < chunks.length && first[at + 1] <= line) at++;
      return chunks[at].lineAt(line - shift[at]);
    },
  };
}

export class SegmentedConfig {
  /** Per chunk: the segments that start in it, by the line they start at, as last read. */
  private readonly scans = new WeakMap<Chunk, Map<number, SegmentScan>>();
  /** Per chunk: the lines where segments start in it (Postfix formats). */
  private readonly segmentStarts = new WeakMap<Chunk, number[]>();
  private readonly versions = new Map<string, SegmentedVersion>();
  /** The segments whose replies are kept indexed, the most recently asked last. */
  private indexed: SegmentScan[] = [];

  constructor(private readonly catalog: Catalog) {}

  /** The first `limit` problems, in document order, as diagnostics, and a note of how many more there are. */
  diagnostics(document: ChunkedDocument, limit: number): Diagnostic[] {
    const version = this.version(document);
    const diagnostics: Diagnostic[] = [];
    let total = 0;
    for (const segment of version.segments) {
      const { problems } = this.analysis(version, segment);
      total += problems.length;
      for (let i = 0; i < problems.length && diagnostics.length < limit; i++) diagnostics.push(toDiagnostic(problems[i], segment.start));
    }
    const left = total - diagnostics.length;
    if (left > 0) diagnostics.push(truncationNote(`${left} more problem${left === 1 ? '' : 's'} not shown (${total} in all; limit smtpCodes.diagnostics.maxProblems = ${limit}).`));
    return diagnostics;
  }

  /** Every problem on lines [from, to], as diagnostics (what quick fixes are offered for). */
  diagnosticsIn(document: ChunkedDocument, range: Range): Diagnostic[] {
    const version = this.version(document);
    const diagnostics: Diagnostic[] = [];
    for (const segment of this.overlapping(version, range.start.line, range.end.line)) {
      for (const problem of this.analysis(version, segment).problems) diagnostics.push(toDiagnostic(problem, segment.start));
    }
    return diagnostics;
  }

  /** The configured replies on lines [from, to] (and the rest of their segments). */
  repliesAround(document: ChunkedDocument, from: number, to: number): DocumentIndex {
    const version = this.version(document);
    const segments = this.overlapping(version, from, to);
    if (segments.length === 1) return this.indexOf(version, segments[0]);
    const replies: Reply[] = [];
    for (const segment of segments) replies.push(...this.indexOf(version, segment).replies);
    return new DocumentIndex(replies);
  }

  forget(uri: string): void {
    this.versions.delete(uri);
    // Its kept indexes go too (an Exim configuration's scan holds every chunk of its document).
    for (const scan of this.indexed) if (scan.index?.uri === uri) scan.index = undefined;
    this.indexed = this.indexed.filter((scan) => scan.index !== undefined);
  }

  /**
   * The chunk's lines where a segment starts: its first line that starts an entry, then the next
   * such line each SEGMENT_LINES or more further on. Exim's configuration is one segment.
   */
  private startsIn(chunk: Chunk, languageId: string): number[] {
    if (languageId === 'exim-config') return [];
    let starts = this.segmentStarts.get(chunk);
    if (starts) return starts;
    starts = [];
    for (let line = 0; line < chunk.lineCount; line++) {
      if ((starts.length === 0 || line - starts[starts.length - 1] >= SEGMENT_LINES) && startsEntry(chunk.lineAt(line))) starts.push(line);
    }
    this.segmentStarts.set(chunk, starts);
    return starts;
  }

  private overlapping(version: SegmentedVersion, from: number, to: number): Segment[] {
    const { segments } = version;
    // The last segment starting at or before `from`, then on while they start by `to`.
    let low = 0;
    let high = segments.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (segments[middle].start <= from) low = middle;
      else high = middle - 1;
    }
    const found: Segment[] = [];
    for (let i = low; i < segments.length && (i === low || segments[i].start <= to); i++) found.push(segments[i]);
    return found;
  }

  private indexOf(version: SegmentedVersion, segment: Segment): DocumentIndex {
    const scan = segment.scan;
    const { readAs } = version;
    const kept = scan.index;
    if (kept && kept.start === segment.start && kept.readAs === readAs) return kept.index;
    const { replies } = this.read(version, segment);
    const index = new DocumentIndex(replies.map((reply) => shiftedReply(reply, segment.start)));
    scan.index = { uri: version.uri, start: segment.start, readAs, index };
    this.indexed = this.indexed.filter((other) => other !== scan);
    this.indexed.push(scan);
    if (this.indexed.length > KEPT_INDEXES) this.indexed.shift()!.index = undefined;
    return index;
  }

  /** The segment's problems (lines from its start), read now if they are not current. */
  private analysis(version: SegmentedVersion, segment: Segment): NonNullable<SegmentScan['analysis']> {
    const scan = segment.scan;
    if (scan.analysis && scan.analysis.readAs === version.readAs) return scan.analysis;
    return this.read(version, segment).analysis;
  }

  /** Reads a segment: its problems are kept, its replies handed back. */
  private read(version: SegmentedVersion, segment: Segment): { analysis: NonNullable<SegmentScan['analysis']>; replies: Reply[] } {
    const scan = segment.scan;
    const lines = linesOfScan(scan);
    let out: ConfigCollector;
    if (version.kind) {
      out = new ConfigCollector();
      analyzeTableEntries(readTableEntries(lines).entries, version.kind, out);
    } else {
      out = analyzeConfig(lines, version.languageId);
    }
    scan.analysis = { readAs: version.readAs, problems: problemsOf(this.catalog, out) };
    return { analysis: scan.analysis, replies: out.replies };
  }

  /**
   * Reads what the first diagnostics need a step at a time (a chunk's segment starts, then a
   * segment's part in a table's kind), so that a caller can yield between steps. A change to the
   * document between steps ends it: what it read stays right (segments read their own chunks),
   * and the reading of the new text is the next one's to do.
   */
  *prepare(document: ChunkedDocument): Generator<void, true> {
    const revision = document.revision;
    const chunks = [...document.chunkList()].map(({ chunk }) => chunk);
    for (const chunk of chunks) {
      if (document.languageId === 'exim-config' || this.segmentStarts.has(chunk)) continue;
      this.startsIn(chunk, document.languageId);
      yield;
      if (document.revision !== revision) return true;
    }
    if (document.languageId === 'postfix-table') {
      for (const segment of this.segments(document).segments) {
        if (segment.scan.kind) continue;
        this.readKind(segment);
        yield;
        if (document.revision !== revision) return true;
      }
    }
    // Then every segment's problems, so that diagnostics only gather them.
    const version = this.version(document);
    for (const segment of version.segments) {
      if (segment.scan.analysis?.readAs === version.readAs) continue;
      this.analysis(version, segment);
      yield;
      if (document.revision !== revision) return true;
    }
    return true;
  }

  /** What a table's segment says of the table (`TableKind`). Its entries are read again when the segment is (most never are: diagnostics stop at a cap). */
  private readKind(segment: Segment): TableKind {
    return (segment.scan.kind ??= readTableEntries(linesOfScan(segment.scan)).kind);
  }

  /** The document's segments for its current text, and a table's kind. */
  private version(document: ChunkedDocument): SegmentedVersion {
    const version = this.segments(document);
    if (version.languageId === 'postfix-table' && !version.kind) {
      // The table is an access table (or Sendmail's) when any segment says so.
      const kind: TableKind = { sendmail: false, accessLike: false };
      for (const segment of version.segments) {
        const own = this.readKind(segment);
        kind.sendmail ||= own.sendmail;
        kind.accessLike ||= own.accessLike;
      }
      version.kind = kind;
      version.readAs = `${version.languageId}:${kindKeyOf(kind)}`;
    }
    return version;
  }

  /** The document's segments for its current text, worked out once per version. */
  private segments(document: ChunkedDocument): SegmentedVersion {
    const kept = this.versions.get(document.uri);
    if (kept && kept.revision === document.revision && kept.languageId === document.languageId) return kept;
    const languageId = document.languageId;
    const chunks = [...document.chunkList()];
    // Where segments start: [chunk index, line in it].
    const starts: Array<[number, number]> = [];
    for (let i = 0; i < chunks.length; i++) {
      for (const line of this.startsIn(chunks[i].chunk, languageId)) starts.push([i, line]);
    }
    if (starts.length === 0 || starts[0][0] !== 0 || starts[0][1] !== 0) starts.unshift([0, 0]);
    const segments: Segment[] = [];
    for (let s = 0; s < starts.length; s++) {
      const [firstChunk, startOffset] = starts[s];
      const [lastChunk, endOffset] = s + 1 < starts.length ? starts[s + 1] : [chunks.length - 1, chunks[chunks.length - 1].chunk.lineCount];
      // A segment that ends where a chunk starts takes nothing of that chunk.
      const upTo = endOffset === 0 && lastChunk > firstChunk ? lastChunk - 1 : lastChunk;
      const used = chunks.slice(firstChunk, upTo + 1).map((c) => c.chunk);
      const end = upTo === lastChunk ? chunks[lastChunk].firstLine + endOffset : chunks[upTo].firstLine + chunks[upTo].chunk.lineCount;
      const start = chunks[firstChunk].firstLine + startOffset;
      const relativeEnd = end - chunks[upTo].firstLine;
      let inChunk = this.scans.get(used[0]);
      if (!inChunk) this.scans.set(used[0], (inChunk = new Map()));
      let scan = inChunk.get(startOffset);
      const same = scan && scan.endOffset === relativeEnd && scan.chunks.length === used.length && scan.chunks.every((c, i) => c === used[i]);
      if (!same) {
        scan = { chunks: used, startOffset, endOffset: relativeEnd };
        inChunk.set(startOffset, scan);
      }
      segments.push({ start, end, scan: scan! });
    }
    const version: SegmentedVersion = { uri: document.uri, revision: document.revision, languageId, segments, readAs: languageId };
    this.versions.set(document.uri, version);
    return version;
  }
}
