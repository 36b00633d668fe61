// Naive-JS twins of kernels-as/layout.ts.
import type { LayoutKernels } from '../kernels.js';
import type { HeapViews } from '../wasm.js';

export function layoutJs(heap: HeapViews): LayoutKernels {
  function scatter(out: number, x: number, shape: number, strides: number, ndim: number, accumulate: boolean): void {
    const F = heap.f32();
    const I = heap.i32();
    const dims: number[] = [];
    const st: number[] = [];
    let total = 1;
    for (let d = 0; d < ndim; d++) {
      dims.push(I[(shape >> 2) + d]);
      st.push(I[(strides >> 2) + d]);
      total *= dims[d];
    }
    const idx = new Array(ndim).fill(0);
    const o = out >> 2;
    const xi = x >> 2;
    for (let i = 0; i < total; i++) {
      let off = 0;
      for (let d = 0; d < ndim; d++) off += idx[d] * st[d];
      if (accumulate) F[o + off] += F[xi + i];
      else F[o + off] = F[xi + i];
      for (let d = ndim - 1; d >= 0; d--) {
        if (++idx[d] < dims[d]) break;
        idx[d] = 0;
      }
    }
  }
  return {
    copy_to_strided(out, x, shape, strides, ndim) {
      scatter(out, x, shape, strides, ndim, false);
    },
    add_strided(out, x, shape, strides, ndim) {
      scatter(out, x, shape, strides, ndim, true);
    },
  };
}
