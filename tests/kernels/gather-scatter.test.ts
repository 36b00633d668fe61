// Gather / scatter-add kernels (kernels-as/gather-scatter.ts): index_select_rows / index_add_rows /
// gather_cols / scatter_add_cols, wasm (both builds) against the naive-JS twin and a direct
// computation; duplicate indices accumulate.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { heap } from '../../engine/backend/wasm.js';
import { all } from './helpers.js';
import { mulberry32 } from '../lib/mulberry32.js';
import { allocBytes, freeBytes } from '../../engine/memory.js';

/** gather / scatter-add kernels move or add f32 values one at a time: the js twin's results are matched exactly */
const EXACT = 0;

const uniform01 = mulberry32(99);
/** uniform in [−1, 1) */
const rand = (): number => uniform01() * 2 - 1;
const randInt = (n: number) => Math.floor(((rand() + 1) / 2) * n) % n;

function f32buf(values: ArrayLike<number>, extra = 4): number {
  const p = allocBytes((values.length + extra) * 4);
  const f = heap.f32();
  f.set(values, p >> 2);
  f.fill(-7, (p >> 2) + values.length, (p >> 2) + values.length + extra);
  return p;
}
function i32buf(values: ArrayLike<number>): number {
  const p = allocBytes(values.length * 4 + 4);
  heap.i32().set(values, p >> 2);
  return p;
}
const read = (p: number, n: number) => Array.from(heap.f32().subarray(p >> 2, (p >> 2) + n));

const I = suite('gather-scatter');

I('index_select_rows / index_add_rows: cols 0–17 and odd, duplicate indices', () => {
  for (let cols = 0; cols <= 17; cols++) {
    for (const [vrows, nidx] of [
      [1, 3],
      [5, 0],
      [7, 9],
      [4, 17],
    ]) {
      const x = Array.from(Float32Array.from({ length: vrows * cols }, rand));
      const idx = Array.from({ length: nidx }, () => randInt(vrows));
      const dy = Array.from(Float32Array.from({ length: nidx * cols }, rand));
      const dx0 = Array.from(Float32Array.from({ length: vrows * cols }, rand));
      // direct computation
      const want = idx.flatMap((r) => x.slice(r * cols, (r + 1) * cols));
      const wantDx = Float32Array.from(dx0);
      idx.forEach((r, i) => {
        for (let c = 0; c < cols; c++) wantDx[r * cols + c] += dy[i * cols + c];
      });
      for (const [name, k] of all) {
        const px = f32buf(x),
          pi = i32buf(idx),
          out = f32buf(new Array(nidx * cols).fill(NaN)),
          pdy = f32buf(dy),
          pdx = f32buf(dx0);
        k.index_select_rows(out, px, pi, nidx, cols);
        assert.equal(read(out, nidx * cols + 4), [...want.map(Math.fround), -7, -7, -7, -7], `${name} index_select_rows cols=${cols} nidx=${nidx}`);
        k.index_add_rows(pdx, pi, pdy, nidx, cols);
        const got = read(pdx, vrows * cols + 4);
        // the same order of additions as the direct loop: exact (EXACT)
        assert.equal(got, [...wantDx, -7, -7, -7, -7], `${name} index_add_rows cols=${cols} nidx=${nidx} (tol ${EXACT})`);
        [px, pi, out, pdy, pdx].forEach(freeBytes);
      }
    }
  }
});

I('gather_cols / scatter_add_cols: shapes 0–17, duplicate indices', () => {
  for (let rows = 0; rows <= 17; rows += 3) {
    for (const [xcols, icols] of [
      [1, 1],
      [5, 3],
      [7, 9],
      [17, 2],
      [3, 0],
    ]) {
      const x = Array.from(Float32Array.from({ length: rows * xcols }, rand));
      const idx = Array.from({ length: rows * icols }, () => randInt(xcols));
      const dy = Array.from(Float32Array.from({ length: rows * icols }, rand));
      const dx0 = Array.from(Float32Array.from({ length: rows * xcols }, rand));
      const want = idx.map((c, o) => x[Math.floor(o / Math.max(icols, 1)) * xcols + c]);
      const wantDx = Float32Array.from(dx0);
      idx.forEach((c, o) => {
        wantDx[Math.floor(o / icols) * xcols + c] += dy[o];
      });
      for (const [name, k] of all) {
        const px = f32buf(x),
          pi = i32buf(idx),
          out = f32buf(new Array(rows * icols).fill(NaN)),
          pdy = f32buf(dy),
          pdx = f32buf(dx0);
        k.gather_cols(out, px, pi, rows, xcols, icols);
        assert.equal(read(out, rows * icols + 1), [...want.map(Math.fround), -7], `${name} gather_cols ${rows}x${xcols}/${icols}`);
        k.scatter_add_cols(pdx, pi, pdy, rows, xcols, icols);
        assert.equal(read(pdx, rows * xcols + 1), [...wantDx, -7], `${name} scatter_add_cols ${rows}x${xcols}/${icols}`);
        [px, pi, out, pdy, pdx].forEach(freeBytes);
      }
    }
  }
});

I.run();
