// Bundles the extension, the language server, the CLI and the node:test suites with esbuild.
// Usage: node scripts/build.mjs [--watch]
import * as esbuild from 'esbuild';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import createWabt from 'wabt';
import { join } from 'node:path';

const watch = process.argv.includes('--watch');
const wabt = await createWabt();

/** WebAssembly text (`*.wat`) is assembled here and imported as its bytes (a Uint8Array). */
const wat = {
  name: 'wat',
  setup(build) {
    build.onLoad({ filter: /\.wat$/ }, (args) => {
      const module = wabt.parseWat(args.path, readFileSync(args.path, 'utf8'), { simd: true });
      try {
        module.validate();
        return { contents: module.toBinary({}).buffer, loader: 'binary' };
      } finally {
        module.destroy();
      }
    });
  },
};

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning', plugins: [wat] };

/** Every `*.test.ts` under test/ except the ones that need the VS Code API. */
function testEntries(dir = 'test') {
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'vscode' && name !== 'e2e') found.push(...testEntries(path));
    } else if (name.endsWith('.test.ts')) {
      found.push(path);
    }
  }
  return found;
}

const builds = [
  { ...common, entryPoints: { extension: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  { ...common, entryPoints: { server: 'server/src/node/main.ts' }, outdir: 'dist' },
  { ...common, entryPoints: { cli: 'cli/src/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
  // Disk scans of large files run their later parts in worker threads (CLI and extension).
  { ...common, entryPoints: { scanWorker: 'server/src/node/scanWorker.ts' }, outdir: 'dist' },
  { ...common, entryPoints: testEntries(), outdir: 'out/test', outbase: 'test', external: ['vscode'] },
  { ...common, entryPoints: { benchService: 'bench/benchService.ts' }, outdir: 'out/bench' },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
