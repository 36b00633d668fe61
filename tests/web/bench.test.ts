// web/bench.ts, the step timer bench:browser runs on both sides: a sample is k whole steps, k chosen
// after the warm-up so that a sample outlasts sampleMs (a 20–30 µs W4 step would otherwise be timed
// with the browser's 5 µs timer step), and the result is per step.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { timeWarm, warmWorkload } from '../../web/bench.js';

const test = suite('web bench: samples of k steps');

test('W4: k steps per sample with k·step ≥ sampleMs; per-step median and min; steps = samples × k; the warm-up curve with trace', () => {
  const opts = { seconds: 0.05, warmupSeconds: 0.05, sampleMs: 2, trace: true };
  const warm = warmWorkload('W4', opts);
  assert.ok(warm.k > 1, `a W4 step (≈ 30 µs wasm, ≈ 500 µs js) is far below 2 ms: k = ${warm.k}`);
  const warmSteps = warm.curve.length;
  assert.ok(warmSteps >= 5, 'at least 5 warm-up steps');
  const t = timeWarm(warm, opts);
  assert.is(t.id, 'W4');
  assert.is(t.stepsPerSample, warm.k);
  const samples = t.curve!.length - warmSteps;
  assert.ok(samples >= 5, `at least 5 samples, got ${samples}`);
  assert.is(t.steps, samples * warm.k);
  assert.ok(t.minMs > 0 && t.minMs <= t.medianMs, `0 < min ${t.minMs} ≤ median ${t.medianMs}`);
  // per step, not per sample: k steps of the median sample take about sampleMs or more
  assert.ok(t.medianMs * warm.k >= 0.5 * opts.sampleMs, `median ${t.medianMs} ms × k ${warm.k} vs sampleMs ${opts.sampleMs}`);
  assert.ok(t.medianMs < opts.sampleMs, `per-step median ${t.medianMs} ms is below a whole sample`);
});

test.run();
