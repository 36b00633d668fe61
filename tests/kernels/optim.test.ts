// Tests of the optimizer kernels: both wasm builds against the js twin over every option
// combination and sizes 0–17 (several steps, misaligned pointers, guard words), closed forms
// (plain SGD, Adam's first step ≈ lr·sign(g)), and three steps against values torch 1.13 printed.
import { suite } from 'uvu';
import type { Kernels } from '../../engine/backend/kernels.js';
import { agree, all, randArray, runOn, type Bufs } from './helpers.js';
import { assertClose } from '../lib/assert-close.js';
import { mulberry32 } from '../lib/mulberry32.js';

/**
 * wasm vs js twin: the same f32 op sequence, but the plain SIMD build rounds the products that torch
 * (and the twin) fuse, and over three steps the momentum buffers' cancellations magnify that ulp:
 * the absolute tolerance is WASM_ATOL × the buffer's largest magnitude.
 */
const WASM_ATOL = 1e-6;
const WASM_RTOL = 2e-6;
/** against torch 1.13 (CPU, AVX2) after three steps, and closed forms */
const TORCH_ATOL = 2e-7;
const TORCH_RTOL = 1e-6;

const SIZES = [...Array.from({ length: 18 }, (_, n) => n), 33];
const STEPS = 3;
/** three fixed gradients of torch's golden runs below */
const P0 = [0.5, -1.25, 2.0, 0.0, 0.75, -0.3];
const GRADS = [
  [0.1, -0.2, 0.3, -0.4, 0.05, 1e-3],
  [0.2, 0.1, -0.3, 0.5, -0.05, 2e-3],
  [-0.1, 0.3, 0.2, 0.0, 0.5, -1e-3],
];

/** WASM_RTOL, and WASM_ATOL × the largest magnitude of the js twin's buffer. */
function scaledTol(_buf: string, want: ArrayLike<number>): { rtol: number; atol: number } {
  // NOTE: NaN entries (both sides NaN: centered RMSprop on random state) do not count; they
  // made the scale NaN, and the old closeness helper then passed everything in the buffer
  let scale = 0;
  for (let i = 0; i < want.length; i++) if (!Number.isNaN(want[i])) scale = Math.max(scale, Math.abs(want[i]));
  return { rtol: WASM_RTOL, atol: WASM_ATOL * scale };
}

/** Runs `steps` optimizer steps on every table with fresh gradients each step; compares all state with the js twin. */
function compareBuilds(label: string, n: number, seed: number, state: string[], step: (k: Kernels, p: Record<string, number>, t: number) => void): void {
  const r = mulberry32(seed);
  const data: Bufs = { p: randArray(r, n, 2) };
  for (let t = 0; t < STEPS; t++) data[`g${t}`] = randArray(r, n, 1);
  for (const s of state) data[s] = s === 'v' || s === 'vmax' || s === 'sq' ? randArray(r, n, 0.01, true) : randArray(r, n, 0.1);
  const misalign = n % 4;
  const call = (k: Kernels, p: Record<string, number>) => {
    for (let t = 0; t < STEPS; t++) step(k, p, t);
  };
  agree(`${label} n=${n}`, data, misalign, ['p', ...state], scaledTol, call);
}

/** Three steps from P0 with GRADS on one table; returns the parameter. */
function golden(k: Kernels, extra: string[], step: (k: Kernels, p: Record<string, number>, t: number) => void): Float32Array {
  const data: Bufs = { p: Float32Array.from(P0) };
  GRADS.forEach((g, t) => {
    data[`g${t}`] = Float32Array.from(g);
  });
  for (const s of extra) data[s] = new Float32Array(P0.length);
  return runOn(k, data, 0, (kk, p) => {
    for (let t = 0; t < GRADS.length; t++) step(kk, p, t);
  }).p;
}

const g = (p: Record<string, number>, t: number) => p[`g${t}`];

// --------------------------------------------------------------------------------------------
const sgd = suite('sgd_step');

sgd('wasm builds match the js twin (momentum, dampening, weight decay, nesterov; n 0–17, 33)', () => {
  const configs = [
    { momentum: 0, dampening: 0, wd: 0, nesterov: 0 },
    { momentum: 0, dampening: 0, wd: 0.01, nesterov: 0 },
    { momentum: 0.9, dampening: 0, wd: 0, nesterov: 0 },
    { momentum: 0.9, dampening: 0.1, wd: 0.01, nesterov: 0 },
    { momentum: 0.9, dampening: 0, wd: 0.01, nesterov: 1 },
  ];
  configs.forEach((c, ci) => {
    for (const n of SIZES) {
      compareBuilds(`sgd#${ci}`, n, 100 * ci + n, ['buf'], (k, p, t) =>
        k.sgd_step(p.p, g(p, t), c.momentum ? p.buf : 0, n, 0.1, c.momentum, c.dampening, c.wd, c.nesterov, t === 0 ? 1 : 0),
      );
    }
  });
});

sgd('plain SGD is p − lr·g; first momentum step copies g into buf', () => {
  for (const [name, k] of all) {
    const out = runOn(k, { p: Float32Array.from(P0), g: Float32Array.from(GRADS[0]), buf: new Float32Array(6).fill(7) }, 0, (kk, p) =>
      kk.sgd_step(p.p, p.g, 0, 6, 0.5, 0, 0, 0, 0, 1),
    );
    assertClose(
      out.p,
      P0.map((v, i) => Math.fround(v - Math.fround(0.5 * Math.fround(GRADS[0][i])))),
      { rtol: TORCH_RTOL, atol: TORCH_ATOL },
      `${name} p`,
    );
    assertClose(out.buf, new Float32Array(6).fill(7), { rtol: 0, atol: 0 }, `${name} buf untouched without momentum`);
    const m = runOn(k, { p: Float32Array.from(P0), g: Float32Array.from(GRADS[0]), buf: new Float32Array(6).fill(7) }, 0, (kk, p) =>
      kk.sgd_step(p.p, p.g, p.buf, 6, 0.5, 0.9, 0.5, 0, 0, 1),
    );
    assertClose(m.buf, Float32Array.from(GRADS[0]), { rtol: 0, atol: 0 }, `${name} buf = g on the first step (dampening not applied)`);
  }
});

sgd('three steps match torch 1.13', () => {
  const want = {
    sgd: [0.445092469, -1.23331559, 1.94144678, 0.022803735, 0.696026266, -0.298927754],
    nesterov: [0.426567554, -1.25544584, 1.92426026, 0.00182884489, 0.645362079, -0.298283607],
  };
  for (const [name, k] of all) {
    assertClose(
      golden(k, ['buf'], (kk, p, t) => kk.sgd_step(p.p, g(p, t), p.buf, 6, 0.1, 0.9, 0.1, 0.01, 0, t === 0 ? 1 : 0)),
      want.sgd,
      { rtol: TORCH_RTOL, atol: TORCH_ATOL },
      `${name} SGD(lr=0.1, momentum=0.9, dampening=0.1, weight_decay=0.01)`,
    );
    assertClose(
      golden(k, ['buf'], (kk, p, t) => kk.sgd_step(p.p, g(p, t), p.buf, 6, 0.1, 0.9, 0, 0.01, 1, t === 0 ? 1 : 0)),
      want.nesterov,
      { rtol: TORCH_RTOL, atol: TORCH_ATOL },
      `${name} SGD(nesterov)`,
    );
  }
});

sgd.run();

// --------------------------------------------------------------------------------------------
const adam = suite('adam_step');

/** torch's per-step scalars, in f64 as the caller computes them */
function adamScalars(lr: number, beta1: number, beta2: number, t: number): { stepSize: number; bc2Sqrt: number } {
  return { stepSize: lr / (1 - beta1 ** t), bc2Sqrt: Math.sqrt(1 - beta2 ** t) };
}
function adamCall(
  k: Kernels,
  p: Record<string, number>,
  t: number,
  n: number,
  lr: number,
  wd: number,
  amsgrad: number,
  decoupled: number,
  beta1 = 0.9,
  beta2 = 0.999,
  eps = 1e-8,
): void {
  const s = adamScalars(lr, beta1, beta2, t + 1);
  k.adam_step(p.p, g(p, t), p.m, p.v, amsgrad ? p.vmax : 0, n, lr, beta1, beta2, eps, wd, s.stepSize, s.bc2Sqrt, amsgrad, decoupled);
}

adam('wasm builds match the js twin (weight decay, amsgrad, decoupled; n 0–17, 33)', () => {
  const configs = [
    { wd: 0, amsgrad: 0, decoupled: 0 },
    { wd: 0.01, amsgrad: 0, decoupled: 0 },
    { wd: 0, amsgrad: 1, decoupled: 0 },
    { wd: 0.1, amsgrad: 0, decoupled: 1 },
    { wd: 0.1, amsgrad: 1, decoupled: 1 },
  ];
  configs.forEach((c, ci) => {
    for (const n of SIZES) {
      compareBuilds(`adam#${ci}`, n, 1000 + 100 * ci + n, ['m', 'v', 'vmax'], (k, p, t) => adamCall(k, p, t, n, 0.01, c.wd, c.amsgrad, c.decoupled));
    }
  });
});

adam('first step moves every parameter by ≈ lr·sign(g)', () => {
  const r = mulberry32(7);
  const n = 13;
  const p0 = randArray(r, n, 1);
  const gr = randArray(r, n, 3);
  for (const [name, k] of all) {
    const out = runOn(k, { p: p0, g0: gr, m: new Float32Array(n), v: new Float32Array(n) }, 0, (kk, p) => adamCall(kk, p, 0, n, 0.01, 0, 0, 0));
    // m̂ = g, v̂ = g² ⇒ step = lr·g/(|g| + eps)
    assertClose(
      out.p,
      Array.from(p0, (v, i) => v - 0.01 * Math.sign(gr[i])),
      { rtol: 0, atol: 1e-6 },
      `${name} p`,
    );
  }
});

adam('three steps match torch 1.13 (Adam + weight decay, amsgrad, AdamW)', () => {
  const want = {
    adam: [0.475851715, -1.24001598, 1.98683083, 0.00711220782, 0.732619941, -0.271765202],
    amsgrad: [0.476147294, -1.24123049, 1.98816872, 0.00711538177, 0.734257936, -0.323852539],
    adamw: [0.474678457, -1.23750687, 1.9821943, 0.00709639071, 0.732029676, -0.322923809],
  };
  for (const [name, k] of all) {
    assertClose(
      golden(k, ['m', 'v'], (kk, p, t) => adamCall(kk, p, t, 6, 0.01, 0.01, 0, 0)),
      want.adam,
      { rtol: TORCH_RTOL, atol: TORCH_ATOL },
      `${name} Adam(weight_decay=0.01)`,
    );
    assertClose(
      golden(k, ['m', 'v', 'vmax'], (kk, p, t) => adamCall(kk, p, t, 6, 0.01, 0, 1, 0)),
      want.amsgrad,
      { rtol: TORCH_RTOL, atol: TORCH_ATOL },
      `${name} Adam(amsgrad)`,
    );
    assertClose(
      golden(k, ['m', 'v'], (kk, p, t) => adamCall(kk, p, t, 6, 0.01, 0.1, 0, 1)),
      want.adamw,
      { rtol: TORCH_RTOL, atol: TORCH_ATOL },
      `${name} AdamW(weight_decay=0.1)`,
    );
  }
});

adam.run();

// --------------------------------------------------------------------------------------------
const rmsprop = suite('rmsprop_step');

rmsprop('wasm builds match the js twin (weight decay, momentum, centered; n 0–17, 33)', () => {
  const configs = [
    { wd: 0, momentum: 0, centered: 0 },
    { wd: 0.01, momentum: 0, centered: 0 },
    { wd: 0, momentum: 0.5, centered: 0 },
    { wd: 0, momentum: 0, centered: 1 },
    { wd: 0.01, momentum: 0.9, centered: 1 },
  ];
  configs.forEach((c, ci) => {
    for (const n of SIZES) {
      compareBuilds(`rmsprop#${ci}`, n, 2000 + 100 * ci + n, ['sq', 'buf', 'gavg'], (k, p, t) =>
        k.rmsprop_step(p.p, g(p, t), p.sq, c.momentum ? p.buf : 0, c.centered ? p.gavg : 0, n, 0.01, 0.99, 1e-8, c.wd, c.momentum, c.centered),
      );
    }
  });
});

rmsprop('first step from zero state: p −= lr·g/(√(1−α)·|g| + eps)', () => {
  for (const [name, k] of all) {
    const out = runOn(k, { p: Float32Array.from(P0), g0: Float32Array.from(GRADS[0]), sq: new Float32Array(6) }, 0, (kk, p) =>
      kk.rmsprop_step(p.p, p.g0, p.sq, 0, 0, 6, 0.01, 0.99, 1e-8, 0, 0, 0),
    );
    assertClose(
      out.p,
      P0.map((v, i) => v - (0.01 * GRADS[0][i]) / (Math.sqrt(0.01) * Math.abs(GRADS[0][i]) + 1e-8)),
      { rtol: 1e-6, atol: 1e-6 },
      `${name} p`,
    );
  }
});

rmsprop('three steps match torch 1.13 (weight decay; centered + momentum)', () => {
  const want = {
    plain: [0.35009712, -1.26701951, 1.92004442, 0.0216656346, 0.611504972, -0.11654368],
    centered: [0.408512115, -1.24064326, 1.96161306, 0.0204545408, 0.69309926, -0.391485453],
  };
  for (const [name, k] of all) {
    assertClose(
      golden(k, ['sq'], (kk, p, t) => kk.rmsprop_step(p.p, g(p, t), p.sq, 0, 0, 6, 0.01, 0.99, 1e-8, 0.01, 0, 0)),
      want.plain,
      { rtol: TORCH_RTOL, atol: TORCH_ATOL },
      `${name} RMSprop(weight_decay=0.01)`,
    );
    assertClose(
      golden(k, ['sq', 'buf', 'gavg'], (kk, p, t) => kk.rmsprop_step(p.p, g(p, t), p.sq, p.buf, p.gavg, 6, 0.01, 0.9, 1e-8, 0, 0.5, 1)),
      want.centered,
      { rtol: TORCH_RTOL, atol: TORCH_ATOL },
      `${name} RMSprop(alpha=0.9, momentum=0.5, centered)`,
    );
  }
});

rmsprop.run();
