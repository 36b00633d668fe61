// examples/seq2seq-plain.ts in a short run (1 epoch) against scripts/demos-b.py: vocabulary, the
// seeded digit-string pairs (torch.randint), the split, batch shapes through encoder and decoder,
// state_dict and parameter count.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../examples/seq2seq-plain.js';
import { checkPlot, grab, parameterTable, parseShape, runDemo, tmpOut, torchFigures, torchVersion } from './run-demo.js';
import { assertPrinted, torchRun } from './printed.js';

const want = torchFigures('seq2seq-plain');
const run = torchRun('seq2seq-plain');
const s = suite(`examples/seq2seq-plain vs torch ${torchVersion}`);
let lines: string[] = [];
const out = tmpOut();
s.before(async () => {
  lines = await runDemo(main, ['--epochs', '1', '--out', out]);
});

s('vocabulary and the seeded pairs', () => {
  const v = grab(lines, /^vocabulary size: (\d+) \((.*)\)$/);
  assert.is(Number(v[1]), want.vocabSize);
  assert.equal(v[2].split(' '), want.itos);
  const p = grab(lines, /^(\d+) pairs, e\.g\. "(.*?)" → "(.*?)", "(.*?)" → "(.*?)", "(.*?)" → "(.*?)"$/);
  assert.is(Number(p[1]), want.numPairs);
  assert.equal([p[2], p[4], p[6]], want.firstPairs);
  assert.equal(
    [p[3], p[5], p[7]],
    want.firstPairs.map((x: string) => x.split(' ').reverse().join(' ')),
  );
  const t = grab(lines, /^train: (\d+), test: (\d+) /);
  assert.equal([Number(t[1]), Number(t[2])], [want.nTrain, want.nTest]);
});
s('one batch: source → context hn; decoder input → logits', () => {
  const m = grab(lines, /^one batch: source (\[.*?\]) → encoder context hn (\[.*?\]); decoder input (\[.*?\]) → logits (\[.*?\])$/);
  const b = want.batchShapes;
  assert.equal(m.slice(1).map(parseShape), [b.source, b.context, b.decoderInput, b.logits]);
});
s("state_dict names, shapes and parameter count equal PyTorch's", () => {
  const { params, total } = parameterTable(lines);
  assert.equal(params, want.params);
  assert.is(total, want.numParameters);
});
s("epoch loss, teacher-forced batches and exact match equal PyTorch's (scripts/demo-runs.py)", () => {
  const m = grab(lines, /^Epoch \[1\/1\] loss (\S+) \(teacher forcing in (\d+)\/(\d+) batches\), test exact match (\S+)%$/);
  assertPrinted('epoch loss', m[1], run.loss, 4);
  assert.equal([Number(m[2]), Number(m[3])], [run.forced, run.batches], 'teacher-forcing coins');
  assertPrinted('test exact match', m[4], run.exactMatch, 1);
  const b = grab(lines, /^test exact match by source length: (.*)$/)[1]
    .split(', ')
    .map((x) => x.split(': '));
  assert.equal(
    b.map(([L]) => L),
    Object.keys(run.byLength),
  );
  for (const [L, pct] of b) assertPrinted(`exact match, length ${L}`, pct.replace('%', ''), run.byLength[L], 0);
});
s('greedy decoding and plot', () => {
  checkPlot(lines, out, 'seq2seq-plain.svg');
});
s.run();
