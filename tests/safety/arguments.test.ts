// Issue 12, item 1: arguments of the wrong kind (null, strings, lists for tensors, a 3-D weight)
// are plain Errors naming the op, never a TypeError from inside; token ids are checked as numbers
// before they are packed into a float32 tensor (2^32 + 1 is not read as 2^32, null not as 0).
import { suite } from 'uvu';
import { data, F, nn, randn, seq2seq, zeros, type Tensor } from '../../engine/index.js';
import { throwsMatching } from './helpers.js';

const test = suite('arguments of the wrong kind');
const x = randn([3, 4]);

test('shape arguments and tensors', () => {
  throwsMatching(() => x.reshape(null as unknown as number[]), /reshape/, /shape/);
  throwsMatching(() => x.view('ab' as unknown as number[]), /view/, /shape/);
  throwsMatching(() => x.expand(null as unknown as number[]), /expand/, /shape/);
  throwsMatching(() => F.linear(x, randn([2, 4, 1])), /linear/, /weight/, /\[2, 4, 1\]/);
});

test('packed-sequence helpers', () => {
  throwsMatching(() => nn.utils.rnn.padPackedSequence(null as unknown as nn.PackedSequence), /padPackedSequence/, /PackedSequence/);
  throwsMatching(() => nn.utils.rnn.packPaddedSequence(zeros([2, 1, 1]), null as unknown as number[]), /packPaddedSequence/, /lengths/);
});

test('token ids: vocabularies and the seq2seq model', () => {
  throwsMatching(() => new data.Vocab(['a']).decode(null as unknown as number[]), /Vocab\.decode/);
  const v = seq2seq.buildVocabs([{ src: 'a b', tgt: 'c d' }]);
  const tr = seq2seq.Translator.create(v.src, v.tgt, { embSize: 2, hiddenSize: 2 });
  throwsMatching(() => tr.translate(null as unknown as string[]), /translate/, /sentences/);
  const m = new seq2seq.Seq2Seq({ srcVocabSize: 6, tgtVocabSize: 6, embSize: 4, hiddenSize: 4 });
  throwsMatching(() => m.translate([[null as unknown as number, 1]]), /Seq2Seq\.translate/, /null/);
  throwsMatching(() => m.translate([[2 ** 32 + 1, 1]]), /Seq2Seq\.translate/, /4294967297/);
  throwsMatching(() => m.beamSearch([[3, 6]], { beamWidth: 2 }), /Seq2Seq\.beamSearch/, /6/);
  throwsMatching(() => m.forward([[3, 1]] as unknown as Tensor, [2], zeros([1, 3])), /Seq2Seq\.forward/, /src/);
});

test.run();
