// Where a program's printed lines, plotted series and figures go, and where its data files come
// from. The article ports print through `print` (Python's print: values joined by spaces) instead of
// console.log, so the same module runs in Node (./output-node.ts: lines to stdout, figures to files,
// data from ../shared/data/), under a test, and in the playground page (web/worker.ts) unchanged.
// This module imports nothing from Node: the page bundles it.

/** What a program's output goes to. */
export interface Host {
  /** One printed line (may contain '\n'). */
  line(text: string): void;
  /** A finished figure: `name` is a file name such as `002-1-forecast.svg`. */
  figure(name: string, svg: string): void;
  /** A side note (plot written, timing, progress): not part of the transcript. */
  note(text: string): void;
  /**
   * The text of a data file: `file` is its path under the shared data folder (`articles/002-4-text.txt`),
   * `path` a file the user named (`--data FILE`). Null when it is not there. Without this method a
   * program has no data files.
   */
  readData?(file: string, path?: string): Promise<string | null>;
  /** Step i of total of a long loop (a training), `extra` such as the loss: a page's progress bar. */
  progress?(label: string, i: number, total: number, extra: string): void;
}

/** Lines to the console, figures and data files nowhere: what runs when nobody installed a host. */
const consoleHost: Host = {
  line: (text) => {
    console.log(text);
  },
  figure: (name) => {
    console.error(`figure ${name} not written (no file host installed)`);
  },
  note: (text) => {
    console.error(text);
  },
};

let host: Host = consoleHost;
let defaultHost: Host = consoleHost;
let outDir = 'out';

/** Sends output to `h` (a test, a page); `null` restores the default host. */
export function setHost(h: Host | null): void {
  host = h ?? defaultHost;
}

/** The host that `setHost(null)` restores (the CLI installs Node's: stdout and files), and installs it. */
export function setDefaultHost(h: Host): void {
  defaultHost = h;
  host = h;
}

/** The folder Node's host writes figures into (`--out DIR`; default `out`). */
export function setOutDir(dir: string): void {
  outDir = dir;
}

/** The folder set by setOutDir. */
export function outputDir(): string {
  return outDir;
}

/**
 * A data file's text through the host (see Host.readData); null when it is absent or the host has
 * no files. A port reads its corpus with `await readData('articles/002-4-text.txt', args.data)`.
 */
/**
 * readData for a file the program cannot do without: an Error naming the program, the file and the
 * option that passes it, when the host has none.
 */
export async function requireData(file: string, given: string | boolean | undefined, what: string, option = '--data'): Promise<string> {
  const text = await readData(file, typeof given === 'string' ? given : undefined);
  if (text === null) throw new Error(`${what}: ../shared/data/${file} not found beside the checkout; pass it with ${option} FILE`);
  return text;
}

export async function readData(file: string, path?: string): Promise<string | null> {
  if (host.readData) return host.readData(file, path);
  return defaultHost.readData ? defaultHost.readData(file, path) : null;
}

/** Reports step i of total to the host (lib/args.ts progress calls it; Node's host shows nothing). */
export function progress(label: string, i: number, total: number, extra = ''): void {
  host.progress?.(label, i, total, extra);
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
