// Naive-JS twins of kernels-as/softmax.ts: softmax / log-softmax per row, forward + backward,
// max-subtracted (a row of all −Inf gives NaN, as PyTorch).
import type { SoftmaxKernels } from '../kernels.js';
import type { HeapViews } from '../wasm.js';

export function softmaxJs(heap: HeapViews): SoftmaxKernels {
  const rowMax = (f: Float32Array, p: number, cols: number) => {
    let m = -Infinity;
    for (let c = 0; c < cols; c++) m = Math.max(m, f[p + c]);
    return m;
  };
  return {
    softmax_forward(y, x, rows, cols) {
      const f = heap.f32();
      for (let r = 0; r < rows; r++) {
        const px = (x >> 2) + r * cols,
          py = (y >> 2) + r * cols;
        const m = rowMax(f, px, cols);
        let s = 0;
        for (let c = 0; c < cols; c++) s += Math.exp(f[px + c] - m);
        for (let c = 0; c < cols; c++) f[py + c] = Math.exp(f[px + c] - m) / s;
      }
    },
    softmax_backward(dx, y, dy, rows, cols) {
      const f = heap.f32();
      for (let r = 0; r < rows; r++) {
        const o = r * cols;
        let s = 0;
        for (let c = 0; c < cols; c++) s += f[(dy >> 2) + o + c] * f[(y >> 2) + o + c];
        for (let c = 0; c < cols; c++) f[(dx >> 2) + o + c] += f[(y >> 2) + o + c] * (f[(dy >> 2) + o + c] - s);
      }
    },
    log_softmax_forward(y, x, rows, cols) {
      const f = heap.f32();
      for (let r = 0; r < rows; r++) {
        const px = (x >> 2) + r * cols,
          py = (y >> 2) + r * cols;
        const m = rowMax(f, px, cols);
        let s = 0;
        for (let c = 0; c < cols; c++) s += Math.exp(f[px + c] - m);
        const ls = Math.log(s);
        for (let c = 0; c < cols; c++) f[py + c] = f[px + c] - m - ls;
      }
    },
    log_softmax_backward(dx, y, dy, rows, cols) {
      const f = heap.f32();
      for (let r = 0; r < rows; r++) {
        const o = r * cols;
        let s = 0;
        for (let c = 0; c < cols; c++) s += f[(dy >> 2) + o + c];
        for (let c = 0; c < cols; c++) f[(dx >> 2) + o + c] += f[(dy >> 2) + o + c] - Math.exp(f[(y >> 2) + o + c]) * s;
      }
    },
  };
}
