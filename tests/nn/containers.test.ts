// nn.Sequential and nn.ModuleList against PyTorch 1.13 (tests/fixtures/clip-dropout.json,
// scripts/gen-fixtures-clip-dropout.py): under manualSeed the same initial weights and state_dict
// keys, the same Sequential output; train()/eval() reach the contained modules.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { manualSeed, nn, randn, tensor } from '../../engine/index.js';
import { assertClose } from '../lib/assert-close.js';

const RTOL = 1e-4;
const ATOL = 1e-5;
const TOL = { rtol: RTOL, atol: ATOL };

interface Stored {
  shape: number[];
  data: number[];
}
const here = dirname(fileURLToPath(import.meta.url));
const fx = JSON.parse(readFileSync(join(here, '..', '..', '..', 'tests', 'fixtures', 'clip-dropout.json'), 'utf8'));

function sameState(m: nn.Module, want: Record<string, Stored>): void {
  const sd = m.stateDict();
  assert.equal(Object.keys(sd), Object.keys(want), 'state_dict keys in order');
  for (const [k, v] of Object.entries(want)) {
    assert.equal(sd[k].shape, v.shape, `${k} shape`);
    assertClose(sd[k].data, v.data, TOL, k);
  }
}

const S = suite('nn.Sequential vs torch');
S('Linear(3, 4) → Tanh → Linear(4, 2): init, keys and output', () => {
  manualSeed(0);
  const seq = new nn.Sequential(new nn.Linear({ inFeatures: 3, outFeatures: 4 }), new nn.Tanh(), new nn.Linear({ inFeatures: 4, outFeatures: 2 }));
  const x = randn([5, 3]);
  assertClose(x.data, fx.sequential.x.data, TOL, 'x');
  sameState(seq, fx.sequential.state);
  assertClose(seq.forward(x).data, fx.sequential.output.data, TOL, 'output');
  seq.dispose();
});
S('gradients flow to every layer; eval() reaches a contained Dropout', () => {
  const seq = new nn.Sequential(new nn.Linear({ inFeatures: 2, outFeatures: 2 }), new nn.Dropout(0.5), new nn.Linear({ inFeatures: 2, outFeatures: 1 }));
  const x = tensor([1, -2, 0.5, 3], [2, 2]);
  seq.forward(x).sum().backward();
  for (const [name, p] of seq.namedParameters()) assert.ok(p.grad, `${name} has a gradient`);
  seq.eval();
  for (const [, m] of seq.namedModules()) assert.is(m.training, false);
  // in eval the Dropout is the identity: output = the two Linears composed
  const viaLayers = seq.layers[2].forward(seq.layers[0].forward(x)).data;
  assert.equal(Array.from(seq.forward(x).data), Array.from(viaLayers));
  seq.dispose();
});
S.run();

const L = suite('nn.ModuleList vs torch');
L('[Linear(2, 3), Linear(3, 1)]: init and keys', () => {
  manualSeed(1);
  const ml = new nn.ModuleList([new nn.Linear({ inFeatures: 2, outFeatures: 3 }), new nn.Linear({ inFeatures: 3, outFeatures: 1 })]);
  sameState(ml, fx.moduleList.state);
  assert.is(ml.length, 2);
  assert.is(ml.parameters().length, 4);
  ml.dispose();
});
L('append, at (negative index), iteration order', () => {
  const a = new nn.Linear({ inFeatures: 1, outFeatures: 1 });
  const b = new nn.Linear({ inFeatures: 1, outFeatures: 2 });
  const ml = new nn.ModuleList<nn.Linear>([a]).append(b);
  assert.is(ml.length, 2);
  assert.is(ml.at(0), a);
  assert.is(ml.at(-1), b);
  assert.equal([...ml], [a, b]);
  assert.equal(Object.keys(ml.stateDict()), ['0.weight', '0.bias', '1.weight', '1.bias']);
  ml.dispose();
});
L.run();
