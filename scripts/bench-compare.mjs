// seqgrad (default wasm build) against PyTorch 1.13 on the recurrent workloads W1–W5: for each
// workload runs dist/bench/rnn.bench.js and scripts/bench-pytorch.py one after the other (so
// both see the same machine load) and prints the medians side by side with ratios: seqgrad and
// PyTorch each at 1 thread and at N threads (--threads N, default 2; the worker pool for seqgrad).
// PyTorch runs only if /usr/bin/python3 can import torch. Needs `npm run build` first.
// Usage: node scripts/bench-compare.mjs [--quick] [--threads N] [W1 … W5]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PYTHON = '/usr/bin/python3';
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const threadsAt = args.indexOf('--threads');
const N = threadsAt >= 0 ? Number(args.splice(threadsAt, 2)[1]) : 2;
const all = ['W1', 'W2', 'W3', 'W4', 'W5'];
const ids = args.filter((a) => !a.startsWith('--'));
for (const id of ids) if (!all.includes(id)) throw new Error(`bench-compare: unknown workload '${id}' (expected ${all.join(', ')})`);
const selected = ids.length ? ids : all;

const benchJs = join(root, 'dist/bench/rnn.bench.js');
if (!existsSync(benchJs)) throw new Error('bench-compare: dist/bench/rnn.bench.js is missing; run `npm run build` first');

const probe = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
const torchVersion = probe.status === 0 ? probe.stdout.trim() : null;
if (!torchVersion)
  console.log(`bench-compare: ${PYTHON} cannot import torch (${(probe.stderr || probe.error?.message || '').trim().split('\n').pop()}); showing seqgrad only`);

function runJson(cmd, argv, what) {
  const r = spawnSync(cmd, argv, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`bench-compare: ${what} failed:\n${r.stderr || r.error?.message}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const fmt = (ms) => (ms < 1 ? `${(ms * 1e3).toPrecision(3)} µs` : ms < 100 ? `${ms.toPrecision(3)} ms` : `${ms.toFixed(0)} ms`);
const rows = [];
let build = null;
let kernels = null;
for (const id of selected) {
  const sg = runJson(
    process.execPath,
    ['--experimental-wasm-relaxed-simd', benchJs, '--json', '--no-js', '--no-simd', '--threads', String(N), ...(quick ? ['--quick'] : []), id],
    `rnn.bench ${id}`,
  );
  build = sg.build;
  kernels = sg.kernels;
  const w = sg.results[0];
  const torchAt = (t) =>
    torchVersion
      ? runJson(PYTHON, [join(root, 'scripts/bench-pytorch.py'), '--json', '--threads', String(t), ...(quick ? ['--quick'] : []), id], `bench-pytorch ${id}`)
          .results[0]
      : null;
  const pt = torchAt(1);
  const ptN = N > 1 ? torchAt(N) : null;
  const sgN = w.runs.find((r) => r.backend.includes(' threads'));
  rows.push({
    id,
    title: w.title,
    seqgrad: w.runs[0].timing.medianMs,
    seqgradMin: w.runs[0].timing.minMs,
    seqgradN: sgN?.timing.medianMs ?? null,
    torch: pt?.medianMs ?? null,
    torchMin: pt?.minMs ?? null,
    torchN: ptN?.medianMs ?? null,
    earlier: w.pytorchEarlierMs,
    target: w.targetMs,
  });
  process.stderr.write(
    `${id}: seqgrad ${fmt(rows.at(-1).seqgrad)}${sgN ? ` (${N} threads ${fmt(sgN.timing.medianMs)})` : ''}${pt ? `, PyTorch ${fmt(pt.medianMs)}` : ''}${ptN ? ` (${N} threads ${fmt(ptN.medianMs)})` : ''}\n`,
  );
}

console.log(
  `\n### seqgrad vs PyTorch, median time per step (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}, wasm ${build} kernels ${kernels}` +
    `${torchVersion ? `, PyTorch ${torchVersion} 1 thread` : ''}${quick ? ', --quick' : ''})\n`,
);
console.log('| workload | seqgrad | PyTorch (now) | PyTorch / seqgrad | min: seqgrad, PyTorch | PyTorch (earlier) | target | met |');
console.log('|---|---:|---:|---:|---:|---:|---:|:---:|');
for (const r of rows) {
  const ratio = r.torch === null ? '—' : `${(r.torch / r.seqgrad).toFixed(2)}×`;
  const mins = `${fmt(r.seqgradMin)}, ${r.torchMin === null ? '—' : fmt(r.torchMin)}`;
  console.log(
    `| ${r.id} | ${fmt(r.seqgrad)} | ${r.torch === null ? '—' : fmt(r.torch)} | ${ratio} | ${mins} | ~${fmt(r.earlier)} | ≤ ${fmt(r.target)} | ${r.seqgrad <= r.target ? 'yes' : 'no'} |`,
  );
}
console.log('\nMedians; PyTorch / seqgrad > 1 means seqgrad is faster. The min columns show the fastest single step (least disturbed by other load).');
if (N > 1) {
  const cell = (x) => (x === null ? '—' : fmt(x));
  const ratio = (a, b) => (a === null || b === null ? '—' : `${(a / b).toFixed(2)}×`);
  console.log(`\n### 1 thread vs ${N} threads, median time per step\n`);
  console.log(`| workload | seqgrad 1 | seqgrad ${N} | seqgrad speed-up | PyTorch 1 | PyTorch ${N} | PyTorch speed-up | PyTorch ${N} / seqgrad ${N} |`);
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${r.id} | ${cell(r.seqgrad)} | ${cell(r.seqgradN)} | ${ratio(r.seqgrad, r.seqgradN)} | ${cell(r.torch)} | ${cell(r.torchN)} | ${ratio(r.torch, r.torchN)} | ${ratio(r.torchN, r.seqgradN)} |`,
    );
  }
}
