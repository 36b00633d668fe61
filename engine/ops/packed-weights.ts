// Packed copies of weights, kept in the wasm heap with their parameter (freed by its dispose())
// and rebuilt only when the parameter changed (its _version: optimizer steps, loads, writes
// through .data) — "packed once per optimizer step". Two layouts: sgemm_pack_b's panels (the
// recurrent W_hh of a batch ≥ 4, used T times per forward and backward) and sgemv_pack's row
// groups (batch-1 products: a generation step of a recurrent layer, a Linear at batch 1 without
// grad).
import type { KernelScope } from '../autograd.js';
import { gemmWorkBytes, gemvPackedBytes, packedBBytes, type Kernels } from '../backend/kernels.js';
import { Parameter, Tensor, WasmBlock } from '../tensor.js';

/**
 * The block of p's derived copy `layout` ([n floats]), rebuilt by `fill` when p changed since it
 * was made; kept on the parameter (Parameter._derived), so dispose() frees it.
 */
function derived(p: Parameter, layout: string, n: number, fill: (ptr: number) => void): number {
  p._derived ??= new Map();
  let entry = p._derived.get(layout);
  if (entry && entry.version === p._version && entry.block.ptr >= 0) return entry.block.ptr;
  if (!entry || entry.block.ptr < 0) {
    entry = { version: -1, block: new WasmBlock(n) };
    p._derived.set(layout, entry);
  }
  fill(entry.block.ptr);
  entry.version = p._version;
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
  if (!(w instanceof Parameter)) return 0;
  const [n, kk] = w.shape;
  return derived(w, 'gemv', gemvPackedBytes(n, kk) / 4, (ptr) => k.sgemv_pack(ptr, s.in(w), n, kk, kk));
}

/**
 * c[M, N] (+)= a[M, K]·Wᵀ for a weight W [N, K]: one packed GEMV when M = 1 and W is a
 * parameter (batch-1 generation), else sgemm (which takes the direct GEMV path below 4 rows)
 * with `work` (0: scratch of its own).
 */
export function timesWt(s: KernelScope, k: Kernels, c: number, a: number, w: Tensor, pw: number, work: number, M: number, acc: 0 | 1): void {
  const [N, K] = w.shape;
  const gp = M === 1 ? gemvWeight(s, k, w) : 0;
  if (gp) k.sgemv_packed(c, a, gp, N, K, acc);
  else k.sgemm(c, a, pw, work || s.out(gemmWorkBytes(M, N, K) / 4), M, N, K, K, K, N, 0, 1, acc);
}
