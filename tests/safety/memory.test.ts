// Issue 12: 1,000 failing calls of every kind of the hostile-input suites leave the wasm heap as
// it was (heap top, wasm memory, live bytes): the checks run before anything is allocated.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  F,
  gather,
  indexSelect,
  io,
  manualSeed,
  matmul,
  memoryStats,
  multinomial,
  nn,
  noGrad,
  ones,
  optim,
  randn,
  tensor,
  type Tensor,
  zeros,
} from '../../engine/index.js';
import { bystander, onBackends } from './helpers.js';

const CALLS = 1000;

const test = suite('failing calls: flat memory');

test(`${CALLS} failing calls of each kind: heap top, wasm memory and live bytes unchanged`, () => {
  onBackends((b) => {
    manualSeed(0);
    const guard = bystander();
    const lstm = new nn.LSTM({ inputSize: 2, hiddenSize: 3 });
    const emb = new nn.Embedding({ numEmbeddings: 5, embeddingDim: 3 });
    const lin = new nn.Linear({ inFeatures: 2, outFeatures: 2 });
    const x = randn([3, 4]);
    const forged = Object.assign(Object.create(nn.PackedSequence.prototype), {
      data: zeros([2, 2]),
      batchSizes: [20000, 20000],
      sortedIndices: null,
      unsortedIndices: null,
    });
    const bytes = io.saveStateDict({ w: tensor([1, 2]) });
    bytes[8 + 10] ^= 0xff; // a broken header
    const kinds: Record<string, () => unknown> = {
      'hand-made PackedSequence': () => new nn.PackedSequence(zeros([2, 2]), [20000, 20000]),
      'forged PackedSequence (grad)': () => lstm.forward(forged),
      'forged PackedSequence (no grad)': () => noGrad(() => lstm.forward(forged)),
      'padPackedSequence totalLength 2^31': () => nn.utils.rnn.padPackedSequence(new nn.PackedSequence(zeros([3, 2]), [2, 1]), { totalLength: 2 ** 31 }),
      'Embedding 2^32': () => emb.forward([2 ** 32]),
      'crossEntropy 2^32 + 1': () => F.crossEntropy(x, [0, 1, 2 ** 32 + 1]),
      'gather 2^32': () => gather(x, 1, tensor([[2 ** 32]])),
      'indexSelect 2^32': () => indexSelect(x, 0, [2 ** 32]),
      'expand 2^30': () => ones([1]).expand([2 ** 30]),
      'zeros 2^40': () => zeros([2 ** 40]),
      'matmul mismatch': () => matmul(x, randn([5, 2])),
      'multinomial 2^31': () => multinomial(tensor([0.5, 0.5]), 2 ** 31, { replacement: true }),
      'SGD lr NaN': () => new optim.SGD(lin.parameters(), { lr: NaN }),
      'loadStateDict null entry': () => lin.loadStateDict({ weight: zeros([2, 2]), bias: null as unknown as Tensor }),
      'corrupt safetensors': () => io.loadStateDict(bytes),
    };
    const runAll = (n: number) => {
      for (const [name, f] of Object.entries(kinds)) {
        for (let i = 0; i < n; i++) {
          let threw = false;
          try {
            f();
          } catch (e) {
            threw = e instanceof Error && e.constructor === Error;
          }
          if (!threw) assert.unreachable(`${b} ${name}: expected a plain Error`);
        }
      }
    };
    runAll(1); // warm-up: lazily made caches and scratch chunks
    const before = memoryStats();
    runAll(CALLS);
    const after = memoryStats();
    assert.is(after.heapTop, before.heapTop, `${b}: heap top`);
    assert.is(after.wasmBytes, before.wasmBytes, `${b}: wasm memory`);
    assert.is(after.liveBytes, before.liveBytes, `${b}: live bytes`);
    guard.check(`${b}: failing calls`);
    for (const m of [lstm, emb, lin]) m.dispose();
  });
});

test.run();
