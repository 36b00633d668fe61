// clipGradValue and clipGradNorm on non-finite gradients against PyTorch 1.13 (tests/fixtures/clip-dropout.json,
// scripts/gen-fixtures-clip-dropout.py), on both backends. clipGradNorm of norm types 2, 1, 3 and ∞ on
// finite gradients: tests/optim/optimizer.test.ts ('optim.clipGradNorm vs torch').
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { getBackend, optim, Parameter, setBackend, tensor } from '../../engine/index.js';
import { nonEmpty } from '../fixture.js';
import { assertClose } from '../lib/assert-close.js';

/** clamping is exact; only the fixture's 9 printed digits differ */
const VALUE_RTOL = 1e-7;
const VALUE_TOL = { rtol: VALUE_RTOL, atol: 1e-9 };
const BACKENDS = ['wasm', 'js'] as const;

type Num = number | 'nan' | 'inf' | '-inf';
interface Stored {
  shape: number[];
  data: Num[];
}
const here = dirname(fileURLToPath(import.meta.url));
const fx = JSON.parse(readFileSync(join(here, '..', '..', '..', 'tests', 'fixtures', 'clip-dropout.json'), 'utf8'));
const num = (v: Num): number => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v);
const values = (s: Stored): number[] => s.data.map(num);

const initial = getBackend();
const V = suite('optim.clipGradValue vs torch');
V.after(() => setBackend(initial));
for (const backend of BACKENDS) {
  for (const c of nonEmpty(fx.clipValue.cases as { clipValue: number; a: Stored; b: Stored }[], 'clipValue.cases')) {
    V(`clipValue ${c.clipValue} [${backend}]`, () => {
      setBackend(backend);
      const a = new Parameter(fx.clipValue.a.shape);
      const b = new Parameter(fx.clipValue.b.shape);
      a.grad = tensor(values(fx.clipValue.a), fx.clipValue.a.shape);
      b.grad = tensor(values(fx.clipValue.b), fx.clipValue.b.shape);
      optim.clipGradValue([a, b], c.clipValue);
      assertClose(a.grad!.data, values(c.a), VALUE_TOL, 'a.grad');
      assertClose(b.grad!.data, values(c.b), VALUE_TOL, 'b.grad');
      a.dispose();
      b.dispose();
    });
  }
}
V('parameters without a gradient are left alone', () => {
  const a = new Parameter([2]);
  optim.clipGradValue([a], 0.1);
  assert.is(a.grad, null);
  a.dispose();
});
V.run();

interface NonfiniteCase {
  grad: string;
  normType: Num;
  p: Stored;
  q: number[];
  total: Num;
  pAfter: Stored;
  qAfter: Stored;
  raises: boolean;
}
const N = suite('optim.clipGradNorm: non-finite gradients vs torch');
N.after(() => setBackend(initial));
for (const backend of BACKENDS) {
  for (const c of nonEmpty(fx.clipNonfinite as NonfiniteCase[], 'clipNonfinite')) {
    N(`${c.grad} in a gradient, normType ${c.normType} [${backend}]`, () => {
      setBackend(backend);
      const p = new Parameter([3]);
      const q = new Parameter([2]);
      p.grad = tensor(values(c.p), [3]);
      q.grad = tensor(c.q, [2]);
      const total = optim.clipGradNorm([p, q], 1, num(c.normType));
      assertClose([total], [num(c.total)], VALUE_TOL, 'total norm');
      assertClose(p.grad!.data, values(c.pAfter), VALUE_TOL, 'p.grad after');
      assertClose(q.grad!.data, values(c.qAfter), VALUE_TOL, 'q.grad after');
      assert.ok(c.raises, 'PyTorch raises with error_if_nonfinite');
      p.grad = tensor(values(c.p), [3]);
      assert.throws(
        () => optim.clipGradNorm([p], 1, num(c.normType), true),
        /clipGradNorm: the total norm of order .* of the gradients of 1 parameters is (NaN|Infinity)/,
      );
      assertClose(p.grad!.data, values(c.p), VALUE_TOL, 'p.grad untouched when it throws');
      p.dispose();
      q.dispose();
    });
  }
}
N('errorIfNonfinite does not fire on finite gradients', () => {
  const p = new Parameter([2]);
  p.grad = tensor([3, 4], [2]);
  assert.is(optim.clipGradNorm([p], 1, 2, true), 5);
  p.dispose();
});
N.run();
