// Naive-JS twins of kernels-as/gather-scatter.ts (row gather / scatter-add, per-row column gather / scatter-add).
import type { GatherScatterKernels } from '../kernels.js';
import type { HeapViews } from '../wasm.js';

export function gatherScatterJs(heap: HeapViews): GatherScatterKernels {
  return {
    index_select_rows(out, x, idx, nidx, cols) {
      const f = heap.f32(),
        I = heap.i32();
      for (let i = 0; i < nidx; i++) {
        const src = (x >> 2) + I[(idx >> 2) + i] * cols;
        for (let c = 0; c < cols; c++) f[(out >> 2) + i * cols + c] = f[src + c];
      }
    },
    index_add_rows(dx, idx, dy, nidx, cols) {
      const f = heap.f32(),
        I = heap.i32();
      for (let i = 0; i < nidx; i++) {
        const dst = (dx >> 2) + I[(idx >> 2) + i] * cols;
        for (let c = 0; c < cols; c++) f[dst + c] += f[(dy >> 2) + i * cols + c];
      }
    },
    gather_cols(out, x, idx, rows, xcols, icols) {
      const f = heap.f32(),
        I = heap.i32();
      for (let r = 0; r < rows; r++) {
        for (let j = 0; j < icols; j++) {
          const o = r * icols + j;
          f[(out >> 2) + o] = f[(x >> 2) + r * xcols + I[(idx >> 2) + o]];
        }
      }
    },
    scatter_add_cols(dx, idx, dy, rows, xcols, icols) {
      const f = heap.f32(),
        I = heap.i32();
      for (let r = 0; r < rows; r++) {
        for (let j = 0; j < icols; j++) {
          const o = r * icols + j;
          f[(dx >> 2) + r * xcols + I[(idx >> 2) + o]] += f[(dy >> 2) + o];
        }
      }
    },
  };
}
