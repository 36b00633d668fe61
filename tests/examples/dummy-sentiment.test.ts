// examples/dummy-sentiment.ts in a short run (1 epoch) against scripts/demos-b.py: the random data
// (torch.randint after manual_seed(42)), the 80/20 split, state_dict, parameter count and the
// seeded initial loss to 4 decimals.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../examples/dummy-sentiment.js';
import { checkPlot, grab, LOSS_TOL, parameterTable, parseShape, runDemo, tmpOut, torchFigures, torchVersion } from './run-demo.js';

const want = torchFigures('dummy-sentiment');
const s = suite(`examples/dummy-sentiment vs torch ${torchVersion}`);
let lines: string[] = [];
const out = tmpOut();
s.before(async () => { lines = await runDemo(main, ['--epochs', '1', '--out', out]); });

s('random tokens and labels equal torch.randint\'s after manual_seed(42)', () => {
  const m = grab(lines, /^data: X (\[.*?\]) random token ids in \[0, 1000\), first row starts ([\d, ]+); labels: (\d+) ones, (\d+) zeros$/);
  assert.equal(parseShape(m[1]), want.xShape);
  assert.equal(m[2].split(', ').map(Number), want.firstRow);
  assert.is(Number(m[3]), want.positives);
  const t = grab(lines, /^train: (\d+) \((\d+) ones\), test: (\d+)$/);
  assert.equal(t.slice(1).map(Number), [want.nTrain, want.trainPositives, want.nTest]);
});
s('state_dict names, shapes and parameter count equal PyTorch\'s', () => {
  const { params, total } = parameterTable(lines);
  assert.equal(params, want.params);
  assert.is(total, want.numParameters);
});
s('seeded initial loss equals PyTorch\'s to 4 decimals', () => {
  const got = Number(grab(lines, /^initial loss \(untrained model, 800 training examples\): ([\d.]+)$/)[1]);
  assert.ok(Math.abs(got - want.initialLoss) < LOSS_TOL, `seqgrad ${got} vs torch ${want.initialLoss}`);
});
s('epoch line, final accuracy and plot', () => {
  grab(lines, /^Epoch \[1\/1\] train loss [\d.]+, train acc [\d.]+%, test loss [\d.]+, test acc [\d.]+%$/);
  const acc = Number(grab(lines, /^final test accuracy ([\d.]+)%/)[1]);
  assert.ok(acc > 30 && acc < 70, `random labels: ${acc}% should be near chance`);
  checkPlot(lines, out, 'dummy-sentiment.svg');
});
s.run();
