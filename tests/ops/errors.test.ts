// Bad input to the public ops throws an Error naming the op and the shapes (PyTorch's messages
// are the model); where PyTorch returns NaN/Inf instead of raising, so do we.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { arange, cat, full, ones, randint, randn, setBackend, stack, tensor, where, zeros } from '../../engine/index.js';
import * as sg from '../../engine/index.js';

/** Matches a shape written as [2, 3], [2,3], (2, 3) or 2x3 (PyTorch's matmul style). */
function shapeRe(s: number[]): RegExp {
  if (s.length === 0) return /\[\]|\(\)/;
  const list = s.join(',\\s*');
  return new RegExp(`[\\[(]${list}[\\])]|\\b${s.join('x')}\\b`);
}
/** The op's camelCase name or PyTorch's snake_case one. */
function opRe(name: string): RegExp {
  return new RegExp(name.replace(/([a-z])([A-Z])/g, '$1_?$2'), 'i');
}
const num = (n: number) => new RegExp(`(^|[^\\d.-])${n}(?![\\d.])`);

function throwsMatching(fn: () => unknown, patterns: RegExp[], label: string): void {
  let err: unknown;
  let threw = false;
  try {
    fn();
  } catch (e) {
    threw = true;
    err = e;
  }
  if (!threw) assert.unreachable(`${label}: did not throw`);
  assert.instance(err, Error, `${label}: threw a non-Error ${String(err)}`);
  const msg = (err as Error).message;
  for (const p of patterns) assert.ok(p.test(msg), `${label}: message ${JSON.stringify(msg)} does not match ${p}`);
}

const r = (...shape: number[]) => randn(shape);
const grad = (...shape: number[]) => randn(shape, { requiresGrad: true });

type Bad = [name: string, fn: () => unknown, patterns: RegExp[]];
const SUITES: Record<string, Bad[]> = {};
const def = (op: string, ...cases: Bad[]) => {
  SUITES[op] = cases;
};

for (const op of ['add', 'sub', 'mul', 'div'] as const) {
  def(
    op,
    ['[2,3] with [4] not broadcastable', () => r(2, 3)[op](r(4)), [opRe(op), shapeRe([2, 3]), shapeRe([4])]],
    ['[2,3,4] with [2,4,3]', () => r(2, 3, 4)[op](r(2, 4, 3)), [opRe(op), shapeRe([2, 3, 4]), shapeRe([2, 4, 3])]],
  );
}
for (const op of ['gt', 'lt', 'ge', 'le', 'eq'] as const) {
  def(op, ['[2,3] with [4]', () => r(2, 3)[op](r(4)), [opRe(op), shapeRe([2, 3]), shapeRe([4])]]);
}
def(
  'matmul',
  ['[2,3]·[4,5] inner sizes differ', () => r(2, 3).matmul(r(4, 5)), [opRe('matmul'), shapeRe([2, 3]), shapeRe([4, 5])]],
  ['batched [2,3,4]·[3,4,2] batch sizes differ', () => r(2, 3, 4).matmul(r(3, 4, 2)), [opRe('matmul'), shapeRe([2, 3, 4]), shapeRe([3, 4, 2])]],
  ['3-D·2-D [2,3,4]·[5,2]', () => r(2, 3, 4).matmul(r(5, 2)), [opRe('matmul'), shapeRe([2, 3, 4]), shapeRe([5, 2])]],
);
// Dim errors: the tensor is [4, 5] so that the bad dim (3, -3, 2) cannot be confused with a size.
def(
  'sum',
  ['dim 3 of a 2-D tensor', () => r(4, 5).sum(3), [opRe('sum'), num(3), shapeRe([4, 5])]],
  ['dim -3 of a 2-D tensor', () => r(4, 5).sum(-3), [opRe('sum'), num(-3), shapeRe([4, 5])]],
  ['dims [0, 2] of a 2-D tensor', () => r(4, 5).sum([0, 2]), [opRe('sum'), num(2), shapeRe([4, 5])]],
  ['dim 0 repeated', () => r(4, 5).sum([0, 0]), [opRe('sum'), /multiple|repeat|duplicate|twice/i]],
);
def('mean', ['dim 2 of a 2-D tensor', () => r(4, 5).mean(2, true), [opRe('mean'), num(2), shapeRe([4, 5])]]);
def(
  'softmax',
  ['dim 3 of a 2-D tensor', () => r(4, 5).softmax(3), [opRe('softmax'), num(3), shapeRe([4, 5])]],
  ['dim -3 of a 2-D tensor', () => r(4, 5).softmax(-3), [opRe('softmax'), num(-3), shapeRe([4, 5])]],
);
def('logSoftmax', ['dim 2 of a 2-D tensor', () => r(4, 5).logSoftmax(2), [opRe('logSoftmax'), num(2), shapeRe([4, 5])]]);
def('transpose', ['dims (0, 3) of a 2-D tensor', () => r(4, 5).transpose(0, 3), [opRe('transpose'), num(3), shapeRe([4, 5])]]);
def(
  'permute',
  ['3 dims for a 2-D tensor', () => r(4, 5).permute([1, 0, 2]), [opRe('permute'), shapeRe([4, 5])]],
  ['duplicate dims', () => r(4, 5).permute([0, 0]), [opRe('permute'), /duplicate|repeat|twice|multiple/i]],
  ['dim out of range', () => r(4, 5).permute([0, 3]), [opRe('permute'), num(3)]],
);
def(
  'select',
  ['dim 3 of a 2-D tensor', () => r(4, 5).select(3, 0), [opRe('select'), num(3), shapeRe([4, 5])]],
  ['index 7 on a dim of size 5', () => r(4, 5).select(1, 7), [opRe('select'), num(7), shapeRe([4, 5])]],
  ['index -6 on a dim of size 5', () => r(4, 5).select(1, -6), [opRe('select'), num(-6), shapeRe([4, 5])]],
);
def(
  'slice',
  ['dim 3 of a 2-D tensor', () => r(4, 5).slice(3, 0, 2), [opRe('slice'), num(3), shapeRe([4, 5])]],
  ['step 0', () => r(4, 5).slice(1, 0, 4, 0), [opRe('slice'), /step/i]],
  ['negative step', () => r(4, 5).slice(1, 4, 0, -1), [opRe('slice'), /step/i]],
);
def(
  'indexSelect',
  ['index 7 on a dim of size 4', () => r(4, 5).indexSelect(0, [1, 7]), [opRe('indexSelect'), num(7), shapeRe([4, 5])]],
  ['negative index (PyTorch rejects it too)', () => r(4, 5).indexSelect(0, [-1]), [opRe('indexSelect'), num(-1)]],
  ['index 6 as an Int32Array', () => r(4, 5).indexSelect(1, Int32Array.from([6])), [opRe('indexSelect'), num(6), shapeRe([4, 5])]],
  ['index 9 as a Tensor', () => r(4, 5).indexSelect(1, tensor([9], [1])), [opRe('indexSelect'), num(9), shapeRe([4, 5])]],
  ['non-integral index 1.5', () => r(4, 5).indexSelect(0, tensor([1.5], [1])), [opRe('indexSelect'), /integ|int/i]],
  ['dim 3 of a 2-D tensor', () => r(4, 5).indexSelect(3, [0]), [opRe('indexSelect'), num(3), shapeRe([4, 5])]],
);
def(
  'gather',
  ['index 7 on a dim of size 5', () => r(4, 5).gather(1, tensor([0, 7], [1, 2])), [opRe('gather'), num(7), shapeRe([4, 5])]],
  ['negative index', () => r(4, 5).gather(1, tensor([-1], [1, 1])), [opRe('gather'), num(-1)]],
  ['index with fewer dims', () => r(4, 5).gather(1, tensor([1, 2], [2])), [opRe('gather'), shapeRe([4, 5]), shapeRe([2])]],
  ['index larger than the input off dim', () => r(4, 5).gather(1, zeros([6, 2])), [opRe('gather'), shapeRe([4, 5]), shapeRe([6, 2])]],
  ['non-integral index 0.5', () => r(4, 5).gather(1, full([4, 1], 0.5)), [opRe('gather'), /integ|int/i]],
  ['dim 3 of a 2-D tensor', () => r(4, 5).gather(3, zeros([4, 5])), [opRe('gather'), num(3), shapeRe([4, 5])]],
);
def(
  'reshape',
  ['[2,3] to [4,2]', () => r(2, 3).reshape([4, 2]), [opRe('reshape'), shapeRe([2, 3]), shapeRe([4, 2])]],
  ['[2,3] to [-1,4]', () => r(2, 3).reshape([-1, 4]), [opRe('reshape'), shapeRe([2, 3]), shapeRe([-1, 4])]],
  ['two -1 dims', () => r(2, 3).reshape([-1, -1]), [opRe('reshape'), /one|infer|-1/i]],
);
def('view', ['[2,3] to [7]', () => r(2, 3).view([7]), [opRe('view'), shapeRe([2, 3]), shapeRe([7])]]);
def(
  'cat',
  ['sizes differ off dim', () => cat([r(2, 3), r(2, 4)], 0), [opRe('cat'), shapeRe([2, 3]), shapeRe([2, 4])]],
  ['ndims differ', () => cat([r(2, 3), r(3)], 0), [opRe('cat'), shapeRe([2, 3]), shapeRe([3])]],
  ['dim 3 for 2-D tensors', () => cat([r(4, 5), r(4, 5)], 3), [opRe('cat'), num(3), shapeRe([4, 5])]],
  ['empty list', () => cat([], 0), [opRe('cat'), /empty|no tensors|at least/i]],
);
def(
  'stack',
  ['shapes differ', () => stack([r(2, 3), r(2, 4)], 0), [opRe('stack'), shapeRe([2, 3]), shapeRe([2, 4])]],
  ['dim 3 for 2-D tensors (valid: -3..2)', () => stack([r(4, 5), r(4, 5)], 3), [opRe('stack'), num(3), shapeRe([4, 5])]],
  ['empty list', () => stack([], 0), [opRe('stack'), /empty|no tensors|at least/i]],
);
def(
  'split',
  ['sizes [2,2] do not sum to 5', () => r(5, 3).split([2, 2]), [opRe('split'), shapeRe([5, 3]), shapeRe([2, 2])]],
  ['dim 2 of a 2-D tensor', () => r(4, 5).split(2, 2), [opRe('split'), num(2), shapeRe([4, 5])]],
);
def(
  'chunk',
  ['0 chunks', () => r(4, 5).chunk(0), [opRe('chunk'), num(0)]],
  ['dim 2 of a 2-D tensor', () => r(4, 5).chunk(2, 2), [opRe('chunk'), num(2), shapeRe([4, 5])]],
);
def(
  'where',
  ['cond [2,3] with a [4]', () => where(ones([2, 3]), r(4), r(2, 3)), [opRe('where'), shapeRe([2, 3]), shapeRe([4])]],
  ['a [2,3] with b [3,2]', () => where(ones([2, 3]), r(2, 3), r(3, 2)), [opRe('where'), shapeRe([2, 3]), shapeRe([3, 2])]],
);
def('maskedFill', ['mask [4] on [2,3]', () => r(2, 3).maskedFill(ones([4]), 0), [opRe('maskedFill'), shapeRe([2, 3]), shapeRe([4])]]);
def(
  'backward',
  [
    'twice through the same graph',
    () => {
      const x = grad(2, 3);
      const y = x.tanh().sum();
      y.backward();
      y.backward();
    },
    [/backward/i, /second|twice|again|already/i],
  ],
  [
    'twice through a shared subgraph',
    () => {
      const x = grad(2, 3);
      const h = x.exp();
      h.sum().backward();
      h.mul(2).sum().backward();
    },
    [/backward/i, /second|twice|again|already/i],
  ],
  ['non-scalar output without a gradient', () => grad(2, 3).tanh().backward(), [/backward/i, /scalar/i, shapeRe([2, 3])]],
  [
    'gradient of the wrong shape',
    () =>
      grad(2, 3)
        .tanh()
        .backward(ones([3])),
    [/backward/i, shapeRe([2, 3]), shapeRe([3])],
  ],
  ['output that does not require grad', () => r(2, 3).sum().backward(), [/backward/i, /requires?_?grad|require grad/i]],
);
for (const op of ['max', 'min'] as const) {
  def(
    op,
    ['dim 3 of a 2-D tensor', () => r(4, 5)[op](3), [opRe(op), num(3), shapeRe([4, 5])]],
    ['dim -3 of a 2-D tensor', () => r(4, 5)[op](-3), [opRe(op), num(-3), shapeRe([4, 5])]],
    ['all elements of an empty tensor', () => zeros([0, 3])[op](), [opRe(op), /numel\(\) == 0|dim/i, shapeRe([0, 3])]],
    ['along a dim of size 0', () => zeros([4, 0])[op](1), [opRe(op), /non-zero size/i, shapeRe([4, 0])]],
  );
}
for (const op of ['argmax', 'argmin', 'amax', 'amin'] as const) {
  def(
    op,
    ['dim 2 of a 2-D tensor', () => r(4, 5)[op](2), [opRe(op), num(2), shapeRe([4, 5])]],
    ['an empty tensor', () => zeros([0])[op](), [opRe(op), shapeRe([0])]],
  );
}
def('amax', ['dim 0 repeated', () => r(4, 5).amax([0, 0]), [opRe('amax'), /multiple|repeat|duplicate|twice/i]]);
def(
  'topk',
  ['k 6 > size 5', () => r(4, 5).topk(6), [opRe('topk'), /k/, num(6), shapeRe([4, 5])]],
  ['negative k', () => r(4, 5).topk(-1), [opRe('topk'), num(-1)]],
  ['non-integral k', () => r(4, 5).topk(1.5), [opRe('topk'), /1\.5/]],
  ['dim 2 of a 2-D tensor', () => r(4, 5).topk(1, 2), [opRe('topk'), num(2), shapeRe([4, 5])]],
);
def(
  'flip',
  ['dim 3 of a 2-D tensor', () => r(4, 5).flip(3), [opRe('flip'), num(3), shapeRe([4, 5])]],
  ['dim 0 repeated', () => r(4, 5).flip([0, 0]), [opRe('flip'), /multiple|repeat|duplicate|twice/i]],
);
def(
  'repeat',
  ['fewer repeats than dims', () => r(4, 5).repeat(2), [opRe('repeat'), shapeRe([4, 5])]],
  ['negative repeat', () => r(4, 5).repeat(2, -1), [opRe('repeat'), num(-1)]],
);
def(
  'norm',
  ['dim 2 of a 2-D tensor', () => r(4, 5).norm(2, 2), [opRe('norm'), num(2), shapeRe([4, 5])]],
  ['p is NaN', () => r(4, 5).norm(NaN), [opRe('norm'), /NaN/, shapeRe([4, 5])]],
);
def('var', ['dim 2 of a 2-D tensor', () => r(4, 5).var(2), [opRe('var'), num(2), shapeRe([4, 5])]]);
def('std', ['dims [0, 3] of a 2-D tensor', () => r(4, 5).std([0, 3]), [opRe('std'), num(3), shapeRe([4, 5])]]);
def('item', ['6 elements', () => r(2, 3).item(), [/item/i, new RegExp(`${shapeRe([2, 3]).source}|6 elements`)]]);
def(
  'tensor',
  ['ragged nested arrays', () => tensor([[1, 2], [3]]), [/tensor/i, /length|ragged|shape/i]],
  ['6 values for shape [2,2]', () => tensor([1, 2, 3, 4, 5, 6], [2, 2]), [/tensor/i, num(6), shapeRe([2, 2])]],
);
def(
  'factories',
  ['zeros with a negative dim', () => zeros([2, -1]), [/zeros/i, shapeRe([2, -1])]],
  ['full with a negative dim', () => full([-3], 1), [/full/i, shapeRe([-3])]],
  ['arange with step 0', () => arange(0, 5, 0), [/arange/i, /step/i]],
  ['randint with low >= high', () => randint(5, 5, [2]), [/randint/i, num(5)]],
  ['unknown backend', () => setBackend('gpu' as 'js'), [/setBackend/i, /gpu/]],
);

// Where PyTorch does not raise, neither may we: these must return IEEE results, not throw.
const ieee = suite('no error where PyTorch has none');
ieee('log of a negative input is NaN, log(0) is -Infinity', () => {
  const y = tensor([-1, 0, 1], [3]).log().toArray();
  assert.ok(Number.isNaN(y[0]), `log(-1) = ${y[0]}, expected NaN`);
  assert.is(y[1], -Infinity);
  assert.is(y[2], 0);
});
ieee('pow of a negative base with a fractional exponent is NaN', () => {
  const y = tensor([-8, 8], [2])
    .pow(1 / 3)
    .toArray();
  assert.ok(Number.isNaN(y[0]), `(-8)^(1/3) = ${y[0]}, expected NaN`);
  assert.ok(Math.abs(y[1] - 2) < 1e-6);
});
ieee('division by zero gives ±Infinity and NaN', () => {
  const y = tensor([1, -1, 0], [3])
    .div(zeros([3]))
    .toArray();
  assert.is(y[0], Infinity);
  assert.is(y[1], -Infinity);
  assert.ok(Number.isNaN(y[2]));
});
ieee('clamp with min > max gives max (PyTorch ≥ 1.13)', () => {
  const y = tensor([-2, 0, 2], [3]).clamp(1, 0).toArray();
  assert.equal([...y], [0, 0, 0]);
});
ieee('max / min / argmax propagate NaN (PyTorch): value NaN, index of the first NaN', () => {
  const x = tensor(
    [
      [1, NaN, 3, NaN],
      [0, 2, -1, 1],
    ],
    [2, 4],
  );
  const [v, i] = x.max(1);
  assert.ok(Number.isNaN(v.toArray()[0]) && v.toArray()[1] === 2);
  assert.equal([...i.toArray()], [1, 1]);
  assert.ok(Number.isNaN(x.min().item()) && Number.isNaN(sg.amax(x).item()));
  assert.equal([...x.argmin(1).toArray()], [1, 2]);
});
ieee('var / std of one element (unbiased) is NaN', () => {
  assert.ok(Number.isNaN(tensor([2], [1]).var().item()));
  assert.ok(Number.isNaN(tensor([2], [1]).std().item()));
  assert.is(tensor([2], [1]).var(false).item(), 0);
});
ieee('topk with k = 0 gives empty results', () => {
  const [v, i] = r(3, 4).topk(0);
  assert.equal([...v.shape], [3, 0]);
  assert.equal([...i.shape], [3, 0]);
});
ieee('backward of a non-scalar with an explicit gradient', () => {
  const x = grad(2, 3);
  x.tanh().backward(ones([2, 3]));
  assert.ok(x.grad !== null);
});
ieee.run();

for (const [op, cases] of Object.entries(SUITES)) {
  const s = suite(`errors ${op}`);
  for (const [name, fn, patterns] of cases) s(name, () => throwsMatching(fn, patterns, `${op}: ${name}`));
  s.run();
}
