// Central finite-difference check of every differentiable op's backward, through the public API
// only: d/dx of sum_k sum(out_k · W_k) for a fixed random W, on both backends.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cat, getBackend, nn, noGrad, setBackend, stack, tensor, where, type Tensor } from '../../engine/index.js';
import { mulberry32 } from '../lib/mulberry32.js';
import { assertClose } from '../lib/assert-close.js';

/**
 * float32 forward passes: the loss (accumulated in float64 here) carries a rounding error of
 * ~1e-6, which the central difference divides by 2·EPS; the truncation error is ~EPS²·f'''/6.
 * EPS = 1e-2 keeps both well under ATOL + RTOL·|numerical|. Inputs stay ≥ KINK_GAP (> EPS)
 * away from kinks (relu at 0, clamp bounds), so the difference never straddles one.
 */
const EPS = 1e-2;
const RTOL = 1e-2;
const ATOL = 1e-3;
const KINK_GAP = 0.05;
/** float32 results against a closed form computed from the same float32 values. */
const CLOSED_FORM = { rtol: 1e-5, atol: 1e-6 };
const BACKENDS = ['wasm', 'js'] as const;

// ---- deterministic inputs (mulberry32) ------------------------------------------------------

let rand = mulberry32(0x5eed);
function seed(s: number): void {
  rand = mulberry32(s);
}
const numel = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
function uniform(shape: number[], lo: number, hi: number): Float32Array {
  return Float32Array.from({ length: numel(shape) }, () => lo + (hi - lo) * rand());
}
/** Uniform in [-2, 2] but at least KINK_GAP away from every kink. */
function awayFrom(shape: number[], kinks: number[]): Float32Array {
  return Float32Array.from({ length: numel(shape) }, () => {
    for (;;) {
      const v = -2 + 4 * rand();
      if (kinks.every((k) => Math.abs(v - k) >= KINK_GAP)) return v;
    }
  });
}
/** ±[0.5, 2]: divisors and negative-power bases, away from 0. */
function nonzero(shape: number[], lo = 0.5, hi = 2): Float32Array {
  return Float32Array.from({ length: numel(shape) }, () => (rand() < 0.5 ? -1 : 1) * (lo + (hi - lo) * rand()));
}
const normalish = (shape: number[]) => uniform(shape, -2, 2);
/** Distinct magnitudes 0.2, 0.33, 0.46, … (gaps > 2·EPS) with random signs, shuffled: no ties in x or |x|, away from 0. */
function spread(shape: number[]): Float32Array {
  const a = Float32Array.from({ length: numel(shape) }, (_, i) => (0.2 + 0.13 * i) * (rand() < 0.5 ? -1 : 1));
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
const bits = (shape: number[]) =>
  tensor(
    Float32Array.from({ length: numel(shape) }, () => (rand() < 0.5 ? 0 : 1)),
    shape,
  );
const ints = (shape: number[], high: number) => Float32Array.from({ length: numel(shape) }, () => Math.floor(rand() * high));

// ---- the check ------------------------------------------------------------------------------

interface Input {
  shape: number[];
  data: Float32Array;
}
const inp = (shape: number[], data: Float32Array): Input => ({ shape, data });

function lossOf(outs: Tensor[], w: Float32Array[]): number {
  let s = 0;
  outs.forEach((o, k) => {
    const v = o.toArray();
    for (let i = 0; i < v.length; i++) s += v[i] * w[k][i];
  });
  return s;
}

function gradcheck(label: string, inputs: Input[], f: (xs: Tensor[]) => Tensor | Tensor[]): void {
  const leaves = inputs.map((x) => tensor(Float32Array.from(x.data), x.shape, { requiresGrad: true }));
  const res = f(leaves);
  const outs = Array.isArray(res) ? res : [res];
  const w = outs.map((o) => uniform([...o.shape], -1, 1));
  if (outs.length === 1) {
    outs[0].backward(tensor(w[0], [...outs[0].shape]));
  } else {
    let loss = outs[0].mul(tensor(w[0], [...outs[0].shape])).sum();
    for (let k = 1; k < outs.length; k++) loss = loss.add(outs[k].mul(tensor(w[k], [...outs[k].shape])).sum());
    loss.backward();
  }

  const evalAt = (j: number, data: Float32Array): number => {
    const xs = inputs.map((x, i) => tensor(i === j ? data : Float32Array.from(x.data), x.shape));
    const r = f(xs);
    return lossOf(Array.isArray(r) ? r : [r], w);
  };

  inputs.forEach((x, j) => {
    const g = leaves[j].grad;
    if (g === null) assert.unreachable(`${label} grad[${j}]: is null`);
    else {
      assert.equal([...g.shape], x.shape, `${label} grad[${j}]: shape [${g.shape}], expected [${x.shape}]`);
      const analytic = g.toArray();
      const numerical = Array.from(x.data, (_, i) => {
        const plus = Float32Array.from(x.data);
        const minus = Float32Array.from(x.data);
        plus[i] = Math.fround(x.data[i] + EPS);
        minus[i] = Math.fround(x.data[i] - EPS);
        // divide by the float32 step actually taken, not 2·EPS
        return (evalAt(j, plus) - evalAt(j, minus)) / (plus[i] - minus[i]);
      });
      assert.ok(numerical.every(Number.isFinite), `${label} grad[${j}]: the numerical gradient is finite`);
      assertClose(analytic, numerical, { rtol: RTOL, atol: ATOL }, `${label} grad[${j}] (analytic vs numerical)`);
    }
  });
}

// ---- one suite per op -----------------------------------------------------------------------

type Check = [name: string, make: () => Input[], f: (xs: Tensor[]) => Tensor | Tensor[]];
const CHECKS: Record<string, Check[]> = {};
const def = (op: string, ...checks: Check[]) => {
  CHECKS[op] = checks;
};

for (const op of ['add', 'sub', 'mul', 'div'] as const) {
  const other = op === 'div' ? nonzero : normalish;
  def(
    op,
    ['same shape [2,3]', () => [inp([2, 3], normalish([2, 3])), inp([2, 3], other([2, 3]))], ([a, b]) => a[op](b)],
    ['[2,3] with [3]', () => [inp([2, 3], normalish([2, 3])), inp([3], other([3]))], ([a, b]) => a[op](b)],
    ['[2,1] with [1,4]', () => [inp([2, 1], normalish([2, 1])), inp([1, 4], other([1, 4]))], ([a, b]) => a[op](b)],
    ['[3] with [2,2,3]', () => [inp([3], normalish([3])), inp([2, 2, 3], other([2, 2, 3]))], ([a, b]) => a[op](b)],
    ['with number 1.5', () => [inp([2, 3], normalish([2, 3]))], ([a]) => a[op](1.5)],
    ['x with itself', () => [inp([2, 3], op === 'div' ? nonzero([2, 3]) : normalish([2, 3]))], ([a]) => a[op](a)],
  );
}
def(
  'matmul',
  ['2-D [3,4]·[4,5]', () => [inp([3, 4], normalish([3, 4])), inp([4, 5], normalish([4, 5]))], ([a, b]) => a.matmul(b)],
  ['batched [2,3,4]·[2,4,2]', () => [inp([2, 3, 4], normalish([2, 3, 4])), inp([2, 4, 2], normalish([2, 4, 2]))], ([a, b]) => a.matmul(b)],
  ['3-D·2-D [2,3,4]·[4,3]', () => [inp([2, 3, 4], normalish([2, 3, 4])), inp([4, 3], normalish([4, 3]))], ([a, b]) => a.matmul(b)],
);
def('tanh', ['[2,3,2]', () => [inp([2, 3, 2], normalish([2, 3, 2]))], ([x]) => x.tanh()]);
def('sigmoid', ['[2,3,2]', () => [inp([2, 3, 2], normalish([2, 3, 2]))], ([x]) => x.sigmoid()]);
def('relu', ['[3,4] away from 0', () => [inp([3, 4], awayFrom([3, 4], [0]))], ([x]) => x.relu()]);
def('exp', ['[2,5]', () => [inp([2, 5], normalish([2, 5]))], ([x]) => x.exp()]);
def('log', ['[2,5] in [0.5, 2]', () => [inp([2, 5], uniform([2, 5], 0.5, 2))], ([x]) => x.log()]);
for (const op of ['sum', 'mean'] as const) {
  def(
    op,
    ['all', () => [inp([2, 3, 4], normalish([2, 3, 4]))], ([x]) => x[op]()],
    ['dim 1', () => [inp([2, 3, 4], normalish([2, 3, 4]))], ([x]) => x[op](1)],
    ['dim -1 keepdim', () => [inp([2, 3, 4], normalish([2, 3, 4]))], ([x]) => x[op](-1, true)],
    ['dims [0,2] keepdim', () => [inp([2, 3, 4], normalish([2, 3, 4]))], ([x]) => x[op]([0, 2], true)],
    ['dims [0,-1]', () => [inp([2, 3, 4], normalish([2, 3, 4]))], ([x]) => x[op]([0, -1])],
  );
}
// mseLoss is one op with a gradient for input and target (the composition's, see losses.test.ts)
def(
  'mseLoss',
  ...(['mean', 'sum', 'none'] as const).map(
    (reduction): Check => [
      `[2,3,2] ${reduction}`,
      () => [inp([2, 3, 2], normalish([2, 3, 2])), inp([2, 3, 2], normalish([2, 3, 2]))],
      ([a, b]) => nn.F.mseLoss(a, b, { reduction }),
    ],
  ),
  ['target is input', () => [inp([4], normalish([4]))], ([a]) => nn.F.mseLoss(a.tanh(), a)],
);
// Shape ops are linear; they are composed with tanh so that a wrong index map changes the value.
def(
  'reshape',
  ['[2,3,4] -> [4,-1]', () => [inp([2, 3, 4], normalish([2, 3, 4]))], ([x]) => x.reshape([4, -1]).tanh()],
  ['transposed [3,4] -> [12]', () => [inp([3, 4], normalish([3, 4]))], ([x]) => x.transpose(0, 1).reshape([12]).tanh()],
  // of an op's result: the first gradient to arrive is passed on as it is, the next adds to it
  [
    'of a result used twice',
    () => [inp([2, 6], normalish([2, 6]))],
    ([x]) => {
      const y = x.tanh();
      return [y.reshape([3, 4]).sigmoid(), y.mul(y), y.reshape([12])];
    },
  ],
);
def('view', ['[2,6] -> [3,4]', () => [inp([2, 6], normalish([2, 6]))], ([x]) => x.view([3, 4]).tanh()]);
def('transpose', ['[2,3,4] (0,2)', () => [inp([2, 3, 4], normalish([2, 3, 4]))], ([x]) => x.transpose(0, 2).tanh()]);
def('permute', ['[2,3,4] [2,0,1]', () => [inp([2, 3, 4], normalish([2, 3, 4]))], ([x]) => x.permute([2, 0, 1]).tanh()]);
def(
  'cat',
  ['[2,3],[2,2] dim 1', () => [inp([2, 3], normalish([2, 3])), inp([2, 2], normalish([2, 2]))], ([a, b]) => cat([a, b], 1).tanh()],
  [
    '[1,3],[2,3],[1,3] dim 0',
    () => [inp([1, 3], normalish([1, 3])), inp([2, 3], normalish([2, 3])), inp([1, 3], normalish([1, 3]))],
    (xs) => cat(xs, 0).tanh(),
  ],
);
def('stack', ['2×[2,3] dim 1', () => [inp([2, 3], normalish([2, 3])), inp([2, 3], normalish([2, 3]))], ([a, b]) => stack([a, b], 1).tanh()]);
def(
  'split',
  ['[5,2] size 2', () => [inp([5, 2], normalish([5, 2]))], ([x]) => x.split(2).map((p) => p.tanh())],
  ['[2,6] sizes [1,2,3] dim 1', () => [inp([2, 6], normalish([2, 6]))], ([x]) => x.split([1, 2, 3], 1).map((p) => p.tanh())],
);
def('chunk', ['[2,7] 3 chunks dim -1', () => [inp([2, 7], normalish([2, 7]))], ([x]) => x.chunk(3, -1).map((p) => p.tanh())]);
def(
  'slice',
  ['[3,8] dim 1 [-7:7:2]', () => [inp([3, 8], normalish([3, 8]))], ([x]) => x.slice(1, -7, 7, 2).tanh()],
  // contiguous slices of an op's result: the first gradient is written from JS, the others add to it
  [
    'contiguous rows of a result, overlapping, and the result itself',
    () => [inp([4, 3], normalish([4, 3]))],
    ([x]) => {
      const y = x.tanh();
      return [y.slice(0, 1, 3).mul(2), y.slice(0, 0, 2).sigmoid(), y];
    },
  ],
);
def('select', ['[2,3,4] dim 1 index -1', () => [inp([2, 3, 4], normalish([2, 3, 4]))], ([x]) => x.select(1, -1).tanh()]);
def('indexSelect', ['[5,3] dim 0 repeated [4,1,4,0]', () => [inp([5, 3], normalish([5, 3]))], ([x]) => x.indexSelect(0, [4, 1, 4, 0]).tanh()]);
def('gather', ['[3,4] dim 1, index [3,5] with repeats', () => [inp([3, 4], normalish([3, 4]))], ([x]) => x.gather(1, GATHER_INDEX!).tanh()]);
def(
  'softmax',
  ['[3,4] dim 0', () => [inp([3, 4], normalish([3, 4]))], ([x]) => x.softmax(0)],
  ['[2,3,4] dim -1', () => [inp([2, 3, 4], normalish([2, 3, 4]))], ([x]) => x.softmax(-1)],
);
def(
  'logSoftmax',
  ['[3,4] dim 0', () => [inp([3, 4], normalish([3, 4]))], ([x]) => x.logSoftmax(0)],
  ['[2,3,4] dim 1', () => [inp([2, 3, 4], normalish([2, 3, 4]))], ([x]) => x.logSoftmax(1)],
);
def('where', ['cond [2,3], a [3], b [2,1]', () => [inp([3], normalish([3])), inp([2, 1], normalish([2, 1]))], ([a, b]) => where(WHERE_COND!, a, b)]);
def('maskedFill', ['x [2,3,4], mask [3,1]', () => [inp([2, 3, 4], normalish([2, 3, 4]))], ([x]) => x.maskedFill(MASK!, -0.5)]);
def(
  'clamp',
  ['[-0.5, 0.5]', () => [inp([3, 4], awayFrom([3, 4], [-0.5, 0.5]))], ([x]) => x.clamp(-0.5, 0.5)],
  ['min only', () => [inp([3, 4], awayFrom([3, 4], [0.2]))], ([x]) => x.clamp(0.2)],
  ['max only', () => [inp([3, 4], awayFrom([3, 4], [-0.3]))], ([x]) => x.clamp(undefined, -0.3)],
);
def(
  'pow',
  ['exponent 2', () => [inp([2, 4], normalish([2, 4]))], ([x]) => x.pow(2)],
  ['exponent 3', () => [inp([2, 4], normalish([2, 4]))], ([x]) => x.pow(3)],
  ['exponent 0.5, x in [0.5, 2]', () => [inp([2, 4], uniform([2, 4], 0.5, 2))], ([x]) => x.pow(0.5)],
  ['exponent 1.5, x in [0.5, 2]', () => [inp([2, 4], uniform([2, 4], 0.5, 2))], ([x]) => x.pow(1.5)],
  ['exponent -1, |x| in [1, 2]', () => [inp([2, 4], nonzero([2, 4], 1, 2))], ([x]) => x.pow(-1)],
  ['exponent -2, |x| in [1, 2]', () => [inp([2, 4], nonzero([2, 4], 1, 2))], ([x]) => x.pow(-2)],
);
// Selections: inputs without ties (spread), so a ±EPS step never changes which entry is selected.
def(
  'max',
  ['all', () => [inp([2, 3, 4], spread([2, 3, 4]))], ([x]) => x.max()],
  ['dim 1 → [values, indices]', () => [inp([2, 3, 4], spread([2, 3, 4]))], ([x]) => x.max(1)],
);
def('min', ['dim 0 keepdim', () => [inp([3, 4], spread([3, 4]))], ([x]) => x.min(0, true)]);
def('amax', ['dims [0,2]', () => [inp([2, 3, 4], spread([2, 3, 4]))], ([x]) => x.amax([0, 2])]);
def('amin', ['dim -1 keepdim', () => [inp([3, 5], spread([3, 5]))], ([x]) => x.amin(-1, true)]);
def(
  'topk',
  ['k 2 along dim 1', () => [inp([2, 5, 3], spread([2, 5, 3]))], ([x]) => x.topk(2, 1)],
  ['k 3 smallest, last dim', () => [inp([3, 6], spread([3, 6]))], ([x]) => x.topk(3, -1, false)],
);
def('abs', ['[3,4] away from 0', () => [inp([3, 4], awayFrom([3, 4], [0]))], ([x]) => x.abs()]);
def('flip', ['[2,3,4] dims [0,2]', () => [inp([2, 3, 4], normalish([2, 3, 4]))], ([x]) => x.flip([0, 2]).tanh()]);
def('repeat', ['[2,3] by (2,1,2)', () => [inp([2, 3], normalish([2, 3]))], ([x]) => x.repeat(2, 1, 2).tanh()]);
def(
  'norm',
  ['p 2, all', () => [inp([2, 3, 4], normalish([2, 3, 4]))], ([x]) => x.norm()],
  ['p 2, dim 1 keepdim', () => [inp([3, 5], normalish([3, 5]))], ([x]) => x.norm(2, 1, true)],
  ['p 1, dim 0', () => [inp([3, 5], spread([3, 5]))], ([x]) => x.norm(1, 0)],
  ['p inf, dim 1', () => [inp([3, 5], spread([3, 5]))], ([x]) => x.norm(Infinity, 1)],
  ['p 3, dims [0,2]', () => [inp([2, 3, 4], spread([2, 3, 4]))], ([x]) => x.norm(3, [0, 2])],
  ['p 0.5, dim -1', () => [inp([3, 5], spread([3, 5]))], ([x]) => x.norm(0.5, -1)],
);
def(
  'var',
  ['all', () => [inp([3, 5], normalish([3, 5]))], ([x]) => x.var()],
  ['dims [0,2] biased keepdim', () => [inp([2, 3, 4], normalish([2, 3, 4]))], ([x]) => x.var([0, 2], false, true)],
);
def(
  'std',
  ['dim 1', () => [inp([3, 5], normalish([3, 5]))], ([x]) => x.std(1)],
  ['all, biased', () => [inp([2, 3, 4], normalish([2, 3, 4]))], ([x]) => x.std(false)],
);
def('composite', [
  'x reused: softmax(tanh(x·w) * mean(x)) + x',
  () => [inp([3, 4], normalish([3, 4])), inp([4, 2], normalish([4, 2]))],
  ([x, w]) => x.matmul(w).tanh().mul(x.mean(1, true)).logSoftmax(-1).add(x.sum(-1, true)),
]);

// Non-differentiable operands are fixed per run (built once, after seeding, before the checks).
let GATHER_INDEX: Tensor | null = null;
let WHERE_COND: Tensor | null = null;
let MASK: Tensor | null = null;

const initialBackend = getBackend();
for (const [op, checks] of Object.entries(CHECKS)) {
  const s = suite(`gradcheck ${op}`);
  s.after(() => setBackend(initialBackend));
  checks.forEach(([name, make, f], i) => {
    for (const backend of BACKENDS) {
      s(`${name} [${backend}]`, () => {
        setBackend(backend);
        seed(1000 + i);
        GATHER_INDEX = tensor(ints([3, 5], 4), [3, 5]);
        WHERE_COND = bits([2, 3]);
        MASK = bits([3, 1]);
        gradcheck(`${op} '${name}' [${getBackend()}]`, make(), f);
      });
    }
  });
  s.run();
}

// Graph-level semantics the checks above rely on (PyTorch's behaviour in each case).
const graph = suite('gradcheck autograd semantics');
graph('leaf gradients accumulate across backward() calls on separate graphs', () => {
  const x = tensor([0.5, -1, 2], [3], { requiresGrad: true });
  x.mul(3).sum().backward();
  x.mul(x).sum().backward();
  assert.equal([...x.grad!.toArray()], [3 + 1, 3 - 2, 3 + 4]);
});
graph('noGrad: outputs do not require grad and build no graph', () => {
  const x = tensor([1, 2], [2], { requiresGrad: true });
  const y = noGrad(() => x.tanh().mul(2));
  assert.is(y.requiresGrad, false);
});
graph('detach cuts the graph: only the attached path gets a gradient', () => {
  const x = tensor([1, 2], [2], { requiresGrad: true });
  x.mul(x.detach()).sum().backward();
  assert.equal([...x.grad!.toArray()], [1, 2]);
});
graph('a leaf that does not require grad gets no gradient', () => {
  const x = tensor([1, 2], [2], { requiresGrad: true });
  const c = tensor([3, 4], [2]);
  x.mul(c).sum().backward();
  assert.is(c.grad, null);
  assert.equal([...x.grad!.toArray()], [3, 4]);
});
graph('backward(gradient) from a reshape: the given gradient reaches the input and stays as it was', () => {
  const x = tensor([1, 2, 3, 4, 5, 6], [6], { requiresGrad: true });
  const y = x.tanh().reshape([2, 3]);
  const g = tensor([1, -1, 2, -2, 3, -3], [2, 3]);
  y.backward(g);
  // the root's gradient is the caller's: copied, never handed on or recycled
  const after = x.mul(0).add(7).reshape([2, 3]);
  after.sum().backward();
  assert.equal([...g.toArray()], [1, -1, 2, -2, 3, -3]);
  const t = [1, 2, 3, 4, 5, 6].map((v) => Math.tanh(v));
  const want = [1, -1, 2, -2, 3, -3].map((gi, i) => Math.fround(gi * (1 - Math.fround(t[i]) ** 2)));
  assertClose(x.grad!.toArray(), want, CLOSED_FORM, 'dx');
});
graph.run();
