// The Kernels interface: one typed signature per AssemblyScript export, shared by the wasm
// backend (calls into WebAssembly) and the js backend (plain loops over the same heap).
//
// ABI: every pointer is a BYTE offset into the one wasm memory (f32 or i32 data, 4-byte
// aligned; 16-byte aligned when the caller allocates); every dimension is an i32; float scalars (value, alpha,
// p, lo, hi) are f32 unless a signature says otherwise (the JS twins round them with Math.fround). Arguments
// come in the order: output pointers, input pointers, saved pointers, then scalars/dimensions.
// Kernels never allocate. "accumulates" means `out += …` (the caller zeroes when it needs
// `=`); "writes" means `out = …`. Unless said otherwise, outputs may not alias inputs.
// Letters: B batch, T time, I input, H hidden, G gate rows, V vocabulary, M/N/K gemm dims.

type Ptr = number;

export interface GemmKernels {
  /**
   * C[M,N] (+)= op(A)·op(B). op(A) is A[M,K] (lda ≥ K) or, with transA, Aᵀ where A is
   * [K,M] (lda ≥ M); op(B) is B[K,N] (ldb ≥ N) or, with transB, Bᵀ where B is [N,K]
   * (ldb ≥ K). C is [M,N] with ldc ≥ N. accumulate = 1: C += A·B; 0: C = A·B (C's old
   * contents ignored, NaN included). work: scratch of gemmWorkBytes(m, n, k, transA, transB) bytes.
   */
  sgemm(
    c: Ptr,
    a: Ptr,
    b: Ptr,
    work: Ptr,
    m: number,
    n: number,
    k: number,
    lda: number,
    ldb: number,
    ldc: number,
    transA: number,
    transB: number,
    accumulate: number,
  ): void;
  /** Packs op(B) (as in sgemm) into bp: ceil(N/8) panels of K×8 floats, zero-padded. bp holds packedBBytes(k, n). */
  sgemm_pack_b(bp: Ptr, b: Ptr, k: number, n: number, ldb: number, transB: number): void;
  /** sgemm with B already packed by sgemm_pack_b. work: gemmPackedWorkBytes(m, k) bytes. */
  sgemm_packed(c: Ptr, a: Ptr, bp: Ptr, work: Ptr, m: number, n: number, k: number, lda: number, ldc: number, transA: number, accumulate: number): void;
  /**
   * Packs W [N,K] (row stride ldw) for sgemv_packed: ceil(N/7) groups of 7 rows, each
   * ceil(K/4) chunks of [7 rows × 4 floats], zero-padded. bp holds gemvPackedBytes(n, k).
   */
  sgemv_pack(bp: Ptr, w: Ptr, n: number, k: number, ldw: number): void;
  /** c[0…N) (+)= x·Wᵀ for ONE row x[0…K) (batch-1 GEMV), W packed by sgemv_pack. accumulate as in sgemm. */
  sgemv_packed(c: Ptr, x: Ptr, bp: Ptr, n: number, k: number, accumulate: number): void;
}

export interface ElementwiseKernels {
  /** out[i] = value */
  fill(out: Ptr, value: number, n: number): void;
  /** out[i] = x[i] (memmove semantics: may overlap) */
  copy(out: Ptr, x: Ptr, n: number): void;
  /**
   * Strided gather-copy: out (contiguous, row-major over `shape`) = x viewed with
   * `strides` (element strides, may be 0 for broadcasting). shape and strides point to
   * ndim i32 each; ndim ≤ 8. Covers permute, expand, slice, reverse (negative strides
   * allowed; x is the address of element [0,…,0]).
   */
  copy_strided(out: Ptr, x: Ptr, shape: Ptr, strides: Ptr, ndim: number): void;
  /** out[i] = a[i] + b[i]; likewise sub, mul, div. out may alias a or b. */
  add(out: Ptr, a: Ptr, b: Ptr, n: number): void;
  sub(out: Ptr, a: Ptr, b: Ptr, n: number): void;
  mul(out: Ptr, a: Ptr, b: Ptr, n: number): void;
  div(out: Ptr, a: Ptr, b: Ptr, n: number): void;
  /** out[r, c] = a[r, c] + b[c] for r < rows, c < cols (bias add); out may alias a. */
  add_row_vector(out: Ptr, a: Ptr, b: Ptr, rows: number, cols: number): void;
  /** accumulates y[i] += alpha·x[i] */
  axpy(y: Ptr, x: Ptr, alpha: number, n: number): void;
  /** out[i] = alpha·x[i] (out may alias x) */
  scale(out: Ptr, x: Ptr, alpha: number, n: number): void;
  /** out[i] = x[i] + alpha */
  add_scalar(out: Ptr, x: Ptr, alpha: number, n: number): void;
  /** accumulates out[i] += a[i]·b[i] */
  mul_acc(out: Ptr, a: Ptr, b: Ptr, n: number): void;
  /** accumulates out[i] += a[i] / b[i] */
  div_acc(out: Ptr, a: Ptr, b: Ptr, n: number): void;
  /** accumulates out[i] -= a[i]·b[i] / (c[i]·c[i])  (the divisor's gradient of a/c with b = dy) */
  div_grad_b_acc(out: Ptr, a: Ptr, b: Ptr, c: Ptr, n: number): void;

  /** y = tanh(x); dx += dy·(1 − y²) */
  tanh_forward(y: Ptr, x: Ptr, n: number): void;
  tanh_backward(dx: Ptr, y: Ptr, dy: Ptr, n: number): void;
  /** y = 1/(1+e^−x); dx += dy·y·(1 − y) */
  sigmoid_forward(y: Ptr, x: Ptr, n: number): void;
  sigmoid_backward(dx: Ptr, y: Ptr, dy: Ptr, n: number): void;
  /** y = max(x, 0); dx += dy·[x > 0] (from the input x) */
  relu_forward(y: Ptr, x: Ptr, n: number): void;
  relu_backward(dx: Ptr, x: Ptr, dy: Ptr, n: number): void;
  /** y = |x|; dx += dy·sign(x) with sign(±0) = sign(NaN) = 0 (PyTorch's subgradient) */
  abs_forward(y: Ptr, x: Ptr, n: number): void;
  abs_backward(dx: Ptr, x: Ptr, dy: Ptr, n: number): void;
  /** y = e^x; dx += dy·y */
  exp_forward(y: Ptr, x: Ptr, n: number): void;
  exp_backward(dx: Ptr, y: Ptr, dy: Ptr, n: number): void;
  /** y = ln x (−Inf at 0, NaN below); dx += dy / x */
  log_forward(y: Ptr, x: Ptr, n: number): void;
  log_backward(dx: Ptr, x: Ptr, dy: Ptr, n: number): void;
  /** y = x^p (Math.pow semantics); dx += dy·p·x^(p−1) (0 where p == 0) */
  pow_forward(y: Ptr, x: Ptr, p: number, n: number): void;
  pow_backward(dx: Ptr, x: Ptr, dy: Ptr, p: number, n: number): void;
  /** y = min(max(x, lo), hi); dx += dy·[lo ≤ x ≤ hi] (PyTorch passes the gradient at the bounds) */
  clamp_forward(y: Ptr, x: Ptr, lo: number, hi: number, n: number): void;
  clamp_backward(dx: Ptr, x: Ptr, dy: Ptr, lo: number, hi: number, n: number): void;
  /** out = mask ≠ 0 ? a : b (mask is f32 0/1); da += mask·dy, db += (1−mask)·dy (either of da/db may be 0 = skip) */
  where_forward(out: Ptr, mask: Ptr, a: Ptr, b: Ptr, n: number): void;
  where_backward(da: Ptr, db: Ptr, mask: Ptr, dy: Ptr, n: number): void;
  /** out[i] = (a[i] OP b[i]) ? 1 : 0 with OP = 0 >, 1 <, 2 ≥, 3 ≤, 4 ==, 5 ≠ */
  compare(out: Ptr, a: Ptr, b: Ptr, n: number, op: number): void;
}

export interface ReduceKernels {
  /** accumulates out[c] += Σ_r x[r, c]   (column sums: bias gradients) */
  sum_rows(out: Ptr, x: Ptr, rows: number, cols: number): void;
  /** sum_rows over the first cols columns of rows ld floats apart (a block of columns) */
  sum_rows_ld(out: Ptr, x: Ptr, rows: number, cols: number, ld: number): void;
  /** accumulates out[r] += Σ_c x[r, c]   (row sums: reduce over the last dim) */
  sum_cols(out: Ptr, x: Ptr, rows: number, cols: number): void;
  /** returns Σ x[i]² (f64 accumulation) */
  sum_squares(x: Ptr, n: number): number;
  /** returns Σ x[i] (f64 accumulation) */
  sum_all(x: Ptr, n: number): number;
  /** returns max |x[i]| (0 for n = 0), NaN if any is NaN */
  max_abs(x: Ptr, n: number): number;
  /** returns 1 if every x[i] is finite, else 0 */
  all_finite(x: Ptr, n: number): number;
}

export interface ExtremaKernels {
  /**
   * per row of x[rows, cols] (cols ≥ 1; cols = 0 writes nothing): out[r] = max_c x[r, c] and idx[r] =
   * the first c holding it, as an f32 integer. NaN is greater than every number (a row with NaN gives
   * NaN at its first NaN), as PyTorch. min_cols likewise with the minimum (NaN still wins).
   */
  max_cols(out: Ptr, idx: Ptr, x: Ptr, rows: number, cols: number): void;
  min_cols(out: Ptr, idx: Ptr, x: Ptr, rows: number, cols: number): void;
  /**
   * Backward of amax / amin along the rows of x[rows, cols] given their values y[rows]: accumulates
   * dx[r, c] += dy[r] / count_r where x[r, c] == y[r] (NaN matching NaN), count_r such entries.
   */
  amax_backward(dx: Ptr, x: Ptr, y: Ptr, dy: Ptr, rows: number, cols: number): void;
  /**
   * per row of x[rows, cols]: the k (≤ cols) largest (largest = 1) or smallest (0) values, best first,
   * into values[rows, k] and their columns into idx[rows, k] (f32). NaN is the greatest value; equal
   * values come lowest column first.
   */
  topk_cols(values: Ptr, idx: Ptr, x: Ptr, rows: number, cols: number, k: number, largest: number): void;
}

export interface SoftmaxKernels {
  /** per row of x[rows, cols]: y = softmax(x) (max-subtracted); dx += y·(dy − Σ dy·y) */
  softmax_forward(y: Ptr, x: Ptr, rows: number, cols: number): void;
  softmax_backward(dx: Ptr, y: Ptr, dy: Ptr, rows: number, cols: number): void;
  /** per row: y = x − logΣexp(x); dx += dy − e^y·Σ dy */
  log_softmax_forward(y: Ptr, x: Ptr, rows: number, cols: number): void;
  log_softmax_backward(dx: Ptr, y: Ptr, dy: Ptr, rows: number, cols: number): void;
}

export interface GatherScatterKernels {
  /** out[i, :] = x[idx[i], :] for i < nidx; x is [?, cols]; idx is i32 (range-checked by the caller) */
  index_select_rows(out: Ptr, x: Ptr, idx: Ptr, nidx: number, cols: number): void;
  /** accumulates dx[idx[i], :] += dy[i, :] */
  index_add_rows(dx: Ptr, idx: Ptr, dy: Ptr, nidx: number, cols: number): void;
  /** out[r, j] = x[r, idx[r, j]]; x [rows, xcols], idx/out [rows, icols] */
  gather_cols(out: Ptr, x: Ptr, idx: Ptr, rows: number, xcols: number, icols: number): void;
  /** accumulates dx[r, idx[r, j]] += dy[r, j] */
  scatter_add_cols(dx: Ptr, idx: Ptr, dy: Ptr, rows: number, xcols: number, icols: number): void;
}

export interface RnnCellKernels {
  /**
   * One LSTM step over B rows. gates[B,4H] holds the pre-activations (i, f, g, o blocks of H,
   * both biases included) and is overwritten with the activated gates σ(i), σ(f), tanh(g), σ(o)
   * (saved for backward). Writes c[B,H] = f⊙cPrev + i⊙g and h[B,H] = o⊙tanh(c). c may alias cPrev.
   */
  lstm_cell_forward(h: Ptr, c: Ptr, gates: Ptr, cPrev: Ptr, B: number, H: number): void;
  /**
   * Backward of lstm_cell_forward. dh[B,H]: total gradient into h_t; dc[B,H]: gradient into
   * c_t from step t+1 (excluding the path through h_t). Writes dgates[B,4H] (gradients of the
   * pre-activations, i f g o) and dcPrev[B,H] = (dc + dh⊙o⊙(1−tanh²c))⊙f. dcPrev may alias dc.
   */
  lstm_cell_backward(dgates: Ptr, dcPrev: Ptr, gates: Ptr, c: Ptr, cPrev: Ptr, dh: Ptr, dc: Ptr, B: number, H: number): void;
  /**
   * One GRU step (PyTorch: n = tanh(gx_n + r⊙gh_n), b_hn inside gh). gx[B,3H] = x·W_ihᵀ + b_ih,
   * gh[B,3H] = h·W_hhᵀ + b_hh (r, z, n blocks). Writes saved[B,4H] = (r, z, n, gh_n) and
   * h[B,H] = (1−z)⊙n + z⊙hPrev.
   */
  gru_cell_forward(h: Ptr, saved: Ptr, gx: Ptr, gh: Ptr, hPrev: Ptr, B: number, H: number): void;
  /**
   * Backward of gru_cell_forward given dh[B,H]. Writes dgx[B,3H], dgh[B,3H] (gradients of gx
   * and gh) and dhPrev[B,H] = dh⊙z (the caller then adds dgh·W_hh with a gemm).
   */
  gru_cell_backward(dgx: Ptr, dgh: Ptr, dhPrev: Ptr, saved: Ptr, hPrev: Ptr, dh: Ptr, B: number, H: number): void;
}

export interface OptimKernels {
  /**
   * In place, PyTorch SGD: g' = g + wd·p; buf = first ? g' : momentum·buf + (1−dampening)·g';
   * step = nesterov ? g' + momentum·buf : buf (when momentum ≠ 0, else g'); p −= lr·step.
   * buf may be 0 when momentum = 0.
   */
  sgd_step(p: Ptr, g: Ptr, buf: Ptr, n: number, lr: number, momentum: number, dampening: number, weightDecay: number, nesterov: number, first: number): void;
  /**
   * In place, PyTorch Adam/AdamW (float32 arithmetic as torch 1.13's single-tensor path):
   * decoupled ? p *= 1 − lr·wd : g' = g + wd·p; m = β1·m + (1−β1)·g'; v = β2·v + (1−β2)·g'²;
   * vmax = max(vmax, v) if amsgrad; denom = sqrt(v or vmax)/bc2Sqrt + eps; p −= stepSize·m/denom,
   * with stepSize = lr/(1−β1^t) and bc2Sqrt = sqrt(1−β2^t) computed by the caller in f64.
   * vmax may be 0 when amsgrad = 0.
   */
  adam_step(
    p: Ptr,
    g: Ptr,
    m: Ptr,
    v: Ptr,
    vmax: Ptr,
    n: number,
    lr: number,
    beta1: number,
    beta2: number,
    eps: number,
    weightDecay: number,
    stepSize: number,
    bc2Sqrt: number,
    amsgrad: number,
    decoupled: number,
  ): void;
  /**
   * In place, PyTorch RMSprop: g' = g + wd·p; sq = α·sq + (1−α)·g'²; avg = centered ?
   * sqrt(sq − gavg²) (gavg = α·gavg + (1−α)·g') : sqrt(sq); avg += eps; momentum > 0 ?
   * (buf = momentum·buf + g'/avg; p −= lr·buf) : p −= lr·g'/avg. buf/gavg may be 0 when unused.
   */
  rmsprop_step(
    p: Ptr,
    g: Ptr,
    sq: Ptr,
    buf: Ptr,
    gavg: Ptr,
    n: number,
    lr: number,
    alpha: number,
    eps: number,
    weightDecay: number,
    momentum: number,
    centered: number,
  ): void;
}

export interface LossKernels {
  /**
   * Fused log-softmax + NLL over rows of logits x[N,C] with i32 targets. Writes logp[N,C]
   * (saved for backward) and loss[N] per row: (1−ε)·(−w[t]·logp[t]) + (ε/C)·Σ_c(−w[c]·logp[c]),
   * 0 for rows whose target is ignoreIndex. weight[C] may be 0 (= all ones). The caller range-checks
   * targets and applies the reduction.
   */
  cross_entropy_forward(loss: Ptr, logp: Ptr, x: Ptr, target: Ptr, weight: Ptr, N: number, C: number, ignoreIndex: number, smoothing: number): void;
  /** accumulates dx[N,C] += dloss[r]·∂loss[r]/∂x[r,:] (dloss per row, already including the reduction's scale) */
  cross_entropy_backward(dx: Ptr, logp: Ptr, target: Ptr, weight: Ptr, dloss: Ptr, N: number, C: number, ignoreIndex: number, smoothing: number): void;
}

export interface LayoutKernels {
  /**
   * Strided scatter-write: out viewed with `strides` (element strides over `shape`, distinct
   * positions) = x (contiguous, row-major over shape). shape/strides: ndim i32 each, ndim ≤ 8.
   */
  copy_to_strided(out: Ptr, x: Ptr, shape: Ptr, strides: Ptr, ndim: number): void;
  /**
   * Strided scatter-accumulate: out viewed with `strides` += x (contiguous over shape). Strides
   * may be 0 (several x elements add into one position: the backward of a broadcast).
   */
  add_strided(out: Ptr, x: Ptr, shape: Ptr, strides: Ptr, ndim: number): void;
}

export type Kernels = GemmKernels &
  ElementwiseKernels &
  ReduceKernels &
  ExtremaKernels &
  SoftmaxKernels &
  GatherScatterKernels &
  RnnCellKernels &
  OptimKernels &
  LossKernels &
  LayoutKernels;

/** Packing layout constants shared by the TS side and the AS gemm. */
export const GEMM_MR = 4;
export const GEMM_NR = 8;
export const GEMM_KC = 256;
export const GEMM_MC = 64;
/** columns of op(B) that sgemm packs per slab (its work buffer holds one KC × NC slab) */
export const GEMM_NC = 256;

const roundUp = (x: number, m: number) => Math.ceil(x / m) * m;
/** bytes of a packed B: ceil(N/8) panels × K × 8 floats */
export function packedBBytes(k: number, n: number): number {
  return roundUp(n, GEMM_NR) * k * 4;
}
/** rows per group of the sgemv_packed layout */
export const GEMV_ROWS = 7;
/** bytes of W [n, k] packed by sgemv_pack: ceil(n/7)·7 rows × ceil(k/4)·4 floats */
export function gemvPackedBytes(n: number, k: number): number {
  return roundUp(n, GEMV_ROWS) * roundUp(k, 4) * 4;
}
/** bytes of scratch sgemm_packed needs: one packed A block (MC×KC) plus an MR×NR edge tile */
export function gemmPackedWorkBytes(_m: number, _k: number): number {
  return (GEMM_MC * GEMM_KC + GEMM_MR * GEMM_NR) * 4 + 64;
}
/** Whether sgemm computes C by its direct GEMV path (NT with fewer rows than the micro-tile), as kernels-as/gemm.ts decides. */
export function sgemmTakesGemv(m: number, transA: number, transB: number): boolean {
  return m < GEMM_MR && transA === 0 && transB !== 0;
}

/**
 * bytes of scratch sgemm needs: sgemm_packed's work plus ONE slab of packed op(B), at most
 * KC × NC floats (256 KiB: ≈ 320 KiB in all, whatever the size of B: op(B) is packed slab by
 * slab); none for NT with M < 4 (the direct GEMV path packs nothing)
 */
export function gemmWorkBytes(m: number, n: number, k: number, transA = 0, transB = 0): number {
  if (sgemmTakesGemv(m, transA, transB)) return 0;
  return gemmPackedWorkBytes(m, k) + Math.min(k, GEMM_KC) * Math.min(roundUp(n, GEMM_NR), GEMM_NC) * 4;
}
