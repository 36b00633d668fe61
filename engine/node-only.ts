// Node's file system for the few Node-only helpers (save/load to a path), imported lazily through
// a specifier bundlers do not follow, so the package bundles for the browser unchanged.
const FS = 'node:fs/promises';
const PATH = 'node:path';

export async function nodeFs(): Promise<typeof import('node:fs/promises')> {
  return import(/* @vite-ignore */ FS);
}

export async function nodePath(): Promise<typeof import('node:path')> {
  return import(/* @vite-ignore */ PATH);
}
