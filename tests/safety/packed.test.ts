// Finding 1 (and the totalLength part of finding 6) of issue 12: a hand-made PackedSequence is
// validated where it is made (PyTorch's rules: positive, non-increasing batchSizes that tile the
// data rows; permutations as sorted/unsorted indices), so no lie about its layout reaches a kernel.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { manualSeed, nn, noGrad, randn, type Tensor, zeros } from '../../engine/index.js';
import { bystander, onBackends, throwsMatching } from './helpers.js';

const { PackedSequence } = nn;
const { packPaddedSequence, padPackedSequence } = nn.utils.rnn;

const test = suite('PackedSequence: validated where made');

test("batchSizes that describe more rows than the data: PyTorch's message, no write outside", () => {
  onBackends(() => {
    const guard = bystander();
    const lstm = new nn.LSTM({ inputSize: 2, hiddenSize: 3 });
    throwsMatching(
      () => lstm.forward(new PackedSequence(zeros([2, 2]), [20000, 20000])),
      /PackedSequence/,
      /start \(0\) \+ length \(20000\) exceeds dimension size \(2\)/,
    );
    throwsMatching(() => new PackedSequence(zeros([2, 2]), [2, 1]), /PackedSequence/, /start \(2\) \+ length \(1\) exceeds dimension size \(2\)/);
    throwsMatching(() => new PackedSequence(zeros([5, 2]), [2, 1]), /PackedSequence/, /describe 3 rows/, /\[5, 2\]/);
    guard.check('oversized batchSizes');
  });
});

test('increasing, zero, negative, NaN, fractional, huge batchSizes', () => {
  const guard = bystander();
  throwsMatching(() => new PackedSequence(zeros([3, 2]), [1, 2]), /PackedSequence/, /non-increasing/, /\[1, 2\]/);
  for (const bad of [[2, 0], [-1, 3], [NaN], [1.5, 0.5], [Infinity], [2 ** 32, 2 ** 32]]) {
    throwsMatching(() => new PackedSequence(zeros([2, 2]), bad), /PackedSequence/, /batchSizes/);
  }
  throwsMatching(() => new PackedSequence(zeros([2, 2]), 'ab' as unknown as number[]), /PackedSequence/, /batchSizes/);
  throwsMatching(() => new PackedSequence(null as unknown as Tensor, [1]), /PackedSequence/, /data must be a Tensor/);
  guard.check('bad batchSizes');
});

test('sortedIndices / unsortedIndices must be inverse permutations of the batch', () => {
  const d = zeros([3, 2]);
  throwsMatching(() => new PackedSequence(d, [2, 1], [0, 5], [0, 1]), /PackedSequence/, /sortedIndices/, /permutation/);
  throwsMatching(() => new PackedSequence(d, [2, 1], [0, 0], [0, 1]), /PackedSequence/, /sortedIndices/, /permutation/);
  throwsMatching(() => new PackedSequence(d, [2, 1], [0, 1, 2], [0, 1, 2]), /PackedSequence/, /sortedIndices/);
  throwsMatching(() => new PackedSequence(d, [2, 1], [1, 0], [0, 1]), /PackedSequence/, /unsortedIndices/, /inverse/);
  throwsMatching(() => new PackedSequence(d, [2, 1], [2 ** 32 + 1, 0], [0, 1]), /PackedSequence/, /sortedIndices/);
  throwsMatching(() => new PackedSequence(d, [2, 1], null, [1, 0]), /PackedSequence/, /unsortedIndices/);
  // as PyTorch: the inverse is computed when only sortedIndices is given
  assert.equal([...new PackedSequence(d, [2, 1], [1, 0]).unsortedIndices!], [1, 0]);
});

test('the description cannot change after validation', () => {
  const bs = [2, 1];
  const p = new PackedSequence(zeros([3, 2]), bs);
  bs[0] = 20000;
  assert.equal([...p.batchSizes], [2, 1]);
});

test('a forged PackedSequence (no constructor) is still refused by the recurrent op', () => {
  onBackends(() => {
    const guard = bystander();
    const forged = Object.assign(Object.create(PackedSequence.prototype), {
      data: zeros([2, 2]),
      batchSizes: [20000, 20000],
      sortedIndices: null,
      unsortedIndices: null,
    });
    for (const m of [new nn.LSTM({ inputSize: 2, hiddenSize: 3 }), new nn.GRU({ inputSize: 2, hiddenSize: 3 })]) {
      throwsMatching(() => m.forward(forged), /batch sizes|batchSizes/);
      throwsMatching(() => noGrad(() => m.forward(forged)), /batch sizes|batchSizes/);
    }
    guard.check('forged PackedSequence');
  });
});

test('a valid hand-made PackedSequence runs as the packed one', () => {
  manualSeed(1);
  const x = randn([3, 2, 2]);
  const p = packPaddedSequence(x, [3, 2]);
  const lstm = new nn.LSTM({ inputSize: 2, hiddenSize: 3 });
  const [a] = lstm.forward(p);
  const [b] = lstm.forward(new PackedSequence(p.data, [2, 2, 1]));
  assert.equal([...b.data.data], [...a.data.data]);
});

test("padPackedSequence: totalLength validated before allocating (PyTorch's message when too short)", () => {
  const p = new PackedSequence(zeros([3, 2]), [2, 1]);
  throwsMatching(
    () => padPackedSequence(p, { totalLength: 1 }),
    /padPackedSequence/,
    /Expected total_length to be at least the length of the longest sequence in input, but got total_length=1 and max sequence length being 2/,
  );
  for (const bad of [NaN, Infinity, -1, 2.5]) throwsMatching(() => padPackedSequence(p, { totalLength: bad }), /padPackedSequence/, /total_?[lL]ength/);
  throwsMatching(() => padPackedSequence(p, { totalLength: 2 ** 31 }), /padPackedSequence/, /2147483648/, /limit/);
  const [out] = padPackedSequence(p, { totalLength: 4 });
  assert.equal(out.shape, [4, 2, 2]);
});

test.run();
