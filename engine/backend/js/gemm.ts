// Naive-JS twin of kernels-as/gemm.ts: straightforward triple loops (dot-product order, f64
// accumulation), no packing, no blocking. It is the oracle and the "naive JS" baseline.
import type { GemmKernels } from '../kernels.js';
import { GEMM_NR, GEMV_ROWS } from '../kernels.js';
import type { HeapViews } from '../wasm.js';

export function gemmJs(heap: HeapViews): GemmKernels {
  return {
    sgemm(c, a, b, _work, m, n, k, lda, ldb, ldc, transA, transB, accumulate) {
      const f = heap.f32();
      const A = a >> 2,
        B = b >> 2,
        C = c >> 2;
      // op(A)[i, p] = A[i·sai + p·sap], op(B)[p, j] = B[p·sbp + j·sbj]
      const sai = transA ? 1 : lda,
        sap = transA ? lda : 1;
      const sbp = transB ? 1 : ldb,
        sbj = transB ? ldb : 1;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let p = 0; p < k; p++) s += f[A + i * sai + p * sap] * f[B + p * sbp + j * sbj];
          const ci = C + i * ldc + j;
          f[ci] = accumulate ? f[ci] + s : s;
        }
      }
    },
    sgemm_pack_b(bp, b, k, n, ldb, transB) {
      const f = heap.f32();
      const P = bp >> 2,
        B = b >> 2;
      const panels = Math.ceil(n / GEMM_NR);
      for (let jp = 0; jp < panels; jp++) {
        for (let p = 0; p < k; p++) {
          for (let jj = 0; jj < GEMM_NR; jj++) {
            const j = jp * GEMM_NR + jj;
            f[P + (jp * k + p) * GEMM_NR + jj] = j < n ? (transB ? f[B + j * ldb + p] : f[B + p * ldb + j]) : 0;
          }
        }
      }
    },
    sgemm_packed(c, a, bp, _work, m, n, k, lda, ldc, transA, accumulate) {
      const f = heap.f32();
      const A = a >> 2,
        P = bp >> 2,
        C = c >> 2;
      const sai = transA ? 1 : lda,
        sap = transA ? lda : 1;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          const panel = P + (j >> 3) * k * GEMM_NR + (j & 7);
          let s = 0;
          for (let p = 0; p < k; p++) s += f[A + i * sai + p * sap] * f[panel + p * GEMM_NR];
          const ci = C + i * ldc + j;
          f[ci] = accumulate ? f[ci] + s : s;
        }
      }
    },
    sgemv_pack(bp, w, n, k, ldw) {
      const f = heap.f32();
      const P = bp >> 2,
        W = w >> 2;
      const k4 = Math.ceil(k / 4);
      for (let j = 0; j < Math.ceil(n / GEMV_ROWS) * GEMV_ROWS; j++) {
        for (let p = 0; p < k4 * 4; p++) {
          const dst = P + (Math.floor(j / GEMV_ROWS) * k4 + (p >> 2)) * GEMV_ROWS * 4 + (j % GEMV_ROWS) * 4 + (p & 3);
          f[dst] = j < n && p < k ? f[W + j * ldw + p] : 0;
        }
      }
    },
    sgemv_packed(c, x, bp, n, k, accumulate) {
      const f = heap.f32();
      const X = x >> 2,
        C = c >> 2;
      const groupLen = Math.ceil(k / 4) * GEMV_ROWS * 4;
      for (let j = 0; j < n; j++) {
        // row j: chunk by chunk (4 floats, then the next chunk 7 rows further)
        let q = (bp >> 2) + Math.floor(j / GEMV_ROWS) * groupLen + (j % GEMV_ROWS) * 4;
        let s = 0;
        for (let p = 0; p < k; p += 4, q += GEMV_ROWS * 4) {
          const e = Math.min(4, k - p);
          for (let l = 0; l < e; l++) s += f[X + p + l] * f[q + l];
        }
        f[C + j] = accumulate ? f[C + j] + s : s;
      }
    },
  };
}
