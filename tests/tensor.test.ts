// Tensor.data across memory growth (issue 13 item 2): a read through the tensor always sees the
// current memory; a view kept across a memory.grow is detached by the JS engine (documented on
// Tensor.data), and handing it back to the engine is an Error instead of a silently empty tensor.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { memory } from '../engine/backend/wasm.js';
import { memoryStats, nn, Parameter, Tensor, tensor } from '../engine/index.js';

const DETACHED = /the array is a view of the wasm memory taken before the memory grew \(a kept \.data of a parameter or gradient\)/;
const W = [1, 2, 3, 4, 5, 6];

const test = suite('Tensor.data across memory growth');

test('reads through the tensor are fresh after the memory grows; a kept view is detached and refused by the engine', () => {
  const lin = new nn.Linear({ inFeatures: 3, outFeatures: 2 });
  lin.weight.data.set(W);
  lin.forward(tensor([[1, 0, 0]])).sum().backward(); // dW = [[1, 0, 0], [1, 0, 0]]
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

  // the kept views: detached by the JS engine, as Tensor.data documents
  assert.is(kept.length, 0);
  assert.is(keptGrad.length, 0);
  // … and refused where the engine is given one (tensor(kept) was an empty tensor)
  assert.throws(() => tensor(kept), (e: Error) => /^tensor: /.test(e.message) && DETACHED.test(e.message));
  assert.throws(() => tensor(kept, [2, 3]), DETACHED);
  assert.throws(() => new Tensor(keptGrad, [2, 3]), (e: Error) => /^Tensor: /.test(e.message) && DETACHED.test(e.message));
  assert.throws(() => new Parameter([2, 3], kept), (e: Error) => /^Parameter: /.test(e.message) && DETACHED.test(e.message));
  // an empty array of one's own is still an empty tensor
  assert.equal(tensor(new Float32Array(0)).shape, [0]);
  lin.dispose();
});

test.run();
