// Whole-step benchmarks of the recurrent workloads W1–W5 (bench/workloads.ts): the default wasm
// build, the plain-SIMD build (a child process with SEQGRAD_WASM_BUILD=simd) and the naive-JS
// backend; median per-step times, GFLOP/s of the GEMMs, the issue's targets, heap stats. The
// default build and js run in the same process in alternating rounds (timeInterleaved), so
// their ratio is measured side by side; the simd child runs on its own after them. The default
// build runs at 1 thread and at N threads (the worker pool, engine/backend/threads.ts), interleaved too.
// Usage: node --experimental-wasm-relaxed-simd dist/bench/rnn.bench.js [--quick] [--json]
//        [--no-js] [--no-simd] [--threads N | --no-threads] [--profile] [W1 … W5]   (default: all five)
//   --threads N  the thread count of the threaded column (default: getNumThreads(), at least 2)
//   --profile  instead of the table: per-phase medians (zeroGrad / forward / backward / update)
//              and a sampled CPU profile of each workload, self time by category and function.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { Session } from 'node:inspector';
import { fileURLToPath } from 'node:url';
import { getBackend, getNumThreads, memoryStats, setBackend, setNumThreads, threadsAvailable, wasmBuild, whenThreadsReady } from '../engine/index.js';
import { availableBuilds } from '../engine/backend/wasm.js';
import { KERNELS_RELAXED_B64, KERNELS_SIMD_B64 } from '../engine/backend/binaries.gen.js';
import { exportNames } from '../engine/backend/wasm-binary.js';
import { KernelScope } from '../engine/autograd.js';
import { buildWorkload, WORKLOAD_IDS, type Workload, type WorkloadId } from './workloads.js';

const args = process.argv.slice(2);
const flag = (f: string) => args.includes(f);
const quick = flag('--quick');
const child = flag('--child'); // internal: a wasm-only run for the parent, JSON on stdout
const json = flag('--json') || child;
const profile = flag('--profile');
const threadsAt = args.indexOf('--threads');
const nThreads = threadsAt >= 0 ? Number(args.splice(threadsAt, 2)[1]) : Math.max(2, getNumThreads());
const ids = args.filter((a) => !a.startsWith('--')) as WorkloadId[];
for (const id of ids) if (!WORKLOAD_IDS.includes(id)) throw new Error(`rnn.bench: unknown workload '${id}' (expected ${WORKLOAD_IDS.join(', ')})`);
const selected = ids.length ? ids : [...WORKLOAD_IDS];

// time budgets (seconds of timed steps per workload) and step counts
const WASM_SECONDS = quick ? 0.5 : 2;
const WASM_WARMUP = { steps: 5, seconds: quick ? 0.1 : 0.3 };
const JS_SECONDS = quick ? 0.5 : 2;
const JS_WARMUP = { steps: 2, seconds: 0 };
const JS_MIN_STEPS = quick ? 2 : 3;
/** wasm and js alternate in this many rounds (see timeInterleaved) */
const ROUNDS = quick ? 4 : 10;

type Mem = ReturnType<typeof memoryStats>;
interface Timing {
  medianMs: number;
  minMs: number;
  p90Ms: number;
  steps: number;
}
interface Run {
  backend: string;
  timing: Timing;
  mem: { built: Mem; warm: Mem; end: Mem };
}
interface Result {
  id: WorkloadId;
  title: string;
  flops: number;
  targetMs: number;
  pytorchEarlierMs: number;
  runs: Run[];
}

/** Runs at least warm.steps steps and for at least warm.seconds. */
function warmUp(step: () => number, warm: { steps: number; seconds: number }): void {
  const end = performance.now() + warm.seconds * 1e3;
  for (let i = 0; i < warm.steps || performance.now() < end; i++) checkFinite(step());
}

/** Median, min and 90th percentile of per-step times (ms). */
function summarize(times: number[]): Timing {
  const t = [...times].sort((a, b) => a - b);
  return { medianMs: t[t.length >> 1], minMs: t[0], p90Ms: t[Math.floor(t.length * 0.9)], steps: t.length };
}

/** Appends single-step times to `times` for ≥ seconds and ≥ minSteps. */
function timeSteps(step: () => number, seconds: number, minSteps: number, times: number[]): void {
  const end = performance.now() + seconds * 1e3;
  for (let n = 0; n < minSteps || performance.now() < end; n++) {
    const t0 = performance.now();
    const v = step();
    times.push(performance.now() - t0);
    checkFinite(v);
  }
}

function checkFinite(v: number): void {
  if (!Number.isFinite(v)) throw new Error(`rnn.bench: a step returned ${v}`);
}

/** A workload built and warmed up on one backend, collecting step times. */
interface Prepared {
  w: Workload;
  backend: string;
  js: boolean;
  threads: number;
  built: Mem;
  warm: Mem;
  times: number[];
}

function prepare(id: WorkloadId, backend: string, js: boolean, threads = 1): Prepared {
  const active = getBackend();
  setBackend(js ? 'js' : 'wasm');
  setNumThreads(threads);
  try {
    const w = buildWorkload(id);
    const built = memoryStats();
    warmUp(w.step, js ? JS_WARMUP : WASM_WARMUP);
    return { w, backend, js, threads, built, warm: memoryStats(), times: [] };
  } finally {
    setBackend(active);
  }
}

/**
 * Times the prepared backends side by side: ROUNDS rounds, each giving every backend its share
 * of its time budget in turn, so a slow spell of the (shared, noisy) machine hits both and the
 * js/wasm ratio compares medians taken over the same minutes.
 */
function timeInterleaved(ps: Prepared[]): Run[] {
  const active = getBackend();
  // heap growth is judged from here (every backend built and warm: the stats are process-wide)
  const warm = memoryStats();
  for (const p of ps) p.warm = warm;
  const ends: Mem[] = ps.map(() => warm);
  try {
    for (let r = 0; r < ROUNDS; r++) {
      ps.forEach((p, i) => {
        setBackend(p.js ? 'js' : 'wasm');
        setNumThreads(p.threads);
        timeSteps(p.w.step, (p.js ? JS_SECONDS : WASM_SECONDS) / ROUNDS, Math.ceil((p.js ? JS_MIN_STEPS : 20) / ROUNDS), p.times);
        ends[i] = memoryStats();
      });
    }
  } finally {
    setBackend(active);
  }
  return ps.map((p, i) => ({ backend: p.backend, timing: summarize(p.times), mem: { built: p.built, warm: p.warm, end: ends[i] } }));
}

/** The same workload on the plain-SIMD wasm build, in a child process (the build is picked at load). */
function runSimdChild(id: WorkloadId): Run | null {
  if (!availableBuilds.includes('simd') || wasmBuild === 'simd') return null;
  const r = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', fileURLToPath(import.meta.url), '--child', ...(quick ? ['--quick'] : []), id], {
    encoding: 'utf8',
    env: { ...process.env, SEQGRAD_WASM_BUILD: 'simd', SEQGRAD_NUM_THREADS: '1' },
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`rnn.bench: simd child failed for ${id}:\n${r.stderr}`);
  const res = JSON.parse(r.stdout) as { results: Result[] };
  return res.results[0].runs[0];
}

function fmtTime(ms: number): string {
  if (ms < 1) return `${(ms * 1e3).toPrecision(3)} µs`;
  if (ms < 100) return `${ms.toPrecision(3)} ms`;
  return `${ms.toFixed(0)} ms`;
}
const kib = (b: number) => `${(b / 1024).toFixed(0)} KiB`;

// ---------------------------------------------------------------------------------------------
// --profile: phase timers and a sampled CPU profile

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  hitCount?: number;
  children?: number[];
}

function post<T>(s: Session, method: string, params: object = {}): Promise<T> {
  return new Promise((resolve, reject) => s.post(method, params, (err, res) => (err ? reject(err) : resolve(res as T))));
}

/** A short hash of the loaded kernels binary: the kernels change under the benchmarks' feet. */
const kernelsId = createHash('sha1')
  .update(wasmBuild === 'simd' ? KERNELS_SIMD_B64 : KERNELS_RELAXED_B64)
  .digest('hex')
  .slice(0, 8);
const wasmNames = exportNames(new Uint8Array(Buffer.from(wasmBuild === 'simd' ? KERNELS_SIMD_B64 : KERNELS_RELAXED_B64, 'base64')));

/** Where a profile frame's self time goes. */
function category(fn: string, url: string): string {
  if (url.startsWith('wasm://') || (/^\$?[a-z0-9_]+$/.test(fn) && url === '')) return 'wasm kernels';
  if (fn === '(garbage collector)') return 'GC';
  if (fn === '(program)' || fn === '(idle)' || fn === '(root)') return 'VM / idle';
  if (/autograd\.js$/.test(url) && ['array', 'read', 'ints', 'zeros', 'in', 'close', 'gradOf'].includes(fn)) return 'KernelScope copies (JS↔wasm)';
  if (/memory\.js$/.test(url)) return 'scratch arena / allocator';
  if (/engine\/backend\/js/.test(url)) return 'js kernels';
  if (/engine\//.test(url)) return 'engine JS (ops, graph, shapes)';
  if (/bench\//.test(url)) return 'bench harness';
  return 'other JS / builtins';
}

/**
 * Counts kernel scopes and the floats KernelScope copies between JS arrays and the wasm heap, by
 * wrapping its methods for `steps` steps (then restoring them).
 */
function countCopies(step: () => number, steps: number): string {
  const proto = KernelScope.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  const c = { scopes: 0, inArrays: 0, inFloats: 0, outReads: 0, outFloats: 0, zeroFloats: 0 };
  const orig = { array: proto.array, ints: proto.ints, read: proto.read, zeros: proto.zeros, close: proto.close };
  proto.array = function (this: unknown, a: unknown) {
    c.inArrays++;
    c.inFloats += (a as Float32Array).length;
    return orig.array.call(this, a);
  };
  proto.ints = function (this: unknown, a: unknown) {
    c.inArrays++;
    c.inFloats += (a as ArrayLike<number>).length;
    return orig.ints.call(this, a);
  };
  proto.read = function (this: unknown, p: unknown, n: unknown) {
    c.outReads++;
    c.outFloats += n as number;
    return orig.read.call(this, p, n);
  };
  proto.zeros = function (this: unknown, n: unknown) {
    c.zeroFloats += n as number;
    return orig.zeros.call(this, n);
  };
  proto.close = function (this: unknown) {
    c.scopes++;
    return orig.close.call(this);
  };
  try {
    for (let i = 0; i < steps; i++) step();
  } finally {
    Object.assign(proto, orig);
  }
  const per = (x: number) => Math.round(x / steps);
  return (
    `per step: ${per(c.scopes)} kernel scopes; JS→wasm ${per(c.inArrays)} copies, ${((per(c.inFloats) * 4) / 1024).toFixed(0)} KiB; ` +
    `wasm→JS ${per(c.outReads)} copies, ${((per(c.outFloats) * 4) / 1024).toFixed(0)} KiB; zero-filled scratch ${((per(c.zeroFloats) * 4) / 1024).toFixed(0)} KiB`
  );
}

async function profileWorkload(id: WorkloadId): Promise<void> {
  const w = buildWorkload(id);
  for (let i = 0; i < 20; i++) w.step();
  // phase medians
  const ph = { zeroGrad: [] as number[], forward: [] as number[], backward: [] as number[], update: [] as number[], total: [] as number[] };
  const end = performance.now() + WASM_SECONDS * 1e3;
  while (ph.total.length < 20 || performance.now() < end) {
    const t0 = performance.now();
    w.phases.zeroGrad();
    const t1 = performance.now();
    const loss = w.phases.forward();
    const t2 = performance.now();
    w.phases.backward(loss);
    const t3 = performance.now();
    w.phases.update();
    const t4 = performance.now();
    ph.zeroGrad.push(t1 - t0);
    ph.forward.push(t2 - t1);
    ph.backward.push(t3 - t2);
    ph.update.push(t4 - t3);
    ph.total.push(t4 - t0);
  }
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
  console.log(`\n### ${id} (${getBackend()}${getBackend() === 'wasm' ? ' ' + wasmBuild : ''}): ${w.title}\n`);
  console.log(
    `phase medians over ${ph.total.length} steps: ` +
      (['zeroGrad', 'forward', 'backward', 'update', 'total'] as const).map((k) => `${k} ${fmtTime(med(ph[k]))}`).join(', '),
  );
  console.log(countCopies(w.step, 10));
  // sampled profile
  const s = new Session();
  s.connect();
  await post(s, 'Profiler.enable');
  await post(s, 'Profiler.setSamplingInterval', { interval: 50 });
  await post(s, 'Profiler.start');
  let n = 0;
  const pend = performance.now() + WASM_SECONDS * 1e3;
  while (performance.now() < pend) {
    w.step();
    n++;
  }
  const { profile: prof } = await post<{ profile: { nodes: ProfileNode[]; samples: number[] } }>(s, 'Profiler.stop');
  s.disconnect();
  const hits = new Map<number, number>();
  for (const id2 of prof.samples) hits.set(id2, (hits.get(id2) ?? 0) + 1);
  const parent = new Map<number, ProfileNode>();
  for (const node of prof.nodes) for (const c of node.children ?? []) parent.set(c, node);
  const wasmIndex = (node: ProfileNode) => {
    const m = /^(?:\$|wasm-function\[)(\d+)\]?$/.exec(node.callFrame.functionName);
    return m ? Number(m[1]) : -1;
  };
  /** An exported kernel by name; an internal wasm function by the exported kernel that called it. */
  const wasmLabel = (node: ProfileNode): string | null => {
    const i = wasmIndex(node);
    if (i < 0) return null;
    if (wasmNames.has(i)) return `wasm ${wasmNames.get(i)}`;
    for (let u = parent.get(node.id); u; u = parent.get(u.id)) {
      const j = wasmIndex(u);
      if (j >= 0 && wasmNames.has(j)) return `wasm ${wasmNames.get(j)} › internal ${i}`;
    }
    return `wasm internal ${i}`;
  };
  const byCat = new Map<string, number>();
  const byFn = new Map<string, number>();
  let total = 0;
  for (const node of prof.nodes) {
    const h = hits.get(node.id) ?? 0;
    if (!h) continue;
    const { functionName, url } = node.callFrame;
    const cat = category(functionName, url);
    if (cat === 'VM / idle' && functionName === '(idle)') continue;
    total += h;
    byCat.set(cat, (byCat.get(cat) ?? 0) + h);
    const key = wasmLabel(node) ?? `${functionName || '(anonymous)'} ${url ? url.replace(/^.*\/(dist\/)?/, '') : ''}`.trim();
    byFn.set(key, (byFn.get(key) ?? 0) + h);
  }
  const pct = (h: number) => `${((100 * h) / total).toFixed(1)}%`;
  console.log(`\nCPU profile over ${n} steps (${total} samples, self time):\n`);
  console.log('| category | share |\n|---|---:|');
  for (const [c, h] of [...byCat].sort((a, b) => b[1] - a[1])) console.log(`| ${c} | ${pct(h)} |`);
  console.log('\n| function | share |\n|---|---:|');
  for (const [f, h] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`| ${f} | ${pct(h)} |`);
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  if (profile) {
    if (flag('--js')) setBackend('js');
    for (const id of selected) await profileWorkload(id);
    return;
  }
  const results: Result[] = [];
  const gc = (globalThis as { gc?: () => void }).gc;
  const mainJs = getBackend() === 'js';
  for (const id of selected) {
    if (gc) {
      // with --expose-gc: collect the previous workload, then yield so the FinalizationRegistry frees its blocks
      gc();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const ps = [prepare(id, mainJs ? 'js' : `wasm ${wasmBuild}`, mainJs)];
    const threaded = !child && !mainJs && threadsAvailable && !flag('--no-threads') && nThreads > 1;
    if (threaded) {
      ps.push(prepare(id, `wasm ${wasmBuild} ×${nThreads} threads`, false, nThreads));
      await whenThreadsReady();
    }
    if (!child && !flag('--no-js') && !mainJs) ps.push(prepare(id, 'js', true));
    const timed = timeInterleaved(ps);
    const runs: Run[] = [timed[0]];
    if (!child && !flag('--no-simd')) {
      const simd = runSimdChild(id);
      if (simd) runs.push(simd);
    }
    runs.push(...timed.slice(1));
    const w = ps[0].w;
    results.push({ id, title: w.title, flops: w.flops, targetMs: w.targetMs, pytorchEarlierMs: w.pytorchEarlierMs, runs });
    if (!json) process.stderr.write(`${id}: ${runs.map((r) => `${r.backend} ${fmtTime(r.timing.medianMs)}`).join(', ')}\n`);
  }
  if (json) {
    console.log(JSON.stringify({ node: process.version, build: wasmBuild, kernels: kernelsId, quick, results }));
    return;
  }
  const backends = [...new Set(results.flatMap((r) => r.runs.map((x) => x.backend)))];
  const first = backends[0];
  console.log(
    `\n### Recurrent workloads: median time per step (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}, ` +
      `wasm ${wasmBuild} kernels ${kernelsId}${quick ? ', --quick' : ''})\n`,
  );
  const multi = backends.find((b) => b.includes(' threads'));
  console.log(`| workload | ${backends.join(' | ')} | js/wasm |${multi ? ' 1 thread / N threads |' : ''} GFLOP/s (${first}) | target | met |`);
  console.log(`|---|${backends.map(() => '---:').join('|')}|---:|${multi ? '---:|' : ''}---:|---:|:---:|`);
  for (const r of results) {
    const by = new Map(r.runs.map((x) => [x.backend, x.timing]));
    const t0 = by.get(first)!.medianMs;
    const js = by.get('js');
    const ratio = js && first !== 'js' ? `${(js.medianMs / t0).toFixed(1)}×` : '—';
    const gf = (r.flops / (t0 / 1e3) / 1e9).toFixed(2);
    const speedup = multi ? ` ${by.has(multi) ? `${(t0 / by.get(multi)!.medianMs).toFixed(2)}×` : '—'} |` : '';
    console.log(
      `| ${r.id} | ${backends.map((b) => (by.has(b) ? fmtTime(by.get(b)!.medianMs) : '—')).join(' | ')} | ${ratio} |${speedup} ${gf} | ≤ ${fmtTime(r.targetMs)} | ${t0 <= r.targetMs ? 'yes' : 'no'} |`,
    );
  }
  console.log('\nWorkloads:');
  for (const r of results)
    console.log(`- ${r.id}: ${r.title}; ${(r.flops / 1e6).toFixed(1)} MFLOP of GEMMs per step; PyTorch 1.13 measured earlier: ${fmtTime(r.pytorchEarlierMs)}`);
  console.log('\n### Steps timed and wasm heap (memoryStats) after building, after warm-up of every backend, after the timed steps\n');
  console.log('| workload | backend | steps | min | p90 | liveBytes built → warm → end | liveBlocks warm → end | heapTop warm → end | growth |');
  console.log('|---|---|---:|---:|---:|---|---|---|---|');
  for (const r of results) {
    for (const x of r.runs) {
      const { built, warm, end } = x.mem;
      const grew = end.liveBytes > warm.liveBytes || end.heapTop > warm.heapTop || end.wasmBytes > warm.wasmBytes;
      console.log(
        `| ${r.id} | ${x.backend} | ${x.timing.steps} | ${fmtTime(x.timing.minMs)} | ${fmtTime(x.timing.p90Ms)} | ${kib(built.liveBytes)} → ${kib(warm.liveBytes)} → ${kib(end.liveBytes)} | ${warm.liveBlocks} → ${end.liveBlocks} | ${kib(warm.heapTop)} → ${kib(end.heapTop)} | ${grew ? 'GREW' : 'none'} |`,
      );
    }
  }
  console.log('\n(liveBytes are process-wide: they include the workloads built before this one.)');
}

await main();
