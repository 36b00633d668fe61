// sgemm / sgemm_pack_b / sgemm_packed / sgemv_pack / sgemv_packed: wasm (both builds) against the naive-JS twin, every size
// 0–17 in every dim, the three layouts, accumulate on/off, padded leading dimensions, blocking
// boundaries (K > KC, M > MC, N > NC), NaN garbage in C, no writes outside C's [M, N] window.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { kernelTables } from '../../engine/backend/index.js';
import { gemmWorkBytes, gemmPackedWorkBytes, gemvPackedBytes, packedBBytes, type Kernels } from '../../engine/backend/kernels.js';
import { availableBuilds, heap, loadWasmKernels } from '../../engine/backend/wasm.js';
import { allocBytes, freeBytes } from '../../engine/memory.js';
import { mulberry32 } from '../lib/mulberry32.js';

/** unit roundoff of f32 */
const EPS = 2 ** -24;
/** |wasm − ref| ≤ GEMM_BOUND(k)·(Σ_p |a||b| + |C_old|): the worst-case bound of any summation order */
const GEMM_BOUND = (k: number) => (k + 4) * EPS * 1.01;
/** a value no kernel writes: marks memory outside C's window */
const SENTINEL = -12345.5;

const js = kernelTables().js;
const wasm: { name: string; k: Kernels }[] = [];
for (const b of availableBuilds) wasm.push({ name: b, k: (await loadWasmKernels(b)).kernels });

const uniform01 = mulberry32(0x9e3779b9);
/** uniform in [−1, 1) */
const rand = (): number => uniform01() * 2 - 1;

interface Case {
  m: number;
  n: number;
  k: number;
  transA: number;
  transB: number;
  acc: number;
  pad: number;
}

const LAYOUTS: [string, number, number][] = [
  ['NN', 0, 0],
  ['NT', 0, 1],
  ['TN', 1, 0],
];

/** Runs one case on every wasm build (sgemm, and pack_b + sgemm_packed) and checks against js; returns the failure text or ''. */
function checkCase({ m, n, k, transA, transB, acc, pad }: Case): string {
  const lda = (transA ? m : k) + pad,
    ldb = (transB ? k : n) + pad,
    ldc = n + pad;
  const aRows = transA ? k : m,
    bRows = transB ? n : k;
  const aLen = Math.max(aRows * lda, 1),
    bLen = Math.max(bRows * ldb, 1),
    cLen = (m + 1) * ldc + 4;
  const a = allocBytes(aLen * 4),
    b = allocBytes(bLen * 4),
    c = allocBytes(cLen * 4),
    cRef = allocBytes(cLen * 4);
  // exactly the work the layout needs (none for NT below 4 rows), then guard words
  const workBytes = gemmWorkBytes(m, n, k, transA, transB);
  const work = allocBytes(workBytes + 64);
  heap.f32().fill(SENTINEL, (work + workBytes) >> 2, (work + workBytes + 64) >> 2);
  const bp = allocBytes(packedBBytes(k, n) + 4),
    bpRef = allocBytes(packedBBytes(k, n) + 4);
  const pwork = allocBytes(gemmPackedWorkBytes(m, k));
  let f = heap.f32();
  for (let i = 0; i < aLen; i++) f[(a >> 2) + i] = rand();
  for (let i = 0; i < bLen; i++) f[(b >> 2) + i] = rand();
  const c0 = new Float32Array(cLen);
  for (let i = 0; i < cLen; i++) {
    const r = Math.floor(i / ldc),
      col = i % ldc;
    c0[i] = r < m && col < n ? (acc ? rand() : NaN) : SENTINEL;
  }
  f.set(c0, cRef >> 2);
  js.sgemm(cRef, a, b, work, m, n, k, lda, ldb, ldc, transA, transB, acc);
  js.sgemm_pack_b(bpRef, b, k, n, ldb, transB);
  f = heap.f32();
  const ref = f.slice(cRef >> 2, (cRef >> 2) + cLen);
  const refPacked = f.slice(bpRef >> 2, (bpRef >> 2) + packedBBytes(k, n) / 4);
  // Σ_p |op(A)[i,p]|·|op(B)[p,j]| + |C_old| per element, for the error bound
  const mag = new Float64Array(cLen);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = acc ? Math.abs(c0[i * ldc + j]) : 0;
      for (let p = 0; p < k; p++) {
        const av = f[(a >> 2) + (transA ? p * lda + i : i * lda + p)];
        const bv = f[(b >> 2) + (transB ? j * ldb + p : p * ldb + j)];
        s += Math.abs(av * bv);
      }
      mag[i * ldc + j] = s;
    }
  const tag = `m=${m} n=${n} k=${k} ${transA ? 'T' : 'N'}${transB ? 'T' : 'N'} acc=${acc} pad=${pad}`;
  let err = '';
  const compare = (what: string) => {
    const out = heap.f32().subarray(c >> 2, (c >> 2) + cLen);
    for (let i = 0; i < cLen; i++) {
      const d = Math.abs(out[i] - ref[i]);
      const bound = ref[i] === SENTINEL ? 0 : GEMM_BOUND(k) * mag[i];
      if (!(d <= bound)) return `${what} ${tag}: C[${Math.floor(i / ldc)},${i % ldc}] = ${out[i]}, expected ${ref[i]}`;
    }
    return '';
  };
  for (const { name, k: K } of wasm) {
    heap.f32().set(c0, c >> 2);
    K.sgemm(c, a, b, work, m, n, k, lda, ldb, ldc, transA, transB, acc);
    err ||= compare(`${name} sgemm`);
    if (
      !heap
        .f32()
        .subarray((work + workBytes) >> 2, (work + workBytes + 64) >> 2)
        .every((v) => v === SENTINEL)
    ) {
      err ||= `${name} sgemm ${tag}: wrote past its ${workBytes} bytes of work`;
    }
    const padded = heap.f32();
    padded.fill(NaN, bp >> 2, (bp >> 2) + packedBBytes(k, n) / 4);
    K.sgemm_pack_b(bp, b, k, n, ldb, transB);
    const packed = heap.f32().subarray(bp >> 2, (bp >> 2) + refPacked.length);
    for (let i = 0; i < refPacked.length && !err; i++) {
      if (!Object.is(packed[i], refPacked[i])) err = `${name} sgemm_pack_b ${tag}: bp[${i}] = ${packed[i]}, expected ${refPacked[i]}`;
    }
    heap.f32().set(c0, c >> 2);
    K.sgemm_packed(c, a, bp, pwork, m, n, k, lda, ldc, transA, acc);
    err ||= compare(`${name} sgemm_packed`);
  }
  // the js sgemm_packed must agree with the js sgemm too
  heap.f32().set(c0, c >> 2);
  js.sgemm_packed(c, a, bpRef, pwork, m, n, k, lda, ldc, transA, acc);
  err ||= compare('js sgemm_packed');
  for (const p of [a, b, c, cRef, work, bp, bpRef, pwork]) freeBytes(p);
  return err;
}

const Gemm = suite('sgemm');

Gemm('builds under test', () => {
  assert.ok(wasm.length >= 1, 'no wasm build validates');
  assert.ok(
    wasm.some((w) => w.name === 'simd'),
    'the simd build must validate',
  );
});

Gemm('closed form: [[1,2],[3,4]]·[[5,6],[7,8]] = [[19,22],[43,50]] in every layout', () => {
  const a = allocBytes(16),
    b = allocBytes(16),
    c = allocBytes(16),
    work = allocBytes(gemmWorkBytes(2, 2, 2));
  const A = [1, 2, 3, 4],
    B = [5, 6, 7, 8],
    At = [1, 3, 2, 4],
    Bt = [5, 7, 6, 8];
  for (const { name, k: K } of [...wasm, { name: 'js', k: js }]) {
    for (const [lay, tA, tB] of LAYOUTS) {
      const f = heap.f32();
      f.set(tA ? At : A, a >> 2);
      f.set(tB ? Bt : B, b >> 2);
      f.fill(NaN, c >> 2, (c >> 2) + 4);
      K.sgemm(c, a, b, work, 2, 2, 2, 2, 2, 2, tA, tB, 0);
      assert.equal(Array.from(heap.f32().subarray(c >> 2, (c >> 2) + 4)), [19, 22, 43, 50], `${name} ${lay}`);
      K.sgemm(c, a, b, work, 2, 2, 2, 2, 2, 2, tA, tB, 1);
      assert.equal(Array.from(heap.f32().subarray(c >> 2, (c >> 2) + 4)), [38, 44, 86, 100], `${name} ${lay} accumulate`);
    }
  }
  for (const p of [a, b, c, work]) freeBytes(p);
});

for (const [lay, transA, transB] of LAYOUTS) {
  Gemm(`${lay}: every m, n, k in 0…17, accumulate on/off, padded ld`, () => {
    let failures = 0;
    const first: string[] = [];
    for (let m = 0; m <= 17; m++)
      for (let n = 0; n <= 17; n++)
        for (let k = 0; k <= 17; k++) {
          const acc = (m + n + k) & 1,
            pad = (m * 7 + n * 3 + k) % 3;
          const e = checkCase({ m, n, k, transA, transB, acc, pad });
          if (e) {
            failures++;
            if (first.length < 5) first.push(e);
          }
        }
    assert.is(failures, 0, first.join('\n'));
  });

  Gemm(`${lay}: blocking boundaries and odd shapes`, () => {
    const shapes = [
      [1, 300, 33],
      [3, 37, 257],
      [5, 9, 512],
      [64, 8, 256],
      [65, 17, 1],
      [70, 29, 300],
      [131, 19, 13],
      [7, 270, 21],
      [2, 530, 9],
      [33, 260, 260],
      [1, 1, 1000],
      // the batch-1..3 LSTM generation step (GEMV, NT: x[M,128]·W[512,128]ᵀ)
      [1, 512, 128],
      [2, 512, 128],
      [3, 512, 128],
    ];
    for (const [m, n, k] of shapes) {
      for (const acc of [0, 1]) {
        const e = checkCase({ m, n, k, transA, transB, acc, pad: acc * 5 });
        assert.is(e, '', e);
      }
    }
  });
}

/**
 * sgemv_pack + sgemv_packed (one row x · Wᵀ, W [n, k] with row stride ldw) on every build and js:
 * packed buffers identical to js's, results within the summation bound of js sgemm (NT) on the
 * unpacked W, nothing written past c[n). Returns the failure text or ''.
 */
function checkGemv(n: number, k: number, acc: number, pad: number): string {
  const ldw = k + pad;
  const w = allocBytes(Math.max(n * ldw, 1) * 4),
    x = allocBytes(Math.max(k, 1) * 4);
  const c = allocBytes((n + 4) * 4),
    cRef = allocBytes((n + 4) * 4),
    work = allocBytes(gemmWorkBytes(1, n, k));
  const bytes = gemvPackedBytes(n, k);
  const bp = allocBytes(bytes + 4),
    bpRef = allocBytes(bytes + 4);
  let f = heap.f32();
  for (let i = 0; i < n * ldw; i++) f[(w >> 2) + i] = rand();
  for (let i = 0; i < k; i++) f[(x >> 2) + i] = rand();
  const c0 = new Float32Array(n + 4).fill(SENTINEL);
  for (let j = 0; j < n; j++) c0[j] = acc ? rand() : NaN;
  f.set(c0, cRef >> 2);
  js.sgemm(cRef, x, w, work, 1, n, k, k, ldw, n, 0, 1, acc);
  js.sgemv_pack(bpRef, w, n, k, ldw);
  f = heap.f32();
  const ref = f.slice(cRef >> 2, (cRef >> 2) + n + 4);
  const refPacked = f.slice(bpRef >> 2, (bpRef >> 2) + bytes / 4);
  const mag = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = acc ? Math.abs(c0[j]) : 0;
    for (let p = 0; p < k; p++) s += Math.abs(f[(x >> 2) + p] * f[(w >> 2) + j * ldw + p]);
    mag[j] = s;
  }
  const tag = `n=${n} k=${k} acc=${acc} pad=${pad}`;
  for (const { name, k: K } of [...wasm, { name: 'js', k: js }]) {
    heap.f32().fill(NaN, bp >> 2, (bp >> 2) + bytes / 4);
    K.sgemv_pack(bp, w, n, k, ldw);
    const packed = heap.f32().subarray(bp >> 2, (bp >> 2) + bytes / 4);
    for (let i = 0; i < packed.length; i++) {
      if (!Object.is(packed[i], refPacked[i])) return `${name} sgemv_pack ${tag}: bp[${i}] = ${packed[i]}, expected ${refPacked[i]}`;
    }
    heap.f32().set(c0, c >> 2);
    K.sgemv_packed(c, x, bp, n, k, acc);
    const out = heap.f32().subarray(c >> 2, (c >> 2) + n + 4);
    for (let j = 0; j < n + 4; j++) {
      const d = Math.abs(out[j] - ref[j]);
      if (!(d <= (j < n ? GEMM_BOUND(k) * mag[j] : 0))) return `${name} sgemv_packed ${tag}: c[${j}] = ${out[j]}, expected ${ref[j]}`;
    }
  }
  for (const p of [w, x, c, cRef, work, bp, bpRef]) freeBytes(p);
  return '';
}

Gemm('sgemv_packed: every n, k in 0…17 and the generation shapes, accumulate on/off, padded rows', () => {
  let failures = 0;
  const first: string[] = [];
  const sizes: [number, number][] = [];
  for (let n = 0; n <= 17; n++) for (let k = 0; k <= 17; k++) sizes.push([n, k]);
  sizes.push([512, 128], [384, 128], [91, 128], [7, 1000], [50, 131], [29, 6]);
  for (const [n, k] of sizes) {
    for (const acc of [0, 1]) {
      const e = checkGemv(n, k, acc, (n + k + acc) % 3);
      if (e) {
        failures++;
        if (first.length < 5) first.push(e);
      }
    }
  }
  assert.is(failures, 0, first.join('\n'));
});

Gemm('sgemv_packed closed form: W = [[1,2,3],[4,5,6]], x = [1,1,2] → [9, 21]', () => {
  const w = allocBytes(24),
    x = allocBytes(12),
    c = allocBytes(8),
    bp = allocBytes(gemvPackedBytes(2, 3));
  heap.f32().set([1, 2, 3, 4, 5, 6], w >> 2);
  heap.f32().set([1, 1, 2], x >> 2);
  for (const { name, k: K } of [...wasm, { name: 'js', k: js }]) {
    K.sgemv_pack(bp, w, 2, 3, 3);
    K.sgemv_packed(c, x, bp, 2, 3, 0);
    assert.equal(Array.from(heap.f32().subarray(c >> 2, (c >> 2) + 2)), [9, 21], name);
    K.sgemv_packed(c, x, bp, 2, 3, 1);
    assert.equal(Array.from(heap.f32().subarray(c >> 2, (c >> 2) + 2)), [18, 42], `${name} accumulate`);
  }
  for (const p of [w, x, c, bp]) freeBytes(p);
});

Gemm('the check can fail: a corrupted result is caught', () => {
  const broken = {
    ...js,
    sgemm: (...args: Parameters<Kernels['sgemm']>) => {
      js.sgemm(...args);
      const f = heap.f32();
      f[(args[0] >> 2) + 1] += 1e-3;
    },
  } as Kernels;
  wasm.unshift({ name: 'broken', k: broken });
  try {
    const e = checkCase({ m: 3, n: 5, k: 7, transA: 0, transB: 0, acc: 0, pad: 1 });
    assert.match(e, /broken sgemm m=3/);
  } finally {
    wasm.shift();
  }
});

Gemm.run();
