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

/**
 * A program's command-line options: name (without --) → description; a description that opens with
 * a metavariable and a colon (`'N: training epochs (100)'`, `'FILE: …'`) takes a value, any other is
 * a flag. `seqgrad demo ID --help` prints them; checkOptions refuses any other.
 */
export type ProgramOptions = Readonly<Record<string, string>>;

const VALUE = /^([A-Z][A-Z0-9_|]*): /;

/** The closest known option to a misspelt one (a prefix, a snake_case/camelCase spelling or one edit away), if any. */
function nearest(name: string, known: readonly string[]): string | undefined {
  const flat = (s: string) => s.replace(/[-_]/g, '').toLowerCase();
  return (
    known.find((k) => flat(k) === flat(name)) ?? known.find((k) => k.startsWith(name) || name.startsWith(k)) ?? known.find((k) => editDistance(k, name) <= 2)
  );
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/**
 * Throws unless every argument is one of `options`, a value-taking one with its value and a flag
 * without one (the programs take no positional arguments):
 * `002-1: unknown option '--epoch' (did you mean --epochs?); it takes --epochs, --out, --series`.
 */
export function checkOptions(argv: readonly string[], options: ProgramOptions, who: string): void {
  const known = Object.keys(options);
  const takes = known.length ? `; it takes ${known.map((k) => `--${k}`).join(', ')}` : '; it takes no options';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!/^--?[A-Za-z]/.test(a)) throw new Error(`${who}: unexpected argument '${a}' (options are --name VALUE or --flag)${takes}`);
    const [flag, value] = a.split('=', 2);
    const name = flag.replace(/^--?/, '');
    if (!Object.hasOwn(options, name)) {
      const near = nearest(name, known);
      throw new Error(`${who}: unknown option '${flag}'${near ? ` (did you mean --${near}?)` : ''}${takes}`);
    }
    const meta = VALUE.exec(options[name])?.[1];
    if (meta && value === undefined) {
      if (i + 1 >= argv.length || argv[i + 1].startsWith('--')) throw new Error(`${who}: --${name} expects a value (${meta})`);
      i++;
    } else if (!meta && (value !== undefined || (i + 1 < argv.length && !argv[i + 1].startsWith('-')))) {
      throw new Error(`${who}: --${name} is a flag and takes no value (got ${value ?? argv[i + 1]})`);
    }
  }
}

/** The options as help lines: `  --epochs N          training epochs (100)`. */
export function optionsHelp(options: ProgramOptions): string[] {
  return Object.entries(options).map(([k, d]) => {
    const m = VALUE.exec(d);
    const left = `--${k}${m ? ` ${m[1]}` : ''}`;
    return `  ${left.padEnd(24)} ${m ? d.slice(m[0].length) : d}`;
  });
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
