// Elementwise kernels: wasm (both builds) against the naive-JS twin for every size 0–17 and a few
// larger ones (no write past n), accuracy sweeps of the activation approximations against Math.*,
// IEEE special values, abs and compare on NaN / ±0 / ±Inf, copy (overlapping) and copy_strided
// (permute, broadcast, slice, reverse).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Kernels } from '../../engine/backend/kernels.js';
import { heap } from '../../engine/backend/wasm.js';
import { all, js, runOn, wasm } from './helpers.js';
import { mulberry32 } from '../lib/mulberry32.js';
import { allocBytes, freeBytes } from '../../engine/memory.js';

/** kernels whose f32 result must equal the js twin bit for bit (one correctly rounded op per element) */
const EXACT = 0;
/** a few f32 roundings apart (axpy, *_acc, backward formulas): relative to the magnitude of the terms */
const ARITH_TOL = 4e-7;
/** tanh / sigmoid: max abs error vs Math.tanh and 1/(1+Math.exp(−x)) over [−20, 20] (the bound) */
const ACT_ABS_TOL = 1e-6;
/** exp over [−80, 80] and log over positive normals: max relative error (≈ 1.7 ulp; measured ≈ 1.2e-7) */
const EXP_LOG_REL_TOL = 2e-7;
/** tanh near 0 (|x| ≤ 1) is accurate relatively too (odd polynomial), not just absolutely */
const TANH_REL_TOL = 2e-7;
const SIZES = [...Array.from({ length: 18 }, (_, i) => i), 31, 64, 1001];
const SENTINEL = 777.25;

const uniform01 = mulberry32(12345);
/** uniform in [−1, 1) */
const rand = (): number => uniform01() * 2 - 1;

type Gen = () => number;
const uniform =
  (s: number): Gen =>
  () =>
    rand() * s;
const positive: Gen = () => Math.abs(rand()) * 4 + 0.05;
const mask01: Gen = () => (rand() > 0 ? 1 : 0);
const uniformSpecial = mulberry32(35);
/** uniform in (−3, 3) with NaN / ±Inf / −0 sprinkled in (its own stream: the other specs' data is unchanged) */
const withSpecials: Gen = () => {
  const u = uniformSpecial();
  if (u < 0.08) return NaN;
  if (u < 0.12) return u < 0.1 ? Infinity : -Infinity;
  if (u < 0.16) return -0;
  return (uniformSpecial() * 2 - 1) * 3;
};

interface Spec {
  /** inputs: generators of each buffer; the first `outs` buffers are outputs (random initial contents: accumulating kernels read them) */
  bufs: Gen[];
  outs: number;
  call: (k: Kernels, p: number[], n: number) => void;
  tol: number;
}

/**
 * Runs a kernel on js and every wasm build over the same inputs for each size; compares all output
 * buffers (relative to max(1, |ref|)) and checks nothing past n was written. Returns failures.
 */
function compareAll(name: string, spec: Spec): string[] {
  const errs: string[] = [];
  for (const n of SIZES) {
    const len = n + 5;
    const ptrs = spec.bufs.map(() => allocBytes(len * 4));
    const init = spec.bufs.map((g) => Float32Array.from({ length: len }, (_, i) => (i < n ? g() : SENTINEL)));
    const load = () => {
      const f = heap.f32();
      ptrs.forEach((p, i) => f.set(init[i], p >> 2));
    };
    const read = () => ptrs.slice(0, spec.outs).map((p) => heap.f32().slice(p >> 2, (p >> 2) + len));
    load();
    spec.call(js, ptrs, n);
    const ref = read();
    for (const { name: b, k } of wasm) {
      load();
      spec.call(k, ptrs, n);
      const got = read();
      for (let o = 0; o < spec.outs && errs.length < 3; o++) {
        for (let i = 0; i < len; i++) {
          const r = ref[o][i],
            g = got[o][i];
          const ok =
            spec.tol === EXACT ? Object.is(r, g) || r === g : Number.isNaN(r) ? Number.isNaN(g) : Math.abs(g - r) <= spec.tol * Math.max(1, Math.abs(r));
          if (!ok) {
            errs.push(`${b} ${name} n=${n}: out${o}[${i}] = ${g}, js ${r}`);
            break;
          }
        }
      }
    }
    ptrs.forEach(freeBytes);
  }
  return errs;
}

const u = uniform(3);
const SPECS: Record<string, Spec> = {
  fill: { bufs: [u], outs: 1, tol: EXACT, call: (k, [o], n) => k.fill(o, 0.1, n) },
  copy: { bufs: [u, u], outs: 1, tol: EXACT, call: (k, [o, x], n) => k.copy(o, x, n) },
  add: { bufs: [u, u, u], outs: 1, tol: EXACT, call: (k, [o, a, b], n) => k.add(o, a, b, n) },
  sub: { bufs: [u, u, u], outs: 1, tol: EXACT, call: (k, [o, a, b], n) => k.sub(o, a, b, n) },
  mul: { bufs: [u, u, u], outs: 1, tol: EXACT, call: (k, [o, a, b], n) => k.mul(o, a, b, n) },
  div: { bufs: [u, u, positive], outs: 1, tol: EXACT, call: (k, [o, a, b], n) => k.div(o, a, b, n) },
  'add (out aliases a)': { bufs: [u, u], outs: 1, tol: EXACT, call: (k, [a, b], n) => k.add(a, a, b, n) },
  axpy: { bufs: [u, u], outs: 1, tol: ARITH_TOL, call: (k, [y, x], n) => k.axpy(y, x, -0.7, n) },
  scale: { bufs: [u, u], outs: 1, tol: EXACT, call: (k, [o, x], n) => k.scale(o, x, 1.3, n) },
  add_scalar: { bufs: [u, u], outs: 1, tol: EXACT, call: (k, [o, x], n) => k.add_scalar(o, x, 0.3, n) },
  mul_acc: { bufs: [u, u, u], outs: 1, tol: ARITH_TOL, call: (k, [o, a, b], n) => k.mul_acc(o, a, b, n) },
  div_acc: { bufs: [u, u, positive], outs: 1, tol: ARITH_TOL, call: (k, [o, a, b], n) => k.div_acc(o, a, b, n) },
  div_grad_b_acc: { bufs: [u, u, u, positive], outs: 1, tol: ARITH_TOL, call: (k, [o, a, b, c], n) => k.div_grad_b_acc(o, a, b, c, n) },
  tanh_forward: { bufs: [u, uniform(12)], outs: 1, tol: ACT_ABS_TOL, call: (k, [y, x], n) => k.tanh_forward(y, x, n) },
  tanh_backward: { bufs: [u, uniform(1), u], outs: 1, tol: ARITH_TOL, call: (k, [dx, y, dy], n) => k.tanh_backward(dx, y, dy, n) },
  sigmoid_forward: { bufs: [u, uniform(12)], outs: 1, tol: ACT_ABS_TOL, call: (k, [y, x], n) => k.sigmoid_forward(y, x, n) },
  sigmoid_backward: { bufs: [u, uniform(1), u], outs: 1, tol: ARITH_TOL, call: (k, [dx, y, dy], n) => k.sigmoid_backward(dx, y, dy, n) },
  relu_forward: { bufs: [u, u], outs: 1, tol: EXACT, call: (k, [y, x], n) => k.relu_forward(y, x, n) },
  relu_backward: { bufs: [u, u, u], outs: 1, tol: EXACT, call: (k, [dx, x, dy], n) => k.relu_backward(dx, x, dy, n) },
  exp_forward: { bufs: [u, uniform(30)], outs: 1, tol: EXP_LOG_REL_TOL, call: (k, [y, x], n) => k.exp_forward(y, x, n) },
  exp_backward: { bufs: [u, positive, u], outs: 1, tol: ARITH_TOL, call: (k, [dx, y, dy], n) => k.exp_backward(dx, y, dy, n) },
  log_forward: { bufs: [u, positive], outs: 1, tol: EXP_LOG_REL_TOL, call: (k, [y, x], n) => k.log_forward(y, x, n) },
  log_backward: { bufs: [u, positive, u], outs: 1, tol: ARITH_TOL, call: (k, [dx, x, dy], n) => k.log_backward(dx, x, dy, n) },
  pow_forward: { bufs: [u, positive], outs: 1, tol: ARITH_TOL, call: (k, [y, x], n) => k.pow_forward(y, x, 2.5, n) },
  'pow_forward (negative base, integer p)': { bufs: [u, u], outs: 1, tol: ARITH_TOL, call: (k, [y, x], n) => k.pow_forward(y, x, 3, n) },
  pow_backward: { bufs: [u, positive, u], outs: 1, tol: ARITH_TOL, call: (k, [dx, x, dy], n) => k.pow_backward(dx, x, dy, 1.5, n) },
  'pow_backward (p = 0)': { bufs: [u, positive, u], outs: 1, tol: EXACT, call: (k, [dx, x, dy], n) => k.pow_backward(dx, x, dy, 0, n) },
  clamp_forward: { bufs: [u, u], outs: 1, tol: EXACT, call: (k, [y, x], n) => k.clamp_forward(y, x, -1, 0.5, n) },
  clamp_backward: { bufs: [u, u, u], outs: 1, tol: EXACT, call: (k, [dx, x, dy], n) => k.clamp_backward(dx, x, dy, -1, 0.5, n) },
  where_forward: { bufs: [u, mask01, u, u], outs: 1, tol: EXACT, call: (k, [o, m, a, b], n) => k.where_forward(o, m, a, b, n) },
  where_backward: { bufs: [u, u, mask01, u], outs: 2, tol: EXACT, call: (k, [da, db, m, dy], n) => k.where_backward(da, db, m, dy, n) },
  'where_backward (db = 0)': { bufs: [u, mask01, u], outs: 1, tol: EXACT, call: (k, [da, m, dy], n) => k.where_backward(da, 0, m, dy, n) },
  'where_backward (da = 0)': { bufs: [u, mask01, u], outs: 1, tol: EXACT, call: (k, [db, m, dy], n) => k.where_backward(0, db, m, dy, n) },
  abs_forward: { bufs: [u, withSpecials], outs: 1, tol: EXACT, call: (k, [y, x], n) => k.abs_forward(y, x, n) },
  abs_backward: { bufs: [u, withSpecials, u], outs: 1, tol: ARITH_TOL, call: (k, [dx, x, dy], n) => k.abs_backward(dx, x, dy, n) },
};

const Vs = suite('elementwise: wasm vs js, sizes 0–17 and odd');
Vs('builds under test', () => assert.ok(wasm.length >= 1));
for (const [name, spec] of Object.entries(SPECS)) {
  Vs(name, () => {
    const errs = compareAll(name, spec);
    assert.is(errs.length, 0, errs.join('\n'));
  });
}
Vs('add_row_vector (out aliases a), odd shapes', () => {
  for (const [rows, cols] of [
    [0, 3],
    [3, 0],
    [1, 1],
    [5, 7],
    [4, 17],
    [3, 16],
  ]) {
    const a = allocBytes(rows * cols * 4 + 4),
      b = allocBytes(cols * 4 + 4);
    const av = Float32Array.from({ length: rows * cols }, rand),
      bv = Float32Array.from({ length: cols }, rand);
    for (const { name, k } of wasm) {
      const f = heap.f32();
      f.set(av, a >> 2);
      f.set(bv, b >> 2);
      k.add_row_vector(a, a, b, rows, cols);
      const out = heap.f32();
      for (let i = 0; i < rows * cols; i++) {
        assert.is(out[(a >> 2) + i], Math.fround(av[i] + bv[i % cols]), `${name} ${rows}x${cols} [${i}]`);
      }
    }
    freeBytes(a);
    freeBytes(b);
  }
});

/** runs op on the given inputs with every wasm build and returns the outputs */
function runUnary(k: Kernels, op: 'tanh_forward' | 'sigmoid_forward' | 'exp_forward' | 'log_forward', xs: ArrayLike<number>): Float32Array {
  const n = xs.length;
  const x = allocBytes(n * 4),
    y = allocBytes(n * 4);
  heap.f32().set(xs, x >> 2);
  k[op](y, x, n);
  const out = heap.f32().slice(y >> 2, (y >> 2) + n);
  freeBytes(x);
  freeBytes(y);
  return out;
}

const Acc = suite('activation approximations: accuracy sweeps and special values');
const grid = (lo: number, hi: number, n: number) => Float32Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
const sweep = (
  name: string,
  op: 'tanh_forward' | 'sigmoid_forward' | 'exp_forward' | 'log_forward',
  xs: Float32Array,
  ref: (x: number) => number,
  tol: number,
  relative: boolean,
) => {
  Acc(name, () => {
    for (const { name: b, k } of wasm) {
      const ys = runUnary(k, op, xs);
      let worst = 0,
        at = 0;
      for (let i = 0; i < xs.length; i++) {
        const r = ref(xs[i]);
        const e = Math.abs(ys[i] - r) / (relative ? Math.abs(r) : 1);
        if (!(e <= worst)) {
          worst = e;
          at = xs[i];
        }
      }
      assert.ok(worst <= tol, `${b} ${op}: max ${relative ? 'relative' : 'abs'} error ${worst} at x = ${at} (tolerance ${tol})`);
    }
  });
};
sweep('tanh over [−20, 20], abs ≤ 1e-6', 'tanh_forward', grid(-20, 20, 200001), Math.tanh, ACT_ABS_TOL, false);
sweep(
  'tanh over [−1, 1], relative',
  'tanh_forward',
  Float32Array.from([...grid(-1, 1, 20001), 1e-3, -1e-5, 1e-20, -3e-30]).filter((v) => v !== 0),
  Math.tanh,
  TANH_REL_TOL,
  true,
);
sweep('sigmoid over [−20, 20], abs ≤ 1e-6', 'sigmoid_forward', grid(-20, 20, 200001), (x) => 1 / (1 + Math.exp(-x)), ACT_ABS_TOL, false);
sweep('exp over [−80, 80], relative', 'exp_forward', grid(-80, 80, 200001), Math.exp, EXP_LOG_REL_TOL, true);
sweep(
  'log over positive normals (1.2e-38 … 3e38), relative',
  'log_forward',
  Float32Array.from(grid(-87, 88, 200001), (t) => Math.exp(t)).filter((x) => x >= 1.2e-38 && x !== 1 && Number.isFinite(x)),
  Math.log,
  EXP_LOG_REL_TOL,
  true,
);
sweep(
  'log near 1, relative',
  'log_forward',
  grid(0.9, 1.1, 20001).filter((x) => x !== 1),
  Math.log,
  EXP_LOG_REL_TOL,
  true,
);

const SPECIAL: [string, 'tanh_forward' | 'sigmoid_forward' | 'exp_forward' | 'log_forward', number[], number[]][] = [
  ['tanh', 'tanh_forward', [0, -0, Infinity, -Infinity, NaN, 30, -30, 1e-40], [0, -0, 1, -1, NaN, 1, -1, 1e-40]],
  ['sigmoid', 'sigmoid_forward', [0, -0, Infinity, -Infinity, NaN, 100, -100], [0.5, 0.5, 1, 0, NaN, 1, 0]],
  [
    'exp',
    'exp_forward',
    [0, -0, Infinity, -Infinity, NaN, 88.8, 89, 1000, -104, -1000, 88.5],
    [1, 1, Infinity, 0, NaN, Infinity, Infinity, Infinity, 0, 0, Math.fround(Math.exp(88.5))],
  ],
  [
    'log',
    'log_forward',
    [0, -0, Infinity, -Infinity, NaN, -1, -1e-30, 1, Math.E, 1e-45, 1e-40],
    [-Infinity, -Infinity, Infinity, NaN, NaN, NaN, NaN, 0, 1, Math.fround(Math.log(Math.fround(1e-45))), Math.fround(Math.log(Math.fround(1e-40)))],
  ],
];
for (const [name, op, xs, want] of SPECIAL) {
  Acc(`${name}: ±0, ±Inf, NaN, overflow / underflow`, () => {
    for (const { name: b, k } of wasm) {
      // twice: in the f32x4 main loop (8 → lanes) and in the scalar tail (odd count)
      for (const pad of [0, 1, 2, 3]) {
        const ys = runUnary(k, op, [...Array(pad).fill(0.5), ...xs]);
        xs.forEach((x, i) => {
          const y = ys[pad + i],
            w = Math.fround(want[i]);
          const ok = Object.is(y, w) || Math.abs(y - w) <= 2e-7 * Math.abs(w);
          assert.ok(ok, `${b} ${name}(${x}) = ${y}, expected ${w} (pad ${pad})`);
        });
      }
    }
  });
}
Acc('exp of subnormal results is finite, ≥ 0 and monotone', () => {
  const xs = grid(-104, -87, 1001);
  for (const { name: b, k } of wasm) {
    const ys = runUnary(k, 'exp_forward', xs);
    for (let i = 1; i < ys.length; i++) assert.ok(ys[i] >= ys[i - 1] && ys[i] >= 0, `${b} exp at ${xs[i]}`);
  }
});

const Cp = suite('copy, copy_strided');
Cp('copy has memmove semantics (overlap both ways)', () => {
  for (const { name, k } of [...wasm, { name: 'js', k: js }]) {
    for (const shift of [1, -1, 5, -7]) {
      const base = allocBytes(64 * 4);
      const v = Float32Array.from({ length: 64 }, (_, i) => i);
      heap.f32().set(v, base >> 2);
      const x = base + 16 * 4,
        out = x + shift * 4;
      k.copy(out, x, 30);
      const f = heap.f32();
      for (let i = 0; i < 30; i++) assert.is(f[(out >> 2) + i], 16 + i, `${name} shift ${shift} [${i}]`);
      freeBytes(base);
    }
  }
});

/** copy_strided over a view of src (offset in elements, shape, strides), checked against a direct index computation */
function stridedCase(k: Kernels, srcLen: number, offset: number, shape: number[], strides: number[]): string {
  const src = allocBytes(srcLen * 4 + 4),
    out = allocBytes(shape.reduce((a, b) => a * Math.max(b, 0), 1) * 4 + 8);
  const sh = allocBytes(32),
    st = allocBytes(32);
  const total = shape.reduce((a, b) => a * Math.max(b, 0), 1);
  const sv = Float32Array.from({ length: srcLen }, (_, i) => i + 0.5);
  let f = heap.f32();
  f.set(sv, src >> 2);
  f.fill(SENTINEL, out >> 2, (out >> 2) + total + 2);
  heap.i32().set(shape, sh >> 2);
  heap.i32().set(strides, st >> 2);
  k.copy_strided(out, src + offset * 4, sh, st, shape.length);
  f = heap.f32();
  let err = '';
  const idx = shape.map(() => 0);
  for (let o = 0; o < total && !err; o++) {
    const s = offset + idx.reduce((a, v, d) => a + v * strides[d], 0);
    if (f[(out >> 2) + o] !== sv[s]) err = `shape ${shape} strides ${strides}: out[${o}] = ${f[(out >> 2) + o]}, expected ${sv[s]}`;
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
  if (!err && f[(out >> 2) + total] !== SENTINEL) err = `shape ${shape}: wrote past the end`;
  [src, out, sh, st].forEach(freeBytes);
  return err;
}

Cp('closed form: transpose of [[0,1,2],[3,4,5]]', () => {
  for (const { name, k } of [...wasm, { name: 'js', k: js }]) {
    const x = allocBytes(24),
      out = allocBytes(24),
      sh = allocBytes(8),
      st = allocBytes(8);
    heap.f32().set([0, 1, 2, 3, 4, 5], x >> 2);
    heap.i32().set([3, 2], sh >> 2);
    heap.i32().set([1, 3], st >> 2);
    k.copy_strided(out, x, sh, st, 2);
    assert.equal(Array.from(heap.f32().subarray(out >> 2, (out >> 2) + 6)), [0, 3, 1, 4, 2, 5], name);
    [x, out, sh, st].forEach(freeBytes);
  }
});

const STRIDED: [number, number, number[], number[]][] = [
  // srcLen, offset, shape, strides
  [1, 0, [], []], // 0-d
  [12, 0, [12], [1]],
  [12, 0, [0, 3], [3, 1]],
  [12, 0, [3, 4], [4, 1]], // contiguous (coalesces)
  [12, 0, [4, 3], [1, 4]], // transpose
  [12, 11, [12], [-1]], // reverse
  [12, 11, [3, 4], [-4, -1]],
  [12, 3, [3, 4], [4, -1]], // reversed rows
  [5, 0, [4, 5], [0, 1]], // broadcast rows (expand)
  [4, 0, [4, 6], [1, 0]], // broadcast columns: stride-0 innermost
  [1, 0, [2, 3, 4], [0, 0, 0]],
  [60, 0, [3, 4, 5], [20, 1, 4]], // permute
  [60, 1, [2, 3, 2], [30, 10, 2]], // slice with steps
  [60, 0, [1, 3, 1, 5, 1], [60, 20, 7, 1, 3]], // size-1 dims with odd strides
  [720, 0, [2, 3, 4, 5, 6], [360, 120, 30, 6, 1]],
  [256, 0, [2, 2, 2, 2, 2, 2, 2, 2], [1, 2, 4, 8, 16, 32, 64, 128]], // ndim 8, reversed strides
  [256, 255, [2, 2, 2, 2, 2, 2, 2, 2], [-128, -64, -32, -16, -8, -4, -2, -1]],
  [200, 3, [17, 11], [11, 1]],
  [300, 0, [13, 17], [1, 17]],
];
Cp('permute, expand, slice, reverse, ndim 0–8', () => {
  for (const { name, k } of [...wasm, { name: 'js', k: js }]) {
    for (const [len, off, shape, strides] of STRIDED) {
      const e = stridedCase(k, len, off, shape, strides);
      assert.is(e, '', `${name} ${e}`);
    }
  }
});

const Sv = suite('abs, compare: special values');
Sv('abs_forward / abs_backward closed form: sign(±0) = sign(NaN) = 0, |−0| = +0', () => {
  for (const [name, k] of all) {
    const x = Float32Array.from([-2, -0, 0, NaN, Infinity, -Infinity, 0.5]);
    const o = runOn(k, { y: new Float32Array(7), dx: new Float32Array(7).fill(1), x, dy: new Float32Array(7).fill(2) }, 0, (kk, p) => {
      kk.abs_forward(p.y, p.x, 7);
      kk.abs_backward(p.dx, p.x, p.dy, 7);
    });
    assert.equal(Array.from(o.y), [2, 0, 0, NaN, Infinity, Infinity, 0.5], `${name} |x|`);
    assert.ok(Object.is(o.y[1], 0), `${name} |−0| = +0`);
    assert.equal(Array.from(o.dx), [-1, 1, 1, 1, 3, -1, 3], `${name} dx`);
  }
});

Sv('compare: every op, sizes 0–17, NaN and ±0 included', () => {
  const r = mulberry32(2026);
  const specials = [NaN, 0, -0, Infinity, -Infinity, 1, -1];
  for (let op = 0; op < 6; op++) {
    for (let n = 0; n <= 17; n++) {
      const a = Float32Array.from({ length: n }, (_, i) => (i % 3 === 0 ? specials[i % specials.length] : Math.round(r() * 4) - 2));
      const b = Float32Array.from({ length: n }, (_, i) => (i % 4 === 1 ? specials[(i + 2) % specials.length] : Math.round(r() * 4) - 2));
      const expect = Float32Array.from({ length: n }, (_, i) => {
        const x = a[i],
          y = b[i];
        return (op === 0 ? x > y : op === 1 ? x < y : op === 2 ? x >= y : op === 3 ? x <= y : op === 4 ? x === y : x !== y) ? 1 : 0;
      });
      for (const [name, k] of all) {
        const got = runOn(k, { out: new Float32Array(n), a, b }, n % 3, (kk, p) => kk.compare(p.out, p.a, p.b, n, op)).out;
        assert.equal(Array.from(got), Array.from(expect), `compare op ${op} n ${n} ${name}`);
      }
    }
  }
});

Vs.run();
Acc.run();
Cp.run();
Sv.run();
