// Helpers of the demo tests: run a demo's main with console.log captured, read the PyTorch figures
// of tests/fixtures/demos-b.json (scripts/demos-b.py), and parse what the demos print.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as assert from 'uvu/assert';

/** Initial losses must agree with PyTorch's to 4 decimals. */
export const LOSS_TOL = 5e-5;
/** Printed data values (6 decimals) against float64 numpy. */
export const PRINT_TOL = 5e-6;

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURE = JSON.parse(readFileSync(join(here, '..', '..', '..', 'tests', 'fixtures', 'demos-b.json'), 'utf8')) as Record<string, any>;

/** The PyTorch figures of one demo. */
export function torchFigures(demo: string): any {
  const f = FIXTURE[demo];
  if (!f) throw new Error(`demos-b.json has no entry '${demo}' (regenerate with /usr/bin/python3 scripts/demos-b.py)`);
  return f;
}

export const torchVersion = FIXTURE.torch as string;

/** A fresh temporary output folder. */
export function tmpOut(): string {
  return mkdtempSync(join(tmpdir(), 'seqgrad-demo-'));
}

/** Runs main(argv) and returns every console.log line (multi-line messages split). */
export async function runDemo(main: (argv: string[]) => Promise<void>, argv: string[]): Promise<string[]> {
  const lines: string[] = [];
  const orig = console.log;
  console.log = (...a: unknown[]) => {
    lines.push(...a.map(String).join(' ').split('\n'));
  };
  try {
    await main(argv);
  } finally {
    console.log = orig;
  }
  return lines;
}

/** The first line matching re (fails the test with the output when none does). */
export function grab(lines: readonly string[], re: RegExp): RegExpMatchArray {
  for (const l of lines) {
    const m = l.match(re);
    if (m) return m;
  }
  assert.unreachable(`no output line matches ${re}; the demo printed:\n${lines.join('\n')}`);
  throw new Error('unreachable');
}

/** "[a, b, c]" → [a, b, c]. */
export function parseShape(s: string): number[] {
  const t = s.replace(/^\[|\]$/g, '').trim();
  return t === '' ? [] : t.split(',').map((v) => Number(v.trim()));
}

/** The parameter table printed by examples/lib/report.ts printParameters: [[name, shape]…] and the total. */
export function parameterTable(lines: readonly string[]): { params: [string, number[]][]; total: number } {
  const start = lines.findIndex((l) => /^model parameters:$/.test(l) || /parameters:$/.test(l));
  assert.ok(start >= 0, 'the demo prints its parameter table');
  const params: [string, number[]][] = [];
  let i = start + 1;
  for (; i < lines.length; i++) {
    const m = lines[i].match(/^ {2}(\S+)\s+(\[[\d, ]*\])\s+(\d+)$/);
    if (!m) break;
    const shape = parseShape(m[2]);
    assert.is(
      Number(m[3]),
      shape.reduce((a, b) => a * b, 1),
      `count of ${m[1]}`,
    );
    params.push([m[1], shape]);
  }
  const total = lines[i].match(/^total parameters: ([\d,]+)$/);
  assert.ok(total, `a 'total parameters' line follows the table, got ${lines[i]}`);
  return { params, total: Number(total![1].replace(/,/g, '')) };
}

/** The plot path the demo printed exists and is an SVG chart with a title, axes labels and a legend. */
export function checkPlot(lines: readonly string[], out: string, file: string): void {
  const p = grab(lines, /^plot written to (.+)$/)[1];
  assert.is(p, join(out, file));
  assert.ok(existsSync(p), `${p} exists`);
  const svg = readFileSync(p, 'utf8');
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.ok((svg.match(/<polyline /g) ?? []).length >= 1, 'at least one series');
  assert.ok((svg.match(/<text /g) ?? []).length >= 6, 'title, axis labels, ticks and legend text');
  assert.not.match(svg, /NaN/);
}
