// Naive-JS twins of kernels-as/reduce.ts (row / column sums, sum of squares, sum, max |x|, all-finite).
import type { ReduceKernels } from '../kernels.js';
import type { HeapViews } from '../wasm.js';

export function reduceJs(heap: HeapViews): ReduceKernels {
  const sumRowsLd: ReduceKernels['sum_rows_ld'] = (out, x, rows, cols, ld) => {
    const f = heap.f32();
    for (let c = 0; c < cols; c++) {
      let s = 0;
      for (let r = 0; r < rows; r++) s += f[(x >> 2) + r * ld + c];
      f[(out >> 2) + c] += s;
    }
  };
  return {
    sum_rows(out, x, rows, cols) {
      sumRowsLd(out, x, rows, cols, cols);
    },
    sum_rows_ld: sumRowsLd,
    sum_cols(out, x, rows, cols) {
      const f = heap.f32();
      for (let r = 0; r < rows; r++) {
        let s = 0;
        for (let c = 0; c < cols; c++) s += f[(x >> 2) + r * cols + c];
        f[(out >> 2) + r] += s;
      }
    },
    sum_squares(x, n) {
      const f = heap.f32();
      let s = 0;
      for (let i = 0; i < n; i++) s += f[(x >> 2) + i] * f[(x >> 2) + i];
      return s;
    },
    sum_all(x, n) {
      const f = heap.f32();
      let s = 0;
      for (let i = 0; i < n; i++) s += f[(x >> 2) + i];
      return s;
    },
    max_abs(x, n) {
      const f = heap.f32();
      let m = 0;
      for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(f[(x >> 2) + i]));
      return m;
    },
    all_finite(x, n) {
      const f = heap.f32();
      for (let i = 0; i < n; i++) if (!Number.isFinite(f[(x >> 2) + i])) return 0;
      return 1;
    },
  };
}
