// The npm package as a consumer gets it: `npm pack` ships only what is loaded (no build/*.wasm, no
// base64 or corpus as .d.ts literal types) plus LICENSE, and the unpacked tarball works from
// CommonJS (`require('seqgrad')`, the "require" export: dist/cjs/index.cjs) and from ESM.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const test = suite('package');

const dir = mkdtempSync(join(tmpdir(), 'seqgrad-pack-'));
// --ignore-scripts: npm test has just built dist/ (pretest); prepack would build it again
const packed = JSON.parse(
  execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
) as { filename: string; files: { path: string; size: number }[] }[];
const files = packed[0].files.map((f) => f.path);
const pkg = join(dir, 'node_modules', 'seqgrad');
mkdirSync(pkg, { recursive: true });
execFileSync('tar', ['-xzf', join(dir, packed[0].filename), '-C', pkg, '--strip-components=1']);

test('the tarball ships LICENSE and the CJS entry, and no unused or literal-typed files', () => {
  assert.ok(files.includes('LICENSE'), 'LICENSE');
  assert.match(readFileSync(join(pkg, 'LICENSE'), 'utf8'), /^MIT License/);
  assert.ok(files.includes('dist/cjs/index.cjs'), 'dist/cjs/index.cjs');
  assert.equal(
    files.filter((f) => f.startsWith('build/')),
    [],
    'no build/ files (the binaries are embedded)',
  );
  assert.equal(
    files.filter((f) => /^dist\/(tests|bench|web)\//.test(f)),
    [],
    'no tests, benchmarks or web page',
  );
  for (const f of ['dist/engine/backend/binaries.gen.d.ts', 'dist/engine/seq2seq/corpus-de-en.gen.d.ts']) {
    const d = readFileSync(join(pkg, f), 'utf8');
    assert.ok(d.length < 200, `${f} declares types only (${d.length} characters)`);
    assert.not.match(d, /= "/, `${f} has no literal type`);
  }
});

const TRAIN = `
  const { nn, optim, tensor, manualSeed, memoryStats, wasmBuild } = sg;
  const wasmBytesAtLoad = memoryStats().wasmBytes;
  manualSeed(0);
  const lstm = new nn.LSTM({ inputSize: 3, hiddenSize: 4 });
  const opt = new optim.Adam(lstm.parameters(), { lr: 0.01 });
  const x = tensor(Array.from({ length: 5 * 2 * 3 }, (_, i) => Math.sin(i)), [5, 2, 3]);
  let first = 0, last = 0;
  for (let i = 0; i < 20; i++) {
    opt.zeroGrad();
    const [out] = lstm.forward(x);
    const loss = out.pow(2).mean();
    loss.backward();
    opt.step();
    if (i === 0) first = loss.item();
    last = loss.item();
  }
  console.log(JSON.stringify({ first, last, wasmBuild, wasmBytesAtLoad }));
`;

type Trained = { first: number; last: number; wasmBuild: string | null; wasmBytesAtLoad: number };

/** Runs `code` as dir/file in a new node; returns its last stdout line parsed as JSON, and its stderr. */
function run<T = Trained>(file: string, code: string): { out: T; stderr: string } {
  writeFileSync(join(dir, file), code);
  const child = spawnSync(process.execPath, [join(dir, file)], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  assert.is(child.status, 0, `node ${file} failed: ${child.stderr}`);
  return { out: JSON.parse(child.stdout.trim().split('\n').pop()!) as T, stderr: child.stderr };
}
test(`require('seqgrad') from a .cjs file (Node ${process.versions.node}) trains an LSTM on the wasm kernels`, () => {
  const r = run('consumer.cjs', `const sg = require('seqgrad');\n${TRAIN}`).out;
  assert.is(r.wasmBuild, 'simd', 'the wasm kernels loaded synchronously (simd: no relaxed-SIMD flag here)');
  assert.ok(Number.isFinite(r.first) && r.last < 0.5 * r.first, `loss falls: ${r.first} → ${r.last}`);
  assert.ok(r.wasmBytesAtLoad <= 1 << 20, `wasm memory at import is at most 1 MiB (${r.wasmBytesAtLoad} bytes)`);
});

test('import from an .mjs file gets the same engine and the same numbers', () => {
  const cjs = run('consumer2.cjs', `const sg = require('seqgrad');\n${TRAIN}`).out;
  const esm = run('consumer.mjs', `import * as sg from 'seqgrad';\n${TRAIN}`).out;
  assert.equal(esm, cjs);
});

// The pool's workers load dist/engine/backend/pool-worker.js: found from import.meta.url in the ESM
// build and from __filename in the CJS bundle (where import.meta is empty). A worker that cannot load
// it says so on stderr and the caller does its share: the stderr check is what catches a wrong path.
const THREADED = `
  (async () => {
    sg.setNumThreads(2);
    await sg.whenThreadsReady();
    sg.manualSeed(0);
    const a = sg.randn([256, 256]), b = sg.randn([256, 256]);
    const two = Array.from(a.matmul(b).data);
    sg.setNumThreads(1);
    const one = Array.from(a.matmul(b).data);
    console.log(JSON.stringify({ available: sg.threadsAvailable, same: two.every((v, i) => Object.is(v, one[i])) }));
  })();
`;

test('the thread pool starts from the CJS bundle and from ESM: workers load, the same bits as 1 thread, the script exits by itself', () => {
  for (const [file, head] of [
    ['threads.cjs', "const sg = require('seqgrad');"],
    ['threads.mjs', "import * as sg from 'seqgrad';"],
  ]) {
    const { out, stderr } = run<{ available: boolean; same: boolean }>(file, `${head}\n${THREADED}`);
    // (guard mode, npm run test:guard, adds its summary line on exit)
    assert.is(stderr.replace(/^seqgrad guard: .*\n/m, ''), '', `${file}: a worker failed to start`);
    assert.equal(out, { available: true, same: true }, file);
  }
});

test.run();
