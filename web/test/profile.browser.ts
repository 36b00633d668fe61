// Where a W1–W5 step's time goes in Chromium and in Node: the V8 CPU profiler on the timed phase of
// web/bench.ts in both (the page's worker through the DevTools protocol, this process through
// node:inspector), summed by function as self time per step.
//   npm run web && node --experimental-wasm-relaxed-simd dist/web/test/profile.browser.js W1 [--seconds 4] [--top 25]
// Writes both .cpuprofile files (DevTools → Performance → load) to out/bench/. Wasm functions are
// named by the export table where they are exports; internal ones keep V8's wasm-function[index]
// (the GEMM micro-kernel kernel4x8 under sgemm and sgemm_packed is one: bench/rnn.bench.ts --profile
// names internals by the export that calls them).
// NOTE: the profiler samples wall-clock ticks, so on a loaded machine the ms/step include the waits
// for a core; compare the shares then (bench.browser.ts's CPU-time column is the steadier figure).
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORKLOAD_IDS, type WorkloadId } from '../../bench/workloads.js';
import { KERNELS_RELAXED_B64 } from '../../engine/backend/binaries.gen.js';
import { exportNames } from '../../engine/backend/wasm-binary.js';
import { timeWarm, warmWorkload, type BenchOptions, type StepTiming } from '../bench.js';
import { BENCH_ARGS, startSession } from './browser.js';

interface Profile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

const argv = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const id = (WORKLOAD_IDS.find((w) => argv.includes(w)) ?? 'W1') as WorkloadId;
const opts: BenchOptions = { seconds: opt('seconds', 4), warmupSeconds: 1, sampleMs: 5 };
const TOP = opt('top', 25);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const wasmNames = exportNames(Buffer.from(KERNELS_RELAXED_B64, 'base64'));

function summarize(label: string, profile: Profile, steps: number): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const { functionName: fn, url, lineNumber } = byId.get(profile.samples[i])!.callFrame;
    const w = /^(?:\$|wasm-function\[(\d+)\])/.exec(fn);
    const key =
      w || url.startsWith('wasm://')
        ? `wasm ${fn}${w?.[1] && wasmNames.has(+w[1]) ? ` (${wasmNames.get(+w[1])})` : ''}`
        : fn.startsWith('(')
          ? fn
          : `${fn || '(anonymous)'} ${url.replace(/.*\//, '')}:${lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  }
  const idle = self.get('(idle)') ?? 0;
  self.delete('(idle)');
  const busy = [...self.values()].reduce((a, b) => a + b, 0);
  const part = (f: (k: string) => boolean) => [...self].filter(([k]) => f(k)).reduce((a, [, v]) => a + v, 0);
  const perStep = (us: number) => (us / 1e3 / steps).toFixed(3);
  const wasm = part((k) => k.startsWith('wasm ')),
    gc = part((k) => k === '(garbage collector)');
  console.log(
    `\n${label}: ${steps} steps, ${perStep(busy)} ms/step sampled (idle ${perStep(idle)}): wasm ${perStep(wasm)}, ` +
      `GC ${perStep(gc)}, JS and the rest ${perStep(busy - wasm - gc)} ms/step\n`,
  );
  console.log('| self ms/step | share | function |');
  console.log('|---:|---:|---|');
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`| ${perStep(v)} | ${((100 * v) / busy).toFixed(1)} % | ${k} |`);
}

// Node: this process, profiled around the timed phase only
const nodeWarm = warmWorkload(id, opts);
const inspector = new Session();
inspector.connect();
await inspector.post('Profiler.enable');
await inspector.post('Profiler.setSamplingInterval', { interval: 100 });
await inspector.post('Profiler.start');
const nodeTiming = timeWarm(nodeWarm, opts);
const { profile: nodeProfile } = (await inspector.post('Profiler.stop')) as unknown as { profile: Profile };
inspector.disconnect();

// Chromium: the page's bench worker, attached through the page's DevTools session (non-flat target messages)
const session = await startSession(join(ROOT, 'web-dist'), BENCH_ARGS);
const page = await session.open();
const cdp = await session.context.newCDPSession(page);
let worker = '';
let nextId = 1;
const pending = new Map<number, (m: { result: unknown }) => void>();
cdp.on('Target.attachedToTarget', (e) => {
  if (e.targetInfo.type === 'worker') worker = e.sessionId;
});
cdp.on('Target.receivedMessageFromTarget', (e) => {
  const m = JSON.parse(e.message);
  pending.get(m.id)?.(m);
  pending.delete(m.id);
});
const inWorker = (method: string, params = {}) =>
  new Promise<{ result: unknown }>((ok) => {
    const n = nextId++;
    pending.set(n, ok);
    void cdp.send('Target.sendMessageToTarget', { sessionId: worker, message: JSON.stringify({ id: n, method, params }) });
  });
await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
await page.evaluate(
  () =>
    new Promise<void>((ok) => {
      const w = new Worker('worker.js', { type: 'module' });
      (window as any).benchWorker = w;
      w.onmessage = (e) => {
        if (e.data.type === 'ready') ok();
      };
    }),
);
const bench = <T>(phase: 'warm' | 'time') =>
  page.evaluate(
    ({ id, opts, phase }) =>
      new Promise<T>((ok) => {
        const w: Worker = (window as any).benchWorker;
        w.onmessage = (e) => {
          if (e.data.type === 'bench-result' || e.data.type === 'bench-warm') ok(e.data);
        };
        w.postMessage({ type: 'bench', id, opts, phase });
      }),
    { id, opts, phase },
  );
await bench('warm');
await inWorker('Profiler.enable');
await inWorker('Profiler.setSamplingInterval', { interval: 100 });
await inWorker('Profiler.start');
const webTiming = await bench<StepTiming>('time');
const { profile: webProfile } = (await inWorker('Profiler.stop')).result as { profile: Profile };
await session.close();

const out = join(ROOT, 'out', 'bench');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, `${id}-node.cpuprofile`), JSON.stringify(nodeProfile));
writeFileSync(join(out, `${id}-chromium.cpuprofile`), JSON.stringify(webProfile));
console.log(`${id}: median step Node ${nodeTiming.medianMs.toFixed(3)} ms, Chromium ${webTiming.medianMs.toFixed(3)} ms (profiles in ${out})`);
summarize('Node', nodeProfile, nodeTiming.steps);
summarize('Chromium', webProfile, webTiming.steps);
