/** Where the repository and the shared material are, from a test bundled into out/test/. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Walks up from this file to the package.json named "smtp-codes". */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'smtp-codes') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the smtp-codes repository root above ' + __dirname);
    dir = parent;
  }
}

/** `../shared/corpus` beside the repository, or undefined when this machine does not have it. */
export function corpusDir(): string | undefined {
  const dir = join(repoRoot(), '..', 'shared', 'corpus');
  return existsSync(join(dir, 'SOURCES.md')) ? dir : undefined;
}
