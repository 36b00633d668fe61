// Tiny command-line option parsing and progress output shared by the demos.
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { progress as reportProgress } from './output.js';

export function parseArgs(argv = process.argv.slice(2)): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const [k, v] = a.slice(2).split('=');
    if (v !== undefined) out[k] = v;
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) out[k] = argv[++i];
    else out[k] = true;
  }
  return out;
}

export function intArg(args: Record<string, string | boolean>, name: string, dflt: number): number {
  const v = args[name];
  if (v === undefined || v === true) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} expects a positive integer, got ${String(v)}`);
  return n;
}

/** A progress line: redrawn in place on a TTY, printed at `every` steps otherwise. */
export function progress(label: string, i: number, total: number, extra: string, t0: number): void {
  const elapsed = (Date.now() - t0) / 1000;
  const eta = i > 0 ? (elapsed / i) * (total - i) : 0;
  const line = `${label} ${i}/${total} ${extra} (${elapsed.toFixed(1)} s, ETA ${eta.toFixed(1)} s)`;
  reportProgress(label, i, total, extra);
  if (typeof process !== 'undefined' && process.stdout?.isTTY) {
    process.stdout.write(`\r${line}\x1b[K`);
    if (i === total) process.stdout.write('\n');
  }
}

/** True when the module at `url` is the script node was started with (not imported by the CLI or a test). */
export function isMain(url: string): boolean {
  if (typeof process === 'undefined') return false; // a page or worker
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return url === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}
