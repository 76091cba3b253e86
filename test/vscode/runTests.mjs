// Runs the VS Code API suite in a real VS Code downloaded by @vscode/test-electron (needs network
// access to Microsoft's update servers: works on a laptop or public CI, not on our sealed machines,
// where test/e2e runs the same scenarios in code-server). Usage: npm run test:vscode
import { runTests } from '@vscode/test-electron';
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
await build({
  entryPoints: [join(root, 'test/vscode/suite/index.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode', 'mocha'],
  outfile: join(root, 'out/test-vscode/index.js'),
  logLevel: 'warning',
});
// The oldest VS Code we support (engines.vscode) and the current stable.
for (const version of [process.env.VSCODE_VERSION ?? '1.91.0', 'stable']) {
  await runTests({
    version,
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out/test-vscode/index.js'),
    launchArgs: [join(root, 'test/vscode/fixtures'), '--disable-extensions', '--disable-workspace-trust'],
  });
}
