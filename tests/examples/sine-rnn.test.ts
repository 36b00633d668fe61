// examples/sine-rnn.ts in a short run (2 epochs) against scripts/demos-b.py: data shapes,
// state_dict, parameter count and the seeded initial loss to 4 decimals.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../examples/sine-rnn.js';
import { checkPlot, grab, LOSS_TOL, parameterTable, parseShape, runDemo, tmpOut, torchFigures, torchVersion } from './run-demo.js';

const want = torchFigures('sine-rnn');
const s = suite(`examples/sine-rnn vs torch ${torchVersion}`);
let lines: string[] = [];
const out = tmpOut();
s.before(async () => { lines = await runDemo(main, ['--epochs', '2', '--out', out]); });

s('windows of 20: X and y shapes', () => {
  const m = grab(lines, /^X shape: (\[.*\]), y shape: (\[.*\])$/);
  assert.equal(parseShape(m[1]), want.xShape);
  assert.equal(parseShape(m[2]), want.yShape);
});
s('state_dict names, shapes and parameter count equal PyTorch\'s', () => {
  const { params, total } = parameterTable(lines);
  assert.equal(params, want.params);
  assert.is(total, want.numParameters);
});
s('seeded initial loss equals PyTorch\'s to 4 decimals', () => {
  const got = Number(grab(lines, /^initial loss \(untrained model, 980 windows\): ([\d.]+)$/)[1]);
  assert.ok(Math.abs(got - want.initialLoss) < LOSS_TOL, `seqgrad ${got} vs torch ${want.initialLoss}`);
});
s('forecast and plot', () => {
  grab(lines, /^Epoch \[2\/2\], Loss: [\d.]+$/);
  const mse = Number(grab(lines, /^forecast of 50 steps: MSE vs the true sine ([\d.]+)$/)[1]);
  assert.ok(Number.isFinite(mse));
  checkPlot(lines, out, 'sine-rnn.svg');
});
s.run();
