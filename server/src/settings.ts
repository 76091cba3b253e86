import type { Connection } from 'vscode-languageserver';
import { DEFAULT_DIAGNOSTIC_SETTINGS, type DiagnosticSettings, type SeveritySetting } from './service/diagnostics';

/** The `smtpCodes.*` settings the server uses, read per document (never cached: changes apply at once). */
export interface ServerSettings {
  diagnostics: DiagnosticSettings;
  enableForPlainText: boolean;
}

const SEVERITIES: SeveritySetting[] = ['error', 'warning', 'information', 'hint', 'off'];

/** Fills in defaults and drops values of the wrong type, so a bad settings.json never breaks the server. */
export function normalizeSettings(raw: unknown): ServerSettings {
  const section = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const diagnostics = (section.diagnostics && typeof section.diagnostics === 'object' ? section.diagnostics : {}) as Record<string, unknown>;
  const severity = (value: unknown, fallback: SeveritySetting): SeveritySetting =>
    SEVERITIES.includes(value as SeveritySetting) ? (value as SeveritySetting) : fallback;
  const max = typeof diagnostics.maxProblems === 'number' && diagnostics.maxProblems >= 0 ? diagnostics.maxProblems : DEFAULT_DIAGNOSTIC_SETTINGS.maxProblems;
  return {
    diagnostics: {
      temporary: severity(diagnostics.temporary, DEFAULT_DIAGNOSTIC_SETTINGS.temporary),
      permanent: severity(diagnostics.permanent, DEFAULT_DIAGNOSTIC_SETTINGS.permanent),
      maxProblems: max,
    },
    enableForPlainText: section.enableForPlainText === true,
  };
}

/** How long to wait for the client's answer before going on with the defaults. */
export const SETTINGS_TIMEOUT_MS = 5000;

/**
 * Reads settings for one document from the client, or defaults when the client cannot tell,
 * fails, or does not answer in time (a client that never answers must not hold diagnostics back).
 */
export async function readSettings(connection: Connection, canAsk: boolean, uri?: string, timeoutMs = SETTINGS_TIMEOUT_MS): Promise<ServerSettings> {
  if (!canAsk) return normalizeSettings(undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });
  try {
    return normalizeSettings(await Promise.race([connection.workspace.getConfiguration({ scopeUri: uri, section: 'smtpCodes' }), late]));
  } catch {
    return normalizeSettings(undefined);
  } finally {
    clearTimeout(timer);
  }
}
