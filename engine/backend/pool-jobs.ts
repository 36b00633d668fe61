// The thread pool's jobs: one chunk of a job (a split GEMM, pointwise, row-wise, column-sum or packing
// kernel call, or a recurrent time loop), shared by the calling thread (threads.ts) and the pool's workers
// (pool-worker.ts). A job is a descriptor of doubles in the pool's control block; chunk i of `chunks`
// covers output units [⌊i·U/chunks⌋, ⌊(i+1)·U/chunks⌋) of U: 8-column panels of C (split N) or
// 4-row groups of C (split M). A chunk is the same kernel called on its block of C, with this
// thread's own scratch: the kernels' summation order per output element depends neither on N nor on
// where a block of whole panels / row groups starts (K blocks in order, one micro-kernel), so the
// result is bit-identical to the single-threaded call whatever the chunking.
//
//   descriptor  [op, splitN, units, chunks, c, a, b, bp, m, n, k, lda, ldb, ldc, transA, transB, accumulate]
//   op          OP_GEMM:   sgemm on the chunk's block (it packs its own slabs of op(B) into its scratch,
//                          one KC×NC slab at a time, as the single-threaded call does)
//               OP_PACKED: sgemm_packed on the chunk's block of the pre-packed op(B) at bp
//               OP_POINTWISE: [op, kernel, units, chunks, argc, …args] a kernel of POINTWISE whose
//                             element range is split in blocks of POINT_BLOCK (its pointer arguments
//                             advance, its n shrinks; a 0 pointer, "none", stays 0): the SIMD body and
//                             the scalar tail see the same elements as in one call
//               OP_ROWS:   [op, 0, 0, chunks, …] the time loop of a recurrent layer, one direction
//                          over one block of batch rows per chunk (ops/rnn/slices.ts)
//               OP_ROWWISE: [op, kernel, rows, chunks, argc, …args] a kernel of ROWWISE (each row
//                           computed alone: softmax, log-softmax, cross-entropy per row) over a
//                           block of rows (its row pointers advance, its row count shrinks)
//               OP_COLUMN_SUMS: [op, 0, units, chunks, 4, out, x, rows, cols] sum_rows over a block of
//                               COLUMN_BLOCK-column units (sum_rows_ld: each column summed alone)
//               OP_PACK_B: [op, 0, panels, chunks, 6, bp, b, k, n, ldb, transB] sgemm_pack_b of a block
//                          of 8-column panels (panel j lies at bp + 4·8j·k whichever call packs it)

import { runRowsChunk } from '../ops/rnn/slices.js';
import { GEMM_MR, GEMM_NR, type Kernels } from './kernels.js';

export const OP_GEMM = 1;
export const OP_PACKED = 2;
export const OP_POINTWISE = 3;
export const OP_ROWS = 4;
export const OP_ROWWISE = 5;
export const OP_COLUMN_SUMS = 6;
export const OP_PACK_B = 7;
/** Columns per unit of a split sum_rows (the kernel's widest block). */
export const COLUMN_BLOCK = 16;
export const DESC_LEN = 128;
/** Elements per unit of a pointwise split (a multiple of every SIMD width, 64-byte aligned offsets). */
export const POINT_BLOCK = 16;

/** Pointwise kernels that may be split: [name, leading pointer arguments, index of n]. */
export const POINTWISE: readonly (readonly [string, number, number])[] = [
  ['adam_step', 5, 5],
  ['sgd_step', 3, 3],
  ['rmsprop_step', 5, 5],
  ['add', 3, 3],
  ['sub', 3, 3],
  ['mul', 3, 3],
  ['axpy', 2, 3],
  ['scale', 2, 3],
  ['tanh_forward', 2, 2],
  ['sigmoid_forward', 2, 2],
  ['tanh_backward', 3, 3],
  ['sigmoid_backward', 3, 3],
  ['fill', 1, 2],
  ['copy', 2, 2],
];

/**
 * Row-wise kernels that may be split by rows (biases added to every row, softmax, cross-entropy): [name, per argument: how a pointer advances per row
 * ('C': one row of cols floats, '1': one element, '-': not at all / not a pointer), index of rows,
 * index of cols]. Their per-row results never depend on other rows.
 */
export const ROWWISE: readonly (readonly [string, string, number, number])[] = [
  ['softmax_forward', 'CC', 2, 3],
  ['softmax_backward', 'CCC', 3, 4],
  ['log_softmax_forward', 'CC', 2, 3],
  ['log_softmax_backward', 'CCC', 3, 4],
  ['cross_entropy_forward', '1CC1-', 5, 6], // loss, logp, x, target, weight
  ['cross_entropy_backward', 'CC1-1', 5, 6], // dx, logp, target, weight, dloss
  ['add_row_vector', 'CC-', 3, 4], // out, a, the row vector b
];

/** Units [u0, u1) of chunk `i` of a job over d[2] units in d[3] chunks. */
function unitsOf(d: Float64Array, i: number): [number, number] {
  const units = d[2],
    chunks = d[3];
  return [Math.floor((i * units) / chunks), Math.floor(((i + 1) * units) / chunks)];
}

/** Runs chunk `i` of a row-wise job (OP_ROWWISE) with `fns[kernel]` of this thread's instance. */
function runRowwise(fns: readonly ((...a: number[]) => void)[], d: Float64Array, i: number): void {
  const [r0, r1] = unitsOf(d, i);
  if (r1 <= r0) return;
  const [, steps, rowsAt, colsAt] = ROWWISE[d[1]];
  const args = Array.from(d.subarray(5, 5 + d[4]));
  const cols = args[colsAt];
  for (let j = 0; j < steps.length; j++) {
    if (args[j] === 0 || steps[j] === '-') continue;
    args[j] += 4 * r0 * (steps[j] === 'C' ? cols : 1);
  }
  args[rowsAt] = r1 - r0;
  fns[d[1]](...args);
}

/** Runs chunk `i` of a column-sums job (OP_COLUMN_SUMS): sum_rows over its block of columns. */
function runColumnSums(ex: Kernels, d: Float64Array, i: number): void {
  const [u0, u1] = unitsOf(d, i);
  const [out, x, rows, cols] = d.subarray(5, 9);
  const c0 = COLUMN_BLOCK * u0,
    c1 = Math.min(cols, COLUMN_BLOCK * u1);
  if (c1 > c0) ex.sum_rows_ld(out + 4 * c0, x + 4 * c0, rows, c1 - c0, cols);
}

/** Runs chunk `i` of a packing job (OP_PACK_B): its block of whole 8-column panels of op(B). */
function runPackB(ex: Kernels, d: Float64Array, i: number): void {
  const [u0, u1] = unitsOf(d, i);
  const [bp, b, k, n, ldb, transB] = d.subarray(5, 11);
  const j0 = GEMM_NR * u0,
    j1 = Math.min(n, GEMM_NR * u1);
  if (j1 > j0) ex.sgemm_pack_b(bp + 4 * j0 * k, transB ? b + 4 * j0 * ldb : b + 4 * j0, k, j1 - j0, ldb, transB);
}

/** Runs chunk `i` of a pointwise job (OP_POINTWISE) with `fns[kernel]` of this thread's instance. */
function runPointwise(fns: readonly ((...a: number[]) => void)[], d: Float64Array, i: number): void {
  const [u0, u1] = unitsOf(d, i);
  if (u1 <= u0) return;
  const [, ptrs, nAt] = POINTWISE[d[1]];
  const args = Array.from(d.subarray(5, 5 + d[4]));
  const start = POINT_BLOCK * u0,
    end = Math.min(args[nAt], POINT_BLOCK * u1);
  for (let j = 0; j < ptrs; j++) if (args[j] !== 0) args[j] += 4 * start;
  args[nAt] = end - start;
  fns[d[1]](...args);
}

/** What a thread runs chunks with: its own instance's exports and a view of the heap. */
export interface ChunkContext {
  ex: Kernels;
  pointwise: readonly ((...a: number[]) => void)[];
  rowwise: readonly ((...a: number[]) => void)[];
  /** the heap as Int32 (taken again after the memory grew) */
  i32(): Int32Array;
}

/** The chunk context of a thread's instance `ex` (its exports by name) with its heap view `i32`. */
export function chunkContext(ex: Kernels, i32: () => Int32Array): ChunkContext {
  const fns = ex as unknown as Record<string, (...a: number[]) => void>;
  return { ex, pointwise: POINTWISE.map(([name]) => fns[name]), rowwise: ROWWISE.map(([name]) => fns[name]), i32 };
}

/** Runs chunk `i` of the job in `d` with `work` (POOL_WORK_BYTES) as this thread's scratch. */
export function runChunk(cx: ChunkContext, d: Float64Array, i: number, work: number): void {
  switch (d[0]) {
    case OP_POINTWISE:
      runPointwise(cx.pointwise, d, i);
      break;
    case OP_ROWWISE:
      runRowwise(cx.rowwise, d, i);
      break;
    case OP_ROWS:
      runRowsChunk(cx.ex, d, i, work, cx.i32());
      break;
    case OP_COLUMN_SUMS:
      runColumnSums(cx.ex, d, i);
      break;
    case OP_PACK_B:
      runPackB(cx.ex, d, i);
      break;
    default:
      runGemm(cx.ex, d, i, work);
  }
}

/** Runs chunk `i` of a GEMM job (OP_GEMM, OP_PACKED): its block of 8-column panels or 4-row groups of C. */
function runGemm(ex: Kernels, d: Float64Array, i: number, work: number): void {
  const [u0, u1] = unitsOf(d, i);
  if (u1 <= u0) return;
  const c = d[4],
    a = d[5],
    b = d[6],
    bp = d[7],
    m = d[8],
    n = d[9],
    k = d[10];
  const lda = d[11],
    ldb = d[12],
    ldc = d[13],
    transA = d[14],
    transB = d[15],
    acc = d[16];
  const gemm = d[0] === OP_GEMM;
  if (d[1]) {
    // columns [j0, j0 + nt): whole 8-column panels
    const j0 = GEMM_NR * u0,
      nt = Math.min(n, GEMM_NR * u1) - j0;
    if (gemm) ex.sgemm(c + 4 * j0, a, transB ? b + 4 * j0 * ldb : b + 4 * j0, work, m, nt, k, lda, ldb, ldc, transA, transB, acc);
    else ex.sgemm_packed(c + 4 * j0, a, bp + 4 * j0 * k, work, m, nt, k, lda, ldc, transA, acc); // panel j0/8: K×8 floats each
  } else {
    // rows [i0, i0 + mt): whole 4-row groups (threads.ts keeps mt ≥ 4 so sgemm never takes its GEMV path)
    const i0 = GEMM_MR * u0,
      mt = Math.min(m, GEMM_MR * u1) - i0;
    const ai = transA ? a + 4 * i0 : a + 4 * i0 * lda;
    if (gemm) ex.sgemm(c + 4 * i0 * ldc, ai, b, work, mt, n, k, lda, ldb, ldc, transA, transB, acc);
    else ex.sgemm_packed(c + 4 * i0 * ldc, ai, bp, work, mt, n, k, lda, ldc, transA, acc);
  }
}
