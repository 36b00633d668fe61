// Node's file system for the few Node-only helpers (save/load to a path), imported lazily through
// a specifier bundlers do not follow, so the package bundles for the browser unchanged.
const FS = 'node:fs/promises';
const PATH = 'node:path';

/**
 * Throws, outside Node, naming the helper and what to use instead (called before the first await,
 * so the error is the call's, not a failed dynamic import's).
 */
export function requireNode(where: string, instead: string): void {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  if (!proc?.versions?.node) throw new Error(`${where}: reads or writes a file path, which needs Node; in a browser ${instead}`);
}

export async function nodeFs(): Promise<typeof import('node:fs/promises')> {
  return import(/* @vite-ignore */ FS);
}

export async function nodePath(): Promise<typeof import('node:path')> {
  return import(/* @vite-ignore */ PATH);
}
