// Step timing of the benchmark workloads W1–W5 (bench/workloads.ts), the same code in Node and in
// the playground's worker, for npm run bench:browser: a warm-up, then samples of k steps each (k
// chosen so that a sample lasts ≥ sampleMs, so a 20 µs W4 step is not measured with the browser's
// 5 µs timer) timed for a time budget; the median and the fastest sample, per step. The two phases
// are separate calls so that a harness can read the thread's CPU time between them.
import { buildWorkload, type Workload, type WorkloadId } from '../bench/workloads.js';

export interface BenchOptions {
  /** Time budget of the timed samples (at least 5 samples are taken). */
  seconds: number;
  /** Warm-up before timing: steps for this long (and at least 5 steps). Default 1 s. */
  warmupSeconds?: number;
  /** A sample runs k steps, k chosen after the warm-up so that it lasts at least this long. Default 5 ms. */
  sampleMs?: number;
  /** Also return the time per step of every sample from the very first step, warm-up included (tier-up curve). */
  trace?: boolean;
}

export interface StepTiming {
  id: string;
  title: string;
  /** Median and fastest sample, divided by its steps. */
  medianMs: number;
  minMs: number;
  /** Timed steps (warm-up excluded). */
  steps: number;
  stepsPerSample: number;
  /** With trace: [ms since the first step, ms per step] of each sample, the warm-up's single steps first. */
  curve?: [number, number][];
}

/** What the timer needs of a workload: its names and one step. */
export type Steppable = Pick<Workload, 'title' | 'step'> & { id: string };

/** A clock in milliseconds; `performance.now` unless a test gives its own. */
export type Clock = () => number;

/** A built and warmed-up workload, and the steps per sample its warm-up chose. */
export interface WarmWorkload {
  w: Steppable;
  k: number;
  start: number;
  curve: [number, number][];
  now: Clock;
}

/** Builds workload `id` (seed 0) and runs its warm-up. */
export function warmWorkload(id: WorkloadId, opts: BenchOptions): WarmWorkload {
  return warmUp(buildWorkload(id, 0), opts);
}

/** Runs the warm-up of `w`: single steps for `warmupSeconds` (at least 5), then chooses k. */
export function warmUp(w: Steppable, opts: BenchOptions, now: Clock = () => performance.now()): WarmWorkload {
  const { warmupSeconds = 1, sampleMs = 5, trace = false } = opts;
  const curve: [number, number][] = [];
  const start = now();
  const warmEnd = start + warmupSeconds * 1e3;
  const recent: number[] = [];
  for (let i = 0; i < 5 || now() < warmEnd; i++) {
    const t0 = now();
    w.step();
    const ms = now() - t0;
    if (recent.push(ms) > 5) recent.shift();
    if (trace) curve.push([t0 - start, ms]);
  }
  // the median of the last 5 warm-up steps sets k (one slow step must not make the samples short)
  const typical = [...recent].sort((a, b) => a - b)[2];
  return { w, k: Math.max(1, Math.ceil(sampleMs / Math.max(typical, 1e-3))), start, curve, now };
}

/** Times samples of k steps of a warmed-up workload for `seconds`. */
export function timeWarm(warm: WarmWorkload, opts: BenchOptions): StepTiming {
  const { w, k, start, curve, now } = warm;
  const perStep: number[] = [];
  const end = now() + opts.seconds * 1e3;
  while (perStep.length < 5 || now() < end) {
    const t0 = now();
    for (let j = 0; j < k; j++) w.step();
    const ms = (now() - t0) / k;
    perStep.push(ms);
    if (opts.trace) curve.push([t0 - start, ms]);
  }
  const sorted = [...perStep].sort((a, b) => a - b);
  return {
    id: w.id,
    title: w.title,
    medianMs: sorted[sorted.length >> 1],
    minMs: sorted[0],
    steps: perStep.length * k,
    stepsPerSample: k,
    ...(opts.trace ? { curve } : {}),
  };
}
