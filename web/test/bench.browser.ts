// npm run bench:browser: the W1–W5 training steps (bench/workloads.ts) timed in the playground's
// worker in headless Chromium and in this Node process, interleaved, with the ratio.
//   npm run bench:browser [-- --rounds R] [--seconds S] [--warmup W] [--sample-ms M] [--fresh-worker]
//                         [--chromium-arg ARG]… [--dir WEB_DIST] [W1 W3 …]
// A round times every workload once on each side (Node first in odd rounds, Chromium first in even
// ones): a fresh build of the workload, W s of warm-up, then S s of samples of k steps each. The
// table gives the median over the rounds of each side's median step, and the median of the
// per-round ratios (both sides of a round ran within seconds of each other, so a slow spell of
// the shared machine falls on both), and the CPU time per step of the threads that ran the steps
// (what the step costs without the waits for a core that a loaded machine adds to wall time). One worker serves every round, as this one Node process does
// (--fresh-worker: a new worker per sample, whose wasm starts in Liftoff again).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wasmBuild } from '../../engine/index.js';
import { WORKLOAD_IDS, type WorkloadId } from '../../bench/workloads.js';
import { timeWarm, warmWorkload, type BenchOptions, type StepTiming } from '../bench.js';
import { BENCH_ARGS, CHROMIUM, startSession } from './browser.js';

const argv = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const chromiumArgs = argv.flatMap((a, i) => (argv[i - 1] === '--chromium-arg' ? [a] : []));
const ROUNDS = opt('rounds', 5);
const opts: BenchOptions = { seconds: opt('seconds', 1), warmupSeconds: opt('warmup', 1), sampleMs: opt('sample-ms', 5) };
const FRESH = argv.includes('--fresh-worker');
const ids = WORKLOAD_IDS.filter((id) => argv.includes(id));
const IDS = ids.length ? ids : WORKLOAD_IDS;
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const dirAt = argv.indexOf('--dir'); // another built playground (default: web-dist of this checkout)
const session = await startSession(dirAt >= 0 ? resolve(argv[dirAt + 1]) : join(ROOT, 'web-dist'), [...BENCH_ARGS, ...chromiumArgs]);
const page = await session.open();
const env = await page.evaluate(() => {
  // the timer's step: the smallest non-zero difference of consecutive performance.now() readings
  let step = Infinity;
  for (let i = 0, last = performance.now(); i < 200; ) {
    const t = performance.now();
    if (t !== last) {
      step = Math.min(step, t - last);
      last = t;
      i++;
    }
  }
  return {
    build: (window as any).playground.build as string,
    isolated: crossOriginIsolated,
    visibility: document.visibilityState,
    timerUs: step * 1e3,
    ua: navigator.userAgent,
  };
});

/** Starts the page's bench worker (one for the whole run unless --fresh-worker). */
const startWorker = () =>
  page.evaluate(
    () =>
      new Promise<void>((ok, fail) => {
        const w = new Worker('worker.js', { type: 'module' });
        (window as any).benchWorker = w;
        w.onmessage = (e) => (e.data.type === 'ready' ? ok() : fail(new Error(`bench worker: ${JSON.stringify(e.data)}`)));
      }),
  );
/** One phase of the bench in the page's worker: 'warm' (build + warm-up) or 'time' (the samples). */
const inWorker = <T>(id: WorkloadId, phase: 'warm' | 'time') =>
  page.evaluate(
    ({ id, opts, phase }) =>
      new Promise<T>((ok, fail) => {
        const w: Worker = (window as any).benchWorker;
        w.onmessage = (e) => {
          if (e.data.type === 'bench-result' || e.data.type === 'bench-warm') ok(e.data);
          else if (e.data.type === 'done' && e.data.error) fail(new Error(e.data.error));
        };
        w.postMessage({ type: 'bench', id, opts, phase });
      }),
    { id, opts, phase },
  );

// CPU time of the threads that run the steps (Linux /proc/…/schedstat, ns): the machine is shared,
// and a step's wall time includes the time its threads waited for a core, which CPU time does not.
// Both sides count the thread pool's workers with the thread that steps (they spin between jobs):
// Node every thread of this process (its V8 helpers too); Chromium the DedicatedWorker threads of
// the renderers this process started (the bench worker and the pool's workers; an idle one adds nothing).
const schedNs = (path: string) => {
  try {
    return Number(readFileSync(path, 'utf8').split(' ')[0]);
  } catch {
    return NaN;
  }
};
const nodeCpuMs = () => readdirSync('/proc/self/task').reduce((ms, tid) => ms + (schedNs(`/proc/self/task/${tid}/schedstat`) || 0) / 1e6, 0);
/** The parent pid of a process (NaN when it is gone). */
const ppid = (pid: number) => {
  try {
    return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
  } catch {
    return NaN;
  }
};
/** Whether pid descends from this process: other sessions' Chromium on the same machine has its own DedicatedWorker threads. */
const ours = (pid: number) => {
  for (let p = pid, i = 0; p > 1 && i < 32; p = ppid(p), i++) if (p === process.pid) return true;
  return false;
};
let workerStats: string[] | null = null;
function workerThreads(): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let cmd = '';
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (!cmd.includes('--type=renderer') || !ours(Number(pid))) continue;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        if (readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').startsWith('DedicatedWorker')) out.push(`/proc/${pid}/task/${tid}/schedstat`);
      } catch {
        /* gone */
      }
    }
  }
  return out;
}
// (the threads are looked up once, and again with --fresh-worker, whose every sample has a new one)
const webCpuMs = () => ((FRESH ? null : workerStats) ?? (workerStats = workerThreads())).reduce((sum, p) => sum + schedNs(p), 0) / 1e6;

interface Sample extends StepTiming {
  cpuMs: number;
}
function inNode(id: WorkloadId): Sample {
  const warm = warmWorkload(id, opts);
  const c0 = nodeCpuMs();
  const t = timeWarm(warm, opts);
  return { ...t, cpuMs: (nodeCpuMs() - c0) / t.steps };
}
async function inPage(id: WorkloadId): Promise<Sample> {
  if (FRESH) await startWorker();
  await inWorker(id, 'warm');
  const c0 = webCpuMs();
  const t = await inWorker<StepTiming>(id, 'time');
  const cpu = (webCpuMs() - c0) / t.steps;
  if (FRESH) await page.evaluate(() => (window as any).benchWorker.terminate());
  return { ...t, cpuMs: cpu };
}
if (!FRESH) await startWorker();

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const runs = new Map<WorkloadId, { node: Sample[]; web: Sample[] }>(IDS.map((id) => [id, { node: [], web: [] }]));
for (let r = 0; r < ROUNDS; r++) {
  for (const id of IDS) {
    const run = runs.get(id)!;
    if (r % 2 === 0) {
      run.node.push(inNode(id));
      run.web.push(await inPage(id));
    } else {
      run.web.push(await inPage(id));
      run.node.push(inNode(id));
    }
  }
  process.stderr.write(`round ${r + 1}/${ROUNDS} done\n`);
}

const chromium = execFileSync(CHROMIUM, ['--version']).toString().trim();
console.log(
  `W1–W5 step time, median of ${ROUNDS} interleaved rounds (each: ${opts.warmupSeconds} s warm-up, ${opts.seconds} s of samples of ≥ ${opts.sampleMs} ms)`,
);
console.log(
  `Node ${process.version} wasm ${wasmBuild} | ${chromium}: wasm ${env.build}, crossOriginIsolated ${env.isolated}, timer step ${env.timerUs.toFixed(1)} µs, page ${env.visibility}, ${FRESH ? 'fresh worker per sample' : 'one worker'}${chromiumArgs.length ? `, extra flags ${chromiumArgs.join(' ')}` : ''}\n`,
);
console.log(
  '| workload | Chromium ms/step | Node ms/step | Chromium / Node | median of round ratios (min–max) | CPU ms/step: Chromium | Node | CPU ratio | steps/sample (C, N) |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
let worst = 0;
const fmt = (ms: number) => (ms < 1 ? ms.toFixed(4) : ms.toFixed(2));
for (const id of IDS) {
  const { node, web } = runs.get(id)!;
  const n = median(node.map((t) => t.medianMs)),
    b = median(web.map((t) => t.medianMs));
  const ratios = web.map((t, i) => t.medianMs / node[i].medianMs);
  const cn = median(node.map((t) => t.cpuMs)),
    cb = median(web.map((t) => t.cpuMs));
  worst = Math.max(worst, b / n);
  console.log(
    `| ${id} | ${fmt(b)} | ${fmt(n)} | ${(b / n).toFixed(2)}× | ${median(ratios).toFixed(2)}× (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}) | ` +
      `${fmt(cb)} | ${fmt(cn)} | ${(cb / cn).toFixed(2)}× | ${web[0].stepsPerSample}, ${node[0].stepsPerSample} |`,
  );
}
console.log(`\nworst ratio of the medians ${worst.toFixed(2)}× (goal: within 1.2×)`);
await session.close();
