// Module fields register themselves (PyTorch's __setattr__): a Module, Parameter, ModuleList,
// ModuleDict or Sequential assigned to a field is seen by parameters(), namedParameters(),
// stateDict(), train()/eval(), zeroGrad() and dispose(), in assignment order with PyTorch's dotted
// names. The golden names come from PyTorch 1.13 (tests/fixtures/porting.json,
// scripts/gen-fixtures-porting.py); the optimizer step is checked against w − lr·grad.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { nn, optim, ones, Parameter, randn, type Tensor } from '../../engine/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const fx = JSON.parse(readFileSync(join(here, '..', '..', '..', 'tests', 'fixtures', 'porting.json'), 'utf8')) as {
  stateDictKeys: string[];
  namedParameters: [string, number[]][];
  namedModules: string[];
  trainingAfterEval: boolean[];
};

// the fixture's model, as a PyTorch user writes it: every submodule a plain field
class Forecaster extends nn.Module {
  embed = new nn.Linear({ inFeatures: 3, outFeatures: 4 });
  gru = new nn.GRU({ inputSize: 4, hiddenSize: 5, numLayers: 2, batchFirst: true });
  heads = new nn.ModuleList([new nn.Linear({ inFeatures: 5, outFeatures: 1 }), new nn.Linear({ inFeatures: 5, outFeatures: 2 })]);
  extra = new nn.ModuleDict({ b: new nn.Linear({ inFeatures: 2, outFeatures: 2 }), a: new nn.Linear({ inFeatures: 2, outFeatures: 1, bias: false }) });
  scale = new Parameter(ones([1]).shape, [1]);
  seq = new nn.Sequential(new nn.Linear({ inFeatures: 1, outFeatures: 1 }), new nn.Tanh());
  drop = new nn.Dropout({ p: 0.3 });
  forward(x: Tensor): Tensor {
    const [out] = this.gru.forward(this.embed.forward(x));
    return this.heads.at(0).forward(out.select(1, -1)).mul(this.scale);
  }
}

const Fields = suite('nn.Module: fields register themselves');

Fields("stateDict keys, namedParameters and namedModules equal PyTorch's, in order", () => {
  const m = new Forecaster();
  assert.equal(Object.keys(m.stateDict()), fx.stateDictKeys);
  assert.equal(
    m.namedParameters().map(([n, p]) => [n, p.shape]),
    fx.namedParameters,
  );
  assert.equal(
    m.namedModules().map(([n]) => n),
    fx.namedModules,
  );
  assert.is(m.parameters().length, fx.namedParameters.length);
});

Fields('eval() reaches every field module; loadStateDict round-trips by name', () => {
  const m = new Forecaster().eval();
  assert.equal(
    m.namedModules().map(([, s]) => s.training),
    fx.trainingAfterEval,
  );
  const other = new Forecaster();
  other.loadStateDict(m.stateDict());
  assert.equal(Array.from(other.gru.stateDict()['weight_hh_l1'].data), Array.from(m.gru.stateDict()['weight_hh_l1'].data));
});

Fields('an optimizer over parameters() trains the GRU held in a field (w ← w − lr·grad)', () => {
  const m = new Forecaster();
  const opt = new optim.SGD(m.parameters(), { lr: 0.5 });
  const before = m.gru.stateDict()['weight_ih_l0'].toArray();
  m.forward(randn(2, 3, 3))
    .pow(2)
    .sum()
    .backward();
  const grad = m.gru.namedParameters()[0][1].grad!.toArray();
  assert.ok(
    grad.some((g) => g !== 0),
    'the GRU got a gradient',
  );
  opt.step();
  const after = m.gru.stateDict()['weight_ih_l0'].toArray();
  for (let i = 0; i < after.length; i++) assert.ok(Math.abs(after[i] - (before[i] - 0.5 * grad[i])) <= 1e-6, `weight_ih_l0[${i}]`);
  m.zeroGrad();
  assert.ok(
    m.gru
      .namedParameters()[0][1]
      .grad!.toArray()
      .every((g) => g === 0),
    'zeroGrad reaches the field GRU',
  );
});

Fields('a field reassigned replaces its entry in place; set to null removes it; dispose frees field parameters', () => {
  class Net extends nn.Module {
    a: nn.Linear | null = new nn.Linear({ inFeatures: 2, outFeatures: 2 });
    b = new nn.Linear({ inFeatures: 2, outFeatures: 1 });
  }
  const n = new Net();
  n.a = new nn.Linear({ inFeatures: 2, outFeatures: 3 });
  assert.equal(
    n.namedParameters().map(([k, p]) => `${k}:${p.shape}`),
    ['a.weight:3,2', 'a.bias:3', 'b.weight:1,2', 'b.bias:1'],
  );
  n.a = null;
  assert.equal(Object.keys(n.stateDict()), ['b.weight', 'b.bias']);
  const w = n.b.weight;
  n.dispose();
  assert.throws(() => w.toArray(), /Linear\.weight of shape \[1, 2\] used after dispose\(\)/);
});

Fields('explicit registerModule keeps its name; the same module in a field is not listed twice; cycles end', () => {
  class Wrap extends nn.Module {
    constructor(readonly inner: nn.LSTM) {
      super();
      this.registerModule('rnn', inner);
    }
  }
  const w = new Wrap(new nn.LSTM({ inputSize: 2, hiddenSize: 3 }));
  assert.equal(Object.keys(w.stateDict()).slice(0, 2), ['rnn.weight_ih_l0', 'rnn.weight_hh_l0']);
  assert.is(w.parameters().length, 4);
  class Parent extends nn.Module {
    child = new Child();
  }
  class Child extends nn.Module {
    back: nn.Module | null = null;
    fc = new nn.Linear({ inFeatures: 1, outFeatures: 1 });
  }
  const p = new Parent();
  p.child.back = p;
  assert.equal(
    p.namedModules().map(([k]) => k),
    ['', 'child', 'child.fc'],
  );
});

Fields('a Parameter field is named in errors', () => {
  class Scale extends nn.Module {
    gain = new Parameter([2], [1, 2]);
  }
  const s = new Scale();
  assert.equal(
    s.namedParameters().map(([k]) => k),
    ['gain'],
  );
  s.dispose();
  assert.throws(() => s.gain.toArray(), /Scale\.gain of shape \[2\] used after dispose/);
});

Fields('nn.ModuleDict: keys in insertion order, get/has/set, unknown key named', () => {
  const d = new nn.ModuleDict({ enc: new nn.Linear({ inFeatures: 1, outFeatures: 1 }) });
  d.set('dec', new nn.Linear({ inFeatures: 1, outFeatures: 2 }));
  assert.equal([...d], ['enc', 'dec']);
  assert.is(d.length, 2);
  assert.ok(d.has('dec'));
  assert.equal(Object.keys(d.stateDict()), ['enc.weight', 'enc.bias', 'dec.weight', 'dec.bias']);
  assert.throws(() => d.get('nope'), /ModuleDict\.get: no module 'nope' \(keys: enc, dec\)/);
  assert.throws(() => d.set('x', 3 as never), /ModuleDict\.set: 'x' must be a Module/);
});

Fields.run();
