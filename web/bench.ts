// Step timing of the benchmark workloads W1–W5 (bench/workloads.ts), the same code in Node and in
// the playground's worker, for npm run bench:browser: a warm-up, then single steps timed for a
// time budget; the median and the fastest step.
import { buildWorkload, type WorkloadId } from '../bench/workloads.js';

export interface StepTiming {
  id: string;
  title: string;
  medianMs: number;
  minMs: number;
  steps: number;
}

/** Builds workload `id` (seed 0), warms it up (5 steps and 0.3 s), then times steps for `seconds` (at least 5). */
export function timeWorkload(id: WorkloadId, seconds: number): StepTiming {
  const w = buildWorkload(id, 0);
  const warmEnd = performance.now() + 300;
  for (let i = 0; i < 5 || performance.now() < warmEnd; i++) w.step();
  const times: number[] = [];
  const end = performance.now() + seconds * 1e3;
  while (times.length < 5 || performance.now() < end) {
    const t0 = performance.now();
    w.step();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { id, title: w.title, medianMs: times[times.length >> 1], minMs: times[0], steps: times.length };
}
