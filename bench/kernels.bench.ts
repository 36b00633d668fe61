// Kernel benchmarks: sgemm NN/NT/TN at RNN shapes, GEMV, the fused cells and the activations, wasm SIMD, wasm relaxed
// SIMD (FMA) and naive JS side by side on the same buffers. Prints markdown tables of medians.
// The threads section times the active build's sgemm at 1 and N threads (the worker pool) in alternating rounds.
// Usage: node --experimental-wasm-relaxed-simd dist/bench/kernels.bench.js [gemm|gemv|cell|act|threads]…  (default: all)
// @ts-expect-error: benchmark ships no type declarations
import Benchmark from 'benchmark';
import { kernelTables } from '../engine/backend/index.js';
import { gemmWorkBytes, gemvPackedBytes, packedBBytes, type Kernels } from '../engine/backend/kernels.js';
import { availableBuilds, heap, loadWasmKernels } from '../engine/backend/wasm.js';
import { allocBytes } from '../engine/memory.js';
import { getNumThreads, setNumThreads, threadsAvailable, wasmBuild, whenThreadsReady } from '../engine/index.js';

interface BenchStats {
  sample: number[];
}
interface BenchInstance {
  stats: BenchStats;
  error?: Error;
  run(opts?: { async: boolean }): void;
}
type BenchCtor = new (name: string, fn: () => void, opts: Record<string, unknown>) => BenchInstance;
const BenchmarkT = Benchmark as unknown as BenchCtor & { support: { decompilation: boolean } };
// call fn by reference (its closure variables would be lost if benchmark.js re-compiled its source)
BenchmarkT.support.decompilation = false;

const backends: { name: string; k: Kernels }[] = [];
for (const b of ['simd', 'relaxed'] as const) {
  if (availableBuilds.includes(b)) backends.push({ name: b, k: (await loadWasmKernels(b)).kernels });
}
backends.push({ name: 'js', k: kernelTables().js });

const which = process.argv.slice(2);
const want = (s: string) => which.length === 0 || which.includes(s);

/** Runs fn until V8 has tiered it up, then times it with benchmark.js; returns the median seconds per call. */
function median(fn: () => void, approxSeconds: number): number {
  const slow = approxSeconds > 0.02;
  // wasm tiers up from Liftoff to TurboFan in the background; js needs a few calls to optimise
  const warmEnd = performance.now() + (slow ? 0 : 100);
  do fn();
  while (performance.now() < warmEnd);
  const bench = new BenchmarkT(
    'k',
    fn,
    slow ? { minSamples: 3, maxTime: 1e-9, minTime: 1e-9, initCount: 1 } : { minSamples: 15, maxTime: 0.25, minTime: 0.015 },
  );
  bench.run({ async: false });
  if (bench.error) throw bench.error;
  const s = [...bench.stats.sample].sort((x, y) => x - y);
  return s[s.length >> 1];
}

/** A rough single-call time, to pick benchmark.js settings. */
function probe(fn: () => void): number {
  const t = performance.now();
  fn();
  return (performance.now() - t) / 1e3;
}

const fmt = (x: number, d = 1) => x.toFixed(d);

if (want('gemm')) {
  const Ms = [16, 64, 320],
    Ks = [128, 512],
    Ns = [256, 1024];
  const maxM = 320,
    maxK = 512,
    maxN = 1024;
  const a = allocBytes(maxM * maxK * 4),
    b = allocBytes(maxK * maxN * 4),
    c = allocBytes(maxM * maxN * 4);
  const work = allocBytes(gemmWorkBytes(maxM, maxN, maxK));
  const f = heap.f32();
  for (let i = 0; i < maxM * maxK; i++) f[(a >> 2) + i] = Math.random() - 0.5;
  for (let i = 0; i < maxK * maxN; i++) f[(b >> 2) + i] = Math.random() - 0.5;
  const names = backends.map((x) => x.name);
  console.log('\n### sgemm, median GFLOP/s (C = op(A)·op(B), accumulate 0, packing included)\n');
  console.log(
    `| layout | M | K | N | ${names.join(' | ')} | ${names
      .filter((n) => n !== 'js')
      .map((n) => `${n}/js`)
      .join(' | ')} |`,
  );
  console.log(
    `|---|---|---|---|${names.map(() => '---:').join('|')}|${names
      .filter((n) => n !== 'js')
      .map(() => '---:')
      .join('|')}|`,
  );
  for (const [lay, tA, tB] of [
    ['NN', 0, 0],
    ['NT', 0, 1],
    ['TN', 1, 0],
  ] as [string, number, number][]) {
    for (const M of Ms)
      for (const K of Ks)
        for (const N of Ns) {
          const lda = tA ? M : K,
            ldb = tB ? K : N;
          const gf: Record<string, number> = {};
          for (const { name, k } of backends) {
            const fn = () => k.sgemm(c, a, b, work, M, N, K, lda, ldb, N, tA, tB, 0);
            const t = median(fn, probe(fn));
            gf[name] = (2 * M * N * K) / t / 1e9;
          }
          const ratios = names.filter((n) => n !== 'js').map((n) => fmt(gf[n] / gf.js, 0) + '×');
          console.log(`| ${lay} | ${M} | ${K} | ${N} | ${names.map((n) => fmt(gf[n], n === 'js' ? 2 : 1)).join(' | ')} | ${ratios.join(' | ')} |`);
        }
  }
}

if (want('gemv')) {
  // batch-1 generation step: h[1,K]·W_hhᵀ with W packed once (sgemv_packed for one row,
  // sgemm_packed), and unpacked sgemm (its direct GEMV path); the LSTM(128) step shape and a big one
  console.log('\n### GEMV (M = 1..3, NT: x·Wᵀ), median GFLOP/s\n');
  console.log(`| kernel | M | K | N | ${backends.map((x) => x.name).join(' | ')} |`);
  console.log(`|---|---|---|---|${backends.map(() => '---:').join('|')}|`);
  for (const [K, N] of [
    [128, 512],
    [512, 2048],
  ]) {
    const a = allocBytes(3 * K * 4),
      b = allocBytes(K * N * 4),
      c = allocBytes(3 * N * 4);
    const bp = allocBytes(packedBBytes(K, N)),
      gp = allocBytes(gemvPackedBytes(N, K));
    const work = allocBytes(gemmWorkBytes(4, N, K));
    const f = heap.f32();
    for (let i = 0; i < 3 * K; i++) f[(a >> 2) + i] = Math.random() - 0.5;
    for (let i = 0; i < K * N; i++) f[(b >> 2) + i] = Math.random() - 0.5;
    for (const M of [1, 2, 3]) {
      for (const kind of M === 1 ? ['sgemv_packed', 'sgemm_packed', 'sgemm'] : ['sgemm_packed', 'sgemm']) {
        const row: string[] = [];
        for (const { k } of backends) {
          k.sgemm_pack_b(bp, b, K, N, K, 1);
          k.sgemv_pack(gp, b, N, K, K);
          const fn =
            kind === 'sgemm'
              ? () => k.sgemm(c, a, b, work, M, N, K, K, K, N, 0, 1, 0)
              : kind === 'sgemm_packed'
                ? () => k.sgemm_packed(c, a, bp, work, M, N, K, K, N, 0, 0)
                : () => k.sgemv_packed(c, a, gp, N, K, 0);
          row.push(fmt((2 * M * N * K) / median(fn, probe(fn)) / 1e9, 2));
        }
        console.log(`| ${kind} | ${M} | ${K} | ${N} | ${row.join(' | ')} |`);
      }
    }
  }
}

if (want('cell')) {
  // the fused cell kernels (forward), per call: a generation step (B = 1) and a training batch
  const names = backends.map((x) => x.name);
  console.log('\n### Fused cells forward, median µs per call\n');
  console.log(
    `| kernel | B | H | ${names.join(' | ')} | ${names
      .filter((n) => n !== 'js')
      .map((n) => `${n}/js`)
      .join(' | ')} |`,
  );
  console.log(
    `|---|---|---|${names.map(() => '---:').join('|')}|${names
      .filter((n) => n !== 'js')
      .map(() => '---:')
      .join('|')}|`,
  );
  for (const [B, H] of [
    [1, 128],
    [32, 256],
  ]) {
    const h = allocBytes(B * H * 4),
      cc = allocBytes(B * H * 4),
      g = allocBytes(B * 4 * H * 4),
      g0 = allocBytes(B * 4 * H * 4);
    const gh = allocBytes(B * 3 * H * 4),
      saved = allocBytes(B * 4 * H * 4);
    const f = heap.f32();
    for (let i = 0; i < B * 4 * H; i++) f[(g0 >> 2) + i] = (Math.random() - 0.5) * 6;
    for (let i = 0; i < B * 3 * H; i++) f[(gh >> 2) + i] = (Math.random() - 0.5) * 6;
    for (let i = 0; i < B * H; i++) f[(cc >> 2) + i] = Math.random() - 0.5;
    for (const kind of ['lstm_cell_forward', 'gru_cell_forward'] as const) {
      const us: Record<string, number> = {};
      for (const { name, k } of backends) {
        // the LSTM kernel activates its gates in place: restore them each call (a copy of 4·B·H floats, in both columns)
        const fn =
          kind === 'lstm_cell_forward'
            ? () => {
                k.copy(g, g0, B * 4 * H);
                k.lstm_cell_forward(h, cc, g, cc, B, H);
              }
            : () => k.gru_cell_forward(h, saved, g0, gh, cc, B, H);
        us[name] = median(fn, probe(fn)) * 1e6;
      }
      const ratios = names.filter((n) => n !== 'js').map((n) => fmt(us.js / us[n], 1) + '×');
      console.log(`| ${kind} | ${B} | ${H} | ${names.map((n) => fmt(us[n], 2)).join(' | ')} | ${ratios.join(' | ')} |`);
    }
  }
}

if (want('act')) {
  const n = 65536;
  const x = allocBytes(n * 4),
    y = allocBytes(n * 4);
  const f = heap.f32();
  for (let i = 0; i < n; i++) f[(x >> 2) + i] = (Math.random() - 0.5) * 20;
  const names = backends.map((b) => b.name);
  console.log(`\n### activations forward, ${n} elements, median Gelem/s\n`);
  console.log(
    `| op | ${names.join(' | ')} | ${names
      .filter((nm) => nm !== 'js')
      .map((nm) => `${nm}/js`)
      .join(' | ')} |`,
  );
  console.log(
    `|---|${names.map(() => '---:').join('|')}|${names
      .filter((nm) => nm !== 'js')
      .map(() => '---:')
      .join('|')}|`,
  );
  for (const op of ['tanh_forward', 'sigmoid_forward', 'exp_forward', 'log_forward'] as const) {
    const ge: Record<string, number> = {};
    if (op === 'log_forward') {
      const g = heap.f32();
      for (let i = 0; i < n; i++) g[(x >> 2) + i] = Math.abs(g[(x >> 2) + i]) + 1e-3;
    }
    for (const { name, k } of backends) {
      const fn = () => k[op](y, x, n);
      ge[name] = n / median(fn, probe(fn)) / 1e9;
    }
    const ratios = names.filter((nm) => nm !== 'js').map((nm) => fmt(ge[nm] / ge.js, 1) + '×');
    console.log(`| ${op.replace('_forward', '')} | ${names.map((nm) => fmt(ge[nm], 2)).join(' | ')} | ${ratios.join(' | ')} |`);
  }
}

if (want('threads') && threadsAvailable && kernelTables().wasm) {
  // 1 thread vs N threads on the same buffers, alternating rounds (the machine is shared: a slow
  // spell hits both); the active build's table, whose sgemm / sgemm_packed split across the pool
  const k = kernelTables().wasm!;
  const initial = getNumThreads();
  const N = Math.max(2, initial);
  const ROUNDS = 9;
  const shapes: [string, number, number, number, number, number, boolean][] = [
    ['NN 512³', 512, 512, 512, 0, 0, false],
    ['NT 512³', 512, 512, 512, 0, 1, false],
    ['TN 512³', 512, 512, 512, 1, 0, false],
    ['TT 512³', 512, 512, 512, 1, 1, false],
    ['NT 512³ packed B', 512, 512, 512, 0, 1, true],
    ['TN 512³ packed B', 512, 512, 512, 1, 0, true],
    ['NN 512³ packed B', 512, 512, 512, 0, 0, true],
    ['W3 input projection NT', 1600, 1024, 256, 0, 1, false],
    ['W3 recurrent step, packed', 32, 1024, 256, 0, 0, true],
    ['W3 dW TN', 1024, 256, 1600, 1, 0, false],
    ['W2 recurrent step, packed', 64, 512, 128, 0, 0, true],
  ];
  const maxA = 1600 * 1600,
    maxB = 1600 * 1024,
    maxC = 1600 * 1024;
  const a = allocBytes(maxA * 4),
    b = allocBytes(maxB * 4),
    c = allocBytes(maxC * 4);
  const bp = allocBytes(packedBBytes(1600, 1024)),
    work = allocBytes(gemmWorkBytes(1600, 1024, 1600));
  const f = heap.f32();
  for (let i = 0; i < maxA; i++) f[(a >> 2) + i] = Math.random() - 0.5;
  for (let i = 0; i < maxB; i++) f[(b >> 2) + i] = Math.random() - 0.5;
  setNumThreads(N);
  await whenThreadsReady();
  console.log(`\n### sgemm on the worker pool (wasm ${wasmBuild}), median GFLOP/s of ${ROUNDS} alternating rounds\n`);
  console.log(`| shape | M | N | K | 1 thread | ${N} threads | speed-up |`);
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const [name, M, Nn, K, tA, tB, packed] of shapes) {
    const lda = tA ? M : K,
      ldb = tB ? K : Nn;
    if (packed) k.sgemm_pack_b(bp, b, K, Nn, ldb, tB);
    const fn = packed ? () => k.sgemm_packed(c, a, bp, work, M, Nn, K, lda, Nn, tA, 0) : () => k.sgemm(c, a, b, work, M, Nn, K, lda, ldb, Nn, tA, tB, 0);
    const times: Record<number, number[]> = { 1: [], [N]: [] };
    for (let r = 0; r < ROUNDS; r++) {
      for (const t of [1, N]) {
        setNumThreads(t);
        fn();
        let calls = 0;
        const t0 = performance.now();
        do {
          fn();
          calls++;
        } while (performance.now() - t0 < 40);
        times[t].push((performance.now() - t0) / calls / 1e3);
      }
    }
    const med = (x: number[]) => [...x].sort((p, q) => p - q)[x.length >> 1];
    const g1 = (2 * M * Nn * K) / med(times[1]) / 1e9,
      gN = (2 * M * Nn * K) / med(times[N]) / 1e9;
    console.log(`| ${name} | ${M} | ${Nn} | ${K} | ${fmt(g1)} | ${fmt(gN)} | ${fmt(gN / g1, 2)}× |`);
  }
  setNumThreads(initial);
}
