/** Settings come from the client; a bad value, a failed request or no answer at all falls back to the defaults. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Connection } from 'vscode-languageserver';
import { normalizeSettings, readSettings } from '../../server/src/settings';

const defaults = normalizeSettings(undefined);
const clientThat = (answer: () => Promise<unknown>) => ({ workspace: { getConfiguration: answer } }) as unknown as Connection;

test('settings from the client are normalized; a failed request gives the defaults', async () => {
  const read = await readSettings(clientThat(async () => ({ diagnostics: { permanent: 'warning', maxProblems: 5 } })), true);
  assert.deepEqual(read.diagnostics, { ...defaults.diagnostics, permanent: 'warning', maxProblems: 5 });
  assert.deepEqual(await readSettings(clientThat(() => Promise.reject(new Error('no'))), true), defaults);
  assert.deepEqual(await readSettings(clientThat(async () => 'garbage'), true), defaults);
});

test('a client that never answers the settings request gets the defaults after the timeout, not a wait forever', async () => {
  const started = performance.now();
  const read = await readSettings(clientThat(() => new Promise(() => undefined)), true, 'file:///x.log', 50);
  assert.deepEqual(read, defaults);
  assert.ok(performance.now() - started < 5000);
});
