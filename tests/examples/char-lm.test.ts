// examples/char-lm.ts in a short run (1 epoch) against scripts/demos-b.py: text and vocabulary,
// windows, the i2h/i2o cell's step shapes, state_dict and parameter count; loss/perplexity lines.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../examples/char-lm.js';
import { checkPlot, grab, parameterTable, parseShape, runDemo, tmpOut, torchFigures, torchVersion } from './run-demo.js';
import { assertPrinted, torchRun } from './printed.js';

const want = torchFigures('char-lm');
const run = torchRun('char-lm');
const s = suite(`examples/char-lm vs torch ${torchVersion}`);
let lines: string[] = [];
const out = tmpOut();
s.before(async () => {
  lines = await runDemo(main, ['--epochs', '1', '--length', '30', '--out', out]);
});

s('text, vocabulary and windows', () => {
  const m = grab(lines, /^text length: (\d+), vocabulary size: (\d+) \((".*")\)$/);
  assert.equal([Number(m[1]), Number(m[2]), JSON.parse(m[3])], [want.textLength, want.vocabSize, want.chars]);
  assert.is(Number(grab(lines, /^training windows: (\d+) of 32 characters$/)[1]), want.numSequences);
  assert.is(Number(grab(lines, /^batches per epoch: (\d+)$/)[1]), want.batchesPerEpoch);
});
s('one step of the cell: input ⊕ hidden → combined → hidden, output', () => {
  const m = grab(
    lines,
    /^one step on a batch of 64: input (\[.*?\]) \(one-hot\) ⊕ hidden (\[.*?\]) → combined (\[.*?\]) → i2h → hidden (\[.*?\]); i2o \+ LogSoftmax → output (\[.*?\])$/,
  );
  const w = want.step;
  assert.equal([m[1], m[3], m[4], m[5]].map(parseShape), [w.input, w.combined, w.hidden, w.output]);
  assert.equal(parseShape(m[2]), w.hidden);
});
s("state_dict names (i2h, i2o), shapes and parameter count equal PyTorch's", () => {
  const { params, total } = parameterTable(lines);
  assert.equal(params, want.params);
  assert.is(total, want.numParameters);
});
s("initial and epoch loss equal PyTorch's (scripts/demo-runs.py); perplexity = e^loss", () => {
  const m = grab(lines, /^initial loss (\S+), perplexity (\S+)$/);
  assertPrinted('initial loss', m[1], run.initialLoss, 4);
  assertPrinted('initial perplexity', m[2], Math.exp(run.initialLoss), 2);
  const e = grab(lines, /^Epoch \[1\/1\], loss (\S+), perplexity (\S+)$/);
  assertPrinted('epoch loss', e[1], run.losses[0], 4);
  assertPrinted('epoch perplexity', e[2], Math.exp(run.losses[0]), 2);
});
s('30 sampled characters after the prime; plot', () => {
  const i = lines.findIndex((l) => l.startsWith('sampled (prime "the network", temperature 0.5, 30 characters):'));
  assert.is(lines[i + 1].length, 'the network'.length + 30);
  checkPlot(lines, out, 'char-lm.svg');
});
s.run();
