// Helpers of the article ports' tests: run a port with its output captured, read the reference
// transcript that scripts/article-refs.py made by running the article's own program (Debian's
// torch 1.13 / numpy), and compare the two line by line.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as assert from 'uvu/assert';
import { setHost } from '../../../examples/lib/output.js';
import { nodeHost } from '../../../examples/lib/output-node.js';
import { assertClose } from '../../lib/assert-close.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'tests', 'fixtures', 'articles');

/** The reference transcript `tests/fixtures/articles/NAME.txt` (NAME = id or id.variant), as lines. */
export function reference(name: string): string[] {
  const text = readFileSync(join(FIXTURES, `${name}.txt`), 'utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  assert.ok(lines.length > 0, `reference ${name} is empty (regenerate: /usr/bin/python3 scripts/article-refs.py)`);
  return lines;
}

/** What a port printed and the figures it handed over. */
export interface Transcript {
  lines: string[];
  figures: Map<string, string>;
  notes: string[];
}

/** Runs a port's main(argv) with its printed lines, figures and notes captured (data files read as in Node). */
export async function runPort(main: (argv: string[]) => Promise<void>, argv: string[] = []): Promise<Transcript> {
  const t: Transcript = { lines: [], figures: new Map(), notes: [] };
  setHost({
    line: (text) => {
      t.lines.push(...text.split('\n'));
    },
    figure: (name, svg) => {
      t.figures.set(name, svg);
    },
    note: (text) => {
      t.notes.push(text);
    },
    readData: nodeHost.readData,
  });
  try {
    await main(argv);
  } finally {
    setHost(null);
  }
  return t;
}

const NUMBER = /[-+]?(?:\d+(?:[.,]\d+)*(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?|nan|inf/gi;

/** Line-by-line agreement: how many reference lines hold numbers, and how many of those the port prints identically. */
export function compareTranscript(got: readonly string[], want: readonly string[]): { numericLines: number; exact: number; diffs: string[] } {
  let numericLines = 0,
    exact = 0;
  const diffs: string[] = [];
  const n = Math.max(got.length, want.length);
  for (let i = 0; i < n; i++) {
    const w = want[i],
      g = got[i];
    const numeric = w !== undefined && (w.match(NUMBER) ?? []).length > 0;
    if (numeric) numericLines++;
    if (g === w) {
      if (numeric) exact++;
      continue;
    }
    diffs.push(`line ${i + 1}:\n  want ${w === undefined ? '(nothing)' : JSON.stringify(w)}\n  got  ${g === undefined ? '(nothing)' : JSON.stringify(g)}`);
  }
  return { numericLines, exact, diffs };
}

/** Fails unless the port printed exactly the reference's lines (shows the first differences). */
export function assertTranscript(got: readonly string[], want: readonly string[], label: string): void {
  const { numericLines, exact, diffs } = compareTranscript(got, want);
  if (diffs.length)
    assert.unreachable(`${label}: ${exact}/${numericLines} numeric lines equal, ${diffs.length} lines differ:\n${diffs.slice(0, 8).join('\n')}`);
}

/**
 * Numbers of two lines that must agree within a tolerance instead of exactly (e.g. a long float32
 * training where FMA and AVX round the last printed digit differently); the text around them must be equal.
 */
export function assertLineClose(got: string, want: string, atol: number, label: string): void {
  const gn = got.match(NUMBER) ?? [],
    wn = want.match(NUMBER) ?? [];
  assert.is(got.replace(NUMBER, '#'), want.replace(NUMBER, '#'), `${label}: the line's text`);
  assert.is(gn.length, wn.length, `${label}: count of numbers`);
  const value = (n: string) => Number(n.replace(/,/g, ''));
  assertClose(gn.map(value), wn.map(value), { rtol: 0, atol }, `${label}: the numbers of "${got}"`);
}
