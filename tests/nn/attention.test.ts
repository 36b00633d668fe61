// BahdanauAttention and LuongAttention (dot, general, concat): central finite-difference checks of
// the gradients of query, keys and every parameter (masked batch), mask semantics, shapes and errors.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { manualSeed, nn, noGrad, setBackend, tensor, type Tensor } from '../../engine/index.js';
import { mulberry32 } from '../lib/mulberry32.js';
import { assertClose } from '../lib/assert-close.js';

/** Same reasoning as tests/ops/gradcheck.test.ts: float32 forward, central difference. */
const EPS = 1e-2;
const RTOL = 1e-2;
const ATOL = 1e-3;

const rand = mulberry32(0x5eed);
const uniform = (n: number, lo = -1, hi = 1) => Float32Array.from({ length: n }, () => lo + (hi - lo) * rand());

const B = 3;
const S = 4;
// row 1 has 2 real positions, row 2 has 3, row 0 all 4
const MASK = [1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0];

type Attn = nn.BahdanauAttention | nn.LuongAttention;

function weighted(m: Attn, q: Tensor, k: Tensor, mask: Tensor, wc: Float32Array, ww: Float32Array): number {
  const [c, w] = m.forward(q, k, mask);
  let s = 0;
  c.data.forEach((v, i) => {
    s += v * wc[i];
  });
  w.data.forEach((v, i) => {
    s += v * ww[i];
  });
  return s;
}

function check(label: string, m: Attn, Hq: number, Hk: number): void {
  const q = tensor(uniform(B * Hq), [B, Hq], { requiresGrad: true });
  const k = tensor(uniform(B * S * Hk), [B, S, Hk], { requiresGrad: true });
  const mask = tensor(MASK, [B, S]);
  const wc = uniform(B * Hk);
  const ww = uniform(B * S);
  const [c, w] = m.forward(q, k, mask);
  c.mul(tensor(wc, [B, Hk]))
    .sum()
    .add(w.mul(tensor(ww, [B, S])).sum())
    .backward();
  const targets: [string, Float32Array, Float32Array][] = [
    ['query', q.data, q.grad!.data],
    ['keys', k.data, k.grad!.data],
    ...m.namedParameters().map(([n, p]) => [n, p.data, p.grad!.data.slice()] as [string, Float32Array, Float32Array]),
  ];
  for (const [name, values, analytic] of targets) {
    const numerical = Array.from(values, (v, i) => {
      values[i] = v + EPS;
      const up = noGrad(() => weighted(m, q, k, mask, wc, ww));
      values[i] = v - EPS;
      const down = noGrad(() => weighted(m, q, k, mask, wc, ww));
      values[i] = v;
      return (up - down) / (2 * EPS);
    });
    assert.ok(numerical.every(Number.isFinite), `${label} d${name}: the numerical gradient is finite`);
    assertClose(analytic, numerical, { rtol: RTOL, atol: ATOL }, `${label} d${name} (analytic vs numerical)`);
  }
  // masked source positions: weight exactly 0, no gradient into their keys
  for (let b = 0; b < B; b++) {
    for (let s = 0; s < S; s++) {
      if (MASK[b * S + s]) continue;
      assert.is(w.data[b * S + s], 0, `${label}: masked weight [${b}, ${s}]`);
      for (let h = 0; h < Hk; h++) assert.is(k.grad!.data[(b * S + s) * Hk + h], 0, `${label}: gradient into masked key [${b}, ${s}, ${h}]`);
    }
  }
  // rows sum to 1
  for (let b = 0; b < B; b++) {
    let sum = 0;
    for (let s = 0; s < S; s++) sum += w.data[b * S + s];
    assert.ok(Math.abs(sum - 1) < 1e-6, `${label}: weights of row ${b} sum to ${sum}`);
  }
}

for (const backend of ['wasm', 'js'] as const) {
  const G = suite(`attention gradcheck (${backend})`);
  G.before(() => {
    setBackend(backend);
    manualSeed(3);
  });
  G.after(() => setBackend('wasm'));
  G('BahdanauAttention: vᵀ tanh(W_a s + U_a h_j)', () => check('bahdanau', new nn.BahdanauAttention({ querySize: 5, keySize: 6, attnSize: 4 }), 5, 6));
  G('LuongAttention dot', () => check('dot', new nn.LuongAttention({ method: 'dot', querySize: 5 }), 5, 5));
  G('LuongAttention general', () => check('general', new nn.LuongAttention({ method: 'general', querySize: 5, keySize: 6 }), 5, 6));
  G('LuongAttention concat', () => check('concat', new nn.LuongAttention({ method: 'concat', querySize: 5, keySize: 6, attnSize: 3 }), 5, 6));
  G.run();
}

const A = suite('attention semantics and errors');
A('shapes, parameter names, precomputed keys give the same result', () => {
  manualSeed(0);
  const m = new nn.BahdanauAttention({ querySize: 4, keySize: 6 });
  assert.equal(
    m.namedParameters().map(([n, p]) => `${n}:${p.shape.join('x')}`),
    ['Wa.weight:4x4', 'Wa.bias:4', 'Ua.weight:4x6', 'Ua.bias:4', 'Va.weight:1x4', 'Va.bias:1'],
  );
  const q = tensor(uniform(2 * 4), [2, 4]);
  const k = tensor(uniform(2 * 3 * 6), [2, 3, 6]);
  const [c, w] = m.forward(q, k);
  assert.equal(c.shape, [2, 6]);
  assert.equal(w.shape, [2, 3]);
  const [c2] = m.forward(q, k, null, m.precompute(k));
  assert.equal(Array.from(c2.data), Array.from(c.data));
  const g = new nn.LuongAttention({ method: 'general', querySize: 4, keySize: 6 });
  assert.equal(
    g.namedParameters().map(([n, p]) => `${n}:${p.shape.join('x')}`),
    ['Wa.weight:4x6'],
  );
  const cc = new nn.LuongAttention({ method: 'concat', querySize: 4, keySize: 6, attnSize: 5 });
  assert.equal(
    cc.namedParameters().map(([n, p]) => `${n}:${p.shape.join('x')}`),
    ['Wa.weight:5x10', 'va.weight:1x5'],
  );
  assert.equal(new nn.LuongAttention({ method: 'dot', querySize: 4 }).numParameters(), 0);
});
A('dot attention = softmax of the dot products (by hand)', () => {
  const m = new nn.LuongAttention({ method: 'dot', querySize: 2 });
  const q = tensor([[1, 0]]);
  const k = tensor([
    [
      [1, 0],
      [0, 1],
      [2, 0],
    ],
  ]);
  const [c, w] = m.forward(q, k, tensor([[1, 1, 0]]));
  const e = Math.exp(1) + Math.exp(0);
  assert.ok(Math.abs(w.data[0] - Math.exp(1) / e) < 1e-6 && Math.abs(w.data[1] - 1 / e) < 1e-6 && w.data[2] === 0);
  assert.ok(Math.abs(c.data[0] - Math.exp(1) / e) < 1e-6 && Math.abs(c.data[1] - 1 / e) < 1e-6);
});
A('errors name the module and the shapes', () => {
  const m = new nn.BahdanauAttention({ querySize: 4, keySize: 6 });
  const q = tensor(uniform(8), [2, 4]);
  const k = tensor(uniform(36), [2, 3, 6]);
  assert.throws(() => m.forward(tensor(uniform(6), [2, 3]), k), /BahdanauAttention.forward: query has 3 features, expected 4/);
  assert.throws(() => m.forward(q, tensor(uniform(24), [2, 3, 4])), /keys have 4 features, expected 6/);
  assert.throws(() => m.forward(q, tensor(uniform(18), [1, 3, 6])), /query has batch 2, keys have batch 1/);
  assert.throws(() => m.forward(q, k, tensor([1, 1, 0], [1, 3])), /mask must be a \(B, S\) = \[2, 3\] Tensor/);
  assert.throws(() => m.forward(q, k, tensor([1, 1, 0, 0, 0, 0], [2, 3])), /mask hides every source position of batch row 1/);
  assert.throws(() => new nn.LuongAttention({ method: 'dot', querySize: 4, keySize: 6 }), /'dot' needs keySize = querySize/);
  assert.throws(() => new nn.LuongAttention({ method: 'bilinear' as never, querySize: 4 }), /method must be 'dot', 'general' or 'concat'/);
});
A.run();
