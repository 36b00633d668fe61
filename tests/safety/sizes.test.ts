// Finding 6 of issue 12: sizes are validated before anything is allocated. Shape arguments refuse
// NaN / Infinity / negative / fractional / too-large sizes with an Error naming the op; GEMM-based
// ops with an empty inner dimension return zeros as PyTorch; beam widths are bounded.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  arange,
  F,
  full,
  matmul,
  MAX_ELEMENTS,
  memoryStats,
  multinomial,
  ones,
  Parameter,
  rand,
  randint,
  randn,
  seq2seq,
  tensor,
  zeros,
} from '../../engine/index.js';
import { bystander, onBackends, throwsMatching } from './helpers.js';

const test = suite('sizes: validated before allocating');

test('matmul / linear with an inner dimension of 0 give zeros (PyTorch), both backends', () => {
  onBackends((b) => {
    const guard = bystander();
    const a = zeros([3, 0], { requiresGrad: true });
    const w = zeros([0, 4], { requiresGrad: true });
    const y = matmul(a, w);
    assert.equal(y.shape, [3, 4]);
    assert.ok(
      y.data.every((v) => v === 0),
      `${b}: zeros`,
    );
    y.sum().backward();
    assert.equal(a.grad!.shape, [3, 0]);
    assert.equal(matmul(zeros([2, 5, 0]), zeros([2, 0, 3])).shape, [2, 5, 3]);
    assert.equal(matmul(zeros([2, 5, 0]), zeros([0, 3])).shape, [2, 5, 3]);
    assert.equal(matmul(zeros([0]), zeros([0])).item(), 0);
    assert.equal([...matmul(zeros([2, 0]), zeros([0])).data], [0, 0]);
    // empty outer dimensions: empty results
    assert.equal(matmul(zeros([0, 3]), zeros([3, 4])).shape, [0, 4]);
    assert.equal(matmul(zeros([2, 3]), zeros([3, 0])).shape, [2, 0]);
    const lin = F.linear(zeros([2, 0]), zeros([3, 0]), tensor([1, 2, 3]));
    assert.equal([...lin.data], [1, 2, 3, 1, 2, 3]);
    guard.check(`${b} empty GEMMs`);
  });
});

test('shape arguments: NaN, Infinity, negative, fractional and too-large sizes are plain Errors', () => {
  const guard = bystander();
  const before = memoryStats();
  const bad = [[NaN], [Infinity], [-1], [2.5], [2 ** 40], [2 ** 20, 2 ** 20], [MAX_ELEMENTS + 1]];
  for (const shape of bad) {
    throwsMatching(() => zeros(shape), /zeros/);
    throwsMatching(() => ones(shape), /ones/);
    throwsMatching(() => full(shape, 1), /full/);
    throwsMatching(() => randn(shape), /randn/);
    throwsMatching(() => rand(shape), /rand/);
    throwsMatching(() => randint(0, 3, shape), /randint/);
    throwsMatching(() => new Parameter(shape), /Parameter/);
    if (shape[0] !== -1) throwsMatching(() => ones([1]).expand(shape), /expand/); // -1 keeps a dim
    throwsMatching(() => ones([1]).repeat(shape), /repeat/);
  }
  throwsMatching(() => zeros([2 ** 20, 2 ** 20]), /zeros/, /1099511627776 elements/, /limit/);
  throwsMatching(() => ones([1]).expand([2 ** 30]), /expand/, /limit/);
  throwsMatching(() => ones([2]).reshape([NaN]), /reshape/);
  throwsMatching(() => ones([2]).view([Infinity, 2]), /view/);
  for (const [a, b, c] of [
    [0, NaN, 1],
    [0, Infinity, 1],
    [0, 1e12, 1],
    [0, 1, NaN],
    [NaN, 1, 1],
  ])
    throwsMatching(() => arange(a, b, c), /arange/);
  throwsMatching(() => tensor([1, 2], [NaN]), /tensor/);
  throwsMatching(() => multinomial(tensor([0.5, 0.5]), 2 ** 31, { replacement: true }), /multinomial/, /limit/);
  const after = memoryStats();
  assert.is(after.heapTop, before.heapTop, 'nothing was allocated in the wasm heap');
  guard.check('shape arguments');
});

test('beam search: beamWidth above MAX_BEAM_WIDTH is refused up front', () => {
  assert.ok(seq2seq.MAX_BEAM_WIDTH >= 10 && seq2seq.MAX_BEAM_WIDTH <= 1000);
  const m = new seq2seq.Seq2Seq({ srcVocabSize: 6, tgtVocabSize: 6, embSize: 4, hiddenSize: 4 });
  const t0 = Date.now();
  throwsMatching(() => m.beamSearch([[3, 1]], { beamWidth: 1_000_000 }), /beamSearch/, /1000000/, new RegExp(String(seq2seq.MAX_BEAM_WIDTH)));
  throwsMatching(() => m.beamSearch([[3, 1]], { beamWidth: NaN }), /beamSearch/);
  assert.ok(Date.now() - t0 < 1000);
});

test.run();
