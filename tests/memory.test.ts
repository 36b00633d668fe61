// Flat memory: PyTorch-style loops with no scopes and no dispose calls keep the wasm heap, the
// allocator's live bytes and the JS heap flat (docs/ARCHITECTURE.md, "Memory: three tiers").
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { gemmWorkBytes } from '../engine/backend/kernels.js';
import { manualSeed, memoryStats, nn, noGrad, ones, optim, randn, type Tensor, tensor, whenThreadsReady, zeros } from '../engine/index.js';
import { ARENA_KEEP_BYTES, newF32Array, RECYCLE_KEEP_BYTES, recycleF32Array, takeF32Array } from '../engine/memory.js';
import { KEPT_SAVED_BYTES, keptSavedBytes, setKeptSavedCap } from '../engine/ops/rnn/buffers.js';

const JS_HEAP_GROWTH_LIMIT = 1 << 20; // bytes
const ITERATIONS = 1000;
const BASELINE_AT = 10;

const gc = (globalThis as { gc?: () => void }).gc;

function jsHeap(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
}

/** Bytes held by ArrayBuffers (typed-array storage, the pooled slabs of newF32Array) after GC. */
function arrayBuffers(): number {
  gc!();
  gc!();
  return process.memoryUsage().arrayBuffers;
}

const test = suite('memory');

test('training loop: forward + backward + Adam step, 1,000 iterations, flat', () => {
  assert.ok(gc, 'run with node --expose-gc (npm test does)');
  manualSeed(0);
  const l1 = new nn.Linear({ inFeatures: 8, outFeatures: 16 });
  const l2 = new nn.Linear({ inFeatures: 16, outFeatures: 1 });
  const params = [...l1.parameters(), ...l2.parameters()];
  const opt = new optim.Adam(params, { lr: 1e-2 });
  const mse = new nn.MSELoss();
  const x = randn([32, 8]);
  const y = randn([32, 1]);
  let at10 = memoryStats();
  let heap10 = 0;
  let last = 0;
  for (let i = 1; i <= ITERATIONS; i++) {
    opt.zeroGrad();
    const loss = mse.forward(l2.forward(l1.forward(x).tanh()), y);
    loss.backward();
    opt.step();
    last = loss.item();
    if (i === BASELINE_AT) {
      at10 = memoryStats();
      heap10 = jsHeap();
    }
  }
  const at1000 = memoryStats();
  const heapGrowth = jsHeap() - heap10;
  assert.ok(Number.isFinite(last));
  assert.is(at1000.wasmBytes, at10.wasmBytes, 'wasm memory byte length');
  assert.is(at1000.liveBytes, at10.liveBytes, 'allocator live bytes');
  assert.ok(heapGrowth < JS_HEAP_GROWTH_LIMIT, `JS heap grew by ${heapGrowth} bytes`);
  opt.dispose();
  l1.dispose();
  l2.dispose();
});

test('no-grad loop carrying a state tensor, 1,000 steps, flat', () => {
  manualSeed(1);
  const cell = new nn.Linear({ inFeatures: 16, outFeatures: 16 });
  let h: Tensor = zeros([4, 16]);
  let at10 = memoryStats();
  let heap10 = 0;
  for (let i = 1; i <= ITERATIONS; i++) {
    h = noGrad(() => cell.forward(h).tanh());
    if (i === BASELINE_AT) {
      at10 = memoryStats();
      heap10 = jsHeap();
    }
  }
  const at1000 = memoryStats();
  const heapGrowth = jsHeap() - heap10;
  assert.ok(h.toArray().every(Number.isFinite));
  assert.is(at1000.wasmBytes, at10.wasmBytes, 'wasm memory byte length');
  assert.is(at1000.liveBytes, at10.liveBytes, 'allocator live bytes');
  assert.ok(heapGrowth < JS_HEAP_GROWTH_LIMIT, `JS heap grew by ${heapGrowth} bytes`);
  cell.dispose();
});

test('batch-1 LSTM generation loop (pooled result arrays), 1,000 steps: wasm, JS heap and ArrayBuffers flat', () => {
  manualSeed(2);
  const emb = new nn.Embedding({ numEmbeddings: 20, embeddingDim: 32 });
  const lstm = new nn.LSTM({ inputSize: 32, hiddenSize: 48, numLayers: 2 });
  let state: [Tensor, Tensor] = [zeros([2, 1, 48]), zeros([2, 1, 48])];
  let at10 = memoryStats();
  let heap10 = 0;
  let ab10 = 0;
  for (let i = 1; i <= ITERATIONS; i++) {
    const [, s] = noGrad(() => lstm.forward(emb.forward(tensor([i % 20], [1, 1])), state));
    state = s;
    if (i === BASELINE_AT) {
      at10 = memoryStats();
      heap10 = jsHeap();
      ab10 = arrayBuffers();
    }
  }
  const at1000 = memoryStats();
  const heapGrowth = jsHeap() - heap10;
  const abGrowth = arrayBuffers() - ab10;
  assert.ok(state[0].toArray().every(Number.isFinite));
  assert.is(at1000.wasmBytes, at10.wasmBytes, 'wasm memory byte length');
  assert.is(at1000.liveBytes, at10.liveBytes, 'allocator live bytes');
  assert.ok(heapGrowth < JS_HEAP_GROWTH_LIMIT, `JS heap grew by ${heapGrowth} bytes`);
  assert.ok(abGrowth < JS_HEAP_GROWTH_LIMIT, `ArrayBuffers grew by ${abGrowth} bytes`);
  emb.dispose();
  lstm.dispose();
});

test('newF32Array: zeroed, disjoint views of shared slabs for 17…1024 floats, own buffers otherwise', () => {
  // of three 100-float arrays (1,200 bytes) at most one slab boundary falls between two
  const [x, y, z] = [newF32Array(100), newF32Array(100), newF32Array(100)];
  const [a, b] = x.buffer === y.buffer ? [x, y] : [y, z];
  assert.is(a.length, 100);
  assert.ok(a.every((v) => v === 0) && b.every((v) => v === 0), 'zeroed');
  assert.is(a.buffer, b.buffer, 'pooled in one slab');
  assert.ok(a.byteOffset % 16 === 0 && b.byteOffset % 16 === 0, '16-byte aligned');
  a.fill(7);
  assert.ok(
    b.every((v) => v === 0),
    'writing one view leaves the next untouched',
  );
  for (const n of [0, 1, 16, 1025, 5000]) {
    const c = newF32Array(n);
    assert.is(c.length, n);
    assert.is(c.byteOffset, 0, `n = ${n}: own buffer`);
    assert.is(c.buffer.byteLength, 4 * n);
  }
  // many slabs' worth: every view zeroed and distinct from the previous one
  let prev = newF32Array(1024);
  for (let i = 0; i < 300; i++) {
    const v = newF32Array(1024);
    assert.ok(v[0] === 0 && v[1023] === 0, `view ${i} zeroed`);
    v[0] = i + 1;
    assert.ok(prev.buffer !== v.buffer || prev.byteOffset + prev.byteLength <= v.byteOffset, `view ${i} overlaps the previous one`);
    prev = v;
  }
});

test('takeF32Array / recycleF32Array: a recycled array comes back for its length only; past RECYCLE_KEEP_BYTES the least recently used lengths go', () => {
  const n = 3001; // lengths no other test recycles
  const a = takeF32Array(n);
  assert.is(a.length, n);
  recycleF32Array(a);
  assert.is(takeF32Array(n + 1).length, n + 1);
  assert.is(takeF32Array(n), a, 'the recycled one');
  assert.is.not(takeF32Array(n), a, 'taken once');
  // fill the keep with quarter-size arrays of other lengths: the oldest length is dropped first
  const quarter = RECYCLE_KEEP_BYTES / 16;
  const q = [0, 1, 2, 3, 4].map((i) => takeF32Array(quarter + i));
  recycleF32Array(a);
  for (const x of q.slice(0, 4)) recycleF32Array(x); // a (oldest) gives way to the fourth
  assert.is.not(takeF32Array(n), a, 'least recently used: dropped');
  assert.is(takeF32Array(quarter + 1), q[1], 'recent: kept');
  recycleF32Array(q[1]);
  recycleF32Array(q[4]); // q[0] is now the least recently used
  assert.is.not(takeF32Array(quarter), q[0]);
  assert.is(takeF32Array(quarter + 4), q[4]);
  // larger than the whole keep: never kept
  const big = takeF32Array(RECYCLE_KEEP_BYTES / 4 + 1);
  recycleF32Array(big);
  assert.is.not(takeF32Array(big.length), big);
});

test('graph kept alive by the user but never backpropagated does not grow the wasm heap', () => {
  const lin = new nn.Linear({ inFeatures: 4, outFeatures: 4 });
  const x = randn([2, 4]);
  let at10 = memoryStats();
  for (let i = 1; i <= ITERATIONS; i++) {
    lin.forward(x).sum(); // dropped without backward()
    if (i === BASELINE_AT) at10 = memoryStats();
  }
  assert.is(memoryStats().liveBytes, at10.liveBytes);
  lin.dispose();
});

/**
 * Collects dropped graphs (a FinalizationRegistry runs after a GC, once the loop yields) until the kept
 * bytes are `target`, or without a target until they have not changed over 3 collections; at most 100.
 */
async function collectDropped(target?: number): Promise<void> {
  for (let i = 0, last = -1, same = 0; i < 100; i++) {
    const now = keptSavedBytes();
    if (now === target) return;
    same = now === last ? same + 1 : 0;
    if (target === undefined && same === 3) return;
    last = now;
    gc!();
    await new Promise((r) => setTimeout(r, 10));
  }
}

// an LSTM layer keeps G [N, 4H], hPrev [N, H], c [N, H], cPrev [N, H] and its input x [N, I] for its backward
const lstmSaved = (N: number, H: number, I: number) => 4 * N * (7 * H + I);

test("a recurrent layer's saved buffers stay in the heap from its forward until backward releases them", () => {
  const lstm = new nn.LSTM({ inputSize: 3, hiddenSize: 8, numLayers: 2 });
  const x = randn([5, 4, 3]);
  const before = keptSavedBytes();
  const [out] = lstm.forward(x);
  assert.is(keptSavedBytes() - before, lstmSaved(5 * 4, 8, 3) + lstmSaved(5 * 4, 8, 8));
  out.sum().backward();
  assert.is(keptSavedBytes(), before);
  lstm.dispose();
});

test('saved buffers copied out of the heap (past the cap) give the same gradients, bit for bit, as kept ones', () => {
  const grads = (cap: number) => {
    manualSeed(11);
    const gru = new nn.GRU({ inputSize: 3, hiddenSize: 6, bidirectional: true });
    const rnn = new nn.RNN({ inputSize: 12, hiddenSize: 5 });
    const x = randn([7, 4, 3], { requiresGrad: true });
    const was = setKeptSavedCap(cap);
    const before = keptSavedBytes();
    let held: number;
    try {
      const [out] = rnn.forward(gru.forward(x)[0]);
      held = keptSavedBytes() - before;
      out.pow(2).sum().backward();
    } finally {
      setKeptSavedCap(was);
    }
    const all = [x.grad!, ...gru.parameters().map((p) => p.grad!), ...rnn.parameters().map((p) => p.grad!)].map((g) => Array.from(g.data));
    gru.dispose();
    rnn.dispose();
    return { all, held };
  };
  const { all: kept, held } = grads(KEPT_SAVED_BYTES);
  const { all: copied, held: heldPastCap } = grads(0);
  assert.ok(held > 0, 'under the cap the saved buffers stay in the heap');
  assert.is(heldPastCap, 0, 'past the cap they are copied out');
  assert.equal(copied, kept);
  assert.ok(kept[0].some((v) => v !== 0));
});

test('recurrent graphs dropped without backward: the heap holds at most the cap and one layer, and collected graphs give theirs back', async () => {
  const lstm = new nn.LSTM({ inputSize: 3, hiddenSize: 8 });
  const x = randn([5, 4, 3]);
  const layer = lstmSaved(5 * 4, 8, 3);
  // graphs other tests dropped are collected first (their blocks would leave during the loop)
  await collectDropped();
  const before = keptSavedBytes();
  const was = setKeptSavedCap(before + 10 * layer);
  try {
    let most = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      lstm.forward(x)[0].sum(); // evaluation forgetting noGrad: dropped, never backpropagated
      most = Math.max(most, keptSavedBytes());
    }
    assert.ok(most - before <= 11 * layer, `${most - before} bytes kept`);
    await collectDropped(before);
    assert.is(keptSavedBytes(), before);
  } finally {
    setKeptSavedCap(was);
    lstm.dispose();
  }
});

test('dispose() frees the parameters, gradients and packed weight copies of a module', () => {
  const before = memoryStats().liveBytes;
  manualSeed(3);
  const lstm = new nn.LSTM({ inputSize: 8, hiddenSize: 16, numLayers: 2 });
  const head = new nn.Linear({ inFeatures: 16, outFeatures: 5 });
  // a forward and backward at batch 4 (GEMM-packed W_hh, forward and backward layouts) …
  const [out] = lstm.forward(randn([6, 4, 8]));
  head.forward(out).sum().backward();
  // … and generation steps at batch 1 (GEMV-packed weights of the layers and of the Linear)
  let state: [Tensor, Tensor] = [zeros([2, 1, 16]), zeros([2, 1, 16])];
  for (let i = 0; i < 3; i++) {
    noGrad(() => {
      const [o, s] = lstm.forward(randn([1, 1, 8]), state);
      state = s;
      head.forward(o);
    });
  }
  assert.ok(memoryStats().liveBytes > before);
  lstm.dispose();
  head.dispose();
  assert.is(memoryStats().liveBytes, before, 'live bytes after dispose');
});

test('a parameter used after dispose() is a clear Error, not a wasm trap', () => {
  const lin = new nn.Linear({ inFeatures: 3, outFeatures: 2 });
  lin.dispose();
  assert.throws(() => lin.forward(randn([1, 3])), /used after dispose\(\)/);
  // the batch-1 paths that pack a copy first: the same error, and no block left behind
  const before = memoryStats().liveBytes;
  assert.throws(() => noGrad(() => lin.forward(randn([1, 3]))), /used after dispose\(\)/);
  const lstm = new nn.LSTM({ inputSize: 3, hiddenSize: 4 });
  const withLstm = memoryStats().liveBytes;
  lstm.dispose();
  assert.throws(() => noGrad(() => lstm.forward(randn([1, 1, 3]))), /used after dispose\(\)/);
  assert.is(memoryStats().liveBytes, before, 'no packed copy survives the failed call');
  assert.ok(withLstm > before);
});

const MiB = 2 ** 20;
/** sgemm's work: the A block (64 KiB), an edge tile and one KC×NC slab of packed B (256 KiB) */
const GEMM_WORK_MAX = 320 * 1024 + 256;
/** the arena's size between ops at most (memory.ts, ARENA_KEEP_BYTES) */
const ARENA_DOCUMENTED = 32 * MiB;

test("sgemm's work is one KC×NC slab whatever B: a batch-8 forward through Linear(2048→4096) (32 MiB) leaves the arena as it was", async () => {
  for (const [m, n, k] of [
    [8, 4096, 2048],
    [8, 2048, 4096],
    [64, 50000, 512],
    [4, 8, 8],
  ]) {
    assert.ok(gemmWorkBytes(m, n, k, 0, 1) <= GEMM_WORK_MAX, `gemmWorkBytes(${m}, ${n}, ${k}) = ${gemmWorkBytes(m, n, k, 0, 1)}`);
  }
  const lin = new nn.Linear({ inFeatures: 2048, outFeatures: 4096 });
  const x = randn([8, 2048]);
  // the thread pool's workers allocate their scratch (one slab each) once, when they start
  await whenThreadsReady();
  const before = memoryStats();
  noGrad(() => lin.forward(x));
  const after = memoryStats();
  // the op's scratch (x in, y out, sgemm's work) is < 1 MiB: the arena needs no new chunk (it
  // kept 33 MiB more when sgemm's work held the whole packed weight)
  assert.ok(after.arenaBytes <= Math.max(before.arenaBytes, MiB), `arena ${before.arenaBytes} → ${after.arenaBytes} bytes`);
  assert.is(after.liveBytes - after.arenaBytes, before.liveBytes - before.arenaBytes, 'blocks other than the arena');
  lin.dispose();
});

test('the arena returns to at most 32 MiB (ARENA_KEEP_BYTES) after an op that needed more', () => {
  assert.is(ARENA_KEEP_BYTES, ARENA_DOCUMENTED);
  const before = memoryStats();
  // a + b over 16 MiB of JS floats each: both are copied in and the sum out (48 MiB of scratch)
  const y = zeros([1 << 22]).add(ones([1 << 22]));
  assert.ok(y.data[0] === 1 && y.data[(1 << 22) - 1] === 1);
  const after = memoryStats();
  assert.ok(after.arenaBytes <= ARENA_DOCUMENTED, `arena ${after.arenaBytes} bytes`);
  assert.is(after.liveBytes - after.arenaBytes, before.liveBytes - before.arenaBytes, 'blocks other than the arena');
  // what the arena gave back is free for the allocator (below the heap top), not lost
  assert.ok(after.freeBytes >= 48 * MiB - ARENA_DOCUMENTED, `free list ${after.freeBytes} bytes`);
});

test('the slab pool retains memory proportional to what is kept: 2,000 kept 64-float results hold ≤ 2,000 slabs of 8 KiB', () => {
  const v = randn([1024]);
  const kept: Tensor[] = [];
  const ab0 = arrayBuffers();
  for (let i = 0; i < 2000; i++) {
    let y = v;
    for (let j = 0; j < 16; j++) y = y.tanh(); // 64 KiB of pooled garbage per iteration
    kept.push(y.reshape([16, 64]).sum(0)); // one 64-float result kept
  }
  const growth = arrayBuffers() - ab0;
  assert.is(kept[1999].size, 64);
  // 500 KiB of data; 125 MiB when slabs were 64 KiB (one whole slab per kept result)
  assert.ok(growth <= 2000 * 8192 + MiB, `ArrayBuffers grew by ${(growth / MiB).toFixed(1)} MiB`);
});

test.run();
