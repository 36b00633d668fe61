// The kernel call behind each path of timesWeight's rule (times-weight.ts), as a plain
// description — [path, weight pointer, N, K] for W [N, K] — and the one function that turns it
// into the product. Pure (no allocation, no tensors): the thread pool's workers import it to run
// the recurrent time loop on their rows (rnn/slices.ts) with their own scratch.
import type { Kernels } from '../backend/kernels.js';

/** c (+)= a·op(W) for M rows of a (M ≤ the use's rows); acc 1 accumulates into c. */
export type Product = (c: number, a: number, M: number, acc: 0 | 1) => void;

/** sgemv_packed on W's GEMV copy: c [1, N] (+)= a·Wᵀ (one row) */
export const GEMV = 1;
/** sgemm_packed on packed Wᵀ: c [M, N] (+)= a[M, K]·Wᵀ */
export const PACKED_T = 2;
/** sgemm_packed on packed W: c [M, K] (+)= a[M, N]·W */
export const PACKED_N = 3;
/** sgemm on W as it is: c [M, N] (+)= a[M, K]·Wᵀ */
export const GEMM_T = 4;
/** sgemm on W as it is: c [M, K] (+)= a[M, N]·W */
export const GEMM_N = 5;

/** [path, pointer (the copy, or W itself for GEMM_*), N, K]: the product chosen for W [N, K]. */
export type ProductSpec = readonly [path: number, ptr: number, N: number, K: number];

/** The product described by `spec`, with `work` as its scratch (gemmWorkBytes / gemmPackedWorkBytes of its rows). */
export function productOf(k: Kernels, spec: ProductSpec, work: number): Product {
  const [path, w, N, K] = spec;
  switch (path) {
    case GEMV:
      return (c, a, _M, acc) => k.sgemv_packed(c, a, w, N, K, acc);
    case PACKED_T:
      return (c, a, M, acc) => k.sgemm_packed(c, a, w, work, M, N, K, K, N, 0, acc);
    case PACKED_N:
      return (c, a, M, acc) => k.sgemm_packed(c, a, w, work, M, K, N, N, K, 0, acc);
    case GEMM_T:
      return (c, a, M, acc) => k.sgemm(c, a, w, work, M, N, K, K, K, N, 0, 1, acc);
    case GEMM_N:
      return (c, a, M, acc) => k.sgemm(c, a, w, work, M, K, N, N, K, K, 0, 0, acc);
    default:
      throw new Error(`productOf: unknown product path ${path}`);
  }
}
