// Softmax / log-softmax forward + backward: wasm (both builds) against the naive-JS twin over
// every shape 0–17² and odd larger ones; closed forms (rows sum to 1, logsumexp(y) = 0, shift
// invariance, huge logits), and −Inf handling (all −Inf row → NaN, some −Inf → probability 0).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { heap } from '../../engine/backend/wasm.js';
import { js, wasm } from './helpers.js';
import { assertClose } from '../lib/assert-close.js';
import { mulberry32 } from '../lib/mulberry32.js';
import { allocBytes, freeBytes } from '../../engine/memory.js';

/** forward outputs vs the f64 js twin (exp approximation ≈ 1 ulp, f32 sums): relative to max(1, |y|) */
const FWD_TOL = 2e-6;
/** backward (sums of cols products): relative to the largest term */
const BWD_TOL = 4e-6;
/** Σ softmax row = 1 */
const SUM1_TOL = 2e-6;
/** softmax([0, ln 3]) = [¼, ¾] in float32 */
const HAND_TOL = 1e-7;

const uniform01 = mulberry32(4242);
/** uniform in [−1, 1) */
const rand = (): number => uniform01() * 2 - 1;

const SHAPES: [number, number][] = [];
for (let r = 0; r <= 17; r += r < 3 ? 1 : 5) for (let c = 0; c <= 17; c++) SHAPES.push([r, c]);
SHAPES.push([3, 1000], [2, 10007], [50, 33]);

/** runs fn with buffers holding the given arrays (+ a sentinel tail); returns the arrays read back */
function run(arrays: Float32Array[], fn: (p: number[]) => void): Float32Array[] {
  const ptrs = arrays.map((a) => allocBytes(a.length * 4 + 16));
  const f = heap.f32();
  arrays.forEach((a, i) => {
    f.set(a, ptrs[i] >> 2);
    f.fill(-99, (ptrs[i] >> 2) + a.length, (ptrs[i] >> 2) + a.length + 4);
  });
  fn(ptrs);
  const out = ptrs.map((p, i) => heap.f32().slice(p >> 2, (p >> 2) + arrays[i].length + 4));
  ptrs.forEach(freeBytes);
  return out;
}

const S = suite('softmax');

for (const [fwd, bwd] of [
  ['softmax_forward', 'softmax_backward'],
  ['log_softmax_forward', 'log_softmax_backward'],
] as const) {
  S(`${fwd} / ${bwd}: wasm vs js over shapes 0–17 and odd`, () => {
    for (const [rows, cols] of SHAPES) {
      const n = rows * cols;
      const x = Float32Array.from({ length: n }, () => rand() * 8);
      const dy = Float32Array.from({ length: n }, rand);
      const dx0 = Float32Array.from({ length: n }, rand);
      const yEmpty = new Float32Array(n);
      const [yRef] = run([yEmpty, x], ([y, px]) => js[fwd](y, px, rows, cols));
      const [dxRef] = run([dx0, yRef.subarray(0, n), dy], ([dx, y, g]) => js[bwd](dx, y, g, rows, cols));
      for (const { name, k } of wasm) {
        const [y] = run([yEmpty, x], ([py, px]) => k[fwd](py, px, rows, cols));
        assertClose(y, yRef, (i) => (i < n ? FWD_TOL * Math.max(1, Math.abs(yRef[i])) : 0), `${name} ${fwd} ${rows}x${cols}`);
        // backward on the reference y, so only the backward kernel is compared
        const [dx] = run([dx0, yRef.subarray(0, n), dy], ([pdx, py, g]) => k[bwd](pdx, py, g, rows, cols));
        assertClose(dx, dxRef, (i) => (i < n ? BWD_TOL * Math.max(1, Math.abs(dxRef[i])) * Math.sqrt(cols + 1) : 0), `${name} ${bwd} ${rows}x${cols}`);
      }
    }
  });
}

S('closed forms: rows sum to 1, logsumexp(log_softmax) = 0, shift invariance, huge logits', () => {
  for (const { name, k } of [...wasm, { name: 'js', k: js }]) {
    for (const cols of [1, 2, 5, 8, 17, 1000]) {
      const rows = 3;
      const x = Float32Array.from({ length: rows * cols }, (_, i) => rand() * 10 + (i < cols ? 0 : i < 2 * cols ? 1000 : -1000));
      const [y] = run([new Float32Array(rows * cols), x], ([py, px]) => k.softmax_forward(py, px, rows, cols));
      const [ly] = run([new Float32Array(rows * cols), x], ([py, px]) => k.log_softmax_forward(py, px, rows, cols));
      for (let r = 0; r < rows; r++) {
        let s = 0,
          l = 0;
        for (let c = 0; c < cols; c++) {
          s += y[r * cols + c];
          l += Math.exp(ly[r * cols + c]);
        }
        assert.ok(Math.abs(s - 1) <= SUM1_TOL * Math.sqrt(cols), `${name} softmax row ${r} of ${cols} sums to ${s}`);
        assert.ok(Math.abs(l - 1) <= SUM1_TOL * Math.sqrt(cols) * 4, `${name} log_softmax row ${r} of ${cols}: Σexp = ${l}`);
      }
      // rows 1 and 2 are row 0's values shifted by ±1000 (not exactly, random) → just finite
      assert.ok(Array.from(y).every(Number.isFinite), `${name} softmax of ±1000 logits is finite`);
    }
    // hand example: softmax([0, ln 3]) = [0.25, 0.75]
    const [y] = run([new Float32Array(2), Float32Array.from([0, Math.log(3)])], ([py, px]) => k.softmax_forward(py, px, 1, 2));
    assertClose(y.subarray(0, 2), [0.25, 0.75], () => HAND_TOL, `${name} softmax([0, ln 3])`);
  }
});

S('−Inf: an all −Inf row gives NaN (as PyTorch), −Inf entries get probability 0', () => {
  for (const { name, k } of [...wasm, { name: 'js', k: js }]) {
    for (const cols of [1, 3, 4, 7, 9]) {
      const x = new Float32Array(2 * cols);
      for (let c = 0; c < cols; c++) {
        x[c] = -Infinity;
        x[cols + c] = c % 2 ? -Infinity : c;
      }
      const [y] = run([new Float32Array(2 * cols), x], ([py, px]) => k.softmax_forward(py, px, 2, cols));
      const [ly] = run([new Float32Array(2 * cols), x], ([py, px]) => k.log_softmax_forward(py, px, 2, cols));
      for (let c = 0; c < cols; c++) {
        assert.ok(Number.isNaN(y[c]) && Number.isNaN(ly[c]), `${name} all −Inf row, cols ${cols}`);
        if (c % 2) {
          assert.is(y[cols + c], 0, `${name} softmax at −Inf`);
          assert.is(ly[cols + c], -Infinity, `${name} log_softmax at −Inf`);
        } else {
          assert.ok(y[cols + c] > 0 && Number.isFinite(ly[cols + c]), `${name} finite entries`);
        }
      }
    }
  }
});

S.run();
