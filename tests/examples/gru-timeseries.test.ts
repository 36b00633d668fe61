// examples/gru-timeseries.ts in a short run (1 epoch) against scripts/demos-b.py: the noisy series
// (numpy RandomState(42)), the MinMaxScaler(-1, 1) fit, window shapes, GRU shapes, state_dict and
// parameter count.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../examples/gru-timeseries.js';
import { checkPlot, grab, parameterTable, parseShape, PRINT_TOL, runDemo, tmpOut, torchFigures, torchVersion } from './run-demo.js';

const want = torchFigures('gru-timeseries');
const s = suite(`examples/gru-timeseries vs torch ${torchVersion}`);
let lines: string[] = [];
const out = tmpOut();
s.before(async () => { lines = await runDemo(main, ['--epochs', '1', '--out', out]); });

const close = (got: number[], exp: number[], what: string) => {
  assert.is(got.length, exp.length, what);
  got.forEach((v, i) => assert.ok(Math.abs(v - exp[i]) < PRINT_TOL, `${what}[${i}]: ${v} vs ${exp[i]}`));
};
s('noisy series and MinMaxScaler(-1, 1) equal numpy\'s', () => {
  close(grab(lines, /^series: 1000 points, first 3: (.*)$/)[1].split(', ').map(Number), want.firstNoisy, 'noisy');
  const m = grab(lines, /^MinMaxScaler\(-1, 1\) fitted on the first 800 points: data min (\S+), data max (\S+)$/);
  close([Number(m[1]), Number(m[2])], [want.dataMin, want.dataMax], 'data min/max');
  close(grab(lines, /^scaled, first 3: (.*)$/)[1].split(', ').map(Number), want.firstScaled, 'scaled');
});
s('window, GRU and batch shapes', () => {
  const m = grab(lines, /^train X (\[.*?\]), y (\[.*?\]); test X (\[.*?\]), y (\[.*?\])$/);
  assert.equal(parseShape(m[1]), want.trainX);
  assert.equal(parseShape(m[3]), want.testX);
  assert.equal(parseShape(m[2]), [want.trainX[0], 1]);
  const g = grab(lines, /^GRU on one batch: output (\[.*?\]), hn (\[.*?\])$/);
  assert.equal([parseShape(g[1]), parseShape(g[2])], [want.gruOut, want.gruHn]);
  assert.is(Number(grab(lines, /^batches per epoch: (\d+)$/)[1]), want.batchesPerEpoch);
});
s('state_dict names, shapes and parameter count equal PyTorch\'s', () => {
  const { params, total } = parameterTable(lines);
  assert.equal(params, want.params);
  assert.is(total, want.numParameters);
});
s('test predictions and plot', () => {
  grab(lines, /^Epoch \[1\/1\], train loss: [\d.]+, test loss: [\d.]+$/);
  grab(lines, /^test RMSE vs the noisy data: [\d.]+; vs the clean sine: [\d.]+/);
  checkPlot(lines, out, 'gru-timeseries.svg');
});
s.run();
