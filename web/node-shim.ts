// What the playground bundle gets for `node:fs`, `node:path` and `node:url` (scripts/build-web.mjs
// maps every node: import here): the own demos write their plots with writeFileSync, which becomes
// a figure handed to the page; reading files or resolving module paths fails with an Error saying so.
import { figure, note } from '../examples/lib/output.js';

const unavailable = (what: string) => (): never => {
  throw new Error(`${what} is not available in the browser (the page reads only the data files deployed with it)`);
};

export const readFileSync = unavailable('fs.readFileSync');
export const realpathSync = unavailable('fs.realpathSync');
export const fileURLToPath = unavailable('url.fileURLToPath');
export const pathToFileURL = unavailable('url.pathToFileURL');
export const existsSync = (): boolean => false;
export const mkdirSync = (): void => {};

/** A plot a demo writes to DIR/NAME.svg: shown in the page as figure NAME.svg. */
export function writeFileSync(path: string, data: string | Uint8Array): void {
  const name = basename(path);
  if (name.endsWith('.svg') && typeof data === 'string') figure(name, data);
  else note(`${name}: not written (the page keeps no files)`);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '.' : i === 0 ? '/' : path.slice(0, i);
}

export function join(...parts: string[]): string {
  return parts
    .filter((p) => p !== '')
    .join('/')
    .replace(/\/+/g, '/');
}
