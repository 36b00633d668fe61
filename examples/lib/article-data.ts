// Where the articles' inline data files are: ../shared/data/ beside the checkout (one level further
// up for a git worktree), found from a port's module URL, so `--data FILE` is only needed elsewhere.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The first `ANCESTOR/shared/data/REL` that exists, walking up from the module's folder; null if none. */
export function sharedDataFile(moduleUrl: string, rel: string): string | null {
  let dir = dirname(fileURLToPath(moduleUrl));
  for (let up = 0; up < 8; up++) {
    const p = join(dir, 'shared', 'data', rel);
    if (existsSync(p)) return p;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}

/** Reads `--data FILE` when given, else the shared file; says which file to pass when neither exists. */
export function readDataFile(given: string | boolean | undefined, moduleUrl: string, rel: string, what: string): string {
  const path = typeof given === 'string' ? given : sharedDataFile(moduleUrl, rel);
  if (path === null) throw new Error(`${what}: ../shared/data/${rel} not found beside the checkout; pass it with --data FILE`);
  return readFileSync(path, 'utf8');
}
