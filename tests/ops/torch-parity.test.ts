// Replays tests/fixtures/ops.json (PyTorch outputs and gradients, made by scripts/gen-fixtures.py)
// through the public API, one suite per op, on both backends.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { nonEmpty } from '../fixture.js';
import { cat, getBackend, setBackend, stack, tensor, where, type Tensor } from '../../engine/index.js';
import { assertClose } from '../lib/assert-close.js';

/** |got - want| ≤ ATOL + RTOL·|want|, elementwise (numpy.allclose). The reference is float64 PyTorch on the same float32 inputs. */
const RTOL = 1e-4;
const ATOL = 1e-5;
const TOL = { rtol: RTOL, atol: ATOL };
const BACKENDS = ['wasm', 'js'] as const;

interface Stored {
  shape: number[];
  data: number[];
}
interface StoredInput extends Stored {
  name: string;
  requiresGrad: boolean;
}
type Args = Record<string, any>;
interface Case {
  name: string;
  inputs: StoredInput[];
  args: Args;
  multi: boolean;
  outputs: Stored[];
  /** One per output; empty for ops without a gradient (comparisons, detach). */
  weights: Stored[];
  grads: Record<string, Stored>;
  /** Outputs holding indices (integral floats): compared, never requiring grad. */
  indexOutputs?: number[];
}
interface Fixtures {
  torch: string;
  ops: Record<string, Case[]>;
}

/** How each fixture op is called; `t` holds the case's inputs by name, `a` its args. */
const OPS: Record<string, (t: Record<string, Tensor>, a: Args) => Tensor | Tensor[]> = {
  add: (t, a) => t.a.add(a.scalar ?? (a.same ? t.a : t.b)),
  sub: (t, a) => t.a.sub(a.scalar ?? (a.same ? t.a : t.b)),
  mul: (t, a) => t.a.mul(a.scalar ?? (a.same ? t.a : t.b)),
  div: (t, a) => t.a.div(a.scalar ?? (a.same ? t.a : t.b)),
  matmul: (t) => t.a.matmul(t.b),
  tanh: (t) => t.x.tanh(),
  sigmoid: (t) => t.x.sigmoid(),
  relu: (t) => t.x.relu(),
  exp: (t) => t.x.exp(),
  log: (t) => t.x.log(),
  sum: (t, a) => (a.dim === undefined ? t.x.sum() : a.keepdim === undefined ? t.x.sum(a.dim) : t.x.sum(a.dim, a.keepdim)),
  mean: (t, a) => (a.dim === undefined ? t.x.mean() : a.keepdim === undefined ? t.x.mean(a.dim) : t.x.mean(a.dim, a.keepdim)),
  reshape: (t, a) => (a.transposeFirst ? t.x.transpose(0, 1) : t.x).reshape(a.shape),
  view: (t, a) => t.x.view(a.shape),
  transpose: (t, a) => t.x.transpose(a.dims[0], a.dims[1]),
  permute: (t, a) => t.x.permute(a.dims),
  cat: (t, a) => cat(listInputs(t), a.dim),
  stack: (t, a) => stack(listInputs(t), a.dim),
  split: (t, a) => (a.dim === undefined ? t.x.split(a.split) : t.x.split(a.split, a.dim)),
  chunk: (t, a) => (a.dim === undefined ? t.x.chunk(a.chunks) : t.x.chunk(a.chunks, a.dim)),
  slice: (t, a) => (a.step === undefined ? t.x.slice(a.dim, a.start, a.end) : t.x.slice(a.dim, a.start, a.end, a.step)),
  select: (t, a) => t.x.select(a.dim, a.index),
  indexSelect: (t, a) =>
    t.x.indexSelect(
      a.dim,
      a.indexAs === 'int32' ? Int32Array.from(a.index) : a.indexAs === 'tensor' ? tensor(a.index as number[], [a.index.length]) : (a.index as number[]),
    ),
  gather: (t, a) => t.x.gather(a.dim, t.index),
  softmax: (t, a) => t.x.softmax(a.dim),
  logSoftmax: (t, a) => t.x.logSoftmax(a.dim),
  where: (t) => where(t.cond, t.a, t.b),
  maskedFill: (t, a) => t.x.maskedFill(t.mask, a.value),
  clamp: (t, a) => t.x.clamp(a.min ?? undefined, a.max ?? undefined),
  pow: (t, a) => t.x.pow(a.exponent),
  gt: (t, a) => t.a.gt(a.scalar ?? t.b),
  lt: (t, a) => t.a.lt(a.scalar ?? t.b),
  ge: (t, a) => t.a.ge(a.scalar ?? t.b),
  le: (t, a) => t.a.le(a.scalar ?? t.b),
  eq: (t, a) => t.a.eq(a.scalar ?? t.b),
  detach: (t) => t.x.detach(),
  max: (t, a) => (a.dim === undefined ? t.x.max() : t.x.max(a.dim, a.keepdim ?? false)),
  min: (t, a) => (a.dim === undefined ? t.x.min() : t.x.min(a.dim, a.keepdim ?? false)),
  argmax: (t, a) => t.x.argmax(a.dim, a.keepdim),
  argmin: (t, a) => t.x.argmin(a.dim, a.keepdim),
  amax: (t, a) => t.x.amax(a.dim, a.keepdim),
  amin: (t, a) => t.x.amin(a.dim, a.keepdim),
  topk: (t, a) => t.x.topk(a.k, a.dim, a.largest),
  abs: (t) => t.x.abs(),
  flip: (t, a) => t.x.flip(a.dims),
  repeat: (t, a) => t.x.repeat(a.sizes),
  norm: (t, a) => t.x.norm(a.p === 'inf' ? Infinity : a.p === '-inf' ? -Infinity : a.p, a.dim, a.keepdim),
  var: (t, a) => ('unbiasedOnly' in a ? t.x.var(a.unbiasedOnly) : t.x.var(a.dim, a.unbiased, a.keepdim)),
  std: (t, a) => ('unbiasedOnly' in a ? t.x.std(a.unbiasedOnly) : t.x.std(a.dim, a.unbiased, a.keepdim)),
};

/** x0, x1, … in order (cat / stack cases). */
function listInputs(t: Record<string, Tensor>): Tensor[] {
  const out: Tensor[] = [];
  for (let i = 0; `x${i}` in t; i++) out.push(t[`x${i}`]);
  return out;
}

function findFixtures(): Fixtures {
  // Walk up from this file (dist/tests/ops when compiled) to the repository's tests/fixtures.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const p = join(dir, 'tests', 'fixtures', 'ops.json');
    if (existsSync(p)) return JSON.parse(readFileSync(p, 'utf8')) as Fixtures;
    dir = dirname(dir);
  }
  throw new Error('torch-parity: tests/fixtures/ops.json not found; run /usr/bin/python3 scripts/gen-fixtures.py');
}

function runCase(op: string, c: Case, index: number): void {
  const label = `${op} case ${index} [${getBackend()}]`;
  const t: Record<string, Tensor> = {};
  for (const inp of c.inputs) {
    t[inp.name] = tensor(Float32Array.from(inp.data), inp.shape, { requiresGrad: inp.requiresGrad });
  }
  const result = OPS[op](t, c.args);
  const outs = Array.isArray(result) ? result : [result];
  assert.is(Array.isArray(result), c.multi, `${label}: ${c.multi ? 'expected an array of tensors' : 'expected one tensor'}`);
  assert.is(outs.length, c.outputs.length, `${label}: ${outs.length} outputs, expected ${c.outputs.length}`);
  outs.forEach((o, k) => {
    const name = c.multi ? `out[${k}]` : 'out';
    assert.equal([...o.shape], c.outputs[k].shape, `${label} ${name}: shape [${o.shape}], expected [${c.outputs[k].shape}]`);
    assertClose(o.toArray(), c.outputs[k].data, TOL, `${label} ${name}`);
  });

  if (c.weights.length === 0) {
    outs.forEach((o) => assert.is(o.requiresGrad, false, `${label}: output must not require grad`));
    return;
  }
  const indexOuts = c.indexOutputs ?? [];
  outs.forEach((o, k) => {
    if (indexOuts.includes(k)) assert.is(o.requiresGrad, false, `${label}: output ${k} holds indices and must not require grad`);
    else assert.is(o.requiresGrad, true, `${label}: output must require grad`);
  });
  const w = c.weights.map((s) => tensor(Float32Array.from(s.data), s.shape));
  if (!c.multi) {
    // backward(W) is d(sum(out·W))/d out = W: isolates the op from mul/sum.
    outs[0].backward(w[0]);
  } else {
    let loss = outs[0].mul(w[0]).sum();
    for (let k = 1; k < outs.length; k++) loss = loss.add(outs[k].mul(w[k]).sum());
    loss.backward();
  }
  for (const inp of c.inputs) {
    const g = t[inp.name].grad;
    if (!inp.requiresGrad) {
      assert.is(g, null, `${label} grad[${inp.name}]: input without requiresGrad got a gradient`);
      continue;
    }
    const want = c.grads[inp.name];
    if (g === null) assert.unreachable(`${label} grad[${inp.name}]: is null`);
    else {
      assert.equal([...g.shape], want.shape, `${label} grad[${inp.name}]: shape [${g.shape}], expected [${want.shape}]`);
      assertClose(g.toArray(), want.data, TOL, `${label} grad[${inp.name}]`);
    }
  }
}

const fixtures = findFixtures();
const initialBackend = getBackend();
for (const [op, cases] of nonEmpty(Object.entries(fixtures.ops), 'ops.json: ops')) {
  const s = suite(`torch-parity ${op}`);
  if (!(op in OPS)) {
    s(`fixture op '${op}' has a runner entry`, () => assert.unreachable(`no OPS entry for '${op}'`));
  } else {
    cases.forEach((c, i) => {
      for (const backend of BACKENDS) {
        s(`case ${i}: ${c.name} [${backend}]`, () => {
          setBackend(backend);
          runCase(op, c, i);
        });
      }
    });
  }
  s.after(() => setBackend(initialBackend));
  s.run();
}
