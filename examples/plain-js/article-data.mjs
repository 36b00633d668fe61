// The articles write their data inline; the plain-JS ports read it from ../shared/data/articles/ beside
// the checkout (or the file named by an environment variable), so the project holds none of the articles' text.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** ANCESTOR/shared/data/FILE above this file, or $ENV when given. */
export function articleData(file, env) {
  if (process.env[env]) return readFileSync(process.env[env], 'utf8');
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const p = join(dir, 'shared', 'data', file);
    if (existsSync(p)) return readFileSync(p, 'utf8');
    if (dirname(dir) === dir) throw new Error(`${file}: not found beside the checkout; set ${env}=FILE`);
  }
}
