// The hostile-input properties of issue 12 (fast-check): random shapes, indices, packed batches,
// optimizer settings and safetensors bytes through the public API. Each case ends in one of two
// outcomes — a plain Error naming the op ('error', when a float64 model of PyTorch's rules says the
// input is invalid), or the PyTorch result from a float64 reference ('result') — and never changes
// another tensor (a bystander Linear and the op's own inputs are compared bit for bit). Anything
// else (a wrong value, a TypeError/RangeError, an Error for valid input, no Error for invalid
// input) fails the property. Shared by tests/fuzz/fuzz.test.ts and scripts/fuzz.mjs.
import fc from 'fast-check';
import {
  F,
  gather,
  indexSelect,
  io,
  manualSeed,
  matmul,
  MAX_ELEMENTS,
  nn,
  noGrad,
  optim,
  randn,
  setBackend,
  tensor,
  type Tensor,
  zeros,
  full,
} from '../../engine/index.js';
import { Assertion } from 'uvu/assert';
import { assertClose } from '../lib/assert-close.js';

export type Outcome = 'error' | 'result';
export interface FuzzProperty<C = any> {
  name: string;
  arbitrary: fc.Arbitrary<C>;
  run(c: C): Outcome;
}

const RTOL = 1e-4;
const ATOL = 1e-5;
const TOL = { rtol: RTOL, atol: ATOL };
/** matmul against its float64 model: sums of up to K float32 products */
const MATMUL_ATOL = 1e-4;
/** one optimizer step against its float64 model (arbitrary lr, eps, betas) */
const STEP_TOL = { rtol: 1e-4, atol: 1e-4 };

class Mismatch extends Error {}
function fail(msg: string): never {
  throw new Mismatch(msg);
}

function sameShape(where: string, got: readonly number[], want: readonly number[]): void {
  if (got.length !== want.length || got.some((d, i) => d !== want[i])) fail(`${where}: shape [${got}], reference [${want}]`);
}
const prod = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
const isIndex = (v: number, size: number) => Number.isInteger(v) && v >= 0 && v < size;

// ---- the bystander and the outcome rule -------------------------------------------------------

let guard: { lin: nn.Linear; before: Float32Array[] } | null = null;
function bystander(): { lin: nn.Linear; before: Float32Array[] } {
  if (!guard) {
    manualSeed(4321);
    const lin = new nn.Linear({ inFeatures: 8, outFeatures: 8 });
    guard = { lin, before: lin.parameters().map((p) => p.toArray()) };
  }
  return guard;
}
function checkBystander(where: string): void {
  const g = bystander();
  g.lin.parameters().forEach((p, i) => {
    const now = p.toArray();
    for (let j = 0; j < now.length; j++) if (!Object.is(now[j], g.before[i][j])) fail(`${where}: a bystander Linear's weight changed`);
  });
}

/**
 * Runs a case on a backend: `valid` is the reference's verdict; op throws for invalid input (a
 * plain Error whose message matches `names`), else its result is checked inside op. The inputs
 * listed in `inputs` must be unchanged afterwards.
 */
function outcome(backend: 'wasm' | 'js', where: string, names: RegExp, valid: boolean, inputs: Tensor[], op: () => void): Outcome {
  bystander();
  const before = inputs.map((t) => t.toArray());
  setBackend(backend);
  let err: unknown = null;
  try {
    op();
  } catch (e) {
    err = e;
  } finally {
    setBackend('wasm');
  }
  checkBystander(where);
  inputs.forEach((t, i) => {
    const now = t.toArray();
    for (let j = 0; j < now.length; j++) if (!Object.is(now[j], before[i][j])) fail(`${where}: input ${i} was modified`);
  });
  if (err instanceof Mismatch || err instanceof Assertion) throw err; // a failed check inside op
  if (err !== null) {
    if (!(err instanceof Error) || err.constructor !== Error)
      fail(`${where}: threw ${(err as Error)?.constructor?.name}: ${(err as Error)?.message ?? String(err)}`);
    if (valid) fail(`${where}: valid input (PyTorch would compute it), got Error: ${err.message}`);
    if (!names.test(err.message)) fail(`${where}: the Error does not name the op (${names}): ${err.message}`);
    return 'error';
  }
  if (!valid) fail(`${where}: invalid input accepted without an Error`);
  return 'result';
}

// ---- arbitraries -------------------------------------------------------------------------------

const backend = fc.constantFrom<'wasm' | 'js'>('wasm', 'js');
/** An index: mostly plausible, sometimes hostile. */
const hostileIndex = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -2, max: 6 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(2 ** 31, 2 ** 31 - 1, 2 ** 32, 2 ** 32 + 1, -(2 ** 31), -(2 ** 32) + 1, 2 ** 53, NaN, Infinity, -Infinity, 0.5, 1.5, -0),
  },
);
/** The same, representable in float32 (for index tensors). */
const hostileIndexF32 = hostileIndex.map((v) => Math.fround(v));
const dim = fc.integer({ min: 0, max: 4 });
const smallShape = (minDims: number, maxDims: number) => fc.array(dim, { minLength: minDims, maxLength: maxDims });
// values in [−4, 4] on a 1e−3 grid: no subnormals, whose float32 rounding no float64 reference models
const values = (n: number) =>
  fc.array(
    fc.integer({ min: -4000, max: 4000 }).map((v) => v / 1000),
    { minLength: n, maxLength: n },
  );
const withValues = <T extends { shape: number[] }>(a: fc.Arbitrary<T>) => a.chain((c) => values(prod(c.shape)).map((v) => ({ ...c, values: v })));
/** A size argument: mostly small, sometimes hostile. */
const hostileSize = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 4 }) },
  { weight: 2, arbitrary: fc.constantFrom(-1, -2, NaN, Infinity, 2.5, 2 ** 31, 2 ** 40, MAX_ELEMENTS + 1) },
);

// ---- properties ---------------------------------------------------------------------------------

const indexSelectProp: FuzzProperty = {
  name: 'indexSelect(x, dim, indices)',
  arbitrary: fc.record({
    b: backend,
    x: withValues(fc.record({ shape: smallShape(1, 3) })),
    dim: fc.integer({ min: -4, max: 3 }),
    idx: fc.array(hostileIndex, { maxLength: 6 }),
  }),
  run({ b, x, dim: d, idx }) {
    const shape: number[] = x.shape;
    const nd = shape.length;
    const dOk = d >= -nd && d < nd;
    const dd = d < 0 ? d + nd : d;
    const valid = dOk && idx.every((v: number) => isIndex(v, shape[dd]));
    const xt = tensor(x.values, shape, { requiresGrad: true });
    return outcome(b, 'indexSelect', /indexSelect/, valid, [xt], () => {
      const y = indexSelect(xt, d, idx);
      const outer = prod(shape.slice(0, dd));
      const inner = prod(shape.slice(dd + 1));
      const D = shape[dd];
      const want = new Float64Array(outer * idx.length * inner);
      for (let o = 0; o < outer; o++)
        for (let i = 0; i < idx.length; i++) for (let k = 0; k < inner; k++) want[(o * idx.length + i) * inner + k] = x.values[(o * D + idx[i]) * inner + k];
      sameShape(
        'indexSelect',
        y.shape,
        shape.map((s, i) => (i === dd ? idx.length : s)),
      );
      assertClose(y.data, want, TOL, 'indexSelect');
      y.sum().backward();
      const g = new Float64Array(prod(shape));
      for (let o = 0; o < outer; o++) for (const i of idx) for (let k = 0; k < inner; k++) g[(o * D + i) * inner + k] += 1;
      assertClose(xt.grad!.data, g, TOL, 'indexSelect grad');
    });
  },
};

const gatherProp: FuzzProperty = {
  name: 'gather(x, dim, index)',
  arbitrary: fc.record({ b: backend, shape: smallShape(1, 3), d: fc.integer({ min: 0, max: 2 }), ishape: smallShape(3, 3), seed: fc.integer() }).chain((c) =>
    fc
      .record({
        x: values(prod(c.shape)),
        index: fc.array(hostileIndexF32, { minLength: prod(c.ishape.slice(0, c.shape.length)), maxLength: prod(c.ishape.slice(0, c.shape.length)) }),
      })
      .map((v) => ({ ...c, ...v })),
  ),
  run({ b, shape, d: d0, ishape: is0, x, index }) {
    const nd = shape.length;
    const d = d0 % nd;
    const ishape = is0.slice(0, nd);
    const valid = ishape.every((s: number, i: number) => i === d || s <= shape[i]) && index.every((v: number) => isIndex(v, shape[d]));
    const xt = tensor(x, shape, { requiresGrad: true });
    const it = tensor(index, ishape);
    return outcome(b, 'gather', /gather/, valid, [xt, it], () => {
      const y = gather(xt, d, it);
      sameShape('gather', y.shape, ishape);
      const xs = shape.map((_: number, i: number) => prod(shape.slice(i + 1)));
      const is = ishape.map((_: number, i: number) => prod(ishape.slice(i + 1)));
      const want = new Float64Array(index.length);
      const g = new Float64Array(x.length);
      for (let f = 0; f < index.length; f++) {
        let src = 0;
        for (let i = 0; i < nd; i++) {
          const c = Math.floor(f / is[i]) % ishape[i];
          src += (i === d ? index[f] : c) * xs[i];
        }
        want[f] = x[src];
        g[src] += 1;
      }
      assertClose(y.data, want, TOL, 'gather');
      y.sum().backward();
      assertClose(xt.grad!.data, g, TOL, 'gather grad');
    });
  },
};

const embeddingProp: FuzzProperty = {
  name: 'Embedding.forward(indices)',
  arbitrary: fc.record({
    b: backend,
    V: fc.integer({ min: 1, max: 6 }),
    D: fc.integer({ min: 1, max: 3 }),
    idx: fc.array(hostileIndex, { maxLength: 6 }),
    pad: fc.option(fc.integer({ min: 0, max: 5 })),
  }),
  run({ b, V, D, idx, pad }) {
    manualSeed(1);
    const paddingIdx = pad === null ? null : pad % V;
    const emb = new nn.Embedding({ numEmbeddings: V, embeddingDim: D, paddingIdx });
    const W = emb.weight.toArray();
    const valid = idx.every((v: number) => isIndex(v, V));
    try {
      return outcome(b, 'Embedding', /Embedding\.forward/, valid, [], () => {
        const y = emb.forward(idx);
        sameShape('Embedding', y.shape, [idx.length, D]);
        assertClose(
          y.data,
          idx.flatMap((i: number) => [...W.subarray(i * D, (i + 1) * D)]),
          TOL,
          'Embedding',
        );
        y.sum().backward();
        const g = new Float64Array(V * D);
        for (const i of idx) if (i !== paddingIdx) for (let k = 0; k < D; k++) g[i * D + k] += 1;
        assertClose(emb.weight.grad?.data ?? new Float32Array(V * D), g, TOL, 'Embedding grad');
      });
    } finally {
      emb.dispose();
    }
  },
};

const crossEntropyProp: FuzzProperty = {
  name: 'crossEntropy(x, targets, { ignoreIndex, labelSmoothing, reduction })',
  arbitrary: fc
    .record({
      b: backend,
      N: fc.integer({ min: 0, max: 4 }),
      C: fc.integer({ min: 1, max: 5 }),
      ignoreIndex: fc.constantFrom(-100, -1, 0, 2, 2 ** 32),
      smoothing: fc.constantFrom(0, 0.2),
      reduction: fc.constantFrom<'mean' | 'sum' | 'none'>('mean', 'sum', 'none'),
    })
    .chain((c) =>
      fc
        .record({ x: values(c.N * c.C), t: fc.array(fc.oneof(hostileIndex, fc.constant(c.ignoreIndex)), { minLength: c.N, maxLength: c.N }) })
        .map((v) => ({ ...c, ...v })),
    ),
  run({ b, N, C, ignoreIndex, smoothing, reduction, x, t }) {
    const valid = t.every((v: number) => v === ignoreIndex || isIndex(v, C));
    const xt = tensor(x, [N, C], { requiresGrad: true });
    return outcome(b, 'crossEntropy', /crossEntropy/, valid, [xt], () => {
      const loss = F.crossEntropy(xt, t, { ignoreIndex, labelSmoothing: smoothing, reduction });
      // float64 reference: (1 − ε)·(−logp[t]) + ε·mean_c(−logp[c]) per kept row
      const rowLoss = new Float64Array(N);
      const grad = new Float64Array(N * C);
      let count = 0;
      for (let r = 0; r < N; r++) if (t[r] !== ignoreIndex) count++;
      const scale = reduction === 'mean' ? (count > 0 ? 1 / count : 0) : 1;
      for (let r = 0; r < N; r++) {
        if (t[r] === ignoreIndex) continue;
        const row = x.slice(r * C, (r + 1) * C);
        const m = Math.max(...row);
        const lse = m + Math.log(row.reduce((s: number, v: number) => s + Math.exp(v - m), 0));
        const logp = row.map((v: number) => v - lse);
        rowLoss[r] = (1 - smoothing) * -logp[t[r]] + (smoothing * -logp.reduce((s: number, v: number) => s + v, 0)) / C;
        for (let c = 0; c < C; c++) grad[r * C + c] = scale * (Math.exp(logp[c]) - (c === t[r] ? 1 - smoothing : 0) - smoothing / C);
      }
      const total = rowLoss.reduce((s, v) => s + v, 0);
      const want = reduction === 'none' ? rowLoss : [reduction === 'sum' ? total : count > 0 ? total / count : NaN];
      assertClose(loss.data, want, TOL, 'crossEntropy');
      loss.sum().backward();
      assertClose(xt.grad!.data, grad, TOL, 'crossEntropy grad');
    });
  },
};

/** batchSizes: from sorted lengths (valid) or hostile lists. */
const batchSizesArb = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 3 }).map((ls) => {
      const sorted = ls.sort((a, b) => b - a);
      const T = sorted[0] ?? 0;
      return Array.from({ length: T }, (_, s) => sorted.filter((l) => l > s).length);
    }),
  },
  { weight: 2, arbitrary: fc.array(hostileIndex, { minLength: 0, maxLength: 4 }) },
  { weight: 1, arbitrary: fc.constant([20000, 20000]) },
);

type Kind = 'rnn' | 'gru' | 'lstm';
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** One step of PyTorch's cell in float64 (gate order i,f,g,o for LSTM, r,z,n for GRU). */
function cellStep(kind: Kind, w: Float32Array[], x: ArrayLike<number>, h: Float64Array, c: Float64Array, I: number, H: number): [Float64Array, Float64Array] {
  const [wIh, wHh, bIh, bHh] = w;
  const G = kind === 'lstm' ? 4 : kind === 'gru' ? 3 : 1;
  const gi = new Float64Array(G * H);
  const gh = new Float64Array(G * H);
  for (let o = 0; o < G * H; o++) {
    let a = bIh[o];
    for (let i = 0; i < I; i++) a += wIh[o * I + i] * x[i];
    let b = bHh[o];
    for (let k = 0; k < H; k++) b += wHh[o * H + k] * h[k];
    gi[o] = a;
    gh[o] = b;
  }
  const nh = new Float64Array(H);
  const nc = new Float64Array(H);
  for (let o = 0; o < H; o++) {
    if (kind === 'rnn') nh[o] = Math.tanh(gi[o] + gh[o]);
    else if (kind === 'gru') {
      const r = sigmoid(gi[o] + gh[o]);
      const z = sigmoid(gi[H + o] + gh[H + o]);
      const n = Math.tanh(gi[2 * H + o] + r * gh[2 * H + o]);
      nh[o] = (1 - z) * n + z * h[o];
    } else {
      const g = (j: number) => gi[j * H + o] + gh[j * H + o];
      nc[o] = sigmoid(g(1)) * c[o] + sigmoid(g(0)) * Math.tanh(g(2));
      nh[o] = sigmoid(g(3)) * Math.tanh(nc[o]);
    }
  }
  return [nh, nc];
}

const packedProp: FuzzProperty = {
  name: 'RNN/GRU/LSTM.forward(new PackedSequence(data, batchSizes, sortedIndices))',
  arbitrary: fc.record({
    b: backend,
    kind: fc.constantFrom<Kind>('rnn', 'gru', 'lstm'),
    I: fc.integer({ min: 1, max: 2 }),
    H: fc.integer({ min: 1, max: 3 }),
    bs: batchSizesArb,
    extraRows: fc.constantFrom(0, 0, 0, 1, -1),
    perm: fc.oneof(fc.constant(null), fc.constant('shuffle' as const), fc.array(hostileIndex, { maxLength: 4 })),
    seed: fc.integer({ min: 0, max: 1000 }),
    grad: fc.boolean(),
  }),
  run({ b, kind, I, H, bs, extraRows, perm, seed, grad }) {
    const bsValid = bs.every((v: number, t: number) => Number.isInteger(v) && v > 0 && (t === 0 || v <= bs[t - 1]));
    const sum = bsValid ? bs.reduce((a: number, v: number) => a + v, 0) : 3;
    // a data tensor of at most 64 rows (huge batchSizes then describe more rows than it has)
    const N = sum > 64 ? 3 : Math.max(0, sum + extraRows);
    const B = bsValid ? (bs[0] ?? 0) : 0;
    let sorted: number[] | null = null;
    if (perm === 'shuffle' && B > 64) sorted = [0];
    else if (perm === 'shuffle') {
      sorted = Array.from({ length: B }, (_, i) => i);
      for (let i = B - 1; i > 0; i--) {
        const j = (seed * (i + 7)) % (i + 1);
        [sorted[i], sorted[j]] = [sorted[j], sorted[i]];
      }
    } else if (Array.isArray(perm)) sorted = perm;
    const permValid = sorted === null || (sorted.length === B && sorted.every((v) => isIndex(v, B)) && new Set(sorted).size === B);
    const valid = bsValid && N === sum && permValid;
    manualSeed(seed);
    const opts = { inputSize: I, hiddenSize: H };
    const rnn = kind === 'rnn' ? new nn.RNN(opts) : kind === 'gru' ? new nn.GRU(opts) : new nn.LSTM(opts);
    const x = randn([N, I]);
    const w = rnn.parameters().map((p) => p.toArray());
    try {
      return outcome(b, 'PackedSequence', /PackedSequence/, valid, [x], () => {
        const p = new nn.PackedSequence(x, bs, sorted);
        const [out, state] = (grad ? rnn.forward(p) : noGrad(() => rnn.forward(p))) as [nn.PackedSequence, Tensor | [Tensor, Tensor]];
        const [hn, cn] = Array.isArray(state) ? state : [state, null];
        // float64 reference: packed column j runs its own sequence through PyTorch's cell equations
        const off = [0];
        for (const v of bs) off.push(off[off.length - 1] + v);
        const xs = x.toArray();
        const want = new Float64Array(N * H);
        const last = new Float64Array(B * H);
        const lastC = new Float64Array(B * H);
        for (let j = 0; j < B; j++) {
          let h = new Float64Array(H);
          let c = new Float64Array(H);
          for (let s = 0; s < bs.length && bs[s] > j; s++) {
            const row = off[s] + j;
            [h, c] = cellStep(kind, w, xs.subarray(row * I, (row + 1) * I), h, c, I, H);
            want.set(h, row * H);
          }
          last.set(h, j * H);
          lastC.set(c, j * H);
        }
        const unsorted = sorted ? sorted.map((_, o) => sorted!.indexOf(o)) : null;
        const inOrder = (a: Float64Array) => {
          const r = new Float64Array(B * H);
          for (let o = 0; o < B; o++) {
            const j = unsorted ? unsorted[o] : o;
            r.set(a.subarray(j * H, (j + 1) * H), o * H);
          }
          return r;
        };
        sameShape(`${kind} packed output`, out.data.shape, [N, H]);
        assertClose(out.data.data, want, TOL, `${kind} packed output`);
        sameShape(`${kind} hn`, hn.shape, [1, B, H]);
        assertClose(hn.data, inOrder(last), TOL, `${kind} hn`);
        if (cn) assertClose(cn.data, inOrder(lastC), TOL, `${kind} cn`);
      });
    } finally {
      rnn.dispose();
    }
  },
};

type ShapeOp = 'zeros' | 'full' | 'randn' | 'expand' | 'reshape' | 'repeat';
const shapeProp: FuzzProperty = {
  name: 'zeros / full / randn / expand / reshape / repeat with hostile sizes',
  arbitrary: fc.record({
    b: backend,
    op: fc.constantFrom<ShapeOp>('zeros', 'full', 'randn', 'expand', 'reshape', 'repeat'),
    sizes: fc.array(hostileSize, { maxLength: 4 }),
    xshape: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
  }),
  run({ b, op, sizes, xshape }) {
    const okDim = (v: number) => Number.isInteger(v) && v >= 0;
    const within = (s: number[]) => prod(s) <= MAX_ELEMENTS;
    const x = tensor(
      Array.from({ length: prod(xshape) }, (_, i) => i + 1),
      xshape,
    );
    let valid: boolean;
    let shape: number[] = [];
    if (op === 'zeros' || op === 'full' || op === 'randn') {
      valid = sizes.every(okDim) && within(sizes);
      shape = sizes;
    } else if (op === 'expand') {
      const off = sizes.length - xshape.length;
      shape = sizes.map((s: number, i: number) => (i >= off && s === -1 ? xshape[i - off] : s));
      valid = off >= 0 && shape.every(okDim) && shape.every((s, i) => i < off || xshape[i - off] === 1 || xshape[i - off] === s) && within(shape);
    } else if (op === 'reshape') {
      const infer = sizes.filter((s: number) => s === -1).length;
      const known = prod(sizes.filter((s: number) => s !== -1));
      valid = infer <= 1 && sizes.every((s: number) => s === -1 || okDim(s)) && (infer === 0 ? known === x.size : known > 0 && x.size % known === 0);
      shape = sizes.map((s: number) => (s === -1 ? x.size / known : s));
    } else {
      valid = sizes.length >= xshape.length && sizes.every(okDim);
      const lead = sizes.length - xshape.length;
      shape = sizes.map((r: number, i: number) => r * (i < lead ? 1 : xshape[i - lead]));
      valid &&= within(shape);
    }
    const names = new RegExp(op);
    return outcome(b, op, names, valid, [x], () => {
      const y =
        op === 'zeros'
          ? zeros(sizes)
          : op === 'full'
            ? full(sizes, 2.5)
            : op === 'randn'
              ? randn(sizes)
              : op === 'expand'
                ? x.expand(sizes)
                : op === 'reshape'
                  ? x.reshape(sizes)
                  : x.repeat(sizes);
      sameShape(op, y.shape, shape);
      const xs = x.toArray();
      const want = new Float64Array(prod(shape));
      const xst = xshape.map((_: number, i: number) => prod(xshape.slice(i + 1)));
      for (let f = 0; f < want.length; f++) {
        if (op === 'zeros') want[f] = 0;
        else if (op === 'full') want[f] = 2.5;
        else if (op === 'reshape') want[f] = xs[f];
        else if (op === 'randn') want[f] = y.data[f];
        else {
          // expand / repeat: each output coordinate maps to x at (coordinate mod x's size) per trailing dim
          let src = 0;
          let rem = f;
          for (let i = shape.length - 1; i >= 0; i--) {
            const c = rem % shape[i];
            rem = Math.floor(rem / shape[i]);
            const xi = i - (shape.length - xshape.length);
            if (xi >= 0) src += (c % xshape[xi]) * xst[xi];
          }
          want[f] = xs[src];
        }
      }
      if (op === 'randn' && !y.data.every(Number.isFinite)) fail('randn: non-finite values');
      assertClose(y.data, want, { rtol: 0, atol: 0 }, op);
    });
  },
};

const matmulProp: FuzzProperty = {
  name: 'matmul(a, b) with any shapes, empty dims included',
  arbitrary: fc
    .record({ b: backend, as: smallShape(1, 3), bs: smallShape(1, 3), link: fc.boolean() })
    .map((c) => {
      const bs = c.bs.slice();
      // often make the inner dimensions agree
      if (c.link) bs[bs.length === 1 ? 0 : bs.length - 2] = c.as[c.as.length - 1];
      return { ...c, bs };
    })
    .chain((c) => fc.record({ av: values(prod(c.as)), bv: values(prod(c.bs)) }).map((v) => ({ ...c, ...v }))),
  run({ b, as, bs, av, bv }) {
    // float64 model of torch.matmul: 1-D operands get a unit dim, batch dims broadcast
    const a2 = as.length === 1 ? [1, as[0]] : as;
    const b2 = bs.length === 1 ? [bs[0], 1] : bs;
    const [M, K] = a2.slice(-2);
    const [Kb, N] = b2.slice(-2);
    const ba = a2.slice(0, -2);
    const bb = b2.slice(0, -2);
    const n = Math.max(ba.length, bb.length);
    const batch: number[] = [];
    let ok = K === Kb;
    for (let i = 0; i < n; i++) {
      const x = ba[ba.length - n + i] ?? 1;
      const y = bb[bb.length - n + i] ?? 1;
      if (x !== y && x !== 1 && y !== 1) ok = false;
      batch.push(x === 1 ? y : x);
    }
    const at = tensor(av, as);
    const bt = tensor(bv, bs);
    return outcome(b, 'matmul', /matmul/, ok, [at, bt], () => {
      const y = matmul(at, bt);
      const outShape = [...batch, ...(as.length === 1 ? [] : [M]), ...(bs.length === 1 ? [] : [N])];
      sameShape('matmul', y.shape, outShape);
      const want = new Float64Array(prod(batch) * M * N);
      const bst = (s: number[]) => s.map((_, i) => prod(s.slice(i + 1)));
      const sa = bst(ba);
      const sb = bst(bb);
      for (let p = 0; p < prod(batch); p++) {
        let oa = 0;
        let ob = 0;
        let rem = p;
        for (let i = n - 1; i >= 0; i--) {
          const c = rem % batch[i];
          rem = Math.floor(rem / batch[i]);
          const ia = i - (n - ba.length);
          const ib = i - (n - bb.length);
          if (ia >= 0 && ba[ia] !== 1) oa += c * sa[ia];
          if (ib >= 0 && bb[ib] !== 1) ob += c * sb[ib];
        }
        for (let m = 0; m < M; m++)
          for (let q = 0; q < N; q++) {
            let s = 0;
            for (let k = 0; k < K; k++) s += av[(oa * M + m) * K + k] * bv[(ob * K + k) * N + q];
            want[(p * M + m) * N + q] = s;
          }
      }
      assertClose(y.data, want, { rtol: RTOL, atol: MATMUL_ATOL }, 'matmul');
    });
  },
};

type Mutation = { kind: 'none' } | { kind: 'flip'; at: number; bits: number } | { kind: 'truncate'; at: number } | { kind: 'text'; at: number; text: string };
const safetensorsProp: FuzzProperty = {
  name: 'io.loadStateDict(bytes) on saved state dicts, then mutated',
  arbitrary: fc.record({
    tensors: fc
      .uniqueArray(fc.record({ name: fc.constantFrom('w', 'b', '__proto__', 'constructor', 'x.y', 'é'), shape: smallShape(0, 3) }), {
        selector: (t) => t.name,
        maxLength: 4,
      })
      .chain((ts) => fc.tuple(...ts.map((t) => values(prod(t.shape)))).map((vs) => ts.map((t, i) => ({ ...t, values: vs[i] })))),
    mutation: fc.oneof(
      fc.constant<Mutation>({ kind: 'none' }),
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bits: fc.integer({ min: 1, max: 255 }) }),
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
      fc.record({
        kind: fc.constant('text' as const),
        at: fc.nat(),
        text: fc.constantFrom('"', '{', '}', ',', '-1', '1e400', '"F64"', '"__proto__"', '[', '0', ' '),
      }),
    ),
  }),
  run({ tensors, mutation }) {
    bystander();
    const rec: Record<string, Tensor> = {};
    for (const t of tensors) Object.defineProperty(rec, t.name, { value: tensor(t.values, t.shape), enumerable: true, writable: true, configurable: true });
    const original = io.saveStateDict(rec);
    let bytes = original;
    const m = mutation as Mutation;
    if (m.kind === 'flip') {
      bytes = original.slice();
      bytes[m.at % bytes.length] ^= m.bits;
    }
    if (m.kind === 'truncate') bytes = original.slice(0, m.at % original.length);
    if (m.kind === 'text') {
      const at = 8 + (m.at % Math.max(1, original.length - 8));
      const t = new TextEncoder().encode(m.text);
      bytes = new Uint8Array(original.length + t.length);
      bytes.set(original.subarray(0, at));
      bytes.set(t, at);
      bytes.set(original.subarray(at), at + t.length);
    }
    // no float64 reference can say in advance which mutated files are well formed, so a file that
    // loads is checked against the bytes it came from (the format's rule), an unmutated one
    // against the saved tensors
    let loaded: Record<string, Tensor> | null = null;
    try {
      loaded = io.loadStateDict(bytes);
    } catch (e) {
      if (!(e instanceof Error) || e.constructor !== Error) fail(`loadStateDict threw ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
      if (!/^safetensors: /.test(e.message)) fail(`loadStateDict: the Error does not name the format: ${e.message}`);
      if (m.kind === 'none') fail(`loadStateDict: a saved state dict does not load: ${e.message}`);
      checkBystander('loadStateDict');
      return 'error';
    }
    if (Object.getPrototypeOf(loaded) !== Object.prototype) fail('loadStateDict: the result lost its prototype');
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const n = Number(dv.getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<
      string,
      { dtype: string; shape: number[]; data_offsets: [number, number] }
    >;
    const names = Object.keys(header).filter((k) => k !== '__metadata__');
    if (JSON.stringify(Object.keys(loaded).sort()) !== JSON.stringify(names.slice().sort()))
      fail(`loaded names ${JSON.stringify(Object.keys(loaded))}, header ${JSON.stringify(names)}`);
    for (const k of names) {
      const h = header[k];
      const t = loaded[k];
      sameShape(`tensor ${k}`, t.shape, h.shape);
      if (t.size !== prod(h.shape)) fail(`tensor ${k}: ${t.size} values for shape [${h.shape}]`);
      if (h.dtype === 'F32') {
        const want = Array.from({ length: t.size }, (_, i) => dv.getFloat32(8 + n + h.data_offsets[0] + 4 * i, true));
        assertClose(t.data, want, { rtol: 0, atol: 0 }, `tensor ${k}`);
      }
    }
    if (m.kind === 'none') for (const t of tensors) assertClose(loaded[t.name].data, t.values.map(Math.fround), { rtol: 0, atol: 0 }, `round trip ${t.name}`);
    checkBystander('loadStateDict');
    return 'result';
  },
};

type OptName = 'SGD' | 'Adam' | 'AdamW' | 'RMSprop';
const hostileSetting = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(0, 0.01, 0.1, 0.5, 0.9) },
  { weight: 2, arbitrary: fc.constantFrom(-0.1, NaN, Infinity, 1, 1.5) },
);
const optimizerProp: FuzzProperty = {
  name: 'optimizer settings → one step (SGD, Adam, AdamW, RMSprop)',
  arbitrary: fc.record({
    b: backend,
    opt: fc.constantFrom<OptName>('SGD', 'Adam', 'AdamW', 'RMSprop'),
    lr: hostileSetting,
    momentum: hostileSetting,
    weightDecay: hostileSetting,
    eps: hostileSetting,
    alpha: hostileSetting,
    b1: hostileSetting,
    b2: hostileSetting,
    nesterov: fc.boolean(),
    centered: fc.boolean(),
    dampening: fc.constantFrom(0, 0, 0.1, NaN),
    p: values(3),
    g: values(3),
  }),
  run(c) {
    const { b, opt, lr, momentum, weightDecay, eps, b1, b2, nesterov, centered, dampening } = c;
    // NOTE: centered RMSprop with α = 0 is left out: square_avg − grad_avg² is then pure rounding
    // noise and PyTorch's own step is NaN or ±huge (torch 1.13, one step on [0.1, 0.3, −0.7, 1.3,
    // 1e−3]: [−48.9, nan, nan, nan, −72.8]), so no reference exists
    const alpha = opt === 'RMSprop' && centered && c.alpha === 0 ? 0.5 : c.alpha;
    const fin = (v: number) => Number.isFinite(v) && v >= 0;
    let valid = fin(lr) && fin(weightDecay);
    if (opt === 'SGD') valid &&= fin(momentum) && Number.isFinite(dampening) && (!nesterov || (momentum > 0 && dampening === 0));
    if (opt === 'Adam' || opt === 'AdamW') valid &&= fin(eps) && b1 >= 0 && b1 < 1 && b2 >= 0 && b2 < 1;
    if (opt === 'RMSprop') valid &&= fin(eps) && fin(momentum) && fin(alpha);
    const lin = new nn.Linear({ inFeatures: 3, outFeatures: 1, bias: false });
    lin.weight.data.set(c.p);
    // the gradient through backward (d(W·g)/dW = g): assigning .grad to a parameter that has no
    // gradient block yet is not seen by the optimizers (reported separately)
    lin
      .forward(tensor(c.g, [1, 3]))
      .sum()
      .backward();
    try {
      return outcome(b, opt, new RegExp(opt), valid, [], () => {
        const o =
          opt === 'SGD'
            ? new optim.SGD(lin.parameters(), { lr, momentum, weightDecay, nesterov, dampening })
            : opt === 'RMSprop'
              ? new optim.RMSprop(lin.parameters(), { lr, momentum, weightDecay, eps, alpha, centered })
              : new (opt === 'Adam' ? optim.Adam : optim.AdamW)(lin.parameters(), { lr, weightDecay, eps, betas: [b1, b2] });
        o.step();
        // float64 reference of PyTorch's first step (torch/optim/*.py, single-tensor path)
        const want = c.p.map((p0: number, i: number) => {
          const p = Math.fround(p0);
          let g = Math.fround(c.g[i]);
          if (opt === 'SGD') {
            g += weightDecay * p;
            if (momentum !== 0) g = nesterov ? g + momentum * g : g;
            return p - lr * g;
          }
          if (opt === 'RMSprop') {
            g += weightDecay * p;
            const sq = (1 - alpha) * Math.fround(g * g); // g² in float32, as PyTorch (it may underflow to 0)
            // α > 1 is accepted as by PyTorch (which checks only α ≥ 0): the root is then NaN there too
            const avg = (centered ? Math.sqrt(sq - ((1 - alpha) * g) ** 2) : Math.sqrt(sq)) + eps;
            return p - (lr * g) / avg;
          }
          let q = p;
          if (opt === 'AdamW') q = p * (1 - lr * weightDecay);
          else g += weightDecay * p;
          const mh = ((1 - b1) * g) / (1 - b1);
          const vh = ((1 - b2) * Math.fround(g * g)) / (1 - b2); // g² in float32, as PyTorch
          return q - (lr * mh) / (Math.sqrt(vh) + eps);
        });
        assertClose(lin.weight.data, want, STEP_TOL, `${opt} step`);
        o.dispose();
      });
    } finally {
      lin.dispose();
    }
  },
};

export const properties: FuzzProperty[] = [
  indexSelectProp,
  gatherProp,
  embeddingProp,
  crossEntropyProp,
  packedProp,
  shapeProp,
  matmulProp,
  safetensorsProp,
  optimizerProp,
];

/**
 * Runs every property (or those whose name contains `only`) with fast-check. By default a
 * property stops at its first failure (shrunk to a small counterexample); with keepGoing every
 * case runs and failures are counted as 'other' (the first one kept as `failure`).
 */
export function runProperties(opts: {
  seed: number;
  runs: number;
  timeLimitMs?: number;
  only?: string;
  keepGoing?: boolean;
}): { name: string; error: number; result: number; other: number; failure: string | null }[] {
  return properties
    .filter((p) => !opts.only || p.name.includes(opts.only))
    .map((p) => {
      const counts = { error: 0, result: 0, other: 0 };
      let first: string | null = null;
      const details = fc.check(
        fc.property(p.arbitrary, (c) => {
          if (!opts.keepGoing) {
            counts[p.run(c)]++;
            return;
          }
          try {
            counts[p.run(c)]++;
          } catch (e) {
            counts.other++;
            first ??= `${e instanceof Error ? e.message : String(e)}\n  case: ${fc.stringify(c)}`;
          }
        }),
        {
          seed: opts.seed,
          numRuns: opts.runs,
          ...(opts.timeLimitMs ? { interruptAfterTimeLimit: opts.timeLimitMs } : {}),
          endOnFailure: true,
        },
      );
      const err = (details as unknown as { errorInstance?: unknown }).errorInstance;
      if (details.failed) {
        counts.other++;
        first = `${err instanceof Error ? err.message : String(err)}\n  counterexample: ${fc.stringify(details.counterexample)}\n  (seed ${details.seed}, path ${details.counterexamplePath})`;
      }
      return { name: p.name, ...counts, failure: first };
    });
}
