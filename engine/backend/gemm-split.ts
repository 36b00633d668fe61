// One chunk of a split GEMM, shared by the calling thread (threads.ts) and the pool's workers
// (worker.ts). A job is a descriptor of doubles in the pool's control block; chunk i of `chunks`
// covers output units [⌊i·U/chunks⌋, ⌊(i+1)·U/chunks⌋) of U: 8-column panels of C (split N) or
// 4-row groups of C (split M). Every output element is computed by one chunk with the kernel's own
// summation order (the same micro-kernel, the same K blocks), so the result is bit-identical to
// the single-threaded call whatever the chunking.
//
//   descriptor  [op, splitN, units, chunks, c, a, b, bp, m, n, k, lda, ldb, ldc, transA, transB, accumulate]
//   op          OP_PACK_MUL: each chunk packs its panels of op(B) into bp, then multiplies (sgemm, split N)
//               OP_MUL:      bp already packed (sgemm_packed; or sgemm split M after the caller packed B)
//               OP_POINTWISE: [op, kernel, units, chunks, argc, …args] a kernel of POINTWISE whose
//                             element range is split in blocks of POINT_BLOCK (its pointer arguments
//                             advance, its n shrinks; a 0 pointer, "none", stays 0): the SIMD body and
//                             the scalar tail see the same elements as in one call

export const OP_PACK_MUL = 1;
export const OP_MUL = 2;
export const OP_POINTWISE = 3;
export const DESC_LEN = 24;
/** Elements per unit of a pointwise split (a multiple of every SIMD width, 64-byte aligned offsets). */
export const POINT_BLOCK = 16;

/** Pointwise kernels that may be split: [name, leading pointer arguments, index of n]. */
export const POINTWISE: readonly (readonly [string, number, number])[] = [
  ['adam_step', 5, 5], ['sgd_step', 3, 3], ['rmsprop_step', 5, 5],
  ['add', 3, 3], ['sub', 3, 3], ['mul', 3, 3], ['axpy', 2, 3], ['scale', 2, 3],
  ['tanh_forward', 2, 2], ['sigmoid_forward', 2, 2], ['tanh_backward', 3, 3], ['sigmoid_backward', 3, 3],
];

/** The two exports a chunk calls (the raw wasm functions of the calling thread's instance). */
export interface ChunkKernels {
  sgemm_pack_b(bp: number, b: number, k: number, n: number, ldb: number, transB: number): void;
  sgemm_packed(c: number, a: number, bp: number, work: number, m: number, n: number, k: number,
               lda: number, ldc: number, transA: number, accumulate: number): void;
}

/** Runs chunk `i` of a pointwise job (OP_POINTWISE) with `fns[kernel]` of this thread's instance. */
function runPointwise(fns: readonly ((...a: number[]) => void)[], d: Float64Array, i: number): void {
  const units = d[2], chunks = d[3];
  const u0 = Math.floor((i * units) / chunks), u1 = Math.floor(((i + 1) * units) / chunks);
  if (u1 <= u0) return;
  const [, ptrs, nAt] = POINTWISE[d[1]];
  const args = Array.from(d.subarray(5, 5 + d[4]));
  const start = POINT_BLOCK * u0, end = Math.min(args[nAt], POINT_BLOCK * u1);
  for (let j = 0; j < ptrs; j++) if (args[j] !== 0) args[j] += 4 * start;
  args[nAt] = end - start;
  fns[d[1]](...args);
}

/** Runs chunk `i` of the job in `d` with `work` (gemmPackedWorkBytes) as this thread's scratch. */
export function runChunk(ex: ChunkKernels, d: Float64Array, i: number, work: number,
                         pointwise: readonly ((...a: number[]) => void)[]): void {
  if (d[0] === OP_POINTWISE) {
    runPointwise(pointwise, d, i);
    return;
  }
  const units = d[2], chunks = d[3];
  const u0 = Math.floor((i * units) / chunks), u1 = Math.floor(((i + 1) * units) / chunks);
  if (u1 <= u0) return;
  const c = d[4], a = d[5], b = d[6], bp = d[7], m = d[8], n = d[9], k = d[10];
  const lda = d[11], ldb = d[12], ldc = d[13], transA = d[14], transB = d[15], acc = d[16];
  if (d[1]) {
    const j0 = 8 * u0, nt = Math.min(n, 8 * u1) - j0;
    const bpj = bp + 4 * j0 * k; // panel j0/8 of the packed layout (K×8 floats per panel)
    if (d[0] === OP_PACK_MUL) ex.sgemm_pack_b(bpj, transB ? b + 4 * j0 * ldb : b + 4 * j0, k, nt, ldb, transB);
    ex.sgemm_packed(c + 4 * j0, a, bpj, work, m, nt, k, lda, ldc, transA, acc);
  } else {
    const i0 = 4 * u0, mt = Math.min(m, 4 * u1) - i0;
    ex.sgemm_packed(c + 4 * i0 * ldc, transA ? a + 4 * i0 : a + 4 * i0 * lda, bp, work, mt, n, k, lda, ldc, transA, acc);
  }
}
