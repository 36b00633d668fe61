// Replays the loss fixtures of tests/fixtures/toolkit.json (float64 PyTorch 1.13 on float32
// inputs, made by scripts/gen-fixtures-toolkit.py): every loss module's output and input gradient,
// on both backends.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { nonEmpty } from '../fixture.js';
import { getBackend, nn, randn, setBackend, tensor, type Tensor } from '../../engine/index.js';
import { assertClose } from '../lib/assert-close.js';

/** |got − want| ≤ ATOL + RTOL·|want|; the reference is float64 PyTorch on the same float32 inputs. */
const RTOL = 1e-4;
const ATOL = 1e-5;
const TOL = { rtol: RTOL, atol: ATOL };
const BACKENDS = ['wasm', 'js'] as const;

interface Stored {
  shape: number[];
  data: number[];
}
interface LossCase {
  name: string;
  kind: 'crossEntropy' | 'nllLoss' | 'MSELoss' | 'L1Loss' | 'BCEWithLogitsLoss';
  opts: Record<string, any>;
  input: Stored;
  target: Stored;
  W: Stored;
  output: Stored;
  grad: Stored;
}

const here = dirname(fileURLToPath(import.meta.url));
const fixturePath = join(here, '..', '..', '..', 'tests', 'fixtures', 'toolkit.json');
const fixtures = JSON.parse(readFileSync(fixturePath, 'utf8')) as { torch: string; losses: LossCase[] };

const t = (s: Stored, requiresGrad = false): Tensor => tensor(s.data, s.shape, { requiresGrad });

function moduleFor(c: LossCase): nn.Module & { forward(a: Tensor, b: Tensor): Tensor } {
  const o: Record<string, any> = { ...c.opts };
  for (const k of ['weight', 'posWeight']) if (o[k]) o[k] = t(o[k]);
  switch (c.kind) {
    case 'crossEntropy':
      return new nn.CrossEntropyLoss(o);
    case 'nllLoss':
      return new nn.NLLLoss(o);
    case 'MSELoss':
      return new nn.MSELoss(o);
    case 'L1Loss':
      return new nn.L1Loss(o);
    case 'BCEWithLogitsLoss':
      return new nn.BCEWithLogitsLoss(o);
  }
}

const byKind = new Map<string, LossCase[]>();
for (const c of nonEmpty(fixtures.losses, 'toolkit.json: losses')) byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), c]);

const worstByKind: Record<string, number> = {};
for (const [kind, cases] of byKind) {
  const s = suite(`losses: ${kind} vs torch ${fixtures.torch}`);
  const before = getBackend();
  s.after(() => setBackend(before));
  for (const backend of BACKENDS) {
    for (const c of cases) {
      s(`${c.name} [${backend}]`, () => {
        setBackend(backend);
        const x = t(c.input, true);
        const out = moduleFor(c).forward(x, t(c.target));
        assert.equal(out.shape, c.output.shape, 'output shape');
        let w = assertClose(out.data, c.output.data, TOL, `${c.name} output`);
        out.backward(t(c.W));
        assert.ok(x.grad, 'input has a gradient');
        w = Math.max(w, assertClose(x.grad!.data, c.grad.data, TOL, `${c.name} d input`));
        worstByKind[kind] = Math.max(worstByKind[kind] ?? 0, w);
      });
    }
  }
  s.run();
}

const errors = suite('losses: errors');
errors('shape mismatches name the loss and the shapes', () => {
  assert.throws(() => new nn.MSELoss().forward(tensor([1, 2, 3]), tensor([1, 2])), /MSELoss.forward: input shape \[3\] and target shape \[2\]/);
  assert.throws(() => new nn.BCEWithLogitsLoss().forward(tensor([1, 2]), tensor([1])), /BCEWithLogitsLoss.forward/);
  assert.throws(() => new nn.NLLLoss().forward(tensor([[0, 0]]), [5]), /out of bounds/);
  assert.throws(
    () =>
      new nn.NLLLoss().forward(
        tensor([
          [0, 0],
          [0, 0],
        ]),
        [1],
      ),
    /NLLLoss.forward|nllLoss/,
  );
  assert.throws(() => new nn.CrossEntropyLoss().forward(tensor([[0, 0]]), [2]), /out of bounds for 2 classes/);
});
errors('every loss takes reduction none | mean | sum only', () => {
  assert.throws(() => new nn.MSELoss({ reduction: 'avg' as any }).forward(tensor([1]), tensor([1])), /reduction/);
  assert.throws(() => new nn.CrossEntropyLoss({ reduction: 'avg' as any }).forward(tensor([[1, 2]]), [0]), /reduction/);
});
errors.after(() =>
  console.log(
    `losses: max rel diff ${Object.entries(worstByKind)
      .map(([k, v]) => `${k} ${v.toExponential(2)}`)
      .join(', ')}`,
  ),
);
errors.run();

// mseLoss is one op whose kernels run in the order of the composition (input − target)², summed
// (· 1/n): its value and both gradients equal the composition's to the bit.
const fused = suite('losses: mseLoss as one op = the composition sub, mul, sum/mean, bit for bit');
for (const backend of BACKENDS) {
  for (const reduction of ['mean', 'sum', 'none'] as const) {
    fused(`${backend}, reduction ${reduction}`, () => {
      const was = getBackend();
      setBackend(backend);
      try {
        const x0 = randn([3, 5, 7]).toArray();
        const t0 = randn([3, 5, 7]).toArray();
        const w = randn(reduction === 'none' ? [3, 5, 7] : []);
        const run = (f: (x: Tensor, t: Tensor) => Tensor) => {
          const x = tensor(x0, [3, 5, 7], { requiresGrad: true });
          const t = tensor(t0, [3, 5, 7], { requiresGrad: true });
          const y = f(x.tanh(), t);
          y.mul(w).sum().backward();
          return [y, x.grad!, t.grad!].map((v) => Array.from(v.toArray()));
        };
        const one = run((x, t) => nn.F.mseLoss(x, t, { reduction }));
        const composed = run((x, t) => {
          const d = x.sub(t);
          const sq = d.mul(d);
          return reduction === 'none' ? sq : reduction === 'sum' ? sq.sum() : sq.mean();
        });
        assert.equal(one, composed);
        assert.ok(one[2].some((v) => v !== 0));
      } finally {
        setBackend(was);
      }
    });
  }
}
fused.run();
