// Failed calls leave memory as it was: an allocation that fails (too large, or the memory cannot
// grow) changes nothing in the allocator, and every kind of failing public call, repeated, keeps
// the heap top, the wasm memory and the live bytes flat. FAILING is a table: add a row per kind.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cat, manualSeed, memoryStats, nn, ones, optim, Parameter, randn } from '../engine/index.js';
import { setMemoryLimit } from '../engine/backend/wasm.js';
import { allocBytes, MAX_ALLOC_BYTES } from '../engine/memory.js';

const REPEAT = 1000;

type Stats = ReturnType<typeof memoryStats>;
const flat = (label: string, a: Stats, b: Stats) => {
  assert.is(b.heapTop, a.heapTop, `${label}: heap top`);
  assert.is(b.wasmBytes, a.wasmBytes, `${label}: wasm memory bytes`);
  assert.is(b.liveBytes, a.liveBytes, `${label}: live bytes`);
  assert.is(b.freeBytes, a.freeBytes, `${label}: free-list bytes`);
};

const test = suite('allocation failures');

test('50 × (dispose a 4 MB Linear, then a failing expand to 2^30 floats): heap top and wasm memory unchanged', () => {
  manualSeed(0);
  let lin = new nn.Linear({ inFeatures: 1024, outFeatures: 1024 });
  const before = memoryStats();
  for (let i = 0; i < 50; i++) {
    lin.dispose();
    assert.throws(() => ones([1]).expand([2 ** 30]));
    lin = new nn.Linear({ inFeatures: 1024, outFeatures: 1024 });
  }
  flat('after 50 rounds', before, memoryStats());
  lin.dispose();
});

test('the same with a memory that cannot grow (a 1 GiB request below MAX_ALLOC_BYTES fails in memory.grow): nothing lost', () => {
  // a bare 4 MB parameter: the allocator sees the same as with a Linear, without its random init
  let w = new Parameter([1024, 1024]);
  const before = memoryStats();
  setMemoryLimit(before.wasmBytes);
  try {
    for (let i = 0; i < 50; i++) {
      w.dispose();
      assert.throws(() => ones([1]).expand([2 ** 28]), /expand: cannot allocate \d+ bytes: seqgrad: out of wasm memory/);
      w = new Parameter([1024, 1024]); // fits where the last one was
    }
  } finally {
    setMemoryLimit(null);
  }
  flat('after 50 rounds', before, memoryStats());
  w.dispose();
});

test(`an allocation above MAX_ALLOC_BYTES (${MAX_ALLOC_BYTES}) throws before touching memory, naming the op and the size`, () => {
  const before = memoryStats();
  // a tensor is refused before that (MAX_ELEMENTS floats are 1 GiB): the allocator's own limit
  // guards every other caller (packed weight copies, scratch, optimizer state)
  assert.throws(
    () => allocBytes(MAX_ALLOC_BYTES + 64, 'packed copy'),
    (e: Error) => e.message.startsWith('packed copy: ') && e.message.includes(String(MAX_ALLOC_BYTES + 64)) && e.message.includes(String(MAX_ALLOC_BYTES)),
  );
  assert.throws(() => ones([1]).expand([2 ** 29 + 1]), /^expand: .*above the limit of 268435456/);
  flat('after', before, memoryStats());
});

// -------------------------------------------------------------------------------------------
// A table of failing calls: each row makes what it needs (cheaply) and must throw `expect`.

interface Failing {
  name: string;
  expect: RegExp;
  call: () => unknown;
}

manualSeed(1);
const dead = new nn.Linear({ inFeatures: 3, outFeatures: 2 });
const deadOpt = new optim.SGD(dead.parameters(), { lr: 0.1 });
dead
  .forward(randn([2, 3]))
  .sum()
  .backward();
const deadGraph = dead.forward(randn([2, 3])).sum();
dead.dispose();
const deadEmb = new nn.Embedding({ numEmbeddings: 4, embeddingDim: 3 });
deadEmb.dispose();
const lin = new nn.Linear({ inFeatures: 3, outFeatures: 2 });
const linOpt = new optim.SGD(lin.parameters(), { lr: 0.1 });
const x = randn([2, 3], { requiresGrad: true }); // so that linear's backward reads the weight
lin.forward(x).sum().backward();

const FAILING: Failing[] = [
  { name: 'expand to 2^30 floats', expect: /expand: .*above the limit of 268435456/, call: () => ones([1]).expand([2 ** 30]) },
  {
    name: 'expand to 2^28 floats in a memory that cannot grow',
    expect: /expand: cannot allocate .* out of wasm memory/,
    call: () => {
      setMemoryLimit(memoryStats().wasmBytes);
      try {
        ones([1]).expand([2 ** 28]);
      } finally {
        setMemoryLimit(null);
      }
    },
  },
  { name: 'forward of a disposed Linear', expect: /used after dispose\(\)/, call: () => dead.forward(x) },
  { name: 'backward through a disposed Linear', expect: /used after dispose\(\)/, call: () => deadGraph.backward() },
  { name: 'clipGradNorm of disposed parameters', expect: /used after dispose\(\)/, call: () => nn.utils.clipGradNorm(dead.parameters(), 1) },
  { name: 'clipGradValue of disposed parameters', expect: /used after dispose\(\)/, call: () => nn.utils.clipGradValue(dead.parameters(), 1) },
  { name: 'zeroGrad of disposed parameters', expect: /used after dispose\(\)/, call: () => deadOpt.zeroGrad() },
  { name: 'step of disposed parameters', expect: /used after dispose\(\)/, call: () => deadOpt.step() },
  { name: 'stateDict of a disposed module', expect: /used after dispose\(\)/, call: () => dead.stateDict() },
  { name: 'loadStateDict into a disposed module', expect: /used after dispose\(\)/, call: () => dead.loadStateDict(lin.stateDict()) },
  { name: '.grad of a disposed parameter', expect: /used after dispose\(\)/, call: () => dead.weight.grad },
  { name: 'an Embedding lookup in a disposed table', expect: /used after dispose\(\)/, call: () => deadEmb.forward([0, 1]) },
  { name: 'cat of a disposed parameter', expect: /cat: parameter Linear\.weight .* used after dispose\(\)/, call: () => cat([x, dead.weight]) },
  {
    name: 'backward after an optimizer step changed the weight',
    expect: /modified by an inplace operation/,
    call: () => {
      const y = lin.forward(x).sum();
      linOpt.step();
      y.backward();
    },
  },
];

test(`each kind of failing call, ${REPEAT} times: heap top, wasm memory and live bytes unchanged`, () => {
  for (const f of FAILING) assert.throws(f.call, f.expect, `${f.name} (warm-up)`);
  for (const f of FAILING) {
    const before = memoryStats();
    for (let i = 0; i < REPEAT; i++) {
      try {
        f.call();
      } catch (e) {
        if (!(e instanceof Error) || !f.expect.test(e.message)) throw new Error(`${f.name}: call ${i} threw ${String(e)}`);
        continue;
      }
      assert.unreachable(`${f.name}: call ${i} did not throw`);
    }
    flat(f.name, before, memoryStats());
  }
});

test.after(() => {
  linOpt.dispose();
  lin.dispose();
  deadOpt.dispose();
});

test.run();
