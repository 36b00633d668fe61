// Replays the optimizer fixtures of tests/fixtures/toolkit.json (float32 PyTorch 1.13, made by
// scripts/gen-fixtures-toolkit.py): nn.Linear(4, 3) with fixed values, MSE on a fixed batch,
// 10 steps of zeroGrad / backward / [clipGradNorm] / step, on both backends; and clipGradNorm alone.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { nonEmpty } from '../fixture.js';
import { getBackend, nn, optim, Parameter, setBackend, tensor, type Tensor } from '../../engine/index.js';
import { assertClose } from '../lib/assert-close.js';

/** final parameters after 10 steps: the engine's gradients differ from PyTorch's in the last float32 bits */
const PARAM_RTOL = 1e-5;
const PARAM_ATOL = 1e-6;
/** per-step losses and clipGradNorm's returned norms */
const LOSS_RTOL = 1e-5;
/** clipGradNorm on fixed gradients */
const CLIP_RTOL = 1e-6;
const CLIP_ATOL = 1e-7;
/** one SGD step in float32 against its closed form */
const STEP_ATOL = 1e-7;
const BACKENDS = ['wasm', 'js'] as const;

interface Stored {
  shape: number[];
  data: number[];
}
interface OptimCase {
  name: string;
  kind: 'SGD' | 'Adam' | 'AdamW' | 'RMSprop';
  opts: Record<string, any>;
  clip: number | null;
  weight: Stored;
  bias: Stored;
  losses: number[];
  norms: number[];
}
interface ClipCase {
  maxNorm: number;
  normType: number | 'inf';
  total: number;
  a: Stored;
  b: Stored;
}
interface Fixtures {
  torch: string;
  optim: { problem: Record<'weight' | 'bias' | 'x' | 'y', Stored>; cases: OptimCase[]; clip: { a: Stored; b: Stored; cases: ClipCase[] } };
}

const here = dirname(fileURLToPath(import.meta.url));
const fx = JSON.parse(readFileSync(join(here, '..', '..', '..', 'tests', 'fixtures', 'toolkit.json'), 'utf8')) as Fixtures;
const P = fx.optim.problem;
const t = (s: Stored, requiresGrad = false): Tensor => tensor(s.data, s.shape, { requiresGrad });

function makeOptimizer(kind: OptimCase['kind'], params: Parameter[], opts: Record<string, any>): optim.Optimizer<any> {
  switch (kind) {
    case 'SGD':
      return new optim.SGD(params, opts as { lr: number });
    case 'Adam':
      return new optim.Adam(params, opts);
    case 'AdamW':
      return new optim.AdamW(params, opts);
    case 'RMSprop':
      return new optim.RMSprop(params, opts);
  }
}

let worstAbs = 0;
/** assertClose, then the worst relative error (over |want| > 1e-2) for the report; tracks worstAbs. */
function relDiff(got: ArrayLike<number>, want: number[], rtol: number, atol: number, where: string): number {
  assertClose(got, want, { rtol, atol }, where);
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got[i] - want[i]);
    if (Math.abs(want[i]) > 1e-2) worst = Math.max(worst, err / Math.abs(want[i]));
    worstAbs = Math.max(worstAbs, err);
  }
  return worst;
}

/** Runs a case; returns the module, the optimizer and the per-step losses and norms. */
export function train(c: Pick<OptimCase, 'kind' | 'opts' | 'clip'>, steps = 10, setup?: { lin: nn.Linear; opt: optim.Optimizer<any> }) {
  const lin = setup?.lin ?? new nn.Linear({ inFeatures: 4, outFeatures: 3 });
  if (!setup) lin.loadStateDict({ weight: t(P.weight), bias: t(P.bias) });
  const opt = setup?.opt ?? makeOptimizer(c.kind, lin.parameters(), c.opts);
  const x = t(P.x);
  const y = t(P.y);
  const mse = new nn.MSELoss();
  const losses: number[] = [];
  const norms: number[] = [];
  for (let i = 0; i < steps; i++) {
    opt.zeroGrad();
    const loss = mse.forward(lin.forward(x), y);
    loss.backward();
    losses.push(loss.item());
    if (c.clip !== null) norms.push(optim.clipGradNorm(lin.parameters(), c.clip));
    opt.step();
  }
  return { lin, opt, losses, norms };
}

let worstParam = 0;
let worstParamAbs = 0;
const before = getBackend();
const byKind = new Map<string, OptimCase[]>();
for (const c of nonEmpty(fx.optim.cases, 'toolkit.json: optim.cases')) byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), c]);
for (const [kind, cases] of byKind) {
  const s = suite(`optim.${kind}: 10 steps vs torch ${fx.torch}`);
  s.after(() => setBackend(before));
  for (const backend of BACKENDS) {
    for (const c of cases) {
      s(`${c.name} [${backend}]`, () => {
        setBackend(backend);
        const { lin, opt, losses, norms } = train(c);
        relDiff(losses, c.losses, LOSS_RTOL, 0, 'loss per step');
        relDiff(norms, c.norms, LOSS_RTOL, 0, 'clipGradNorm per step');
        worstAbs = 0;
        worstParam = Math.max(
          worstParam,
          relDiff(lin.weight.data, c.weight.data, PARAM_RTOL, PARAM_ATOL, 'weight'),
          relDiff(lin.bias!.data, c.bias.data, PARAM_RTOL, PARAM_ATOL, 'bias'),
        );
        worstParamAbs = Math.max(worstParamAbs, worstAbs);
        opt.dispose();
        lin.dispose();
      });
    }
  }
  s.run();
}

const clip = suite('optim.clipGradNorm vs torch');
clip.after(() => setBackend(before));
for (const backend of BACKENDS) {
  for (const c of nonEmpty(fx.optim.clip.cases, 'toolkit.json: optim.clip.cases')) {
    clip(`maxNorm ${c.maxNorm} normType ${c.normType} [${backend}]`, () => {
      setBackend(backend);
      const a = new Parameter(fx.optim.clip.a.shape);
      const b = new Parameter(fx.optim.clip.b.shape);
      a.grad = t(fx.optim.clip.a);
      b.grad = t(fx.optim.clip.b);
      const total = optim.clipGradNorm([a, b], c.maxNorm, c.normType === 'inf' ? Infinity : c.normType);
      relDiff([total], [c.total], CLIP_RTOL, 0, 'total norm');
      relDiff(a.grad!.data, c.a.data, CLIP_RTOL, CLIP_ATOL, 'a.grad');
      relDiff(b.grad!.data, c.b.data, CLIP_RTOL, CLIP_ATOL, 'b.grad');
      a.dispose();
      b.dispose();
    });
  }
}
clip('parameters without a gradient are skipped; no gradients → 0', () => {
  const a = new Parameter([2]);
  assert.is(optim.clipGradNorm([a], 1), 0);
  a.dispose();
});
clip.run();

const assigned = suite('optim: a gradient assigned with p.grad = t');
assigned.after(() => setBackend(before));
for (const backend of BACKENDS) {
  assigned(`SGD.step uses it (closed form p − lr·g) [${backend}]`, () => {
    setBackend(backend);
    const p = new Parameter([3], [1, 2, 3]);
    p.grad = tensor([0.5, -1, 0], [3]);
    const opt = new optim.SGD([p], { lr: 0.1 });
    opt.step();
    relDiff(p.data, [0.95, 2.1, 3], 0, STEP_ATOL, 'p after one step');
    opt.zeroGrad();
    assert.equal(Array.from(p.grad!.data), [0, 0, 0], 'zeroGrad zeroes it');
    p.grad = null;
    assert.is(p.grad, null);
    opt.dispose();
    p.dispose();
  });
}
assigned('a grad of the wrong shape is refused', () => {
  const p = new Parameter([3]);
  assert.throws(() => {
    p.grad = tensor([1, 2], [2]);
  }, /Tensor\.grad: assigned grad of shape \[2\] to a tensor of shape \[3\]/);
  p.dispose();
});
assigned.run();

const state = suite('optim: stateDict / loadStateDict resumes exactly');
state.after(() => setBackend(before));
for (const c of fx.optim.cases.filter((c) => c.clip === null && /momentum|amsgrad|centered/.test(c.name))) {
  state(c.name, () => {
    setBackend('wasm');
    const full = train(c, 10);
    const half = train(c, 5);
    const sd = half.opt.stateDict();
    const lin2 = new nn.Linear({ inFeatures: 4, outFeatures: 3 });
    lin2.loadStateDict(half.lin.stateDict());
    const opt2 = makeOptimizer(c.kind, lin2.parameters(), { lr: 123 });
    opt2.loadStateDict(sd);
    assert.equal(opt2.paramGroups[0].options, half.opt.paramGroups[0].options, 'hyper-parameters restored');
    train(c, 5, { lin: lin2, opt: opt2 });
    assert.equal(Array.from(lin2.weight.data), Array.from(full.lin.weight.data), 'weight bit-exact');
    assert.equal(Array.from(lin2.bias!.data), Array.from(full.lin.bias!.data), 'bias bit-exact');
    for (const x of [full, half]) {
      x.opt.dispose();
      x.lin.dispose();
    }
    opt2.dispose();
    lin2.dispose();
  });
}
state.after(() =>
  console.log(`optim: parameters after 10 steps: max rel diff ${worstParam.toExponential(2)} (|p| > 0.01), max abs diff ${worstParamAbs.toExponential(2)}`),
);
state.run();
