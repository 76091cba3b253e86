import { LSPErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver';

/**
 * Runs a request handler so that it can never take the server down: cancellation is honoured
 * before and after the work, and any exception is logged and answered with `fallback`.
 */
export function runSafe<T>(connection: Connection, what: string, uri: string | undefined, token: CancellationToken | undefined, work: () => T): T | ResponseError<void> {
  if (token?.isCancellationRequested) return cancelled();
  try {
    const result = work();
    if (token?.isCancellationRequested) return cancelled();
    return result;
  } catch (error) {
    connection.console.error(formatError(`Error while computing ${what}${uri ? ` for ${uri}` : ''}`, error));
    return new ResponseError(-32603 /* InternalError */, `smtp-codes: ${what} failed; see the server log.`);
  }
}

/** Like runSafe for work whose failure should yield a value (a notification handler, a background scan). */
export function runSafeOr<T>(connection: Connection, what: string, uri: string | undefined, fallback: T, work: () => T): T {
  try {
    return work();
  } catch (error) {
    connection.console.error(formatError(`Error while computing ${what}${uri ? ` for ${uri}` : ''}`, error));
    return fallback;
  }
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}

export function formatError(message: string, error: unknown): string {
  if (error instanceof Error) return `${message}: ${error.message}\n${error.stack ?? ''}`;
  return `${message}: ${String(error)}`;
}
