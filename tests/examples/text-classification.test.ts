// examples/text-classification.ts in a short run (1 epoch) against the PyTorch figures of
// scripts/demos-b.py: vocabulary, data and batch shapes, state_dict names/shapes, parameter count,
// and the seeded initial loss (manualSeed(42), same init, same data) to 4 decimals.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../examples/text-classification.js';
import { checkPlot, grab, LOSS_TOL, parameterTable, parseShape, runDemo, tmpOut, torchFigures, torchVersion } from './run-demo.js';

const want = torchFigures('text-classification');
const s = suite(`examples/text-classification vs torch ${torchVersion}`);
let lines: string[] = [];
const out = tmpOut();
s.before(async () => { lines = await runDemo(main, ['--epochs', '1', '--out', out]); });

s('vocabulary of 43 from 8 sentences × 50; data and split sizes', () => {
  assert.is(want.vocabSize, 43);
  assert.is(Number(grab(lines, /^vocabulary size: (\d+) \(41 words \+ <PAD>, <UNK>\)$/)[1]), want.vocabSize);
  assert.is(Number(grab(lines, /^(\d+) sentences × 50 = (\d+) examples$/)[1]), want.numSentences);
  assert.equal(parseShape(grab(lines, /^padded data: (\[.*\])$/)[1]), want.dataShape);
  const m = grab(lines, /^train: (\d+), validation: (\d+)$/);
  assert.equal([Number(m[1]), Number(m[2])], [want.nTrain, want.nVal]);
});
s('state_dict names, shapes and parameter count equal PyTorch\'s', () => {
  const { params, total } = parameterTable(lines);
  assert.equal(params, want.params);
  assert.is(total, want.numParameters);
});
s('shapes of one batch: input → embedded → hn, cn → [hn[-2]; hn[-1]] → logits', () => {
  const m = grab(lines, /^shapes of one batch: input (\[.*?\]) → embedded (\[.*?\]) → LSTM hn (\[.*?\]), cn (\[.*?\]) → \[hn\[-2\]; hn\[-1\]\] (\[.*?\]) → logits (\[.*?\])$/);
  const b = want.batchShapes;
  assert.equal(m.slice(1).map(parseShape), [b.input, b.embedded, b.hn, b.cn, b.hcat, b.logits]);
});
s('seeded initial loss equals PyTorch\'s to 4 decimals', () => {
  const got = Number(grab(lines, /^initial loss \(untrained model, 320 training examples\): ([\d.]+)$/)[1]);
  assert.ok(Math.abs(got - want.initialLoss) < LOSS_TOL, `seqgrad ${got} vs torch ${want.initialLoss}`);
});
s('predictions: the test sentences encode as in PyTorch, with probabilities summing to 1', () => {
  for (const ids of want.testIds as number[][]) grab(lines, new RegExp(`^ {4}ids \\[${ids.join(', ')}\\]`));
  const preds = lines.filter((l) => /→ (positive|negative) \(P\(negative\) = /.test(l));
  assert.is(preds.length, 2);
  for (const p of preds) {
    const m = p.match(/P\(negative\) = ([\d.]+), P\(positive\) = ([\d.]+)/)!;
    assert.ok(Math.abs(Number(m[1]) + Number(m[2]) - 1) < 2e-4, p);
  }
  grab(lines, /^Epoch \[1\/1\] train loss [\d.]+, train acc [\d.]+%, val loss [\d.]+, val acc [\d.]+%, lr /);
  checkPlot(lines, out, 'text-classification.svg');
});
s.run();
