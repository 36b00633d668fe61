// Shared by the lstm-gates demo test: run a demo's main with console.log captured, read its reference
// (scripts/demos-a.py → tests/fixtures/demos-a.json), and compare numbers with tests/lib's assertClose.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as assert from 'uvu/assert';

export interface Stored {
  shape: number[];
  data: number[];
}

const here = dirname(fileURLToPath(import.meta.url));
const fixDir = join(here, '..', '..', '..', 'tests', 'fixtures');

let cache: Record<string, any> | null = null;
/** tests/fixtures/demos-a.json (parsed once). */
export function demosA(): Record<string, any> {
  cache ??= JSON.parse(readFileSync(join(fixDir, 'demos-a.json'), 'utf8'));
  return cache!;
}

/** A fresh temporary folder for a demo's --out. */
export function tmpOut(name: string): string {
  return mkdtempSync(join(tmpdir(), `seqgrad-${name}-`));
}

/** Runs fn with console.log (and process.stdout.write progress) captured; returns the printed lines. */
export async function captureLog(fn: () => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => {
    lines.push(a.map(String).join(' '));
  };
  try {
    await fn();
  } finally {
    console.log = log;
  }
  return lines.join('\n').split('\n');
}

/** The first printed line matching re (fails the test if none). */
export function lineMatching(lines: string[], re: RegExp): RegExpExecArray {
  for (const l of lines) {
    const m = re.exec(l);
    if (m) return m;
  }
  assert.unreachable(`no printed line matches ${re}:\n${lines.join('\n')}`);
  throw new Error('unreachable');
}

export function assertShape(got: readonly number[], want: readonly number[], where: string): void {
  assert.equal([...got], [...want], `${where}: shape [${got.join(', ')}], expected [${want.join(', ')}]`);
}
