// Bad input to the recurrent layers: clear Errors naming the layer and the shapes.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { nn, randn, zeros } from '../../engine/index.js';

const test = suite('recurrent layers: bad input');

function throwsMatching(fn: () => unknown, ...patterns: RegExp[]): void {
  let err: unknown = null;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof Error, 'expected an Error');
  for (const p of patterns) assert.match((err as Error).message, p);
}

test('wrong feature size names the layer, the sizes and the input shape', () => {
  const lstm = new nn.LSTM({ inputSize: 8, hiddenSize: 4 });
  throwsMatching(() => lstm.forward(randn([20, 3, 5])), /LSTM\.forward/, /5 features, expected 8/, /\[20, 3, 5\]/);
  const gru = new nn.GRU({ inputSize: 3, hiddenSize: 4, batchFirst: true });
  throwsMatching(() => gru.forward(randn([2, 7, 4])), /GRU\.forward/, /4 features, expected 3/, /\[2, 7, 4\]/);
  const cell = new nn.LSTMCell({ inputSize: 3, hiddenSize: 2 });
  throwsMatching(() => cell.forward(randn([2, 4])), /LSTMCell\.forward/, /4 features, expected 3/);
});

test('wrong h0 / c0 shape', () => {
  const lstm = new nn.LSTM({ inputSize: 3, hiddenSize: 4, numLayers: 2 });
  throwsMatching(() => lstm.forward(randn([5, 2, 3]), [zeros([1, 2, 4]), zeros([2, 2, 4])]), /LSTM\.forward/, /h0/, /\[2, 2, 4\]/, /\[1, 2, 4\]/);
  throwsMatching(() => lstm.forward(randn([5, 2, 3]), [zeros([2, 2, 4]), zeros([2, 3, 4])]), /LSTM\.forward/, /c0/, /\[2, 3, 4\]/);
  const rnn = new nn.RNN({ inputSize: 3, hiddenSize: 4, bidirectional: true });
  throwsMatching(() => rnn.forward(randn([5, 2, 3]), zeros([1, 2, 4])), /RNN\.forward/, /\[2, 2, 4\]/);
  const cell = new nn.GRUCell({ inputSize: 3, hiddenSize: 2 });
  throwsMatching(() => cell.forward(randn([4, 3]), zeros([3, 2])), /GRUCell\.forward/, /\[4, 2\]/, /\[3, 2\]/);
});

test('input rank', () => {
  const rnn = new nn.RNN({ inputSize: 3, hiddenSize: 4 });
  throwsMatching(() => rnn.forward(randn([2, 3, 4, 3])), /RNN\.forward/, /\[2, 3, 4, 3\]/);
});

test('lengths longer than T, zero, wrong count, unsorted with enforceSorted', () => {
  const x = randn([5, 3, 2]);
  throwsMatching(() => nn.utils.rnn.packPaddedSequence(x, [6, 2, 1]), /packPaddedSequence/, /6/, /5 steps/);
  throwsMatching(() => nn.utils.rnn.packPaddedSequence(x, [5, 0, 1]), /packPaddedSequence/, /positive/);
  throwsMatching(() => nn.utils.rnn.packPaddedSequence(x, [5, 2]), /packPaddedSequence/, /3 lengths/);
  throwsMatching(() => nn.utils.rnn.packPaddedSequence(x, [2, 5, 1]), /packPaddedSequence/, /decreasing/, /enforceSorted/);
  // the same lengths are fine without enforceSorted
  const p = nn.utils.rnn.packPaddedSequence(x, [2, 5, 1], { enforceSorted: false });
  assert.equal(p.batchSizes, [3, 2, 1, 1, 1]);
});

test('bad options', () => {
  throwsMatching(() => new nn.LSTM({ inputSize: 3, hiddenSize: 4, projSize: 4 }), /LSTM/, /projSize/);
  throwsMatching(() => new nn.GRU({ inputSize: 0, hiddenSize: 4 }), /GRU/, /inputSize/);
  throwsMatching(() => new nn.RNN({ inputSize: 2, hiddenSize: 4, nonlinearity: 'sigmoid' as 'tanh' }), /RNN/, /nonlinearity/);
});

test.run();
