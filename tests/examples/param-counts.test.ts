// param-counts: every model's named_parameters() (names, shapes, numel) and totals against PyTorch
// 1.13 (scripts/demos-a.py), and the printed figures: 2,560; 366,592 vs 274,944 (25.0% fewer); …
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildModels, countParameters, main } from '../../examples/param-counts.js';
import { captureLog, demosA, lineMatching } from './demos-a-lib.js';

const test = suite('param-counts');
const ref = demosA().param_counts;

test('named_parameters, shapes and totals equal PyTorch for every model', () => {
  const models = buildModels();
  assert.equal(Object.keys(models), Object.keys(ref.models));
  for (const [name, m] of Object.entries(models)) {
    const c = countParameters(m);
    assert.equal(c.params, ref.models[name].params, `${name}: named_parameters`);
    assert.is(c.total, ref.models[name].total, `${name}: total`);
    assert.is(c.trainable, ref.models[name].trainable, `${name}: trainable`);
    m.dispose();
  }
});

test('the articles\' figures', () => {
  assert.is(ref.models['LSTMCell(10, 20)'].total, 2560);
  assert.is(ref.models['LSTMCell(100, 256)'].total, 366592);
  assert.is(ref.models['GRUCell(100, 256)'].total, 274944);
  assert.is(ref.gruSavingPercent, 25.0);
});

test('main prints the PyTorch counts', async () => {
  const lines = await captureLog(() => main([]));
  const n = (s: string) => Number(s.replace(/,/g, ''));
  assert.is(n(lineMatching(lines, /^LSTMCell\(10, 20\): (\S+) parameters/)[1]), ref.models['LSTMCell(10, 20)'].total);
  assert.is(n(lineMatching(lines, /^LSTMCell\(100, 256\): .* = (\S+)$/)[1]), ref.models['LSTMCell(100, 256)'].total);
  assert.is(n(lineMatching(lines, /^GRUCell\(100, 256\): .* = (\S+)$/)[1]), ref.models['GRUCell(100, 256)'].total);
  assert.is(Number(lineMatching(lines, /^the GRU has (\S+)% fewer parameters/)[1]), ref.gruSavingPercent);
  for (const [key, re] of [
    ['SequenceClassifier', /^SequenceClassifier: .*: (\S+) parameters/],
    ['TextClassifier(V=43)', /^TextClassifier\(V=43\): .*: (\S+) parameters/],
    ['CharRNN(V=65)', /^CharRNN\(V=65\): .*: (\S+) parameters/],
  ] as const) {
    assert.is(n(lineMatching(lines, re)[1]), ref.models[key].total, key);
  }
  assert.is(n(lineMatching(lines, /^text classifier: .*the dummy-data run: (\S+)\)$/)[1]), ref.models['TextClassifier(V=1000)'].total);
  assert.ok(lines.some((l) => /^embedding\.weight\s+torch\.Size\(\[43, 128\]\)\s+5,504$/.test(l)));
});

test.run();
