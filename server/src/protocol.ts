/**
 * Custom requests between the VS Code client and the server, declared once for both sides.
 * Plain method names and JSON payloads, so other editors can call them too.
 */
import type { CodeInfo } from './service/catalog';
import type { TimeSummary } from './requestTimes';
import type { FailureSummary } from './service/failureSummary';

/** `smtpCodes/search`: catalogue entries for a query ("550", "5.1", "mailbox full", a pasted reply line). */
export const SearchRequest = 'smtpCodes/search';
export interface SearchParams {
  query: string;
  limit?: number;
}
export type SearchResult = CodeInfo[];

/** `smtpCodes/explain`: markdown explaining the codes in a text, or null when there are none. */
export const ExplainRequest = 'smtpCodes/explain';
export interface ExplainParams {
  text: string;
}
export type ExplainResult = { markdown: string; codes: string[] } | null;

/** `smtpCodes/failures`: every failure in an open document, grouped by code. */
export const FailuresRequest = 'smtpCodes/failures';
export interface FailuresParams {
  uri: string;
}
export type FailuresResult = FailureSummary | null;

/** `smtpCodes/codeAt`: the codes of the reply at a position (for "Explain Code at Cursor"). */
export const CodeAtRequest = 'smtpCodes/codeAt';
export interface CodeAtParams {
  uri: string;
  line: number;
  character: number;
}
export type CodeAtResult = { codes: string[]; markdown: string } | null;

/**
 * `smtpCodes/requestTimes`: how long the server itself took to answer its recent hovers and
 * semantic token requests, in milliseconds, by LSP method (waiting in the queue not counted).
 */
export const RequestTimesRequest = 'smtpCodes/requestTimes';
export type RequestTimesResult = Record<string, TimeSummary>;
