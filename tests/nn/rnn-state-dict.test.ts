// A PyTorch nn.LSTM state_dict saved as safetensors by scripts/gen-fixtures-rnn.py loads without
// renaming and reproduces PyTorch's outputs; and a seqgrad state dict round-trips through the format.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { io, manualSeed, nn, noGrad, randn, tensor } from '../../engine/index.js';
import { assertClose } from '../lib/assert-close.js';

const RTOL = 1e-4;
const ATOL = 1e-5;
const fixtures = new URL('../../../tests/fixtures/rnn/', import.meta.url);

const test = suite('LSTM state_dict from PyTorch');

test('loads the safetensors file and gives PyTorch outputs', () => {
  const spec = JSON.parse(readFileSync(new URL('lstm_state.json', fixtures), 'utf8'));
  const state = io.loadStateDict(new Uint8Array(readFileSync(new URL(spec.stateDictFile, fixtures))));
  assert.equal(Object.keys(state), spec.keys, 'keys in PyTorch order');
  const c = spec.config;
  const lstm = new nn.LSTM({ inputSize: c.inputSize, hiddenSize: c.hiddenSize, numLayers: c.numLayers, bidirectional: c.bidirectional });
  lstm.loadStateDict(state);
  const [out, [hn, cn]] = noGrad(() => lstm.forward(tensor(spec.inputs.x.data, spec.inputs.x.shape)));
  for (const [name, t] of [
    ['out', out],
    ['hn', hn],
    ['cn', cn],
  ] as const) {
    assert.equal(t.shape, spec.outputs[name].shape, `${name} shape`);
    assertClose(t.toArray(), spec.outputs[name].data, { rtol: RTOL, atol: ATOL }, name);
  }
  lstm.dispose();
});

test('seqgrad state dict round-trips through safetensors bytes', () => {
  manualSeed(3);
  const a = new nn.GRU({ inputSize: 3, hiddenSize: 4, numLayers: 2, bidirectional: true });
  const b = new nn.GRU({ inputSize: 3, hiddenSize: 4, numLayers: 2, bidirectional: true });
  b.loadStateDict(io.loadStateDict(io.saveStateDict(a)));
  const x = randn([5, 2, 3]);
  const [ya] = noGrad(() => a.forward(x));
  const [yb] = noGrad(() => b.forward(x));
  assert.equal(Array.from(yb.toArray()), Array.from(ya.toArray()));
  a.dispose();
  b.dispose();
});

test('strict loading names the missing and unexpected keys, and shape mismatches', () => {
  const lstm = new nn.LSTM({ inputSize: 2, hiddenSize: 3 });
  const sd = lstm.stateDict();
  const { bias_hh_l0: _drop, ...missing } = sd;
  assert.throws(() => lstm.loadStateDict(missing), /missing key\(s\): "bias_hh_l0"/);
  assert.throws(() => lstm.loadStateDict({ ...sd, extra: sd.bias_hh_l0 }), /unexpected key\(s\): "extra"/);
  assert.throws(() => lstm.loadStateDict({ ...sd, weight_ih_l0: randn([12, 3]) }), /size mismatch for weight_ih_l0.*\[12, 3\].*\[12, 2\]/);
  lstm.dispose();
});

test.run();
