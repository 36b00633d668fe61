// Naive-JS twin of kernels-as/losses.ts: cross-entropy (log-softmax + NLL) with class weights,
// ignore_index and label smoothing, in f64 arithmetic over the f32 heap. Shapes as in kernels-as/losses.ts.
import type { LossKernels } from '../kernels.js';
import type { HeapViews } from '../wasm.js';

export function lossesJs(heap: HeapViews): LossKernels {
  return {
    cross_entropy_forward(loss, logp, x, target, weight, N, C, ignoreIndex, smoothing) {
      const f = heap.f32();
      const t32 = heap.i32();
      const w = (c: number) => (weight ? f[(weight >> 2) + c] : 1);
      for (let r = 0; r < N; r++) {
        const xr = (x >> 2) + r * C;
        const lr = (logp >> 2) + r * C;
        const t = t32[(target >> 2) + r];
        if (C === 0) {
          f[(loss >> 2) + r] = 0;
          continue;
        }
        let m = -Infinity;
        for (let j = 0; j < C; j++) m = Math.max(m, f[xr + j]);
        let s = 0;
        for (let j = 0; j < C; j++) s += Math.exp(f[xr + j] - m);
        const lse = m + Math.log(s);
        for (let j = 0; j < C; j++) f[lr + j] = f[xr + j] - lse;
        if (t === ignoreIndex) {
          f[(loss >> 2) + r] = 0;
          continue;
        }
        // (1−ε)·(−w[t]·logp[t]) + (ε/C)·Σ_c(−w[c]·logp[c])
        let l = -w(t) * f[lr + t];
        if (smoothing > 0) {
          let a = 0;
          for (let j = 0; j < C; j++) a -= w(j) * f[lr + j];
          l = (1 - smoothing) * l + (smoothing / C) * a;
        }
        f[(loss >> 2) + r] = l;
      }
    },
    cross_entropy_backward(dx, logp, target, weight, dloss, N, C, ignoreIndex, smoothing) {
      const f = heap.f32();
      const t32 = heap.i32();
      const w = (c: number) => (weight ? f[(weight >> 2) + c] : 1);
      const eps = smoothing > 0 ? smoothing : 0;
      let W = 0;
      for (let j = 0; j < C; j++) W += w(j);
      for (let r = 0; r < N; r++) {
        const t = t32[(target >> 2) + r];
        if (t === ignoreIndex || C === 0) continue;
        const dl = f[(dloss >> 2) + r];
        const wt = w(t);
        // ∂loss/∂x_j = p_j·((1−ε)·w[t] + (ε/C)·W) − (1−ε)·w[t]·[j = t] − (ε/C)·w[j]
        const a = (1 - eps) * wt + (eps / C) * W;
        for (let j = 0; j < C; j++) {
          const g = a * Math.exp(f[(logp >> 2) + r * C + j]) - (j === t ? (1 - eps) * wt : 0) - (eps / C) * w(j);
          f[(dx >> 2) + r * C + j] += dl * g;
        }
      }
    },
  };
}
