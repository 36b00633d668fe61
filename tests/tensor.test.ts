// Tensor.data across memory growth (issue 13 item 2): a read through the tensor always sees the
// current memory. A view kept across a memory.grow: with an unshared memory (a page without
// cross-origin isolation; here a child Node without SharedArrayBuffer) the JS engine detaches it,
// and handing it back to the engine is an Error instead of a silently empty tensor; with the
// shared memory of the thread pool it stays valid (both documented on Tensor.data).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { memory, memoryShared } from '../engine/backend/wasm.js';
import { memoryStats, nn, tensor } from '../engine/index.js';

const DETACHED = /the array is a view of the wasm memory taken before the memory grew \(a kept \.data of a parameter or gradient\)/;
const W = [1, 2, 3, 4, 5, 6];

const test = suite('Tensor.data across memory growth');

/**
 * Grows the memory under a Linear whose weight and grad views were kept, checks reads through the
 * tensor, and returns the kept views. Written once, run in-process (shared memory) and, as source
 * text, in a child without SharedArrayBuffer (unshared memory).
 */
function growUnderKeptViews(): { kept: Float32Array; keptGrad: Float32Array; lin: nn.Linear } {
  const lin = new nn.Linear({ inFeatures: 3, outFeatures: 2 });
  lin.weight.data.set(W);
  lin
    .forward(tensor([[1, 0, 0]]))
    .sum()
    .backward(); // dW = [[1, 0, 0], [1, 0, 0]]
  const kept = lin.weight.data;
  const keptGrad = lin.weight.grad!.data;
  assert.is(kept.length, 6);
  const before = memoryStats().wasmBytes;
  memory.grow(1); // what an allocation does when the heap is full
  assert.is(memoryStats().wasmBytes, before + 65536);
  // through the tensor (and every view of its storage): the values, never an empty array
  assert.equal(Array.from(lin.weight.data), W);
  assert.equal(Array.from(lin.weight.detach().data), W);
  assert.equal(Array.from(lin.weight.reshape([6]).data), W);
  assert.equal(Array.from(lin.weight.grad!.data), [1, 0, 0, 1, 0, 0]);
  assert.equal(Array.from(lin.weight.toArray()), W);
  return { kept, keptGrad, lin };
}

test('shared memory (Node, the thread pool): reads through the tensor are fresh after the memory grows; a kept view stays valid and aliases the block', () => {
  assert.ok(memoryShared, 'Node with SharedArrayBuffer gets a shared memory');
  const { kept, keptGrad, lin } = growUnderKeptViews();
  assert.equal(Array.from(kept), W);
  assert.equal(Array.from(keptGrad), [1, 0, 0, 1, 0, 0]);
  kept[0] = 9; // a write through the kept view is a write to the parameter
  assert.is(lin.weight.toArray()[0], 9);
  assert.equal(Array.from(tensor(kept, [2, 3]).toArray()), [9, ...W.slice(1)]);
  lin.dispose();
});

test('unshared memory (no SharedArrayBuffer, as a page without cross-origin isolation): a kept view is detached and refused by the engine', () => {
  const url = (f: string) => JSON.stringify(new URL(f, import.meta.url).href);
  const script = `
    import * as assert from 'uvu/assert';
    import { memory, memoryShared } from ${url('../engine/backend/wasm.js')};
    import { memoryStats, nn, Parameter, Tensor, tensor } from ${url('../engine/index.js')};
    const W = ${JSON.stringify(W)};
    const DETACHED = ${DETACHED.toString()};
    assert.is(memoryShared, false);
    const { kept, keptGrad, lin } = (${growUnderKeptViews.toString()})();
    assert.is(kept.length, 0);
    assert.is(keptGrad.length, 0);
    assert.throws(() => tensor(kept), (e) => /^tensor: /.test(e.message) && DETACHED.test(e.message));
    assert.throws(() => tensor(kept, [2, 3]), DETACHED);
    assert.throws(() => new Tensor(keptGrad, [2, 3]), (e) => /^Tensor: /.test(e.message) && DETACHED.test(e.message));
    assert.throws(() => new Parameter([2, 3], kept), (e) => /^Parameter: /.test(e.message) && DETACHED.test(e.message));
    assert.equal(tensor(new Float32Array(0)).shape, [0]); // an empty array of one's own is still an empty tensor
    lin.dispose();
    console.log('ok');`;
  const r = spawnSync(process.execPath, ['--no-harmony-sharedarraybuffer', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 60_000,
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
  });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout.trim(), 'ok');
});

test.run();
