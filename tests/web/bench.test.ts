// web/bench.ts, the step timer bench:browser runs on both sides: a sample is k whole steps, k chosen
// after the warm-up so that a sample outlasts sampleMs (a 20–30 µs W4 step would otherwise be timed
// with the browser's 5 µs timer step), and the result is per step. The timing rules are checked on a
// fake clock that only the fake workload's steps move, so that the expected counts are closed-form and
// a loaded machine cannot change them; the real W4 runs once for the parts that do not depend on time.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { timeWarm, warmUp, warmWorkload } from '../../web/bench.js';

const test = suite('web bench: samples of k steps');

/** A workload whose step takes `ms(t)` milliseconds of a fake clock that starts at 0. */
function fake(ms: (t: number) => number) {
  let t = 0;
  let steps = 0;
  const w = {
    id: 'F',
    title: 'fake',
    step() {
      t += ms(t);
      steps++;
      return 0;
    },
  };
  return { w, now: () => t, steps: () => steps };
}

const near = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} vs ${b}`);

test('k is set by the warm-up’s last steps: 3 slow first steps (1 ms), then 0.03 ms steps; a 5 ms hiccup as the last warm-up step does not change k', () => {
  const opts = { seconds: 0.05, warmupSeconds: 0.05, sampleMs: 2, trace: true };
  let slow = 3;
  let hiccup = true;
  const f = fake((t) => {
    if (slow > 0) {
      slow--;
      return 1;
    }
    if (t >= 49.96 && hiccup) {
      hiccup = false;
      return 5;
    }
    return 0.03;
  });
  const warm = warmUp(f.w, opts, f.now);
  // 3 steps to 3 ms, then 0.03 ms steps while the clock is below 49.96 ms (1,566 of them), the hiccup ends it
  const fast = Math.ceil((49.96 - 3) / 0.03);
  assert.is(warm.curve.length, 3 + fast + 1);
  assert.is(f.steps(), warm.curve.length);
  near(warm.curve[0][1], 1, 'the first step as traced');
  near(warm.curve[3][1], 0.03, 'the fourth');
  near(warm.curve.at(-1)![1], 5, 'the hiccup');
  // the median of the last 5 (0.03, 0.03, 0.03, 0.03, 5) is 0.03: k = ⌈2 / 0.03⌉
  assert.is(warm.k, Math.ceil(2 / 0.03));
  assert.is(warm.k, 67);

  const warmSteps = warm.curve.length;
  const t = timeWarm(warm, opts);
  assert.is(t.id, 'F');
  assert.is(t.stepsPerSample, 67);
  // samples of 67 × 0.03 = 2.01 ms until 50 ms have passed since timing began: ⌈50 / 2.01⌉ = 25
  const samples = t.curve!.length - warmSteps;
  assert.is(samples, Math.ceil(50 / 2.01));
  assert.is(t.steps, samples * 67);
  assert.is(f.steps(), warmSteps + t.steps);
  near(t.medianMs, 0.03, 'per step, not per sample');
  near(t.minMs, 0.03, 'min');
});

test('the median and the fastest sample: one slow step in a sample moves the min and median of per-step times only as far as it should', () => {
  const opts = { seconds: 0.001, warmupSeconds: 0, sampleMs: 1 };
  // warm-up: 5 steps of 0.125 ms (the minimum count with no time budget) → k = 8;
  // then samples of 8 steps; the 13th timed step (in the 2nd sample) takes 1.125 ms: that sample is 0.25 ms per step
  let n = 0;
  const f = fake(() => (++n === 5 + 13 ? 1.125 : 0.125));
  const warm = warmUp(f.w, opts, f.now);
  assert.is(warm.curve.length, 0, 'no curve without trace');
  assert.is(warm.k, 8);
  const t = timeWarm(warm, opts);
  // at least 5 samples though the 1 ms budget is spent after the first
  assert.is(t.steps, 5 * 8);
  assert.is(t.curve, undefined);
  assert.is(t.minMs, 0.125);
  assert.is(t.medianMs, 0.125, 'median: 4 of the 5 samples are 0.125 ms per step');
  assert.is(f.now(), 5 * 0.125 + 40 * 0.125 + 1);
});

test('a step slower than sampleMs gives k = 1; a step of 0 ms does not divide by zero', () => {
  const slow = fake(() => 3);
  assert.is(warmUp(slow.w, { seconds: 0, warmupSeconds: 0, sampleMs: 2 }, slow.now).k, 1);
  const instant = fake(() => 0);
  const warm = warmUp(instant.w, { seconds: 0, warmupSeconds: 0, sampleMs: 2 }, instant.now);
  assert.is(warm.k, 2000, 'a 0 ms step counts as 1 µs');
});

test('W4 for real: the parts that do not depend on the clock (counts, curve, min ≤ median)', () => {
  const opts = { seconds: 0.05, warmupSeconds: 0.05, sampleMs: 2, trace: true };
  const warm = warmWorkload('W4', opts);
  assert.ok(warm.k >= 1);
  const warmSteps = warm.curve.length;
  assert.ok(warmSteps >= 5, 'at least 5 warm-up steps');
  const t = timeWarm(warm, opts);
  assert.is(t.id, 'W4');
  assert.is(t.stepsPerSample, warm.k);
  const samples = t.curve!.length - warmSteps;
  assert.ok(samples >= 5, `at least 5 samples, got ${samples}`);
  assert.is(t.steps, samples * warm.k);
  assert.ok(t.minMs > 0 && t.minMs <= t.medianMs, `0 < min ${t.minMs} ≤ median ${t.medianMs}`);
  assert.ok(Number.isFinite(warm.w.step()));
});

test.run();
