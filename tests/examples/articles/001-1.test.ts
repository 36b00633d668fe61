// 001-1 (a hand-written RNN in torch and nn.RNN): the nine shapes, and with --check the values of
// every result, against the article's program run with PyTorch (tests/fixtures/articles/001-1*.txt).
import { suite } from 'uvu';
import { main } from '../../../examples/articles/001-1-simple-rnn-torch.js';
import { assertTranscript, reference, runPort } from './lib.js';

const test = suite('001-1 simple-rnn-torch');

test('prints the reference transcript', async () => {
  assertTranscript((await runPort(main)).lines, reference('001-1'), '001-1');
});

test("--check: the hand-written RNN's and nn.RNN's values equal PyTorch's (4 decimals)", async () => {
  assertTranscript((await runPort(main, ['--check'])).lines, reference('001-1.check'), '001-1.check');
});

test.run();
