// Naive-JS twins of kernels-as/extrema.ts (max / min with indices, amax backward, top-k).
import type { ExtremaKernels } from '../kernels.js';
import type { HeapViews } from '../wasm.js';

/** NaN first, then the extreme value; equal values keep the earlier (lower) column. */
function beats(v: number, b: number, isMax: boolean): boolean {
  if (Number.isNaN(b)) return false;
  if (Number.isNaN(v)) return true;
  return isMax ? v > b : v < b;
}

/** topk order: NaN is the greatest value (first when largest, last otherwise). */
function beatsTopk(v: number, b: number, largest: boolean): boolean {
  if (largest) return (Number.isNaN(v) && !Number.isNaN(b)) || v > b;
  return (Number.isNaN(b) && !Number.isNaN(v)) || v < b;
}

export function extremaJs(heap: HeapViews): ExtremaKernels {
  function extreme(out: number, idx: number, x: number, rows: number, cols: number, isMax: boolean): void {
    if (cols <= 0) return;
    const f = heap.f32();
    for (let r = 0; r < rows; r++) {
      const p = (x >> 2) + r * cols;
      let best = f[p];
      let bi = 0;
      for (let c = 1; c < cols; c++)
        if (beats(f[p + c], best, isMax)) {
          best = f[p + c];
          bi = c;
        }
      f[(out >> 2) + r] = best;
      f[(idx >> 2) + r] = bi;
    }
  }
  return {
    max_cols(out, idx, x, rows, cols) {
      extreme(out, idx, x, rows, cols, true);
    },
    min_cols(out, idx, x, rows, cols) {
      extreme(out, idx, x, rows, cols, false);
    },
    amax_backward(dx, x, y, dy, rows, cols) {
      const f = heap.f32();
      for (let r = 0; r < rows; r++) {
        const p = (x >> 2) + r * cols;
        const yv = f[(y >> 2) + r];
        const hit = (v: number) => (Number.isNaN(yv) ? Number.isNaN(v) : v === yv);
        let count = 0;
        for (let c = 0; c < cols; c++) if (hit(f[p + c])) count++;
        if (count === 0) continue;
        const g = Math.fround(f[(dy >> 2) + r] / count);
        for (let c = 0; c < cols; c++) if (hit(f[p + c])) f[(dx >> 2) + r * cols + c] += g;
      }
    },
    topk_cols(values, idx, x, rows, cols, k, largest) {
      if (k <= 0) return;
      const f = heap.f32();
      for (let r = 0; r < rows; r++) {
        // stable sort of the row's columns, best first; keep the first k
        const p = (x >> 2) + r * cols;
        const order = Array.from({ length: cols }, (_, c) => c);
        const big = largest !== 0;
        order.sort((a, b) => (beatsTopk(f[p + a], f[p + b], big) ? -1 : beatsTopk(f[p + b], f[p + a], big) ? 1 : a - b));
        for (let j = 0; j < k; j++) {
          f[(values >> 2) + r * k + j] = f[p + order[j]];
          f[(idx >> 2) + r * k + j] = order[j];
        }
      }
    },
  };
}
