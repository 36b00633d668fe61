// Flat memory: PyTorch-style loops with no scopes and no dispose calls keep the wasm heap, the
// allocator's live bytes and the JS heap flat (ARCHITECTURE.md, "Memory").
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { manualSeed, memoryStats, nn, noGrad, optim, randn, Tensor, tensor, zeros } from '../engine/index.js';
import { newF32Array } from '../engine/memory.js';

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
    if (i === BASELINE_AT) { at10 = memoryStats(); heap10 = jsHeap(); }
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
    if (i === BASELINE_AT) { at10 = memoryStats(); heap10 = jsHeap(); }
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
    if (i === BASELINE_AT) { at10 = memoryStats(); heap10 = jsHeap(); ab10 = arrayBuffers(); }
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
  const a = newF32Array(100);
  const b = newF32Array(100);
  assert.is(a.length, 100);
  assert.ok(a.every((v) => v === 0) && b.every((v) => v === 0), 'zeroed');
  assert.is(a.buffer, b.buffer, 'pooled in one slab');
  assert.ok(a.byteOffset % 16 === 0 && b.byteOffset % 16 === 0, '16-byte aligned');
  a.fill(7);
  assert.ok(b.every((v) => v === 0), 'writing one view leaves the next untouched');
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

test.run();
