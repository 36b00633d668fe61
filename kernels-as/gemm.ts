// sgemm: C[M,N] (+)= op(A)·op(B) in the layouts NN, NT (A·Bᵀ) and TN (Aᵀ·B), BLIS-style:
// op(B) packed into 8-column panels, op(A) into 4-row panels of an MC×KC block, and a
// register-blocked f32x4 4×8 micro-kernel (8 v128 accumulators) with edge tiles for M%4, N%8
// and a 1×8 row kernel for single leftover rows. Inside sgemm, op(B) is packed slab by slab
// (KC×NC) right before use; NT with M < 4 (GEMV) skips packing and takes dot products directly.
// sgemv_packed is the one-row GEMV over a weight repacked once (the batch-1 generation step).
//
//   buffer   shape                   note
//   A        [M, K] (lda ≥ K)        transA = 0
//            [K, M] (lda ≥ M)        transA = 1 (op(A) = Aᵀ)
//   B        [K, N] (ldb ≥ N)        transB = 0
//            [N, K] (ldb ≥ K)        transB = 1 (op(B) = Bᵀ)
//   C        [M, N] (ldc ≥ N)        accumulate = 1: C += …; 0: C = … (old C ignored, NaN included)
//   bp       ceil(N/8) × [K, 8]      packed op(B): panel j holds columns 8j…8j+7, zero-padded
//   gp       ceil(N/7) × ceil(K/4)   sgemv_pack of W [N, K] for sgemv_packed (one row x·Wᵀ):
//              × [7, 4]              group g holds rows 7g…7g+6, chunk q their columns 4q…4q+3
//   work     packed A block [MC/4 × KC × 4] + a 4×8 edge tile (sgemm_packed: gemmPackedWorkBytes),
//            then, in sgemm, one slab of packed op(B) [NC/8 × KC × 8] (gemmWorkBytes, ≈ 320 KiB:
//            bounded whatever the size of B)
import { fma } from './math';

// @ts-ignore: decorator
@inline const MR = 4;
// @ts-ignore: decorator
@inline const NR = 8;
// @ts-ignore: decorator
@inline const KC = 256;
// @ts-ignore: decorator
@inline const MC = 64;
/** columns of op(B) packed per slab inside sgemm (keeps the slab, KC×NC floats, in L2) */
// @ts-ignore: decorator
@inline const NC = 256;

// @ts-ignore: decorator
@inline function alignUp(x: usize, a: usize): usize {
  return (x + a - 1) & ~(a - 1);
}

// ---------------------------------------------------------------------------------------------
// Packing

/** 4×4 transpose of rows r0..r3 stored to dst, dst+s, dst+2s, dst+3s. */
// @ts-ignore: decorator
@inline function transpose4Store(r0: v128, r1: v128, r2: v128, r3: v128, dst: usize, s: usize): void {
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<i64>(t0, t2, 0, 2));
  v128.store(dst + s, v128.shuffle<i64>(t0, t2, 1, 3));
  v128.store(dst + 2 * s, v128.shuffle<i64>(t1, t3, 0, 2));
  v128.store(dst + 3 * s, v128.shuffle<i64>(t1, t3, 1, 3));
}

/**
 * Packs rows p0…p0+kc of op(B)'s columns j0…j0+nc (j0 a multiple of 8) into panels of `panelK`
 * rows: dst is where element (p0, j0) goes, panel q (columns j0+8q…) starts q·panelK·8 floats
 * later. The full layout bp (sgemm_pack_b) is dst = bp + (j0·K + p0·8)·4 with panelK = K; a
 * KC×NC slab inside sgemm is dst = slab with panelK = kc.
 */
function packB(dst: usize, panelK: i32, b: usize, n: i32, ldb: i32, transB: i32, p0: i32, kc: i32, j0: i32, nc: i32): void {
  const jEnd = j0 + nc;
  const ldbB = <usize>ldb << 2;
  const panelB = <usize>panelK * NR * 4; // bytes between panels
  if (transB == 0) {
    // op(B)[kk, j] = B[kk·ldb + j]. Blocks of 8 rows × 16 columns: every cache line of B is
    // read whole and once (walking one panel down K strides by ldb and thrashes L1 sets when
    // ldb is a multiple of 1024; walking row by row scatters the writes K·32 bytes apart).
    const full = j0 + ((jEnd - j0) & ~(NR - 1));
    for (let k0 = 0; k0 < kc; k0 += 8) {
      const kb = min(8, kc - k0);
      let src0 = b + ((<usize>(p0 + k0) * <usize>ldb + <usize>j0) << 2);
      let dst0 = dst + ((<usize>k0 * NR) << 2);
      let j = j0;
      for (; j + 2 * NR <= full; j += 2 * NR) {
        let src = src0, d = dst0;
        for (let r = 0; r < kb; r++) {
          v128.store(d, v128.load(src));
          v128.store(d, v128.load(src, 16), 16);
          v128.store(d + panelB, v128.load(src, 32));
          v128.store(d + panelB, v128.load(src, 48), 16);
          src += ldbB;
          d += NR * 4;
        }
        src0 += 2 * NR * 4;
        dst0 += 2 * panelB;
      }
      if (j < full) {
        let src = src0, d = dst0;
        for (let r = 0; r < kb; r++) {
          v128.store(d, v128.load(src));
          v128.store(d, v128.load(src, 16), 16);
          src += ldbB;
          d += NR * 4;
        }
        src0 += NR * 4;
        dst0 += panelB;
      }
      if (full < jEnd) {
        let src = src0, d = dst0;
        for (let r = 0; r < kb; r++) {
          v128.store(d, i32x4.splat(0));
          v128.store(d, i32x4.splat(0), 16);
          for (let c = 0; c < jEnd - full; c++) store<f32>(d + (<usize>c << 2), load<f32>(src + (<usize>c << 2)));
          src += ldbB;
          d += NR * 4;
        }
      }
    }
    return;
  }
  for (let j = j0; j < jEnd; j += NR) {
    const nr = min(NR, n - j);
    let d = dst + ((<usize>(j - j0) * <usize>panelK) << 2);
    // op(B)[kk, j] = B[j·ldb + kk]: transpose 8 rows of B, 4 k at a time
    let src = b + ((<usize>j * <usize>ldb + <usize>p0) << 2);
    if (nr == NR) {
      let kk = 0;
      for (; kk + 4 <= kc; kk += 4) {
        transpose4Store(v128.load(src), v128.load(src + ldbB), v128.load(src + 2 * ldbB),
          v128.load(src + 3 * ldbB), d, NR * 4);
        const s4 = src + 4 * ldbB;
        transpose4Store(v128.load(s4), v128.load(s4 + ldbB), v128.load(s4 + 2 * ldbB),
          v128.load(s4 + 3 * ldbB), d + 16, NR * 4);
        src += 16;
        d += 4 * NR * 4;
      }
      for (; kk < kc; kk++) {
        for (let c = 0; c < NR; c++) store<f32>(d + (<usize>c << 2), load<f32>(src + <usize>c * ldbB));
        src += 4;
        d += NR * 4;
      }
    } else {
      for (let kk = 0; kk < kc; kk++) {
        v128.store(d, i32x4.splat(0));
        v128.store(d, i32x4.splat(0), 16);
        for (let c = 0; c < nr; c++) store<f32>(d + (<usize>c << 2), load<f32>(src + <usize>c * ldbB));
        src += 4;
        d += NR * 4;
      }
    }
  }
}

export function sgemm_pack_b(bp: usize, b: usize, k: i32, n: i32, ldb: i32, transB: i32): void {
  if (k <= 0 || n <= 0) return;
  packB(bp, k, b, n, ldb, transB, 0, k, 0, n);
}

/** Packs op(A) rows i0…i0+mc, k p0…p0+kc into 4-row panels (kc×4 floats each, zero-padded rows). */
function packA(pa: usize, a: usize, lda: i32, transA: i32, i0: i32, mc: i32, p0: i32, kc: i32): void {
  const ldaB = <usize>lda << 2;
  for (let i = 0; i < mc; i += MR) {
    const mr = min(MR, mc - i);
    let dst = pa + ((<usize>i * <usize>kc) << 2);
    if (transA == 0) {
      // op(A)[i, kk] = A[i·lda + kk]: transpose 4 rows, 4 k at a time
      let src = a + ((<usize>(i0 + i) * <usize>lda + <usize>p0) << 2);
      if (mr == MR) {
        let kk = 0;
        for (; kk + 4 <= kc; kk += 4) {
          transpose4Store(v128.load(src), v128.load(src + ldaB), v128.load(src + 2 * ldaB),
            v128.load(src + 3 * ldaB), dst, MR * 4);
          src += 16;
          dst += 4 * MR * 4;
        }
        for (; kk < kc; kk++) {
          store<f32>(dst, load<f32>(src));
          store<f32>(dst, load<f32>(src + ldaB), 4);
          store<f32>(dst, load<f32>(src + 2 * ldaB), 8);
          store<f32>(dst, load<f32>(src + 3 * ldaB), 12);
          src += 4;
          dst += MR * 4;
        }
      } else {
        for (let kk = 0; kk < kc; kk++) {
          v128.store(dst, i32x4.splat(0));
          for (let r = 0; r < mr; r++) store<f32>(dst + (<usize>r << 2), load<f32>(src + <usize>r * ldaB));
          src += 4;
          dst += MR * 4;
        }
      }
    } else {
      // op(A)[i, kk] = A[kk·lda + i]: 4 contiguous floats per k
      let src = a + ((<usize>p0 * <usize>lda + <usize>(i0 + i)) << 2);
      if (mr == MR) {
        for (let kk = 0; kk < kc; kk++) {
          v128.store(dst, v128.load(src));
          src += ldaB;
          dst += MR * 4;
        }
      } else {
        for (let kk = 0; kk < kc; kk++) {
          v128.store(dst, i32x4.splat(0));
          for (let r = 0; r < mr; r++) store<f32>(dst + (<usize>r << 2), load<f32>(src + (<usize>r << 2)));
          src += ldaB;
          dst += MR * 4;
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Micro-kernels

/** C[4, 8] (+)= Apanel[kc, 4]ᵀ · Bpanel[kc, 8]; c has row stride ldcB bytes. Kept out of line: V8 allocates its 8 accumulators best in a small function. */
function kernel4x8(pa: usize, pb: usize, kc: i32, c: usize, ldcB: usize, acc: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let kk = 0; kk < kc; kk++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load32_splat(pa);
    c00 = fma(a, b0, c00); c01 = fma(a, b1, c01);
    a = v128.load32_splat(pa, 4);
    c10 = fma(a, b0, c10); c11 = fma(a, b1, c11);
    a = v128.load32_splat(pa, 8);
    c20 = fma(a, b0, c20); c21 = fma(a, b1, c21);
    a = v128.load32_splat(pa, 12);
    c30 = fma(a, b0, c30); c31 = fma(a, b1, c31);
    pa += 16;
    pb += 32;
  }
  let c1 = c + ldcB, c2 = c + 2 * ldcB, c3 = c + 3 * ldcB;
  if (acc) {
    c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c1)); c11 = f32x4.add(c11, v128.load(c1, 16));
    c20 = f32x4.add(c20, v128.load(c2)); c21 = f32x4.add(c21, v128.load(c2, 16));
    c30 = f32x4.add(c30, v128.load(c3)); c31 = f32x4.add(c31, v128.load(c3, 16));
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c1, c10); v128.store(c1, c11, 16);
  v128.store(c2, c20); v128.store(c2, c21, 16);
  v128.store(c3, c30); v128.store(c3, c31, 16);
}

/** C[1, 8] (+)= row 0 of Apanel (stride 4 floats) · Bpanel[kc, 8]. */
function kernel1x8(pa: usize, pb: usize, kc: i32, c: usize, acc: bool): void {
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0);
  let t0 = f32x4.splat(0), t1 = f32x4.splat(0);
  let u0 = f32x4.splat(0), u1 = f32x4.splat(0);
  let w0 = f32x4.splat(0), w1 = f32x4.splat(0);
  let kk = 0;
  for (; kk + 4 <= kc; kk += 4) {
    let a = v128.load32_splat(pa);
    s0 = fma(a, v128.load(pb), s0); s1 = fma(a, v128.load(pb, 16), s1);
    a = v128.load32_splat(pa, 16);
    t0 = fma(a, v128.load(pb, 32), t0); t1 = fma(a, v128.load(pb, 48), t1);
    a = v128.load32_splat(pa, 32);
    u0 = fma(a, v128.load(pb, 64), u0); u1 = fma(a, v128.load(pb, 80), u1);
    a = v128.load32_splat(pa, 48);
    w0 = fma(a, v128.load(pb, 96), w0); w1 = fma(a, v128.load(pb, 112), w1);
    pa += 64;
    pb += 128;
  }
  for (; kk < kc; kk++) {
    const a = v128.load32_splat(pa);
    s0 = fma(a, v128.load(pb), s0); s1 = fma(a, v128.load(pb, 16), s1);
    pa += 16;
    pb += 32;
  }
  s0 = f32x4.add(f32x4.add(s0, t0), f32x4.add(u0, w0));
  s1 = f32x4.add(f32x4.add(s1, t1), f32x4.add(u1, w1));
  if (acc) {
    s0 = f32x4.add(s0, v128.load(c));
    s1 = f32x4.add(s1, v128.load(c, 16));
  }
  v128.store(c, s0);
  v128.store(c, s1, 16);
}

/** Adds (acc) or writes the valid mr×nr corner of the 4×8 tile at t into C. */
function storeEdge(c: usize, ldcB: usize, t: usize, mr: i32, nr: i32, acc: bool): void {
  for (let r = 0; r < mr; r++) {
    const cr = c + <usize>r * ldcB;
    const tr = t + (<usize>r << 5);
    if (acc) {
      for (let j = 0; j < nr; j++) {
        const o = <usize>j << 2;
        store<f32>(cr + o, load<f32>(cr + o) + load<f32>(tr + o));
      }
    } else {
      for (let j = 0; j < nr; j++) {
        const o = <usize>j << 2;
        store<f32>(cr + o, load<f32>(tr + o));
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Drivers

/**
 * The macro-kernel: C[i0…i0+mc, j0…j0+nc] (+)= packedA(block) · packed B rows p0…p0+kc, whose
 * panel for columns j0… starts at `panels`, the next panelK·8 floats later (see packB).
 */
function macroKernel(c: usize, ldc: i32, pa: usize, panels: usize, panelK: i32, edge: usize, n: i32,
                     i0: i32, mc: i32, kc: i32, j0: i32, nc: i32, acc: bool): void {
  const ldcB = <usize>ldc << 2;
  const jEnd = j0 + nc;
  const kcB = <usize>kc << 4; // bytes of one packed A panel
  for (let j = j0; j < jEnd; j += NR) {
    const nr = min(NR, n - j);
    const pb = panels + ((<usize>(j - j0) * <usize>panelK) << 2);
    let pap = pa;
    let cij = c + <usize>i0 * ldcB + (<usize>j << 2);
    for (let i = 0; i < mc; i += MR) {
      const mr = min(MR, mc - i);
      if (nr == NR) {
        if (mr == MR) {
          kernel4x8(pap, pb, kc, cij, ldcB, acc);
        } else if (mr == 1) {
          kernel1x8(pap, pb, kc, cij, acc);
        } else {
          kernel4x8(pap, pb, kc, edge, NR * 4, false);
          storeEdge(cij, ldcB, edge, mr, nr, acc);
        }
      } else {
        if (mr == 1) {
          kernel1x8(pap, pb, kc, edge, false);
        } else {
          kernel4x8(pap, pb, kc, edge, NR * 4, false);
        }
        storeEdge(cij, ldcB, edge, mr, nr, acc);
      }
      pap += kcB;
      cij += ldcB << 2;
    }
  }
}

/** C = 0 over [m, n] (accumulate = 0 with k = 0). */
function zeroC(c: usize, m: i32, n: i32, ldc: i32): void {
  for (let i = 0; i < m; i++) {
    memory.fill(c + ((<usize>i * <usize>ldc) << 2), 0, <usize>n << 2);
  }
}

/**
 * Shared driver. With packB_, op(B) is packed slab by slab (KC×NC, right before its use, so it
 * is hot in cache) into one slab of the work buffer (after the A block and the edge tile);
 * otherwise bp is already packed (the full layout) and work holds the A block and edge tile only.
 */
function gemmDriver(c: usize, a: usize, b: usize, packB_: bool, bp: usize, work: usize, m: i32, n: i32, k: i32,
                    lda: i32, ldb: i32, ldc: i32, transA: i32, transB: i32, accumulate: i32): void {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (accumulate == 0) zeroC(c, m, n, ldc);
    return;
  }
  const pa = alignUp(work, 16);
  const edge = pa + MC * KC * 4;
  const slab = alignUp(edge + MR * NR * 4, 16);
  const nc: i32 = packB_ ? NC : <i32>alignUp(<usize>n, NR);
  for (let j0 = 0; j0 < n; j0 += nc) {
    const ncb = min(nc, n - j0);
    for (let p0 = 0; p0 < k; p0 += KC) {
      const kc = min(KC, k - p0);
      const acc = p0 > 0 || accumulate != 0;
      let panels = slab;
      let panelK = kc;
      if (packB_) {
        packB(slab, kc, b, n, ldb, transB, p0, kc, j0, ncb);
      } else {
        panels = bp + ((<usize>j0 * <usize>k + <usize>p0 * NR) << 2);
        panelK = k;
      }
      for (let i0 = 0; i0 < m; i0 += MC) {
        const mc = min(MC, m - i0);
        packA(pa, a, lda, transA, i0, mc, p0, kc);
        macroKernel(c, ldc, pa, panels, panelK, edge, n, i0, mc, kc, j0, ncb, acc);
      }
    }
  }
}

/** [Σ s0, Σ s1, Σ s2, Σ s3] (horizontal sums of four vectors) */
// @ts-ignore: decorator
@inline function hsum4(s0: v128, s1: v128, s2: v128, s3: v128): v128 {
  const u0 = f32x4.add(v128.shuffle<f32>(s0, s1, 0, 4, 1, 5), v128.shuffle<f32>(s0, s1, 2, 6, 3, 7));
  const u1 = f32x4.add(v128.shuffle<f32>(s2, s3, 0, 4, 1, 5), v128.shuffle<f32>(s2, s3, 2, 6, 3, 7));
  return f32x4.add(v128.shuffle<i64>(u0, u1, 0, 2), v128.shuffle<i64>(u0, u1, 1, 3));
}

/** [b0[0], b1[0], b2[0], b3[0]]: one k of four rows, for the K % 4 tails */
// @ts-ignore: decorator
@inline function gather4(b0: usize, b1: usize, b2: usize, b3: usize): v128 {
  return f32x4(load<f32>(b0), load<f32>(b1), load<f32>(b2), load<f32>(b3));
}

/** c[0…3] (+)= r */
// @ts-ignore: decorator
@inline function store4(c: usize, r: v128, acc: bool): void {
  if (acc) r = f32x4.add(r, v128.load(c));
  v128.store(c, r);
}

// GEMV micro-kernels for gemvNT: R consecutive rows of W (= outputs) against the M rows of A,
// one f32x4 accumulator per (row of A, row of W), so each W load feeds M FMAs and each A load
// R FMAs; pointers advance by whole chunks so every load is [pointer + constant offset]. One
// 4-wide horizontal reduction (hsum4) per 4 outputs at the end, then the K % 4 tail on top of it.
// Kept out of line and small: V8 keeps their 8–12 accumulators in registers.

/** c[0…7] (+)= a[0…k) · rows b, b+ldbB, …, b+7·ldbB (M = 1, 8 outputs; K unrolled by 8). */
function gemv1x8(a: usize, b: usize, ldbB: usize, k: i32, c: usize, acc: bool): void {
  let b0 = b, b1 = b0 + ldbB, b2 = b1 + ldbB, b3 = b2 + ldbB;
  let b4 = b3 + ldbB, b5 = b4 + ldbB, b6 = b5 + ldbB, b7 = b6 + ldbB;
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
  let s4 = f32x4.splat(0), s5 = f32x4.splat(0), s6 = f32x4.splat(0), s7 = f32x4.splat(0);
  let pa = a;
  const end4 = a + (<usize>(k & ~3) << 2);
  while (pa < end4) {
    const x = v128.load(pa);
    s0 = fma(x, v128.load(b0), s0); s1 = fma(x, v128.load(b1), s1);
    s2 = fma(x, v128.load(b2), s2); s3 = fma(x, v128.load(b3), s3);
    s4 = fma(x, v128.load(b4), s4); s5 = fma(x, v128.load(b5), s5);
    s6 = fma(x, v128.load(b6), s6); s7 = fma(x, v128.load(b7), s7);
    pa += 16;
    b0 += 16; b1 += 16; b2 += 16; b3 += 16; b4 += 16; b5 += 16; b6 += 16; b7 += 16;
  }
  let r0 = hsum4(s0, s1, s2, s3), r1 = hsum4(s4, s5, s6, s7);
  for (let p = 0; p < (k & 3); p++) {
    const o = <usize>p << 2;
    const x = v128.load32_splat(pa + o);
    r0 = fma(x, gather4(b0 + o, b1 + o, b2 + o, b3 + o), r0);
    r1 = fma(x, gather4(b4 + o, b5 + o, b6 + o, b7 + o), r1);
  }
  store4(c, r0, acc);
  store4(c + 16, r1, acc);
}

/** c[0…3] (+)= a[0…k) · 4 rows of b (M = 1, 4 outputs, one accumulator per row, K by 4). */
function gemv1x4(a: usize, b: usize, ldbB: usize, k: i32, c: usize, acc: bool): void {
  const b0 = b, b1 = b0 + ldbB, b2 = b1 + ldbB, b3 = b2 + ldbB;
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
  let p = 0;
  for (; p + 4 <= k; p += 4) {
    const o = <usize>p << 2;
    const x = v128.load(a + o);
    s0 = fma(x, v128.load(b0 + o), s0);
    s1 = fma(x, v128.load(b1 + o), s1);
    s2 = fma(x, v128.load(b2 + o), s2);
    s3 = fma(x, v128.load(b3 + o), s3);
  }
  let r = hsum4(s0, s1, s2, s3);
  for (; p < k; p++) {
    const o = <usize>p << 2;
    r = fma(v128.load32_splat(a + o), gather4(b0 + o, b1 + o, b2 + o, b3 + o), r);
  }
  store4(c, r, acc);
}

/** Rows a, a+ldaB of A against 4 rows of b: c[0…3], c+ldcB[0…3] (+)= … (M = 2; K unrolled by 8). */
function gemv2x4(a: usize, ldaB: usize, b: usize, ldbB: usize, k: i32, c: usize, ldcB: usize, acc: bool): void {
  let b0 = b, b1 = b0 + ldbB, b2 = b1 + ldbB, b3 = b2 + ldbB;
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
  let t0 = f32x4.splat(0), t1 = f32x4.splat(0), t2 = f32x4.splat(0), t3 = f32x4.splat(0);
  let pa = a, qa = a + ldaB;
  const end4 = a + (<usize>(k & ~3) << 2);
  while (pa < end4) {
    const x = v128.load(pa), y = v128.load(qa);
    let w = v128.load(b0); s0 = fma(x, w, s0); t0 = fma(y, w, t0);
    w = v128.load(b1); s1 = fma(x, w, s1); t1 = fma(y, w, t1);
    w = v128.load(b2); s2 = fma(x, w, s2); t2 = fma(y, w, t2);
    w = v128.load(b3); s3 = fma(x, w, s3); t3 = fma(y, w, t3);
    pa += 16; qa += 16; b0 += 16; b1 += 16; b2 += 16; b3 += 16;
  }
  let r0 = hsum4(s0, s1, s2, s3), r1 = hsum4(t0, t1, t2, t3);
  for (let p = 0; p < (k & 3); p++) {
    const o = <usize>p << 2;
    const w = gather4(b0 + o, b1 + o, b2 + o, b3 + o);
    r0 = fma(v128.load32_splat(pa + o), w, r0);
    r1 = fma(v128.load32_splat(qa + o), w, r1);
  }
  store4(c, r0, acc);
  store4(c + ldcB, r1, acc);
}

/** Σ a[p]·b[p], p < k (two f32x4 accumulators + scalar tail): single leftover outputs. */
function dotK(a: usize, b: usize, k: i32): f32 {
  let s = f32x4.splat(0), t = f32x4.splat(0);
  let p = 0;
  for (; p + 8 <= k; p += 8) {
    const o = <usize>p << 2;
    s = fma(v128.load(a + o), v128.load(b + o), s);
    t = fma(v128.load(a + o, 16), v128.load(b + o, 16), t);
  }
  if (p + 4 <= k) {
    const o = <usize>p << 2;
    s = fma(v128.load(a + o), v128.load(b + o), s);
    p += 4;
  }
  s = f32x4.add(s, t);
  let r = (f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1)) + (f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3));
  for (; p < k; p++) r += load<f32>(a + (<usize>p << 2)) * load<f32>(b + (<usize>p << 2));
  return r;
}

/**
 * NT with M < 4 (x·Wᵀ for a batch of 1–3, e.g. a generation step): dot products straight from
 * the rows of B, without packing (packing B would cost as much as the product itself). M = 1
 * takes 8 rows of B at a time (then 4), M = 2 and 3 take 4 rows at a time for all rows of A at
 * once, so B is read once whatever M; leftover rows of B one by one.
 */
function gemvNT(c: usize, a: usize, b: usize, m: i32, n: i32, k: i32, lda: i32, ldb: i32, ldc: i32, acc: bool): void {
  const ldaB = <usize>lda << 2, ldbB = <usize>ldb << 2, ldcB = <usize>ldc << 2;
  if (m == 3) { // rows 0–1 together, row 2 alone (a 3×4 block of 12 accumulators spills in V8)
    gemvNT(c, a, b, 2, n, k, lda, ldb, ldc, acc);
    gemvNT(c + 2 * ldcB, a + 2 * ldaB, b, 1, n, k, lda, ldb, ldc, acc);
    return;
  }
  let j = 0;
  if (m == 1) {
    if (ASC_FEATURE_RELAXED_SIMD) {
      for (; j + 8 <= n; j += 8) gemv1x8(a, b + <usize>j * ldbB, ldbB, k, c + (<usize>j << 2), acc);
    }
    for (; j + 4 <= n; j += 4) gemv1x4(a, b + <usize>j * ldbB, ldbB, k, c + (<usize>j << 2), acc);
  } else {
    for (; j + 4 <= n; j += 4) gemv2x4(a, ldaB, b + <usize>j * ldbB, ldbB, k, c + (<usize>j << 2), ldcB, acc);
  }
  for (; j < n; j++) {
    const bj = b + <usize>j * ldbB;
    for (let i = 0; i < m; i++) {
      const cj = c + <usize>i * ldcB + (<usize>j << 2);
      const s = dotK(a + <usize>i * ldaB, bj, k);
      store<f32>(cj, acc ? load<f32>(cj) + s : s);
    }
  }
}

export function sgemm(c: usize, a: usize, b: usize, work: usize, m: i32, n: i32, k: i32,
                      lda: i32, ldb: i32, ldc: i32, transA: i32, transB: i32, accumulate: i32): void {
  if (m <= 0 || n <= 0) return;
  if (m < MR && k > 0 && transA == 0 && transB != 0) {
    gemvNT(c, a, b, m, n, k, lda, ldb, ldc, accumulate != 0);
    return;
  }
  gemmDriver(c, a, b, true, 0, work, m, n, k, lda, ldb, ldc, transA, transB, accumulate);
}

export function sgemm_packed(c: usize, a: usize, bp: usize, work: usize, m: i32, n: i32, k: i32,
                             lda: i32, ldc: i32, transA: i32, accumulate: i32): void {
  gemmDriver(c, a, 0, false, bp, work, m, n, k, lda, 0, ldc, transA, 0, accumulate);
}

// ---------------------------------------------------------------------------------------------
// Packed GEMV: y = x·Wᵀ for ONE row x (a batch-1 generation step), W [N, K] repacked once into
// groups of GV = 7 rows interleaved by 4-float chunks of K:
//
//   bp: ceil(N/7) groups × ceil(K/4) chunks × [7 rows × 4 floats]   (zero-padded rows and K tail)
//
// so the kernel walks ONE pointer with constant offsets (row r of a chunk at +16·r) and one
// f32x4 of x feeds 7 FMAs. Why 7: V8 (TurboFan) issues a loop body's loads before its FMAs, so
// a body with R accumulators holds R + 1 loaded vectors as well; R = 7 is the most that fits
// x64's 15 allocatable xmm registers without spilling an accumulator (8 spills, and a spilled
// accumulator serialises the loop through the stack: ≈ 2× slower). Measured on K = 128, N = 512:
// ≈ 1.4× the row-pointer gemv1x8 above, whose 8 row pointers also cost an add each per chunk.

// @ts-ignore: decorator
@inline const GV = 7;

/** Packs W [n, k] (row stride ldw floats) into the sgemv_packed layout at bp. */
export function sgemv_pack(bp: usize, w: usize, n: i32, k: i32, ldw: i32): void {
  const k4 = (k + 3) >> 2;
  const ldwB = <usize>ldw << 2;
  let dst = bp;
  for (let j0 = 0; j0 < n; j0 += GV) {
    for (let q = 0; q < k4; q++) {
      const p0 = q << 2;
      for (let r = 0; r < GV; r++) {
        const j = j0 + r;
        const src = w + <usize>j * ldwB + (<usize>p0 << 2);
        if (j < n && p0 + 4 <= k) {
          v128.store(dst, v128.load(src));
        } else {
          for (let l = 0; l < 4; l++) {
            store<f32>(dst + (<usize>l << 2), j < n && p0 + l < k ? load<f32>(src + (<usize>l << 2)) : 0);
          }
        }
        dst += 16;
      }
    }
  }
}

/** One group: the 7 (nr ≤ 7 valid) outputs at c (+)= rows of the group at p · x[0…k). */
function gemvGroup7(c: usize, x: usize, p: usize, k: i32, nr: i32, acc: bool): void {
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
  let s4 = f32x4.splat(0), s5 = f32x4.splat(0), s6 = f32x4.splat(0);
  let px = x, pb = p;
  const end = x + (<usize>(k & ~3) << 2);
  while (px < end) {
    const v = v128.load(px);
    s0 = fma(v, v128.load(pb), s0); s1 = fma(v, v128.load(pb, 16), s1);
    s2 = fma(v, v128.load(pb, 32), s2); s3 = fma(v, v128.load(pb, 48), s3);
    s4 = fma(v, v128.load(pb, 64), s4); s5 = fma(v, v128.load(pb, 80), s5);
    s6 = fma(v, v128.load(pb, 96), s6);
    px += 16;
    pb += GV * 16;
  }
  const t = k & 3;
  if (t) { // the K tail: x's last 1–3 values (never read past x), zeros in the packed chunk
    let v = f32x4.splat(0);
    v = f32x4.replace_lane(v, 0, load<f32>(px));
    if (t > 1) v = f32x4.replace_lane(v, 1, load<f32>(px, 4));
    if (t > 2) v = f32x4.replace_lane(v, 2, load<f32>(px, 8));
    s0 = fma(v, v128.load(pb), s0); s1 = fma(v, v128.load(pb, 16), s1);
    s2 = fma(v, v128.load(pb, 32), s2); s3 = fma(v, v128.load(pb, 48), s3);
    s4 = fma(v, v128.load(pb, 64), s4); s5 = fma(v, v128.load(pb, 80), s5);
    s6 = fma(v, v128.load(pb, 96), s6);
  }
  const r0 = hsum4(s0, s1, s2, s3);
  const r1 = hsum4(s4, s5, s6, f32x4.splat(0));
  if (nr == GV) {
    store4(c, r0, acc);
    if (acc) {
      store<f32>(c, load<f32>(c, 16) + f32x4.extract_lane(r1, 0), 16);
      store<f32>(c, load<f32>(c, 20) + f32x4.extract_lane(r1, 1), 20);
      store<f32>(c, load<f32>(c, 24) + f32x4.extract_lane(r1, 2), 24);
    } else {
      store<f32>(c, f32x4.extract_lane(r1, 0), 16);
      store<f32>(c, f32x4.extract_lane(r1, 1), 20);
      store<f32>(c, f32x4.extract_lane(r1, 2), 24);
    }
  } else { // nr < 7 valid outputs: lane by lane (no scratch in static memory: pool threads run this at once)
    store1(c, 0, f32x4.extract_lane(r0, 0), acc);
    if (nr > 1) store1(c, 4, f32x4.extract_lane(r0, 1), acc);
    if (nr > 2) store1(c, 8, f32x4.extract_lane(r0, 2), acc);
    if (nr > 3) store1(c, 12, f32x4.extract_lane(r0, 3), acc);
    if (nr > 4) store1(c, 16, f32x4.extract_lane(r1, 0), acc);
    if (nr > 5) store1(c, 20, f32x4.extract_lane(r1, 1), acc);
  }
}

/** c[o] (+)= s */
// @ts-ignore: decorator
@inline function store1(c: usize, o: usize, s: f32, acc: bool): void {
  store<f32>(c + o, acc ? load<f32>(c + o) + s : s);
}

/** c[0…n) (+)= W·x, i.e. the row x[0…k) times Wᵀ, with W packed by sgemv_pack (n, k). */
export function sgemv_packed(c: usize, x: usize, bp: usize, n: i32, k: i32, accumulate: i32): void {
  const acc = accumulate != 0;
  const groupB = <usize>((k + 3) >> 2) * GV * 16;
  let p = bp;
  for (let j0 = 0; j0 < n; j0 += GV) {
    gemvGroup7(c + (<usize>j0 << 2), x, p, k, min(GV, n - j0), acc);
    p += groupB;
  }
}
