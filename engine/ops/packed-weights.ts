// Packed copies of weights, kept in the wasm heap with their parameter (freed by its dispose())
// and rebuilt only when the parameter changed (its storage's stamp: optimizer steps, loads, writes
// through .data of the parameter or of any view of it, such as detach()) — "packed once per
// optimizer step". Two layouts: sgemm_pack_b's panels (the recurrent W_hh of a batch ≥ 4, used T
// times per forward and backward) and sgemv_pack's row groups (batch-1 products: a generation step
// of a recurrent layer — one step of one row takes all its gates from one GEMV over
// [W_ih | W_hh | biases] — and a Linear at batch 1 without grad).
import type { KernelScope } from '../autograd.js';
import { gemmWorkBytes, gemvPackedBytes, packedBBytes, type Kernels } from '../backend/kernels.js';
import { Parameter, Tensor, WasmBlock } from '../tensor.js';
import { writeStrided } from './util.js';

/**
 * NOTE: GEMV copies double a weight's memory for ≈ 1.3× on its batch-1 product; above 2^24 floats
 * (64 MiB, e.g. a large vocabulary's output layer) memory wins and the direct GEMV is used.
 */
const GEMV_COPY_MAX = 2 ** 24;

/**
 * The block of p's derived copy `layout` ([n floats]), rebuilt by `fill` when `version` (p's storage
 * stamp, or a sum over several parameters) changed since it was made; kept on the parameter
 * (Parameter._derived), so dispose() frees it.
 */
function derived(p: Parameter, layout: string, n: number, fill: (ptr: number) => void, version = p._block!.stamp): number {
  p._derived ??= new Map();
  let entry = p._derived.get(layout);
  if (entry && entry.version === version && entry.block.ptr >= 0) return entry.block.ptr;
  if (!entry || entry.block.ptr < 0) {
    const block = new WasmBlock(n, `packed copy (${layout}) of ${p._block!.label}`);
    try {
      fill(block.ptr); // throws for a disposed parameter: free the block, keep nothing
    } catch (e) {
      block.dispose();
      throw e;
    }
    entry = { version, block };
    p._derived.set(layout, entry);
    return block.ptr;
  }
  fill(entry.block.ptr);
  entry.version = version;
  return entry.block.ptr;
}

/** Pointer to op(W) packed for sgemm_packed (op(W) is [K, N]): Wᵀ when transB, else W. */
export function packedWeight(s: KernelScope, k: Kernels, w: Tensor, K: number, N: number, ldb: number, transB: 0 | 1): number {
  if (!(w instanceof Parameter)) {
    const bp = s.out(packedBBytes(K, N) / 4);
    k.sgemm_pack_b(bp, s.in(w), K, N, ldb, transB);
    return bp;
  }
  return derived(w, transB ? 'gemm-t' : 'gemm', packedBBytes(K, N) / 4, (ptr) => k.sgemm_pack_b(ptr, s.in(w), K, N, ldb, transB));
}

/**
 * Pointer to W [n, k] packed for sgemv_packed when W is a parameter (cached until it changes),
 * else 0: packing a one-off weight would cost as much as the product, so the caller uses sgemm.
 */
export function gemvWeight(s: KernelScope, k: Kernels, w: Tensor): number {
  if (!(w instanceof Parameter) || w.size > GEMV_COPY_MAX) return 0;
  const [n, kk] = w.shape;
  return derived(w, 'gemv', gemvPackedBytes(n, kk) / 4, (ptr) => k.sgemv_pack(ptr, s.in(w), n, kk, kk));
}

/**
 * One step of one row of a recurrent layer as ONE GEMV: [W_ih | W_hh | b_ih + b_hh] ([G, I + P],
 * plus a column when there are biases) packed for sgemv_packed, applied to [x | h | 1]. Kept on
 * W_hh, rebuilt when any of the four parameters changed; 0 unless all of them are parameters.
 * NOTE: b_ih + b_hh is summed before the products are added, PyTorch adds each bias to its own
 * product: equal up to float32 rounding.
 */
export function stepGemvWeight(s: KernelScope, k: Kernels, wIh: Tensor, wHh: Tensor, bIh: Tensor | null, bHh: Tensor | null): number {
  if (!(wIh instanceof Parameter) || !(wHh instanceof Parameter)) return 0;
  if ((bIh && !(bIh instanceof Parameter)) || (bHh && !(bHh instanceof Parameter))) return 0;
  const [G, I] = wIh.shape;
  const P = wHh.shape[1];
  const K = stepGemvK(I, P, bIh !== null || bHh !== null);
  if (G * K > GEMV_COPY_MAX) return 0;
  // stamps only grow, so their sum changes whenever one of them does (and allocates nothing)
  const version = wIh._block!.stamp + wHh._block!.stamp + (bIh?._block!.stamp ?? 0) + (bHh?._block!.stamp ?? 0);
  return derived(wHh, 'gemv-step', gemvPackedBytes(G, K) / 4, (ptr) => {
    const cat = s.out(G * K);
    writeStrided(s, k, 'rnn', cat, s.in(wIh), [G, I], [K, 1], 0);
    writeStrided(s, k, 'rnn', cat, s.in(wHh), [G, P], [K, 1], I);
    if (K > I + P) {
      const b = s.zeros(G);
      if (bIh) k.axpy(b, s.in(bIh), 1, G);
      if (bHh) k.axpy(b, s.in(bHh), 1, G);
      writeStrided(s, k, 'rnn', cat, b, [G, 1], [K, 1], I + P);
    }
    k.sgemv_pack(ptr, cat, G, K, K);
  }, version);
}

/** Columns of stepGemvWeight's matrix: x, h, and the biases' column. */
export function stepGemvK(I: number, P: number, bias: boolean): number {
  return I + P + (bias ? 1 : 0);
}

/**
 * c[M, N] (+)= a[M, K]·Wᵀ for a weight W [N, K]: one packed GEMV when M = 1, W is a parameter and
 * the packed copy will serve again before W can change (`reuse`: no graph, or several steps of
 * one forward), else sgemm (which takes the direct GEMV path below 4 rows) with `work` (0:
 * scratch of its own).
 */
export function timesWt(s: KernelScope, k: Kernels, c: number, a: number, w: Tensor, pw: number, work: number, M: number, acc: 0 | 1, reuse: boolean): void {
  const [N, K] = w.shape;
  const gp = M === 1 && reuse ? gemvWeight(s, k, w) : 0;
  if (gp) k.sgemv_packed(c, a, gp, N, K, acc);
  else k.sgemm(c, a, pw, work || s.out(gemmWorkBytes(M, N, K, 0, 1) / 4), M, N, K, K, K, N, 0, 1, acc);
}
