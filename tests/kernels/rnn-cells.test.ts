// Tests of the fused LSTM / GRU cell kernels: both wasm builds against the js twin on random data
// (every H from 0 to 17, odd B, misaligned pointers, guard words after every buffer), hand-computed
// steps, saturation, and a float64 finite-difference check of each backward against its forward.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { rnnCellsJs } from '../../engine/backend/js/rnn-cells.js';
import type { Kernels } from '../../engine/backend/kernels.js';
import { agree, all, builds, centralDiff, FD_TOL, f64Heap, randArray, runOn, type Bufs } from './helpers.js';
import { assertClose } from '../lib/assert-close.js';
import { mulberry32 } from '../lib/mulberry32.js';

/** wasm vs js twin: the approximations (≤ 1e-6 abs) plus f32 rounding of a few chained ops. */
const WASM_ATOL = 4e-6;
const WASM_RTOL = 4e-6;
/** hand-computed values, f32 storage */
const EXACT_TOL = 1e-6;
/** the activated gates against Math's σ and tanh over [−20, 20]: absolute */
const SIGMOID_ATOL = 2e-7;
const TANH_ATOL = 3e-7;

const SIZES_B = [1, 2, 3, 5];
const SIZES_H = Array.from({ length: 18 }, (_, h) => h);

// --------------------------------------------------------------------------------------------
const lstm = suite('lstm_cell');

function lstmData(r: () => number, B: number, H: number): Bufs {
  return {
    h: randArray(r, B * H, 9),
    c: randArray(r, B * H, 9),
    gates: randArray(r, B * 4 * H, 5),
    cPrev: randArray(r, B * H, 2),
    dgates: randArray(r, B * 4 * H, 9),
    dcPrev: randArray(r, B * H, 9),
    dh: randArray(r, B * H, 1),
    dc: randArray(r, B * H, 1),
  };
}
const lstmStep = (B: number, H: number) => (k: Kernels, p: Record<string, number>) => {
  k.lstm_cell_forward(p.h, p.c, p.gates, p.cPrev, B, H);
  k.lstm_cell_backward(p.dgates, p.dcPrev, p.gates, p.c, p.cPrev, p.dh, p.dc, B, H);
};

lstm('wasm builds match the js twin (forward + backward, B 1–5, H 0–17, misaligned)', () => {
  const r = mulberry32(1);
  for (const B of SIZES_B)
    for (const H of SIZES_H) {
      const data = lstmData(r, B, H);
      const misalign = (B + H) % 4;
      agree(`B=${B} H=${H}`, data, misalign, ['h', 'c', 'gates', 'dgates', 'dcPrev'], { rtol: WASM_RTOL, atol: WASM_ATOL }, lstmStep(B, H));
    }
});

lstm('dcPrev may alias dc', () => {
  const r = mulberry32(2);
  const B = 3,
    H = 7;
  const data = lstmData(r, B, H);
  for (const [name, k] of all) {
    const sep = runOn(k, data, 0, lstmStep(B, H));
    const aliased = runOn(k, data, 0, (kk, p) => {
      kk.lstm_cell_forward(p.h, p.c, p.gates, p.cPrev, B, H);
      kk.lstm_cell_backward(p.dgates, p.dc, p.gates, p.c, p.cPrev, p.dh, p.dc, B, H);
    });
    assertClose(aliased.dc, sep.dcPrev, { rtol: 0, atol: 0 }, `${name} aliased dcPrev`);
    assertClose(aliased.dgates, sep.dgates, { rtol: 0, atol: 0 }, `${name} aliased dgates`);
  }
});

lstm('activations: the activated gates are σ and tanh within 3e-7 absolute over [−20, 20], limits at ±Inf, NaN kept', () => {
  // the cell writes σ(i), σ(f), tanh(g), σ(o) back into gates: one row of H pre-activations per gate
  const H = 20003;
  const xs = new Float32Array(H);
  for (let j = 0; j < H - 3; j++) xs[j] = -20 + (40 * j) / (H - 4);
  xs.set([Infinity, -Infinity, NaN], H - 3);
  const gates = new Float32Array(4 * H);
  for (let g = 0; g < 4; g++) gates.set(xs, g * H);
  const sig = (x: number) => 1 / (1 + Math.exp(-x));
  for (const [name, k] of builds) {
    const out = runOn(k, { h: new Float32Array(H), c: new Float32Array(H), gates, cPrev: new Float32Array(H) }, 0, (kk, p) =>
      kk.lstm_cell_forward(p.h, p.c, p.gates, p.cPrev, 1, H),
    ).gates;
    let worstS = 0,
      worstT = 0;
    for (let j = 0; j < H - 3; j++) {
      worstS = Math.max(worstS, Math.abs(out[j] - sig(xs[j])), Math.abs(out[H + j] - sig(xs[j])), Math.abs(out[3 * H + j] - sig(xs[j])));
      worstT = Math.max(worstT, Math.abs(out[2 * H + j] - Math.tanh(xs[j])));
    }
    assert.ok(worstS <= SIGMOID_ATOL, `${name} σ max abs error ${worstS}`);
    assert.ok(worstT <= TANH_ATOL, `${name} tanh max abs error ${worstT}`);
    assert.equal([out[H - 3], out[H - 2]], [1, 0], `${name} σ(±Inf)`);
    assert.equal([out[3 * H - 3], out[3 * H - 2]], [1, -1], `${name} tanh(±Inf)`);
    assert.ok(Number.isNaN(out[H - 1]) && Number.isNaN(out[3 * H - 1]), `${name} NaN`);
  }
});

lstm('hand-computed step: zero pre-activations give i = f = o = ½, g = 0', () => {
  // c = ½·cPrev, h = ½·tanh(c); H = 5 covers a vector group and a tail lane
  const cPrev = [2, -2, 0, 4, 1, 0.5, -1, 3, 0, 0];
  const B = 2,
    H = 5;
  const wantC = cPrev.map((v) => v / 2);
  const wantH = wantC.map((v) => 0.5 * Math.tanh(v));
  for (const [name, k] of all) {
    const out = runOn(
      k,
      { h: new Float32Array(B * H), c: new Float32Array(B * H), gates: new Float32Array(B * 4 * H), cPrev: Float32Array.from(cPrev) },
      0,
      (kk, p) => kk.lstm_cell_forward(p.h, p.c, p.gates, p.cPrev, B, H),
    );
    assertClose(out.c, wantC, { rtol: 0, atol: EXACT_TOL }, `${name} c`);
    assertClose(out.h, wantH, { rtol: 0, atol: EXACT_TOL }, `${name} h`);
    assertClose(
      out.gates,
      Array.from({ length: B * 4 * H }, (_, i) => (Math.floor(i / H) % 4 === 2 ? 0 : 0.5)),
      { rtol: 0, atol: EXACT_TOL },
      `${name} gates`,
    );
  }
  // h for cPrev[0] = 2: 0.5·tanh(1)
  assert.ok(Math.abs(wantH[0] - 0.3807970779778823) < 1e-15);
});

lstm('saturating pre-activations stay finite', () => {
  const B = 1,
    H = 6;
  const pre = [Infinity, -Infinity, 1e4, -1e4, 90, -90];
  const gates = new Float32Array(4 * H);
  for (let g = 0; g < 4; g++) for (let j = 0; j < H; j++) gates[g * H + j] = pre[(j + g) % H];
  for (const [name, k] of all) {
    const out = runOn(k, { h: new Float32Array(H), c: new Float32Array(H), gates, cPrev: Float32Array.from([1, -1, 2, -2, 0.5, 0]) }, 0, (kk, p) =>
      kk.lstm_cell_forward(p.h, p.c, p.gates, p.cPrev, B, H),
    );
    for (const buf of ['h', 'c', 'gates']) assert.ok(out[buf].every(Number.isFinite), `${name} ${buf} finite: ${out[buf]}`);
    assert.ok(
      out.gates.every((v) => v >= -1 && v <= 1),
      `${name} activated gates in [-1, 1]`,
    );
  }
});

lstm('backward matches finite differences of the forward (js twin, f64)', () => {
  const B = 2,
    H = 3;
  const { views, mem } = f64Heap(1024);
  const k = rnnCellsJs(views);
  const r = mulberry32(3);
  // word offsets of each buffer; pointers are bytes = words·4
  const o = { h: 0, c: 16, gates: 32, cPrev: 64, dgates: 96, dcPrev: 128, dh: 160, dc: 176 };
  const P = (w: number) => w * 4;
  const pre = Array.from({ length: B * 4 * H }, () => (r() * 2 - 1) * 2);
  const cPrev = Array.from({ length: B * H }, () => (r() * 2 - 1) * 2);
  const wh = Array.from({ length: B * H }, () => r() * 2 - 1);
  const wc = Array.from({ length: B * H }, () => r() * 2 - 1);
  // loss = Σ h·wh + Σ c·wc
  const lossAt = (preV: number[], cPrevV: number[]) => {
    mem.set(preV, o.gates);
    mem.set(cPrevV, o.cPrev);
    k.lstm_cell_forward(P(o.h), P(o.c), P(o.gates), P(o.cPrev), B, H);
    let l = 0;
    for (let i = 0; i < B * H; i++) l += mem[o.h + i] * wh[i] + mem[o.c + i] * wc[i];
    return l;
  };
  lossAt(pre, cPrev);
  mem.set(wh, o.dh);
  mem.set(wc, o.dc);
  k.lstm_cell_backward(P(o.dgates), P(o.dcPrev), P(o.gates), P(o.c), P(o.cPrev), P(o.dh), P(o.dc), B, H);
  const dgates = Array.from(mem.subarray(o.dgates, o.dgates + B * 4 * H));
  const dcPrev = Array.from(mem.subarray(o.dcPrev, o.dcPrev + B * H));
  assertClose(
    dgates,
    centralDiff((w) => lossAt(w, cPrev), pre),
    { rtol: 0, atol: FD_TOL },
    'dgates',
  );
  assertClose(
    dcPrev,
    centralDiff((w) => lossAt(pre, w), cPrev),
    { rtol: 0, atol: FD_TOL },
    'dcPrev',
  );
});

lstm.run();

// --------------------------------------------------------------------------------------------
const gru = suite('gru_cell');

function gruData(r: () => number, B: number, H: number): Bufs {
  return {
    h: randArray(r, B * H, 9),
    saved: randArray(r, B * 4 * H, 9),
    gx: randArray(r, B * 3 * H, 4),
    gh: randArray(r, B * 3 * H, 4),
    hPrev: randArray(r, B * H, 1),
    dgx: randArray(r, B * 3 * H, 9),
    dgh: randArray(r, B * 3 * H, 9),
    dhPrev: randArray(r, B * H, 9),
    dh: randArray(r, B * H, 1),
  };
}
const gruStep = (B: number, H: number) => (k: Kernels, p: Record<string, number>) => {
  k.gru_cell_forward(p.h, p.saved, p.gx, p.gh, p.hPrev, B, H);
  k.gru_cell_backward(p.dgx, p.dgh, p.dhPrev, p.saved, p.hPrev, p.dh, B, H);
};

gru('wasm builds match the js twin (forward + backward, B 1–5, H 0–17, misaligned)', () => {
  const r = mulberry32(4);
  for (const B of SIZES_B)
    for (const H of SIZES_H) {
      const data = gruData(r, B, H);
      const misalign = (B * 3 + H) % 4;
      agree(`B=${B} H=${H}`, data, misalign, ['h', 'saved', 'dgx', 'dgh', 'dhPrev'], { rtol: WASM_RTOL, atol: WASM_ATOL }, gruStep(B, H));
    }
});

gru('hand-computed step: r = z = ½, n = tanh(gx_n + ½·gh_n)', () => {
  const B = 1,
    H = 5;
  const gx = new Float32Array(3 * H),
    gh = new Float32Array(3 * H);
  for (let j = 0; j < H; j++) {
    gx[2 * H + j] = j - 2;
    gh[2 * H + j] = 2;
  }
  const hPrev = Float32Array.from([1, -1, 0.5, 0, 2]);
  const n = Array.from({ length: H }, (_, j) => Math.tanh(j - 2 + 1));
  const wantH = n.map((v, j) => 0.5 * v + 0.5 * hPrev[j]);
  for (const [name, k] of all) {
    const out = runOn(k, { h: new Float32Array(H), saved: new Float32Array(4 * H), gx, gh, hPrev }, 0, (kk, p) =>
      kk.gru_cell_forward(p.h, p.saved, p.gx, p.gh, p.hPrev, B, H),
    );
    assertClose(out.h, wantH, { rtol: 0, atol: EXACT_TOL }, `${name} h`);
    assertClose(out.saved, [...Array(2 * H).fill(0.5), ...n, ...Array(H).fill(2)], { rtol: 0, atol: EXACT_TOL }, `${name} saved`);
  }
});

gru('saturating pre-activations stay finite', () => {
  const B = 1,
    H = 6;
  const pre = [Infinity, -Infinity, 1e4, -1e4, 90, -90];
  const gx = new Float32Array(3 * H);
  for (let g = 0; g < 3; g++) for (let j = 0; j < H; j++) gx[g * H + j] = pre[(j + g) % H];
  const gh = Float32Array.from(gx.map((v) => (Number.isFinite(v) ? -v / 3 : 1)));
  for (const [name, k] of all) {
    const out = runOn(k, { h: new Float32Array(H), saved: new Float32Array(4 * H), gx, gh, hPrev: Float32Array.from([1, -1, 2, -2, 0.5, 0]) }, 0, (kk, p) =>
      kk.gru_cell_forward(p.h, p.saved, p.gx, p.gh, p.hPrev, B, H),
    );
    for (const buf of ['h', 'saved']) assert.ok(out[buf].every(Number.isFinite), `${name} ${buf} finite: ${out[buf]}`);
  }
});

gru('backward matches finite differences of the forward (js twin, f64)', () => {
  const B = 2,
    H = 3;
  const { views, mem } = f64Heap(1024);
  const k = rnnCellsJs(views);
  const r = mulberry32(5);
  const o = { h: 0, saved: 16, gx: 48, gh: 80, hPrev: 112, dgx: 128, dgh: 160, dhPrev: 192, dh: 208 };
  const P = (w: number) => w * 4;
  const gx = Array.from({ length: B * 3 * H }, () => (r() * 2 - 1) * 2);
  const gh = Array.from({ length: B * 3 * H }, () => (r() * 2 - 1) * 2);
  const hPrev = Array.from({ length: B * H }, () => r() * 2 - 1);
  const wh = Array.from({ length: B * H }, () => r() * 2 - 1);
  // loss = Σ h·wh
  const lossAt = (gxV: number[], ghV: number[], hPrevV: number[]) => {
    mem.set(gxV, o.gx);
    mem.set(ghV, o.gh);
    mem.set(hPrevV, o.hPrev);
    k.gru_cell_forward(P(o.h), P(o.saved), P(o.gx), P(o.gh), P(o.hPrev), B, H);
    let l = 0;
    for (let i = 0; i < B * H; i++) l += mem[o.h + i] * wh[i];
    return l;
  };
  lossAt(gx, gh, hPrev);
  mem.set(wh, o.dh);
  k.gru_cell_backward(P(o.dgx), P(o.dgh), P(o.dhPrev), P(o.saved), P(o.hPrev), P(o.dh), B, H);
  const dgx = Array.from(mem.subarray(o.dgx, o.dgx + B * 3 * H));
  const dgh = Array.from(mem.subarray(o.dgh, o.dgh + B * 3 * H));
  const dhPrev = Array.from(mem.subarray(o.dhPrev, o.dhPrev + B * H));
  assertClose(
    dgx,
    centralDiff((w) => lossAt(w, gh, hPrev), gx),
    { rtol: 0, atol: FD_TOL },
    'dgx',
  );
  assertClose(
    dgh,
    centralDiff((w) => lossAt(gx, w, hPrev), gh),
    { rtol: 0, atol: FD_TOL },
    'dgh',
  );
  // the direct path only: dhPrev = dh⊙z (the gemm through W_hh is the caller's)
  assertClose(
    dhPrev,
    centralDiff((w) => lossAt(gx, gh, w), hPrev),
    { rtol: 0, atol: FD_TOL },
    'dhPrev',
  );
});

gru.run();
