// npm run bench:browser: the W1–W5 training steps (bench/workloads.ts) timed in the playground's
// worker in headless Chromium and in this Node process, alternating per workload, with the ratio.
//   npm run bench:browser [-- --seconds S] [--rounds R]
// Each round times S seconds of steps on each side; the table shows the median step of the best round
// of R and the fastest single step, since on a shared machine the rest measures the neighbours' load too.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wasmBuild } from '../../engine/index.js';
import { WORKLOAD_IDS } from '../../bench/workloads.js';
import { timeWorkload } from '../bench.js';
import { startSession } from './browser.js';

const argv = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const SECONDS = opt('seconds', 1);
const ROUNDS = opt('rounds', 5);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const session = await startSession(join(ROOT, 'web-dist'));
const page = await session.open();
const pageBuild = await page.evaluate(() => (window as any).playground.build);
/** One workload timed in a fresh worker of the page. */
const inPage = (id: string) =>
  page.evaluate(
    ({ id, seconds }) =>
      new Promise<{ medianMs: number; minMs: number; steps: number }>((ok, fail) => {
        const w = new Worker('worker.js', { type: 'module' });
        w.onmessage = (e) => {
          if (e.data.type === 'ready') w.postMessage({ type: 'bench', id, seconds });
          else if (e.data.type === 'bench-result') {
            w.terminate();
            ok(e.data);
          } else if (e.data.type === 'done' && e.data.error) {
            w.terminate();
            fail(new Error(e.data.error));
          }
        };
      }),
    { id, seconds: SECONDS },
  );

console.log(
  `W1–W5 step time: the median step of a ${SECONDS} s round, best of ${ROUNDS} rounds (Node ${process.version}, wasm build ${wasmBuild}; Chromium: ${pageBuild})\n`,
);
console.log('| workload | Chromium ms/step | Node ms/step | Chromium / Node | fastest step: Chromium | Node | ratio |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
let worst = 0;
for (const id of WORKLOAD_IDS) {
  const node: number[] = [],
    web: number[] = [],
    nodeMin: number[] = [],
    webMin: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const tn = timeWorkload(id, SECONDS),
      tb = await inPage(id);
    node.push(tn.medianMs);
    nodeMin.push(tn.minMs);
    web.push(tb.medianMs);
    webMin.push(tb.minMs);
  }
  const n = Math.min(...node),
    b = Math.min(...web),
    nf = Math.min(...nodeMin),
    bf = Math.min(...webMin);
  worst = Math.max(worst, b / n);
  const fmt = (ms: number) => (ms < 1 ? ms.toFixed(3) : ms.toFixed(2));
  console.log(`| ${id} | ${fmt(b)} | ${fmt(n)} | ${(b / n).toFixed(2)}× | ${fmt(bf)} | ${fmt(nf)} | ${(bf / nf).toFixed(2)}× |`);
}
console.log(`\nworst ratio of the medians ${worst.toFixed(2)}× (goal: within 1.2×)`);
await session.close();
