// 001-5 (a hand-written GRU cell; nn.LSTMCell vs nn.GRUCell(100, 256) counts): the printed lines,
// and with --check the hand-written cell's values, against the article's program run with PyTorch
// (tests/fixtures/articles/001-5*.txt).
import { suite } from 'uvu';
import { main } from '../../../examples/articles/001-5-gru-cell.js';
import { assertTranscript, reference, runPort } from './lib.js';

const test = suite('001-5 gru-cell');

test("prints the reference transcript (366,592 vs 274,944: 25.0%), with a pointer instead of the article's table", async () => {
  assertTranscript((await runPort(main)).lines, reference('001-5'), '001-5');
});

test("--check: three steps of the hand-written GRUCell(10, 20) equal PyTorch's (4 decimals)", async () => {
  assertTranscript((await runPort(main, ['--check'])).lines, reference('001-5.check'), '001-5.check');
});

test.run();
