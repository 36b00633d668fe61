// gradient-flow: the numpy product demo and the nn.RNN gradient norms against scripts/demos-a.py
// (numpy float64; torch 1.13 float32), the printed table, clipping to 5, and the two log-scale plots.
import { existsSync, readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main, numpyProducts, rnnGradients } from '../../examples/gradient-flow.js';
import { assertClose, captureLog, demosA, lineMatching, tmpOut } from './demos-a-lib.js';

/** 50 float32 mat-vec products against numpy's float64 (measured ≤ 2.5e-6) */
const NUMPY_RTOL = 1e-5;
/** small weights: the gradient decays, rounding does not grow (measured ≤ 1e-6) */
const STABLE_RTOL = 1e-4;
/** large weights: differences grow backwards through time with the gradient, and torch's randn
 *  (normal_fill_AVX2, Sleef float32) differs from ours by ~2e-6 (measured ≤ 1.5e-4) */
const UNSTABLE_RTOL = 2e-3;

const test = suite('gradient-flow');
const ref = demosA().gradient_flow;

test('numpy: ‖g‖ over 50 steps of g = Wᵀg·0.9 equals numpy for scale 0.5 / 1.0 / 1.5', () => {
  const runs = numpyProducts();
  assert.equal(runs.map((r) => r.scale), ref.numpy.runs.map((r: { scale: number }) => r.scale));
  runs.forEach((r, k) => {
    assert.is(r.norms.length, ref.numpy.steps + 1);
    assertClose(r.norms, ref.numpy.runs[k].norms, NUMPY_RTOL, 0, `numpy scale ${r.scale}`);
  });
  // what the demo is about: vanishing, decaying, exploding
  assert.ok(runs[0].norms[50] < 1e-15 && runs[2].norms[50] > 1e7);
});

test('nn.RNN: ‖∂loss/∂x_t‖, loss and clipping equal PyTorch (stable ×0.1, unstable ×1.5)', () => {
  for (const [k, rtol] of [[0, STABLE_RTOL], [1, UNSTABLE_RTOL]] as const) {
    const want = ref.torch.runs[k];
    const got = rnnGradients(want.label, want.scale, ref.torch.seqLen, ref.torch.maxNorm);
    assertClose([got.loss], [want.loss], 1e-4, 0, `${want.label} loss`);
    assertClose(got.stepNorms, want.stepNorms, rtol, 0, `${want.label} ‖∂loss/∂x_t‖`);
    assertClose([got.normBefore], [want.normBefore], rtol, 0, `${want.label} norm before clipping`);
    assertClose([got.normAfter], [want.normAfter], 1e-5, 0, `${want.label} norm after clipping`);
  }
});

test('main prints the tables and the clipping, writes two log-scale SVG charts', async () => {
  const out = tmpOut('gradient-flow');
  const lines = await captureLog(() => main(['--out', out]));
  const row50 = lineMatching(lines, /^ {2}50 {2}(\S+) {2}(\S+) {2}(\S+)$/);
  const want50 = ref.numpy.runs.map((r: { norms: number[] }) => r.norms[50]);
  assertClose([1, 2, 3].map((i) => Number(row50[i])), want50, 1e-3, 0, 'printed step-50 norms');
  const clip = lineMatching(lines, /^unstable \(×1\.5\): total gradient norm before clipping (\S+), after (\S+)$/);
  assertClose([Number(clip[1]), Number(clip[2])], [ref.torch.runs[1].normBefore, 5], UNSTABLE_RTOL, 1e-4, 'printed clipping');
  for (const f of ['gradient-flow-numpy.svg', 'gradient-flow-rnn.svg']) {
    assert.ok(existsSync(`${out}/${f}`), f);
    const svg = readFileSync(`${out}/${f}`, 'utf8');
    assert.ok(svg.includes('(log scale)') && svg.includes('<polyline'), `${f} is a log-scale line chart`);
  }
});

test.run();
