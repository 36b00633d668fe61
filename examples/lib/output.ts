// Where a program's printed lines, plotted series and figures go. The article ports print through
// `print` (Python's print: values joined by spaces) instead of console.log, so the same module runs
// in Node (lines to stdout, figures to files) and under a test or a page (setHost captures both).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** What a program's output goes to. */
export interface Host {
  /** One printed line (may contain '\n'). */
  line(text: string): void;
  /** A finished figure: `name` is a file name such as `002-1-forecast.svg`. */
  figure(name: string, svg: string): void;
  /** A side note (plot written, timing, progress): not part of the transcript. */
  note(text: string): void;
}

let outDir = 'out';

const nodeHost: Host = {
  line: (text) => { process.stdout.write(`${text}\n`); },
  figure: (name, svg) => {
    const path = join(outDir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, svg);
    process.stderr.write(`figure written to ${path}\n`);
  },
  note: (text) => { process.stderr.write(`${text}\n`); },
};

let host: Host = nodeHost;

/** Sends output to `h` (a test, a page); `null` restores stdout and files. */
export function setHost(h: Host | null): void {
  host = h ?? nodeHost;
}

/** The folder Node's host writes figures into (`--out DIR`; default `out`). */
export function setOutDir(dir: string): void {
  outDir = dir;
}

/** Python's print(*values): str() of each, joined by one space. */
export function print(...values: unknown[]): void {
  host.line(values.map(String).join(' '));
}

/** A note that is not part of the program's transcript (goes to stderr in Node). */
export function note(text: string): void {
  host.note(text);
}

/** Hands a finished SVG figure to the host. */
export function figure(name: string, svg: string): void {
  host.figure(name, svg);
}

/**
 * With `--series`, a plotted series printed in full, one point a line:
 * `NAME step=N value=V` (N from 1, V with 7 significant digits: `1.000000e-01`).
 */
export function printSeries(name: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) host.line(`${name} step=${i + 1} value=${seriesValue(values[i])}`);
}

/** A value as `--series` prints it: 7 significant digits, Python's `%.6e`. */
export function seriesValue(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  return v.toExponential(6).replace(/e([+-])(\d)$/, 'e$10$2');
}

/**
 * Runs `fn` with every line, figure and note discarded, then restores the host: a port replaying
 * the earlier blocks of its article (article 000's shared numpy generator) without their output.
 */
export async function silently<T>(fn: () => T | Promise<T>): Promise<T> {
  const saved = host;
  host = { line: () => {}, figure: () => {}, note: () => {} };
  try {
    return await fn();
  } finally {
    host = saved;
  }
}
