// Node's output host: printed lines to stdout, notes to stderr, figures to files under --out, data
// files from the shared data folder beside the checkout (../shared/data/) or a named path.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { outputDir, setDefaultHost, type Host } from './output.js';

/**
 * The first ANCESTOR/shared/data/FILE above this module (the checkout's ../shared/data/, one level
 * further up for a worktree, two from dist/): null when there is none.
 */
export function sharedDataPath(file: string): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const p = join(dir, 'shared', 'data', file);
    if (existsSync(p)) return p;
    if (dirname(dir) === dir) return null;
    dir = dirname(dir);
  }
}

export const nodeHost: Host = {
  line: (text) => {
    process.stdout.write(`${text}\n`);
  },
  figure: (name, svg) => {
    const path = join(outputDir(), name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, svg);
    process.stderr.write(`figure written to ${path}\n`);
  },
  note: (text) => {
    process.stderr.write(`${text}\n`);
  },
  readData: async (file, path) => {
    if (path !== undefined) {
      if (!existsSync(path)) throw new Error(`--data ${path}: no such file`);
      return readFileSync(path, 'utf8');
    }
    const p = sharedDataPath(file);
    return p === null ? null : readFileSync(p, 'utf8');
  },
};

/** Makes Node's host the default (the CLI does this first). */
export function useNodeHost(): void {
  setDefaultHost(nodeHost);
}
