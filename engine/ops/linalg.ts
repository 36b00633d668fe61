// matmul: one batched-GEMM op (with a shared operand for 3-D·2-D) and the PyTorch dispatch over
// 1-D / 2-D / batched operands built from it with reshapes.
import { kernel, record } from '../autograd.js';
import { gemmWorkBytes } from '../backend/kernels.js';
import { fmtShape, sizeOf, Tensor } from '../tensor.js';
import { broadcastShapes, checkTensor, sameShape } from './util.js';
import { expand, reshape } from './shape.js';
import { tracer } from '../trace.js';

/**
 * Y[i] = A[i]·B[i] for i < batch, A [batch|1, M, K], B [batch|1, K, N] (a batch of 1 is shared).
 * Returns [batch, M, N].
 */
function bmm(a: Tensor, b: Tensor, batch: number, M: number, K: number, N: number): Tensor {
  // NOTE: an empty product (K = 0) is zeros and an empty output has nothing to compute, as PyTorch;
  // the GEMM kernels are never called with a zero extent
  if (K === 0 || batch * M * N === 0) {
    return record(new Tensor(new Float32Array(batch * M * N), [batch, M, N]), 'matmul', [a, b], () =>
      kernel((s) => {
        // dA and dB get nothing (their gradients exist, as zeros)
        if (a.requiresGrad) s.gradOf(a);
        if (b.requiresGrad) s.gradOf(b);
      }),
    );
  }
  const sa = a.size === M * K ? 0 : M * K;
  const sb = b.size === K * N ? 0 : K * N;
  const sy = M * N;
  const y = kernel((s, k) => {
    const pa = s.in(a);
    const pb = s.in(b);
    const py = s.out(batch * sy);
    const work = s.out(gemmWorkBytes(M, N, K) / 4);
    for (let i = 0; i < batch; i++) {
      k.sgemm(py + 4 * i * sy, pa + 4 * i * sa, pb + 4 * i * sb, work, M, N, K, K, N, N, 0, 0, 0);
    }
    return s.read(py, batch * sy);
  });
  return record(new Tensor(y, [batch, M, N]), 'matmul', [a, b], (dy) =>
    kernel((s, k) => {
      const pdy = s.array(dy);
      if (a.requiresGrad) {
        // dA[i] += dY[i]·B[i]ᵀ
        const da = s.gradOf(a);
        const pb = s.in(b);
        const work = s.out(gemmWorkBytes(M, K, N) / 4);
        for (let i = 0; i < batch; i++) k.sgemm(da + 4 * i * sa, pdy + 4 * i * sy, pb + 4 * i * sb, work, M, K, N, N, N, K, 0, 1, 1);
      }
      if (b.requiresGrad) {
        // dB[i] += A[i]ᵀ·dY[i]
        const db = s.gradOf(b);
        const pa = s.in(a);
        const work = s.out(gemmWorkBytes(K, N, M) / 4);
        for (let i = 0; i < batch; i++) k.sgemm(db + 4 * i * sb, pa + 4 * i * sa, pdy + 4 * i * sy, work, K, N, M, K, N, N, 1, 0, 1);
      }
    }),
  );
}

function mismatch(a: Tensor, b: Tensor): Error {
  const r = (t: Tensor) => (t.shape.length >= 2 ? `${t.shape[t.shape.length - 2]}x${t.shape[t.shape.length - 1]}` : `${t.shape[0]}`);
  return new Error(`matmul: shapes cannot be multiplied (${r(a)} and ${r(b)}; input shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)})`);
}

/** PyTorch's torch.matmul: dot, matrix-vector, matrix-matrix and broadcast batched products. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (tracer) return tracer.call('matmul', matmul, a, b);
  checkTensor('matmul', 'other', b);
  const da = a.ndim;
  const db = b.ndim;
  if (da === 0 || db === 0) throw new Error(`matmul: both arguments need at least 1 dimension, got shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  const K = a.shape[da - 1];
  const Kb = db === 1 ? b.shape[0] : b.shape[db - 2];
  if (K !== Kb) throw mismatch(a, b);
  if (da === 1 && db === 1) return reshape(bmm(a, b, 1, 1, K, 1), []);
  if (db === 1) {
    const M = sizeOf(a.shape.slice(0, -1));
    return reshape(bmm(a, b, 1, M, K, 1), a.shape.slice(0, -1));
  }
  const N = b.shape[db - 1];
  if (da === 1) {
    const batchB = b.shape.slice(0, -2);
    const batch = batchB.reduce((x, y) => x * y, 1);
    return reshape(bmm(a, b, batch, 1, K, N), [...batchB, N]);
  }
  const M = a.shape[da - 2];
  if (db === 2) {
    // [..., M, K]·[K, N]: one GEMM over all leading rows
    const rows = sizeOf(a.shape.slice(0, -1));
    return reshape(bmm(a, b, 1, rows, K, N), [...a.shape.slice(0, -1), N]);
  }
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  let batchShape: number[];
  try {
    batchShape = broadcastShapes('matmul', batchA, batchB);
  } catch {
    throw new Error(
      `matmul: batch dimensions ${fmtShape(batchA)} and ${fmtShape(batchB)} are not broadcastable (input shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)})`,
    );
  }
  const batch = batchShape.reduce((x, y) => x * y, 1);
  const ea = da === 2 || sameShape(batchA, batchShape) ? a : expand(a, [...batchShape, M, K]);
  const eb = sameShape(batchB, batchShape) ? b : expand(b, [...batchShape, K, N]);
  return reshape(bmm(ea, eb, batch, M, K, N), [...batchShape, M, N]);
}
