// Finding 9 of issue 12: safetensors and state dicts. A zero-size tensor round-trips, a tensor
// named __proto__ is an ordinary entry, and loadStateDict refuses null / non-tensor entries with a
// reason (strict or not, as PyTorch) before changing any parameter.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { io, manualSeed, nn, type Tensor, tensor, zeros } from '../../engine/index.js';
import { throwsMatching } from './helpers.js';

const test = suite('state dicts: edge cases');

test('a zero-size tensor ([2, 0, 3]) saved by saveStateDict reads back', () => {
  const rec = { empty: zeros([2, 0, 3]), w: tensor([1, 2, 3]), none: zeros([0]) };
  const back = io.loadStateDict(io.saveStateDict(rec));
  assert.equal(back.empty.shape, [2, 0, 3]);
  assert.equal(back.none.shape, [0]);
  assert.equal([...back.w.data], [1, 2, 3]);
  const only = io.loadStateDict(io.saveStateDict({ e: zeros([2, 0, 3]) }));
  assert.equal(only.e.shape, [2, 0, 3]);
});

test('a tensor named __proto__ (or constructor, toString) round-trips as a plain entry', () => {
  const rec: Record<string, Tensor> = Object.create(null);
  const names = ['__proto__', 'constructor', 'toString'];
  names.forEach((k, i) => {
    rec[k] = tensor(i === 0 ? [1, 2] : [i + 2]);
  });
  const back = io.loadStateDict(io.saveStateDict(rec));
  assert.equal(Object.keys(back).sort(), ['__proto__', 'constructor', 'toString']);
  assert.ok(Object.hasOwn(back, '__proto__'));
  assert.equal([...back[names[0]].data], [1, 2]);
  assert.equal([...back[names[2]].data], [4]);
  // the entry does not replace the prototype of the result
  assert.is(Object.getPrototypeOf(back), Object.prototype);
});

test('loadStateDict: null, missing and non-tensor entries are refused with a reason, nothing is written', () => {
  manualSeed(0);
  const lin = new nn.Linear({ inFeatures: 2, outFeatures: 2 });
  const before = lin.weight.toArray();
  const good = lin.stateDict();
  for (const strict of [true, false]) {
    throwsMatching(
      () => lin.loadStateDict({ weight: tensor([9, 9, 9, 9], [2, 2]), bias: null as unknown as Tensor }, strict),
      /loadStateDict/,
      /bias/,
      /expected a Tensor/,
      /null/,
    );
    throwsMatching(() => lin.loadStateDict({ weight: tensor([9, 9, 9, 9], [2, 2]), bias: 3 as unknown as Tensor }, strict), /loadStateDict/, /bias/, /number/);
    throwsMatching(
      () => lin.loadStateDict({ weight: tensor([9, 9, 9, 9], [2, 2]), bias: { shape: [2], data: null } as unknown as Tensor }, strict),
      /loadStateDict/,
      /bias/,
    );
    assert.equal([...lin.weight.toArray()], [...before], 'weight untouched after a refused load');
  }
  throwsMatching(() => lin.loadStateDict({ weight: good.weight }, true), /loadStateDict/, /missing key\(s\): "bias"/);
  throwsMatching(() => lin.loadStateDict(null as never), /loadStateDict/, /state dict/);
  const r = lin.loadStateDict({ weight: good.weight }, false);
  assert.equal(r.missingKeys, ['bias']);
});

test.run();
