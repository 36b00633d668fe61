// Reductions: wasm (both builds) against the naive-JS twin on every shape 0–17 × 0–17 and odd
// larger ones; closed forms; NaN / Inf handling of max_abs and all_finite.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { heap } from '../../engine/backend/wasm.js';
import { js, wasm } from './helpers.js';
import { mulberry32 } from '../lib/mulberry32.js';
import { allocBytes, freeBytes } from '../../engine/memory.js';

/** f32 sums of ≤ 1000 terms in another order: relative to Σ|x| */
const F32_SUM_TOL = (terms: number) => (terms + 2) * 2 ** -24;
/** f64-accumulated results (sum_squares, sum_all): the order differs, f64 rounding only */
const F64_SUM_TOL = 1e-12;

const uniform01 = mulberry32(777);
/** uniform in [−1, 1) */
const rand = (): number => uniform01() * 2 - 1;

function withData<T>(values: ArrayLike<number>, fn: (p: number) => T): T {
  const p = allocBytes(values.length * 4 + 16);
  heap.f32().set(values, p >> 2);
  try {
    return fn(p);
  } finally {
    freeBytes(p);
  }
}

const SHAPES: [number, number][] = [];
for (let r = 0; r <= 17; r++) for (let c = 0; c <= 17; c++) SHAPES.push([r, c]);
SHAPES.push([1, 1000], [1000, 3], [37, 65], [300, 19]);

const R = suite('reduce');

for (const op of ['sum_rows', 'sum_cols'] as const) {
  R(`${op}: every shape 0–17², odd larger ones; accumulates; no write past the end`, () => {
    for (const [rows, cols] of SHAPES) {
      const x = Float32Array.from({ length: rows * cols }, rand);
      const outLen = op === 'sum_rows' ? cols : rows;
      const terms = op === 'sum_rows' ? rows : cols;
      const out0 = Float32Array.from({ length: outLen + 3 }, (_, i) => (i < outLen ? rand() : 99));
      // Σ|x| per output for the bound
      const mag = new Float64Array(outLen);
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) mag[op === 'sum_rows' ? c : r] += Math.abs(x[r * cols + c]);
      withData(x, (px) => {
        const out = allocBytes((outLen + 3) * 4);
        heap.f32().set(out0, out >> 2);
        js[op](out, px, rows, cols);
        const ref = heap.f32().slice(out >> 2, (out >> 2) + outLen + 3);
        for (const { name, k } of wasm) {
          heap.f32().set(out0, out >> 2);
          k[op](out, px, rows, cols);
          const got = heap.f32().subarray(out >> 2, (out >> 2) + outLen + 3);
          for (let i = 0; i < outLen + 3; i++) {
            const bound = i < outLen ? F32_SUM_TOL(terms + 1) * (mag[i] + Math.abs(out0[i])) : 0;
            assert.ok(Math.abs(got[i] - ref[i]) <= bound, `${name} ${op} ${rows}x${cols} [${i}]: ${got[i]} vs ${ref[i]}`);
          }
        }
        freeBytes(out);
      });
    }
  });
}

R('sum_rows_ld: a block of columns of wider rows gets the bits of sum_rows over the whole rows', () => {
  for (const [rows, cols, c0, c1] of [
    [37, 65, 16, 48],
    [5, 40, 32, 40],
    [300, 19, 3, 18],
    [1, 7, 0, 7],
  ]) {
    const x = Float32Array.from({ length: rows * cols }, rand);
    const out0 = Float32Array.from({ length: cols }, rand);
    withData(x, (px) => {
      const out = allocBytes(cols * 4);
      for (const { name, k } of [...wasm, { name: 'js', k: js }]) {
        heap.f32().set(out0, out >> 2);
        k.sum_rows(out, px, rows, cols);
        const whole = heap.f32().slice(out >> 2, (out >> 2) + cols);
        heap.f32().set(out0, out >> 2);
        k.sum_rows_ld(out + 4 * c0, px + 4 * c0, rows, c1 - c0, cols);
        const got = heap.f32().slice(out >> 2, (out >> 2) + cols);
        for (let c = 0; c < cols; c++) {
          const want = c >= c0 && c < c1 ? whole[c] : out0[c];
          assert.ok(Object.is(got[c], want), `${name} ${rows}x${cols} columns ${c0}…${c1} [${c}]: ${got[c]} vs ${want}`);
        }
      }
      freeBytes(out);
    });
  }
});

R('closed form: sum_rows / sum_cols of [[1,2,3],[4,5,6]] onto ones', () => {
  for (const { name, k } of [...wasm, { name: 'js', k: js }]) {
    withData([1, 2, 3, 4, 5, 6], (x) => {
      const o = allocBytes(16);
      heap.f32().set([1, 1, 1], o >> 2);
      k.sum_rows(o, x, 2, 3);
      assert.equal(Array.from(heap.f32().subarray(o >> 2, (o >> 2) + 3)), [6, 8, 10], `${name} sum_rows`);
      heap.f32().set([1, 1], o >> 2);
      k.sum_cols(o, x, 2, 3);
      assert.equal(Array.from(heap.f32().subarray(o >> 2, (o >> 2) + 2)), [7, 16], `${name} sum_cols`);
      freeBytes(o);
    });
  }
});

R('sum_squares, sum_all: f64 accumulation, sizes 0–17 and odd', () => {
  for (const n of [...Array.from({ length: 18 }, (_, i) => i), 33, 1001, 100003]) {
    const x = Float32Array.from({ length: n }, () => rand() * 3);
    withData(x, (p) => {
      const sq = js.sum_squares(p, n),
        s = js.sum_all(p, n);
      let abs = 0;
      for (const v of x) abs += Math.abs(v);
      for (const { name, k } of wasm) {
        assert.ok(Math.abs(k.sum_squares(p, n) - sq) <= F64_SUM_TOL * Math.max(sq, 1e-30), `${name} sum_squares n=${n}`);
        assert.ok(Math.abs(k.sum_all(p, n) - s) <= F64_SUM_TOL * Math.max(abs, 1e-30), `${name} sum_all n=${n}`);
      }
    });
  }
  // f64, not f32: 2^24 + 1 + 1 … is exact in f64 and not in f32
  withData([16777216, 1, 1, 1, 1, 1, 1, 1, 1], (p) => {
    for (const { name, k } of wasm) assert.is(k.sum_all(p, 9), 16777224, name);
  });
});

R('max_abs and all_finite: values, NaN, ±Inf at every position of sizes 0–17', () => {
  for (const { name, k } of [...wasm, { name: 'js', k: js }]) {
    for (let n = 0; n <= 17; n++) {
      const x = Float32Array.from({ length: n }, rand);
      withData(x, (p) => {
        let m = 0;
        for (const v of x) m = Math.max(m, Math.abs(v));
        assert.is(k.max_abs(p, n), m, `${name} max_abs n=${n}`);
        assert.is(k.all_finite(p, n), 1, `${name} all_finite n=${n}`);
      });
      for (let i = 0; i < n; i++) {
        for (const bad of [NaN, Infinity, -Infinity]) {
          const y = x.slice();
          y[i] = bad;
          withData(y, (p) => {
            assert.is(k.all_finite(p, n), 0, `${name} all_finite n=${n} with ${bad} at ${i}`);
            const mx = k.max_abs(p, n);
            assert.ok(Number.isNaN(bad) ? Number.isNaN(mx) : mx === Infinity, `${name} max_abs n=${n} with ${bad} at ${i}: ${mx}`);
          });
        }
        const z = x.slice();
        z[i] = -5; // the max is negative
        withData(z, (p) => assert.is(k.max_abs(p, n), 5, `${name} max_abs of −5 at ${i}`));
      }
    }
  }
});

R.run();
