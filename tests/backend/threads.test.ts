// The worker pool: big GEMMs split across threads give the same bytes as one thread (every
// layout, packed and not, both split directions), and so do whole forward/backward/training runs;
// memory stays flat over 1,000 threaded steps; a script that trains exits without process.exit.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { kernelTables } from '../../engine/backend/index.js';
import { gemmPackedWorkBytes, gemmWorkBytes, packedBBytes } from '../../engine/backend/kernels.js';
import { PARALLEL_MIN_ELEMENTS, PARALLEL_MIN_MACS, workerChunks } from '../../engine/backend/threads.js';
import { KERNELS_RELAXED_B64 } from '../../engine/backend/binaries.gen.js';
import { heap, withoutDataSegments } from '../../engine/backend/wasm.js';
import {
  getNumThreads,
  manualSeed,
  memoryStats,
  nn,
  noGrad,
  optim,
  randint,
  randn,
  setNumThreads,
  type Tensor,
  tensor,
  threadsAvailable,
  whenThreadsReady,
} from '../../engine/index.js';
import { allocBytes, freeBytes } from '../../engine/memory.js';
import { keptSavedBytes } from '../../engine/ops/rnn/buffers.js';
import { main as translate } from '../../cli/translate.js';

const THREAD_COUNTS = [1, 2, 3];
/** A float32 dot product of K terms of magnitude ≤ 1 against its float64 sum. */
const DOT_ATOL = 1e-3;
const STEPS = 50;
const gc = (globalThis as { gc?: () => void }).gc;

const test = suite('thread pool');
const initial = getNumThreads();

/** Runs fn at 1, 2 and 3 threads (workers ready first); returns the bytes each run produced. */
async function atEachThreadCount(fn: () => Uint8Array): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  try {
    for (const t of THREAD_COUNTS) {
      setNumThreads(t);
      await whenThreadsReady();
      out.push(fn());
    }
  } finally {
    setNumThreads(initial);
  }
  return out;
}

function sameBytes(runs: Uint8Array[], what: string): void {
  for (let i = 1; i < runs.length; i++) {
    assert.is(runs[i].length, runs[0].length, `${what}: length`);
    assert.ok(Buffer.compare(Buffer.from(runs[i]), Buffer.from(runs[0])) === 0, `${what}: ${THREAD_COUNTS[i]} threads differ from 1 thread`);
  }
}

test('threads are available in Node; setNumThreads / getNumThreads; bad counts are Errors naming the value', () => {
  assert.ok(threadsAvailable);
  setNumThreads(3);
  assert.is(getNumThreads(), 3);
  setNumThreads(initial);
  assert.throws(() => setNumThreads(0), /setNumThreads: expected an integer thread count from 1 to 16, got 0/);
  assert.throws(() => setNumThreads(2.5), /got 2\.5/);
});

test('a worker instantiates the kernels without their data segments: starting one leaves the static data the calling thread may be using untouched', () => {
  const bytes = new Uint8Array(Buffer.from(KERNELS_RELAXED_B64, 'base64'));
  const written = (b: Uint8Array<ArrayBuffer>) => {
    const memory = new WebAssembly.Memory({ initial: 16, maximum: 65536, shared: true });
    const u8 = new Uint8Array(memory.buffer);
    u8.fill(0xa5);
    new WebAssembly.Instance(new WebAssembly.Module(b), { env: { memory, abort() {} } });
    return u8.subarray(0, 65536).filter((x) => x !== 0xa5).length;
  };
  assert.ok(written(bytes) > 0, 'the build itself writes its data segments when instantiated (the hazard)');
  assert.is(written(withoutDataSegments(bytes)), 0, "the workers' module writes nothing");
});

const LAYOUTS: [string, number, number][] = [
  ['NN', 0, 0],
  ['NT', 0, 1],
  ['TN', 1, 0],
];
// [M, N, K]: split by 8-column panels (N wide), by 4-row groups (N narrow), odd edges everywhere
const SHAPES: [number, number, number][] = [
  [96, 200, 70],
  [37, 45, 700],
  [130, 9, 901],
  [5, 1030, 210],
];

test('sgemm and sgemm_packed: every layout, accumulate 0 and 1, split by rows and by columns: identical bytes at 1, 2, 3 threads, and the workers took part', async () => {
  const k = kernelTables().wasm!;
  const chunksBefore = workerChunks();
  for (const [M, N, K] of SHAPES) {
    assert.ok(M * N * K >= PARALLEL_MIN_MACS, `${M}×${N}×${K} is big enough to split`);
    const a = allocBytes(4 * M * K),
      b = allocBytes(4 * K * N),
      c = allocBytes(4 * M * N);
    const bp = allocBytes(packedBBytes(K, N)),
      work = allocBytes(gemmWorkBytes(M, N, K) + gemmPackedWorkBytes(M, K));
    const f = heap.f32();
    for (let i = 0; i < M * K; i++) f[a / 4 + i] = Math.sin(0.37 * i) * 1.3;
    for (let i = 0; i < K * N; i++) f[b / 4 + i] = Math.cos(0.61 * i) - 0.2;
    for (const [name, transA, transB] of LAYOUTS) {
      const lda = transA ? M : K,
        ldb = transB ? K : N;
      for (const acc of [0, 1]) {
        const runs = await atEachThreadCount(() => {
          const f32 = heap.f32();
          for (let i = 0; i < M * N; i++) f32[c / 4 + i] = 0.001 * i;
          k.sgemm(c, a, b, work, M, N, K, lda, ldb, N, transA, transB, acc);
          return heap.u8().slice(c, c + 4 * M * N);
        });
        sameBytes(runs, `sgemm ${name} ${M}×${N}×${K} accumulate ${acc}`);
      }
      if (transB) continue;
      k.sgemm_pack_b(bp, b, K, N, ldb, 0);
      const runs = await atEachThreadCount(() => {
        k.sgemm_packed(c, a, bp, work, M, N, K, lda, N, transA, 0);
        return heap.u8().slice(c, c + 4 * M * N);
      });
      sameBytes(runs, `sgemm_packed ${name} ${M}×${N}×${K}`);
    }
    for (const p of [a, b, c, bp, work]) freeBytes(p);
  }
  assert.ok(workerChunks() > chunksBefore, 'the workers ran chunks');
});

test('the memory grows after the workers started: a split GEMM on buffers past the old end gives the same bytes at 1, 2, 3 threads', async () => {
  setNumThreads(3);
  await whenThreadsReady();
  const k = kernelTables().wasm!;
  const M = 200,
    N = 300,
    K = 90;
  const have = memoryStats().wasmBytes;
  // one block larger than the whole memory (no free range holds it: it comes from the top and the
  // memory grows); the buffers are its part past the old end
  const sizes = [4 * M * K, 4 * K * N, 4 * M * N, gemmWorkBytes(M, N, K)].map((x) => Math.ceil(x / 64) * 64);
  const region = allocBytes(have + sizes.reduce((x, y) => x + y, 0));
  let at = region + have;
  const [a, b, c, work] = sizes.map((x) => (at += x) - x);
  assert.ok(memoryStats().wasmBytes > have && a > have, 'the buffers lie in the grown part');
  const f = heap.f32();
  for (let i = 0; i < M * K; i++) f[a / 4 + i] = Math.sin(i);
  for (let i = 0; i < K * N; i++) f[b / 4 + i] = Math.cos(i);
  const runs = await atEachThreadCount(() => {
    k.sgemm(c, a, b, work, M, N, K, K, N, N, 0, 0, 0);
    return heap.u8().slice(c, c + 4 * M * N);
  });
  sameBytes(runs, 'sgemm in grown memory');
  const f2 = heap.f32();
  let ref = 0;
  for (let p = 0; p < K; p++) ref += f2[a / 4 + p] * f2[b / 4 + p * N];
  assert.ok(Math.abs(new Float32Array(runs[1].buffer)[0] - ref) < DOT_ATOL, 'C[0, 0] is the dot product');
  freeBytes(region);
});

test('pointwise kernels above PARALLEL_MIN_ELEMENTS (adam_step with and without amsgrad, sgd_step, add, tanh_forward, fill, copy), add_row_vector sum_rows (by columns) and sgemm_pack_b (by panels): identical bytes at 1, 2, 3 threads', async () => {
  const k = kernelTables().wasm!;
  const n = PARALLEL_MIN_ELEMENTS + 4099; // a tail that is no multiple of any SIMD width
  const bufs = Array.from({ length: 6 }, () => allocBytes(4 * n));
  const init = () => {
    const f = heap.f32();
    bufs.forEach((p, j) => {
      for (let i = 0; i < n; i++) f[p / 4 + i] = Math.sin(0.1 * i + j) * (j === 3 ? 0.5 : 1) + (j === 3 ? 0.6 : 0);
    });
  };
  const dump = () => {
    const u = heap.u8();
    return Uint8Array.from(bufs.flatMap((p) => [...u.subarray(p, p + 4 * n)]));
  };
  const chunksBefore = workerChunks();
  const [p, g, m, v, vmax, out] = bufs;
  const cases: [string, () => void][] = [
    ['adam_step', () => k.adam_step(p, g, m, v, 0, n, 1e-3, 0.9, 0.999, 1e-8, 0.01, 1e-3, 0.99, 0, 1)],
    ['adam_step amsgrad', () => k.adam_step(p, g, m, v, vmax, n, 1e-3, 0.9, 0.999, 1e-8, 0, 1e-3, 0.99, 1, 0)],
    ['sgd_step', () => k.sgd_step(p, g, m, n, 0.1, 0.9, 0, 1e-4, 1, 0)],
    ['add', () => k.add(out, p, g, n)],
    ['tanh_forward', () => k.tanh_forward(out, g, n)],
    ['add_row_vector', () => k.add_row_vector(out, p, g, 259, Math.floor(n / 259))],
    ['sum_rows, 253 columns', () => k.sum_rows(out, p, Math.floor(n / 253), 253)],
    ['sum_rows, 1024 columns', () => k.sum_rows(out, g, Math.floor(n / 1024), 1024)],
    ['fill', () => k.fill(out, 0.25, n - 3)],
    ['copy', () => k.copy(out, g, n - 1)],
    // op(B) 253 × 259, plain and transposed (a partial last panel), packed into out
    ['sgemm_pack_b', () => k.sgemm_pack_b(out, p, 253, 259, 259, 0)],
    ['sgemm_pack_b transposed', () => k.sgemm_pack_b(out, g, 253, 259, 253, 1)],
  ];
  for (const [name, run] of cases) {
    const runs = await atEachThreadCount(() => {
      init();
      run();
      run();
      return dump();
    });
    sameBytes(runs, name);
  }
  assert.ok(workerChunks() > chunksBefore, 'the workers ran chunks');
  for (const b of bufs) freeBytes(b);
});

test('row-wise kernels above PARALLEL_MIN_ELEMENTS (softmax, log-softmax, cross-entropy with class weights, ignore index and label smoothing; forward and backward): identical bytes at 1, 2, 3 threads', async () => {
  const N = 700,
    C = 101; // 70,700 elements; 700 rows over up to 12 chunks
  const chunksBefore = workerChunks();
  const runs = await atEachThreadCount(() => {
    manualSeed(3);
    const x = randn([N, C], { requiresGrad: true });
    const target = randint(0, C, [N])
      .toArray()
      .map((t, i) => (i % 37 === 0 ? -100 : t));
    const weight = randn([C]).abs().add(0.1);
    const ce = new nn.CrossEntropyLoss({ weight, labelSmoothing: 0.1 });
    const ys = [x.softmax(1), x.logSoftmax(1)];
    const loss = ce.forward(x, tensor(target)).add(ys[0].mul(ys[1]).sum());
    loss.backward();
    return new Uint8Array(new Float32Array([loss.item(), ...ys[0].toArray(), ...ys[1].toArray(), ...x.grad!.toArray()]).buffer);
  });
  sameBytes(runs, 'softmax, log-softmax, cross-entropy and their gradients');
  assert.ok(workerChunks() > chunksBefore, 'the workers ran chunks');
});

/** All parameters (and their grads) of a module, as bytes. */
function paramBytes(m: nn.Module): Uint8Array {
  const parts = m.parameters().flatMap((p) => [p.data, p.grad?.data ?? new Float32Array(0)]);
  const out = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), at);
    at += p.byteLength;
  }
  return out;
}

class Tagger extends nn.Module {
  emb = new nn.Embedding({ numEmbeddings: 40, embeddingDim: 64 });
  lstm = new nn.LSTM({ inputSize: 64, hiddenSize: 128, bidirectional: true });
  gru = new nn.GRU({ inputSize: 256, hiddenSize: 96 });
  fc = new nn.Linear({ inFeatures: 96, outFeatures: 40 });
  constructor() {
    super();
    this.registerModule('emb', this.emb);
    this.registerModule('lstm', this.lstm);
    this.registerModule('gru', this.gru);
    this.registerModule('fc', this.fc);
  }
}

test(`a ${STEPS}-step training run (Embedding → biLSTM → GRU → Linear, Adam): identical parameters, grads and losses at 1, 2, 3 threads`, async () => {
  const runs = await atEachThreadCount(() => {
    manualSeed(7);
    const model = new Tagger();
    const opt = new optim.Adam(model.parameters(), { lr: 1e-2 });
    const ce = new nn.CrossEntropyLoss();
    const x = randint(0, 40, [12, 16]);
    const y = randint(0, 40, [12 * 16]);
    const losses = new Float32Array(STEPS);
    for (let s = 0; s < STEPS; s++) {
      opt.zeroGrad();
      const [h] = model.lstm.forward(model.emb.forward(x));
      const [g] = model.gru.forward(h);
      const loss = ce.forward(model.fc.forward(g.reshape([12 * 16, 96])), y);
      loss.backward();
      opt.step();
      losses[s] = loss.item();
    }
    const p = paramBytes(model);
    const out = new Uint8Array(p.length + losses.byteLength);
    out.set(p);
    out.set(new Uint8Array(losses.buffer), p.length);
    opt.dispose();
    model.dispose();
    return out;
  });
  sameBytes(runs, 'parameters, grads and losses');
});

test('the recurrent time loop on the pool (directions × row blocks): LSTM (with projection), GRU, RNN, bidirectional, packed variable-length sequences — identical outputs and gradients at 1, 2, 3 threads; the workers ran loop chunks', async () => {
  const B = 37,
    T = 23,
    I = 3; // I small: the input projection (N·G·I) stays below the GEMM split, the loop is above it
  const lengths = Array.from({ length: B }, (_, b) => T - Math.floor((b * (T - 1)) / B)); // 23 … 1, non-increasing
  const cases: [string, () => nn.Module & { forward(x: unknown): unknown }][] = [
    ['LSTM bi proj', () => new nn.LSTM({ inputSize: I, hiddenSize: 40, projSize: 24, bidirectional: true })],
    ['GRU bi', () => new nn.GRU({ inputSize: I, hiddenSize: 44, bidirectional: true })],
    ['GRU', () => new nn.GRU({ inputSize: I, hiddenSize: 44 })],
    ['RNN tanh bi', () => new nn.RNN({ inputSize: I, hiddenSize: 52, bidirectional: true })],
  ];
  // whether a worker wakes in time for a given job depends on the machine's load: the workers'
  // part is checked over the whole test (24 jobs), the bytes for every case
  const chunksBefore = workerChunks('rows');
  for (const [name, make] of cases) {
    const runs = await atEachThreadCount(() => {
      manualSeed(11);
      const m = make();
      const x = randn([T, B, I]);
      const packed = nn.utils.rnn.packPaddedSequence(x, lengths);
      // forward without a graph: only the loop is big enough for the pool
      const noGradOut = noGrad(() => (m.forward(packed) as [nn.PackedSequence, unknown])[0].data.toArray());
      const [out, hn] = m.forward(packed) as [nn.PackedSequence, Tensor | [Tensor, Tensor]];
      const h = Array.isArray(hn) ? hn[0] : hn;
      out.data.mul(out.data).sum().add(h.sum()).backward();
      const all = [...noGradOut, ...out.data.toArray(), ...h.toArray()];
      const bytes = new Uint8Array(new Float32Array(all).buffer);
      const p = paramBytes(m);
      const res = new Uint8Array(bytes.length + p.length);
      res.set(bytes);
      res.set(p, bytes.length);
      m.dispose();
      return res;
    });
    sameBytes(runs, name);
  }
  assert.ok(workerChunks('rows') > chunksBefore, 'the workers ran time-loop chunks');
});

/** A safetensors file with its metadata's wall-clock 'seconds' blanked (the one field a faster run changes). */
function withoutTrainingTime(file: Buffer): Uint8Array {
  const n = Number(file.readBigUInt64LE(0));
  const header = JSON.parse(file.subarray(8, 8 + n).toString('utf8')) as { __metadata__?: Record<string, string> };
  assert.ok(header.__metadata__?.seconds !== undefined, 'the checkpoint records its training time');
  header.__metadata__!.seconds = '';
  return Buffer.concat([Buffer.from(JSON.stringify(header)), file.subarray(8 + n)]);
}

test('seqgrad translate train (biGRU + attention, hidden 256): the same checkpoint at 1, 2 and 3 threads', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seqgrad-threads-'));
  const log = console.log;
  try {
    writeFileSync(
      join(dir, 'pairs.tsv'),
      [
        'Die Katze schläft.\tThe cat sleeps.',
        'Der Hund schläft.\tThe dog sleeps.',
        'Die Katze isst.\tThe cat eats.',
        'Der Hund isst.\tThe dog eats.',
        'Das Kind isst.\tThe child eats.',
      ].join('\n'),
    );
    const chunksBefore = workerChunks();
    const runs: Uint8Array[] = [];
    console.log = () => {};
    for (const t of THREAD_COUNTS) {
      setNumThreads(t);
      await whenThreadsReady();
      const out = join(dir, `model${t}`);
      process.exitCode = 0;
      await translate([
        'train',
        '--data',
        join(dir, 'pairs.tsv'),
        '--out',
        out,
        '--epochs',
        '2',
        '--emb',
        '32',
        '--hidden',
        '256',
        '--val',
        '0',
        '--seed',
        '3',
      ]);
      assert.is(Number(process.exitCode ?? 0), 0, `train at ${t} threads`);
      runs.push(withoutTrainingTime(readFileSync(join(out, 'model.safetensors'))));
    }
    sameBytes(runs, 'model.safetensors (all but the training time in its metadata)');
    assert.ok(workerChunks() > chunksBefore, 'the GEMMs were split');
  } finally {
    console.log = log;
    process.exitCode = 0;
    setNumThreads(initial);
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * Trains `model` → `head` with MSE and Adam for 1,000 steps on 2 threads (`afterForward` sees each
 * step's loss before its backward) and checks that the wasm memory, the allocator's live bytes and
 * the JS heap are the same at step 1,000 as at step 10.
 */
async function assertFlatTraining(model: (x: Tensor) => Tensor, params: Tensor[], x: Tensor, y: Tensor, afterForward = () => {}): Promise<void> {
  assert.ok(gc, 'run with node --expose-gc (npm test does)');
  setNumThreads(2);
  await whenThreadsReady();
  const opt = new optim.Adam(params, { lr: 1e-3 });
  const mse = new nn.MSELoss();
  let at10 = memoryStats();
  let heap10 = 0;
  for (let i = 1; i <= 1000; i++) {
    opt.zeroGrad();
    const loss = mse.forward(model(x), y);
    afterForward();
    loss.backward();
    opt.step();
    if (i === 10) {
      at10 = memoryStats();
      gc!();
      heap10 = process.memoryUsage().heapUsed;
    }
  }
  const at1000 = memoryStats();
  gc!();
  const heapGrowth = process.memoryUsage().heapUsed - heap10;
  assert.is(at1000.wasmBytes, at10.wasmBytes, 'wasm memory byte length');
  assert.is(at1000.liveBytes, at10.liveBytes, 'allocator live bytes');
  assert.ok(heapGrowth < 1 << 20, `JS heap grew by ${heapGrowth} bytes`);
  opt.dispose();
  setNumThreads(initial);
}

test('flat memory over 1,000 threaded training steps (2 threads)', async () => {
  manualSeed(0);
  const l1 = new nn.Linear({ inFeatures: 256, outFeatures: 256 });
  const l2 = new nn.Linear({ inFeatures: 256, outFeatures: 8 });
  const chunksBefore = workerChunks();
  await assertFlatTraining((x) => l2.forward(l1.forward(x).tanh()), [...l1.parameters(), ...l2.parameters()], randn([16, 256]), randn([16, 8]));
  assert.ok(workerChunks() > chunksBefore, 'the GEMMs were split');
  l1.dispose();
  l2.dispose();
});

test("flat memory over 1,000 threaded LSTM training steps (2 threads): the layers' time loops on the pool, their saved buffers kept in the heap and given back every step", async () => {
  manualSeed(0);
  // T·B·4H·H = 16·8·256·64 ≥ PARALLEL_MIN_MACS: each layer's loop runs as 2 row blocks
  const lstm = new nn.LSTM({ inputSize: 16, hiddenSize: 64, numLayers: 2 });
  const head = new nn.Linear({ inFeatures: 64, outFeatures: 4 });
  const rowsBefore = workerChunks('rows');
  const keptBefore = keptSavedBytes();
  let keptMost = 0;
  await assertFlatTraining(
    (x) => head.forward(lstm.forward(x)[0]),
    [...lstm.parameters(), ...head.parameters()],
    randn([16, 8, 16]),
    randn([16, 8, 4]),
    () => {
      keptMost = Math.max(keptMost, keptSavedBytes() - keptBefore);
    },
  );
  assert.ok(workerChunks('rows') > rowsBefore, 'the time loops ran on the pool');
  assert.ok(keptMost > 0, 'the saved buffers were kept in the heap');
  assert.is(keptSavedBytes(), keptBefore, 'every kept block was given back');
  lstm.dispose();
  head.dispose();
});

test("a script that trains on 2 threads and returns exits by itself (workers are unref'd)", () => {
  const index = fileURLToPath(new URL('../../engine/index.js', import.meta.url));
  const script = `
    import { nn, randn, setNumThreads, getNumThreads } from ${JSON.stringify(index)};
    setNumThreads(2);
    const l = new nn.Linear({ inFeatures: 256, outFeatures: 256 });
    for (let i = 0; i < 20; i++) l.forward(randn([64, 256])).sum().backward();
    console.log('done', getNumThreads());`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.is(r.signal, null, `killed: ${r.signal} (stderr ${r.stderr})`);
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout.trim(), 'done 2');
});

test('SEQGRAD_NUM_THREADS sets the default; a bad value is an Error naming it', () => {
  const index = fileURLToPath(new URL('../../engine/index.js', import.meta.url));
  const script = `import { getNumThreads } from ${JSON.stringify(index)}; console.log(getNumThreads());`;
  const run = (v: string) =>
    spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, SEQGRAD_NUM_THREADS: v } });
  const three = run('3');
  assert.is(three.status, 0, three.stderr);
  assert.is(three.stdout.trim(), '3');
  const bad = run('lots');
  assert.is.not(bad.status, 0);
  assert.match(bad.stderr, /SEQGRAD_NUM_THREADS: expected an integer thread count from 1 to 16, got lots/);
});

test('without SharedArrayBuffer (as a page without cross-origin isolation) the engine runs single-threaded and says so', () => {
  const index = fileURLToPath(new URL('../../engine/index.js', import.meta.url));
  const script = `
    import { nn, randn, getNumThreads, threadsAvailable } from ${JSON.stringify(index)};
    const y = new nn.Linear({ inFeatures: 256, outFeatures: 256 }).forward(randn([64, 256]));
    console.log(typeof SharedArrayBuffer, threadsAvailable, getNumThreads(), Number.isFinite(y.sum().item()));`;
  const r = spawnSync(process.execPath, ['--no-harmony-sharedarraybuffer', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, SEQGRAD_NUM_THREADS: '2' },
  });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout.trim(), 'undefined false 1 true');
});

test.run();
