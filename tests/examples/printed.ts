// Helpers of the demo tests that compare printed numbers with the PyTorch runs of
// tests/fixtures/demo-runs.json (scripts/demo-runs.py).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertClose } from '../lib/assert-close.js';

/** float32 trajectories of seqgrad and PyTorch drift apart by ~1e-6 relative over a short run */
export const RUN_RTOL = 1e-4;

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURE = JSON.parse(readFileSync(join(here, '..', '..', '..', 'tests', 'fixtures', 'demo-runs.json'), 'utf8')) as Record<string, any>;

/** The PyTorch run of one demo. */
export function torchRun(demo: string): any {
  const f = FIXTURE[demo];
  if (!f) throw new Error(`demo-runs.json has no entry '${demo}' (regenerate with /usr/bin/python3 scripts/demo-runs.py)`);
  return f;
}

/** A number printed with `decimals` decimals equals want: within half a unit of the last digit (+ RUN_RTOL). */
export function assertPrinted(label: string, printed: string, want: number, decimals: number): void {
  assertClose([Number(printed)], [want], { rtol: RUN_RTOL, atol: 0.5 * 10 ** -decimals }, `${label}: printed ${printed} vs PyTorch`);
}
