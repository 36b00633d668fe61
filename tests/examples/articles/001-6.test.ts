// 001-6 (LSTM encoder, decoder and Seq2Seq with teacher forcing): the printed line, and with
// --check one forward pass of the article's modules (torch init, randint inputs, numpy's teacher
// forcing draws) against the article's program run with PyTorch (tests/fixtures/articles/001-6*.txt).
import { suite } from 'uvu';
import { main } from '../../../examples/articles/001-6-seq2seq.js';
import { assertTranscript, reference, runPort } from './lib.js';

const test = suite('001-6 seq2seq-teacher-forcing');

test('prints the reference transcript', async () => {
  assertTranscript((await runPort(main)).lines, reference('001-6'), '001-6');
});

test("--check: Seq2Seq(Encoder(12, 8, 16, 2), Decoder(10, 8, 16, 2)) outputs equal PyTorch's (4 decimals)", async () => {
  assertTranscript((await runPort(main, ['--check'])).lines, reference('001-6.check'), '001-6.check');
});

test.run();
