// timesWeight: every product of activations with a weight (Linear, and W_ih, W_hh, W_hr of the
// recurrent layers, forward and backward) chooses its kernel here, by ONE rule:
//
// | path                  | when                                                              | kernel |
// |-----------------------|-------------------------------------------------------------------|--------|
// | fused step GEMV       | one row, one step, no graph, LSTM/RNN: all gates of the step from  | sgemv_packed over [W_ih │ W_hh │ b_ih + b_hh] |
// |                       | [x │ h │ 1] (stepWeight)                                           | |
// | cached GEMV copy      | a·Wᵀ of one row, and the copy serves again before W can change    | sgemv_packed |
// |                       | (no graph: the next call, e.g. the next token; or uses > 1 steps)  | |
// | cached packed GEMM    | a recurrent weight (one product per step) at ≥ 4 rows forward,    | sgemm_packed |
// |                       | any rows backward (a·W)                                           | |
// | sgemm                 | anything else (it packs op(W) per call; a·Wᵀ below 4 rows is its  | sgemm |
// |                       | direct GEMV, no packing)                                          | |
//
// NOTE: the copies live in the wasm heap with their parameter (freed by its dispose()) and are
// rebuilt only when the parameter changed (its storage's stamp: optimizer steps, loads, writes
// through .data of the parameter or of any view of it, such as detach()) — "packed once per
// optimizer step". A weight that is not a Parameter gets no cached copy: the packed GEMM is packed
// in the op's scratch, the GEMV copies are skipped (packing a one-off weight costs as much as the
// product). GEMV copies double a weight's memory for ≈ 1.3× on its batch-1 product; above 2^24
// floats (64 MiB, e.g. a large vocabulary's output layer) memory wins and sgemm is used.
import type { KernelScope } from '../autograd.js';
import { gemmPackedWorkBytes, gemmWorkBytes, gemvPackedBytes, packedBBytes, type Kernels } from '../backend/kernels.js';
import { Parameter, type Tensor, WasmBlock } from '../tensor.js';
import { GEMM_N, GEMM_T, GEMV, PACKED_N, PACKED_T, productOf, type Product, type ProductSpec } from './product-kernels.js';
import { writeStrided } from './layout.js';

export type { Product } from './product-kernels.js';

const GEMV_COPY_MAX = 2 ** 24;
/** rows from which a packed GEMM beats sgemm's direct GEMV (its M < 4 path) */
const GEMM_MIN_ROWS = 4;

/** How a weight W [N, K] is used by one op call: what the rule above decides on. */
export interface WeightUse {
  /** rows of a in each product (a recurrent layer: its batch B; Linear: all rows) */
  rows: number;
  /** products of W in this op call: T for a recurrent weight, 1 for W_ih and Linear */
  uses: number;
  /** a weight multiplied once per time step (W_hh, W_hr), whose packed GEMM copy is kept */
  recurrent: boolean;
  /** a graph is recorded: W may change (optimizer step) before the next call */
  graph: boolean;
  /** 'T' (default): c[M, N] (+)= a[M, K]·Wᵀ (forward); 'N': c[M, K] (+)= a[M, N]·W (backward) */
  op?: 'T' | 'N';
}

/** A product with the description it was made from (product-kernels.ts: what a pool worker rebuilds). */
export type SpecifiedProduct = Product & { spec: ProductSpec };

/** The product c (+)= a·op(w) chosen by the rule in this file's header for `use`. */
export function timesWeight(s: KernelScope, k: Kernels, w: Tensor, use: WeightUse): SpecifiedProduct {
  const [N, K] = w.shape;
  const t = (use.op ?? 'T') === 'T';
  let spec: ProductSpec | null = null;
  let workBytes = 0;
  if (t && use.rows === 1 && (!use.graph || use.uses > 1)) {
    const gp = gemvCopy(s, k, w);
    if (gp) spec = [GEMV, gp, N, K];
  }
  if (!spec && use.recurrent && (use.rows >= GEMM_MIN_ROWS || !t)) {
    // op(W) is [K, N] forward (Wᵀ), [N, K] backward
    spec = [t ? PACKED_T : PACKED_N, gemmCopy(s, k, w, t ? K : N, t ? N : K, K, t ? 1 : 0), N, K];
    workBytes = gemmPackedWorkBytes(use.rows, t ? K : N);
  }
  if (!spec) {
    spec = [t ? GEMM_T : GEMM_N, s.in(w), N, K];
    workBytes = t ? gemmWorkBytes(use.rows, N, K, 0, 1) : gemmWorkBytes(use.rows, K, N);
  }
  return Object.assign(productOf(k, spec, workBytes ? s.out(workBytes / 4) : 0), { spec });
}

/**
 * The fused step GEMV of a recurrent layer (first row of the table): G [1, Gr] = [x │ h │ 1]·
 * [W_ih │ W_hh │ b_ih + b_hh]ᵀ, or null when the rule does not apply (a graph, several rows or
 * steps, GRU, a weight that is not a parameter, or the matrix above the copy limit).
 * NOTE: b_ih + b_hh is summed before the products are added, PyTorch adds each bias to its own
 * product: equal up to float32 rounding.
 */
export function stepWeight(
  s: KernelScope,
  k: Kernels,
  w: { wIh: Tensor; wHh: Tensor; bIh: Tensor | null; bHh: Tensor | null },
  use: { rows: number; uses: number; graph: boolean; hhBiasInStep: boolean },
): ((G: number, x: number, h: number) => void) | null {
  if (use.rows !== 1 || use.uses !== 1 || use.graph || use.hhBiasInStep) return null;
  const { wIh, wHh, bIh, bHh } = w;
  const biases = bIh ? (bHh ? [bIh, bHh] : [bIh]) : bHh ? [bHh] : [];
  const params = [wIh, wHh, ...biases];
  if (!params.every((p): p is Parameter => p instanceof Parameter)) return null;
  const [G, I] = wIh.shape;
  const P = wHh.shape[1];
  const K = I + P + (biases.length ? 1 : 0); // columns: x, h, and the biases' column
  if (G * K > GEMV_COPY_MAX) return null;
  // stamps only grow, so their sum changes whenever one of them does
  let version = 0;
  for (const p of params) version += p._block!.stamp;
  const wp = derived(
    params[1] /* W_hh */,
    'gemv-step',
    gemvPackedBytes(G, K) / 4,
    (ptr) => {
      const cat = s.out(G * K);
      writeStrided(s, k, 'rnn', cat, s.in(wIh), [G, I], [K, 1], 0);
      writeStrided(s, k, 'rnn', cat, s.in(wHh), [G, P], [K, 1], I);
      if (biases.length) {
        const b = s.zeros(G);
        for (const bias of biases) k.axpy(b, s.in(bias), 1, G);
        writeStrided(s, k, 'rnn', cat, b, [G, 1], [K, 1], I + P);
      }
      k.sgemv_pack(ptr, cat, G, K, K);
    },
    version,
  );
  const xh = s.out(K);
  if (biases.length) k.fill(xh + 4 * (I + P), 1, 1);
  return (Gp, x, h) => {
    k.copy(xh, x, I);
    k.copy(xh + 4 * I, h, P);
    k.sgemv_packed(Gp, xh, wp, G, K, 0);
  };
}

/** W [n, k] packed for sgemv_packed when W is a parameter within the copy limit (cached), else 0. */
function gemvCopy(s: KernelScope, k: Kernels, w: Tensor): number {
  if (!(w instanceof Parameter) || w.size > GEMV_COPY_MAX) return 0;
  const [n, kk] = w.shape;
  return derived(w, 'gemv', gemvPackedBytes(n, kk) / 4, (ptr) => k.sgemv_pack(ptr, s.in(w), n, kk, kk));
}

/** op(W) ([K, N]: Wᵀ when transB, else W) packed for sgemm_packed: cached on a parameter, else in scratch. */
function gemmCopy(s: KernelScope, k: Kernels, w: Tensor, K: number, N: number, ldb: number, transB: 0 | 1): number {
  if (!(w instanceof Parameter)) {
    const bp = s.out(packedBBytes(K, N) / 4);
    k.sgemm_pack_b(bp, s.in(w), K, N, ldb, transB);
    return bp;
  }
  return derived(w, transB ? 'gemm-t' : 'gemm', packedBBytes(K, N) / 4, (ptr) => k.sgemm_pack_b(ptr, s.in(w), K, N, ldb, transB));
}

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
