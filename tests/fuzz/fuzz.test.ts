// The property-based fuzz suite of issue 12 in `npm test`: every property of ./properties.ts with
// a fixed seed and a small number of runs (and a time bound per property, so a slow machine runs
// fewer cases rather than hanging). Long runs: `npm run fuzz -- --seed N --runs M`.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { properties, runProperties } from './properties.js';

const SEED = 20261201;
const RUNS = 200;
const TIME_LIMIT_MS = 3000;

const test = suite('fuzz: hostile inputs (fixed seed)');
for (const p of properties) {
  test(p.name, () => {
    const [r] = runProperties({ seed: SEED, runs: RUNS, timeLimitMs: TIME_LIMIT_MS, only: p.name });
    assert.ok(r.failure === null && r.other === 0, `${p.name}: ${r.failure}`);
    assert.ok(r.error + r.result > 0, 'some cases ran');
  });
}
test.run();
