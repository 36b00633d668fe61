// Tests of the cross-entropy kernels: both wasm builds against the js twin (C 0–17, odd N, class
// weights, label smoothing, ignored rows, misaligned pointers, guard words), closed forms, values
// torch 1.13 printed, and a float64 finite-difference check of the backward against the forward.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { lossesJs } from '../../engine/backend/js/losses.js';
import type { Kernels } from '../../engine/backend/kernels.js';
import { agree, all, centralDiff, FD_TOL, f64Heap, randArray, runOn } from './helpers.js';
import { assertClose } from '../lib/assert-close.js';
import { mulberry32 } from '../lib/mulberry32.js';

/** wasm (f32, vector exp) vs js twin (f64 math) */
const WASM_ATOL = 2e-6;
const WASM_RTOL = 2e-6;
/** against torch 1.13 and closed forms */
const TORCH_ATOL = 1e-6;
const TORCH_RTOL = 1e-6;
/** log-probabilities down to −100 in float32 (spacing 7.6e-6 there) against an f64 logsumexp */
const LARGE_LOGP_ATOL = 1e-5;

const IGNORE = -100;

type Bufs = Record<string, Float32Array | Int32Array | null>;

const ceStep = (N: number, C: number, smoothing: number) => (k: Kernels, p: Record<string, number>) => {
  k.cross_entropy_forward(p.loss, p.logp, p.x, p.target, p.weight, N, C, IGNORE, smoothing);
  k.cross_entropy_backward(p.dx, p.logp, p.target, p.weight, p.dloss, N, C, IGNORE, smoothing);
};

// --------------------------------------------------------------------------------------------
const ce = suite('cross_entropy');

ce('wasm builds match the js twin (N 1–5, C 0–17, weights, smoothing, ignored rows, misaligned)', () => {
  const r = mulberry32(11);
  for (const N of [1, 2, 3, 5])
    for (let C = 0; C <= 17; C++)
      for (const weighted of [false, true])
        for (const smoothing of [0, 0.1]) {
          const target = Int32Array.from({ length: N }, (_, i) => (C === 0 || (i === 1 && N > 2) ? IGNORE : Math.floor(r() * C)));
          const data: Bufs = {
            loss: randArray(r, N, 9),
            logp: randArray(r, N * C, 9),
            x: randArray(r, N * C, 6),
            target,
            weight: weighted ? randArray(r, C, 2, true) : null,
            dloss: randArray(r, N, 1),
            dx: randArray(r, N * C, 1),
          };
          const misalign = (N + C) % 4;
          const step = ceStep(N, C, smoothing);
          agree(`N=${N} C=${C} w=${weighted} ε=${smoothing}`, data, misalign, ['loss', 'logp', 'dx'], { rtol: WASM_RTOL, atol: WASM_ATOL }, step);
        }
});

ce('ignored rows: loss 0 and no gradient (dx untouched)', () => {
  const N = 3,
    C = 6;
  const dx = Float32Array.from({ length: N * C }, (_, i) => i / 10);
  for (const [name, k] of all) {
    const out = runOn(
      k,
      {
        loss: new Float32Array(N).fill(5),
        logp: new Float32Array(N * C),
        x: Float32Array.from({ length: N * C }, (_, i) => Math.sin(i)),
        target: Int32Array.from([IGNORE, 2, IGNORE]),
        weight: Float32Array.from([1, 2, 3, 4, 5, 6]),
        dloss: new Float32Array(N).fill(1),
        dx,
      },
      1,
      ceStep(N, C, 0.3),
    );
    assert.is(out.loss[0], 0, `${name} loss[0]`);
    assert.is(out.loss[2], 0, `${name} loss[2]`);
    assert.ok(out.loss[1] > 0, `${name} loss[1]`);
    assertClose(out.dx.subarray(0, C), dx.subarray(0, C), { rtol: 0, atol: 0 }, `${name} dx row 0`);
    assertClose(out.dx.subarray(2 * C), dx.subarray(2 * C), { rtol: 0, atol: 0 }, `${name} dx row 2`);
  }
});

ce('closed forms on uniform logits: ln C, and 1.85·ln 4 with w = [2,1,1,1], ε = 0.2', () => {
  // uniform: every logp = −ln C, so loss = (1−ε)·w[t]·ln C + (ε/C)·Σw·ln C
  for (const [name, k] of all) {
    for (const C of [1, 4, 5, 9]) {
      const out = runOn(
        k,
        { loss: new Float32Array(2), logp: new Float32Array(2 * C), x: new Float32Array(2 * C).fill(3), target: Int32Array.from([0, C - 1]), weight: null },
        0,
        (kk, p) => kk.cross_entropy_forward(p.loss, p.logp, p.x, p.target, 0, 2, C, IGNORE, 0.25),
      );
      assertClose(out.loss, [Math.log(C), Math.log(C)], { rtol: TORCH_RTOL, atol: TORCH_ATOL }, `${name} C=${C} loss`);
    }
    const out = runOn(
      k,
      { loss: new Float32Array(1), logp: new Float32Array(4), x: new Float32Array(4), target: Int32Array.from([0]), weight: Float32Array.from([2, 1, 1, 1]) },
      0,
      (kk, p) => kk.cross_entropy_forward(p.loss, p.logp, p.x, p.target, p.weight, 1, 4, IGNORE, 0.2),
    );
    assertClose(out.loss, [1.85 * Math.log(4)], { rtol: TORCH_RTOL, atol: TORCH_ATOL }, `${name} weighted smoothed loss`);
  }
});

ce('matches torch 1.13 CrossEntropyLoss(reduction="none") and its gradient', () => {
  const x = Float32Array.from([0.5, -1.25, 2.0, 0.0, 0.75, 1.0, 1.0, -3.0, 0.25, -0.5, 0.1, 0.2, 0.3, 0.4, 0.5, 2.5, -0.5, 0.0, 1.5, -2.0]);
  const target = Int32Array.from([2, 0, IGNORE, 4]);
  const weight = Float32Array.from([0.5, 2.0, 1.0, 1.5, 0.25]);
  const dloss = Float32Array.from([1.0, -0.5, 2.0, 0.75]);
  // torch: F.cross_entropy(x, t, reduction='none', …); grad of Σ loss·dloss
  const cases = [
    {
      w: weight,
      eps: 0.2,
      loss: [0.9487303495407104, 0.8289962410926819, 0, 1.5141985416412354],
      dx: [
        0.113845401, -0.0567411557, -0.240146503, 0.0211813394, 0.161860898, 0.0976119861, -0.0723880231, 0.017941542, -0.0230883434, -0.0200771578, 0, 0, 0, 0,
        0, 0.188526392, -0.0498670153, -0.0132935354, 0.0298731774, -0.155239031,
      ],
    },
    {
      w: null,
      eps: 0.1,
      loss: [0.6810200810432434, 1.123354434967041, 0, 4.682679176330566],
      dx: [
        0.112520188, 0.00302855717, -0.326085597, 0.0603775606, 0.150159299, 0.275757343, -0.174242631, 0.00662547816, -0.0770300552, -0.0311100893, 0, 0, 0, 0,
        0, 0.481405765, 0.00971458759, 0.0257474687, 0.167617485, -0.684485376,
      ],
    },
    {
      w: weight,
      eps: 0,
      loss: [0.5210201144218445, 0.4991772174835205, 0, 1.2281697988510132],
      dx: [
        0.132520199, 0.0230285581, -0.40608561, 0.0803775638, 0.17015931, 0.157878667, -0.0921213254, -0.00168726093, -0.043515034, -0.0205550473, 0, 0, 0, 0,
        0, 0.124101453, 0.00617864728, 0.0101868678, 0.0456543751, -0.186121359,
      ],
    },
  ];
  for (const [name, k] of all) {
    for (const c of cases) {
      const out = runOn(
        k,
        { loss: new Float32Array(4), logp: new Float32Array(20), x, target, weight: c.w, dloss, dx: new Float32Array(20) },
        0,
        ceStep(4, 5, c.eps),
      );
      assertClose(out.loss, c.loss, { rtol: TORCH_RTOL, atol: TORCH_ATOL }, `${name} w=${!!c.w} ε=${c.eps} loss`);
      assertClose(out.dx, c.dx, { rtol: TORCH_RTOL, atol: TORCH_ATOL }, `${name} w=${!!c.w} ε=${c.eps} dx`);
    }
  }
});

ce('backward matches finite differences of the forward (js twin, f64)', () => {
  const N = 3,
    C = 7;
  const { views, mem, ints } = f64Heap(512, true);
  const k = lossesJs(views);
  const r = mulberry32(12);
  const o = { loss: 0, logp: 16, x: 48, weight: 80, dloss: 96, dx: 112, target: 0 };
  const P = (w: number) => w * 4;
  const x = Array.from({ length: N * C }, () => (r() * 2 - 1) * 3);
  mem.set(
    Array.from({ length: C }, () => 0.2 + r()),
    o.weight,
  );
  const dl = [0.7, -1.3, 0.4];
  ints.set([3, 0, 6], o.target);
  for (const smoothing of [0, 0.15]) {
    // loss = Σ_r loss[r]·dl[r]
    const lossAt = (xv: number[]) => {
      mem.set(xv, o.x);
      k.cross_entropy_forward(P(o.loss), P(o.logp), P(o.x), P(o.target), P(o.weight), N, C, IGNORE, smoothing);
      return dl.reduce((s, d, i) => s + d * mem[o.loss + i], 0);
    };
    lossAt(x);
    mem.set(dl, o.dloss);
    mem.fill(0, o.dx, o.dx + N * C);
    k.cross_entropy_backward(P(o.dx), P(o.logp), P(o.target), P(o.weight), P(o.dloss), N, C, IGNORE, smoothing);
    const dx = Array.from(mem.subarray(o.dx, o.dx + N * C));
    assertClose(dx, centralDiff(lossAt, x), { rtol: 0, atol: FD_TOL }, `ε=${smoothing} dx`);
  }
});

ce('large logits stay finite (max subtracted)', () => {
  const N = 2,
    C = 5;
  for (const [name, k] of all) {
    const out = runOn(
      k,
      {
        loss: new Float32Array(N),
        logp: new Float32Array(N * C),
        x: Float32Array.from([1e4, -1e4, 80, 90, 0, -200, -300, -250, -260, -205]),
        target: Int32Array.from([2, 0]),
        weight: null,
        dloss: new Float32Array(N).fill(1),
        dx: new Float32Array(N * C),
      },
      0,
      ceStep(N, C, 0.1),
    );
    for (const buf of ['loss', 'logp', 'dx']) assert.ok(Array.from(out[buf]).every(Number.isFinite), `${name} ${buf} finite`);
    const row1 = [-200, -300, -250, -260, -205];
    const lse = -200 + Math.log(row1.reduce((s, v) => s + Math.exp(v + 200), 0));
    assertClose(
      out.logp.subarray(5),
      row1.map((v) => v - lse),
      { rtol: 0, atol: LARGE_LOGP_ATOL },
      `${name} logp row 1`,
    );
  }
});

ce.run();
