// 001-3 (a hand-written LSTM cell; nn.LSTMCell(10, 20) has 2,560 parameters): the printed lines,
// and with --check the hand-written stacked LSTM's and nn.LSTMCell's values, against the article's
// program run with PyTorch (tests/fixtures/articles/001-3*.txt).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../../examples/articles/001-3-lstm-cell.js';
import { assertTranscript, reference, runPort } from './lib.js';

const test = suite('001-3 lstm-cell');

test('prints the reference transcript (LSTMCell 参数量: 2,560)', async () => {
  const t = await runPort(main);
  assertTranscript(t.lines, reference('001-3'), '001-3');
  assert.ok(
    t.notes.some((n) => n.includes('lines 291-324')),
    'a note points to the text-only figure',
  );
});

test("--check: ManualLSTM(10, 20, 2 layers) and nn.LSTMCell values equal PyTorch's (4 decimals)", async () => {
  assertTranscript((await runPort(main, ['--check'])).lines, reference('001-3.check'), '001-3.check');
});

test.run();
