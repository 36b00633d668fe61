// The tape's switches, closed form: retainGraph (a second backward adds the same gradient again,
// without it a second backward is refused), enableGrad inside noGrad, zerosLike.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { enableGrad, isGradEnabled, noGrad, tensor, zerosLike } from '../engine/index.js';

const R = suite('backward: retainGraph');
R('y = Σ x²·3: a retained graph backs up twice, gradients add (2 · 6x)', () => {
  const x = tensor([1, -2, 0.5], [3], { requiresGrad: true });
  const y = x.mul(x).mul(3).sum();
  y.backward(undefined, { retainGraph: true });
  assert.equal(Array.from(x.grad!.data), [6, -12, 3]);
  y.backward();
  assert.equal(Array.from(x.grad!.data), [12, -24, 6]);
  assert.throws(() => y.backward(), /backward: trying to backward through the graph a second time/);
});
R('without retainGraph a second backward is refused and the gradient stays', () => {
  const x = tensor([2], [1], { requiresGrad: true });
  const y = x.tanh().sum();
  y.backward();
  const once = x.grad!.data[0];
  assert.ok(Math.abs(once - (1 - Math.tanh(2) ** 2)) < 1e-6, `d tanh(2) = ${once}`);
  assert.throws(() => y.backward(), /second time.*retainGraph/);
  assert.is(x.grad!.data[0], once);
});
R.run();

const G = suite('noGrad / enableGrad');
G('enableGrad inside noGrad records; noGrad around it does not', () => {
  const x = tensor([1, 2], [2], { requiresGrad: true });
  noGrad(() => {
    assert.is(isGradEnabled(), false);
    const off = x.mul(2);
    assert.is(off.requiresGrad, false, 'no graph under noGrad');
    const on = enableGrad(() => {
      assert.is(isGradEnabled(), true);
      return x.mul(x).sum();
    });
    assert.is(isGradEnabled(), false, 'noGrad restored after enableGrad');
    assert.is(on.requiresGrad, true);
    on.backward();
  });
  assert.is(isGradEnabled(), true);
  assert.equal(Array.from(x.grad!.data), [2, 4]);
});
G('the previous mode is restored when fn throws', () => {
  assert.throws(() => noGrad(() => { throw new Error('inside'); }), /inside/);
  assert.is(isGradEnabled(), true);
  noGrad(() => {
    assert.throws(() => enableGrad(() => { throw new Error('inner'); }), /inner/);
    assert.is(isGradEnabled(), false);
  });
});
G.run();

const Z = suite('zerosLike');
Z('same shape, zeros, own storage, requiresGrad only when asked', () => {
  const t = tensor([1, 2, 3, 4, 5, 6], [2, 3], { requiresGrad: true });
  const z = zerosLike(t);
  assert.equal(z.shape, [2, 3]);
  assert.equal(Array.from(z.data), [0, 0, 0, 0, 0, 0]);
  assert.is(z.requiresGrad, false);
  z.data[0] = 7;
  assert.is(t.data[0], 1, 'does not share storage');
  assert.is(zerosLike(t, { requiresGrad: true }).requiresGrad, true);
  assert.equal(zerosLike(tensor([5], [])).shape, []);
});
Z.run();
