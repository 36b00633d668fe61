// Extrema kernels (kernels-as/extrema.ts: max_cols / min_cols, amax_backward, topk_cols): both wasm
// builds against the js twin for rows 1–3 × cols 0–17 (and odd larger ones), misaligned, with guard
// words; NaN at every position, ties, ±0 and ±Inf; and closed forms.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { agree, all, js, randArray, runOn } from './helpers.js';
import { mulberry32 } from '../lib/mulberry32.js';

/** selections copy values and count columns: bit-exact */
const EXACT = { rtol: 0, atol: 0 };
/** amax_backward divides once: one rounding at most */
const ARITH = { rtol: 2e-7, atol: 0 };

const COLS = [...Array.from({ length: 18 }, (_, c) => c), 31, 64];
const ROWS = [1, 2, 3];

/** Values on a coarse grid (ties happen), with NaN / ±Inf / ±0 sprinkled in when special. */
function rowData(r: () => number, n: number, special: boolean): Float32Array {
  const a = Float32Array.from({ length: n }, () => Math.round((r() * 2 - 1) * 6) / 2);
  if (special)
    for (let i = 0; i < n; i++) {
      const u = r();
      if (u < 0.08) a[i] = NaN;
      else if (u < 0.12) a[i] = u < 0.1 ? Infinity : -Infinity;
      else if (u < 0.16) a[i] = -0;
    }
  return a;
}

const S = suite('extrema');

for (const kind of ['max_cols', 'min_cols'] as const) {
  S(`${kind}: wasm vs js, rows 1–3 × cols 0–17 and odd, ties, NaN / ±Inf / ±0`, () => {
    const r = mulberry32(kind === 'max_cols' ? 31 : 32);
    for (const rows of ROWS)
      for (const cols of COLS)
        for (const special of [false, true]) {
          const data = { out: randArray(r, rows, 9), idx: randArray(r, rows, 9), x: rowData(r, rows * cols, special) };
          agree(`${rows}x${cols}${special ? ' special' : ''}`, data, (rows + cols) % 4, ['out', 'idx'], EXACT, (k, p) =>
            k[kind](p.out, p.idx, p.x, rows, cols),
          );
        }
  });
}

S('max_cols / min_cols: a single NaN at every position of cols 1–17 wins, first NaN of two', () => {
  for (const [name, k] of all)
    for (let cols = 1; cols <= 17; cols++)
      for (let at = 0; at < cols; at++) {
        const x = Float32Array.from({ length: cols }, (_, c) => c - 3);
        x[at] = NaN;
        if (at + 2 < cols) x[at + 2] = NaN;
        for (const kind of ['max_cols', 'min_cols'] as const) {
          const o = runOn(k, { out: new Float32Array(1), idx: new Float32Array(1), x }, 1, (kk, p) => kk[kind](p.out, p.idx, p.x, 1, cols));
          assert.ok(Number.isNaN(o.out[0]) && o.idx[0] === at, `${name} ${kind} cols ${cols} NaN at ${at}: ${o.out[0]} at ${o.idx[0]}`);
        }
      }
});

S('max_cols / min_cols: ties give the first index (every lane / tail position)', () => {
  for (const [name, k] of all)
    for (let cols = 2; cols <= 17; cols++)
      for (let a = 0; a < cols - 1; a++) {
        const x = new Float32Array(cols).fill(0);
        x[a] = 5;
        x[cols - 1] = 5; // two maxima
        const y = new Float32Array(cols).fill(0);
        y[a] = -5;
        y[cols - 1] = -5;
        const mx = runOn(k, { out: new Float32Array(1), idx: new Float32Array(1), x }, 0, (kk, p) => kk.max_cols(p.out, p.idx, p.x, 1, cols));
        const mn = runOn(k, { out: new Float32Array(1), idx: new Float32Array(1), x: y }, 0, (kk, p) => kk.min_cols(p.out, p.idx, p.x, 1, cols));
        assert.equal([mx.out[0], mx.idx[0], mn.out[0], mn.idx[0]], [5, a, -5, a], `${name} cols ${cols} ties at ${a}, ${cols - 1}`);
      }
});

S('amax_backward: wasm vs js (accumulates dy / count on the ties, NaN rows)', () => {
  const r = mulberry32(33);
  for (const rows of ROWS)
    for (const cols of COLS)
      for (const special of [false, true]) {
        const x = rowData(r, rows * cols, special);
        // y: the true max of each row (so ties and NaN rows happen), sometimes a value absent from the row
        const yv = runOn(js, { y: new Float32Array(rows), idx: new Float32Array(rows), x }, 0, (k, p) => k.max_cols(p.y, p.idx, p.x, rows, cols)).y;
        if (rows > 2) yv[2] = 100.25;
        const data = { dx: randArray(r, rows * cols, 1), x, y: yv, dy: randArray(r, rows, 3) };
        agree(`${rows}x${cols}${special ? ' special' : ''}`, data, cols % 4, ['dx'], ARITH, (k, p) => k.amax_backward(p.dx, p.x, p.y, p.dy, rows, cols));
      }
});

S('amax_backward closed form: [1, 3, 3, 2] with dy 1 → [0, ½, ½, 0] added', () => {
  for (const [name, k] of all) {
    const o = runOn(
      k,
      { dx: Float32Array.from([1, 1, 1, 1]), x: Float32Array.from([1, 3, 3, 2]), y: Float32Array.from([3]), dy: Float32Array.from([1]) },
      0,
      (kk, p) => kk.amax_backward(p.dx, p.x, p.y, p.dy, 1, 4),
    );
    assert.equal(Array.from(o.dx), [1, 1.5, 1.5, 1], name);
  }
});

S('topk_cols: wasm vs js for every k ≤ cols, largest and smallest, ties and NaN', () => {
  const r = mulberry32(34);
  for (const rows of [1, 3])
    for (const cols of COLS.filter((c) => c <= 17))
      for (let k = 0; k <= cols; k++)
        for (const largest of [1, 0]) {
          const data = { values: randArray(r, rows * k, 9), idx: randArray(r, rows * k, 9), x: rowData(r, rows * cols, k % 3 === 0) };
          agree(`${rows}x${cols} k=${k} largest=${largest}`, data, k % 4, ['values', 'idx'], EXACT, (kk, p) =>
            kk.topk_cols(p.values, p.idx, p.x, rows, cols, k, largest),
          );
        }
});

S('topk_cols closed form: NaN first when largest, last otherwise; ties lowest index first', () => {
  const x = Float32Array.from([1, NaN, 3, 2, 3]);
  for (const [name, k] of all) {
    const big = runOn(k, { values: new Float32Array(5), idx: new Float32Array(5), x }, 0, (kk, p) => kk.topk_cols(p.values, p.idx, p.x, 1, 5, 5, 1));
    const small = runOn(k, { values: new Float32Array(5), idx: new Float32Array(5), x }, 0, (kk, p) => kk.topk_cols(p.values, p.idx, p.x, 1, 5, 5, 0));
    assert.equal(Array.from(big.idx), [1, 2, 4, 3, 0], `${name} largest`);
    assert.equal(Array.from(small.idx), [0, 3, 2, 4, 1], `${name} smallest`);
  }
});

S.run();
