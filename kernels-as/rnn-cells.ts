// Fused pointwise kernels of the recurrent cells (LSTM, GRU), forward and backward side by side.
// The gemms around them (x·W_ihᵀ, h·W_hhᵀ, dW, dx) are the caller's; a plain RNN cell needs no
// fused kernel (gemm + tanh/relu from elementwise.ts).
//
// | buffer              | shape   | contents                                               |
// |---------------------|---------|--------------------------------------------------------|
// | gates (lstm)        | [B, 4H] | in: pre-activations i f g o; out: σ(i) σ(f) tanh(g) σ(o) |
// | h, c, cPrev, dh, dc | [B, H]  |                                                        |
// | dgates (lstm)       | [B, 4H] | gradients of the pre-activations i f g o               |
// | gx, gh (gru)        | [B, 3H] | x·W_ihᵀ + b_ih, h·W_hhᵀ + b_hh (r z n blocks)          |
// | saved (gru)         | [B, 4H] | r, z, n, gh_n                                          |
// | dgx, dgh (gru)      | [B, 3H] | gradients of gx, gh                                    |
//
// The activations are math.ts's fast rational forms (abs error ≤ 3e-7, half the work of the exp
// forms); backward recomputes tanh(c) with the same function as forward.
//
// Each row is H lanes wide: an f32x4 loop over j plus a scalar tail that runs the same vector
// arithmetic on a splat (math.ts's *1 forms), so every lane sees identical rounding.
import { fma, sigmoid4fast as sigmoid4, tanh4fast as tanh4 } from './math';

// @ts-ignore: decorator
@inline function ld(p: usize): v128 { return v128.load(p); }
// @ts-ignore: decorator
@inline function st(p: usize, v: v128): void { v128.store(p, v); }
// @ts-ignore: decorator
@inline function ld1(p: usize): v128 { return f32x4.splat(load<f32>(p)); }
// @ts-ignore: decorator
@inline function st1(p: usize, v: v128): void { store<f32>(p, f32x4.extract_lane(v, 0)); }

// One group of 4 lanes (wide) or one lane (tail) of an LSTM step; pointers address the lane group,
// `hb` = H·4 bytes separates the gate blocks. `wide` is a constant at every call site.
// @ts-ignore: decorator
@inline function lstmFwdLanes(h: usize, c: usize, gates: usize, cPrev: usize, hb: usize, wide: bool): void {
  const gi = wide ? ld(gates) : ld1(gates);
  const gf = wide ? ld(gates + hb) : ld1(gates + hb);
  const gg = wide ? ld(gates + 2 * hb) : ld1(gates + 2 * hb);
  const go = wide ? ld(gates + 3 * hb) : ld1(gates + 3 * hb);
  const cp = wide ? ld(cPrev) : ld1(cPrev);
  const i = sigmoid4(gi);
  const f = sigmoid4(gf);
  const g = tanh4(gg);
  const o = sigmoid4(go);
  // c = f⊙cPrev + i⊙g ; h = o⊙tanh(c)
  const cn = fma(f, cp, f32x4.mul(i, g));
  const hn = f32x4.mul(o, tanh4(cn));
  if (wide) {
    st(gates, i); st(gates + hb, f); st(gates + 2 * hb, g); st(gates + 3 * hb, o);
    st(c, cn); st(h, hn);
  } else {
    st1(gates, i); st1(gates + hb, f); st1(gates + 2 * hb, g); st1(gates + 3 * hb, o);
    st1(c, cn); st1(h, hn);
  }
}

export function lstm_cell_forward(h: usize, c: usize, gates: usize, cPrev: usize, B: i32, H: i32): void {
  const hb = <usize>H << 2;
  for (let b = 0; b < B; b++) {
    const rowH = <usize>b * hb;
    const rowG = rowH << 2;
    let j = 0;
    for (; j + 4 <= H; j += 4) {
      const o = rowH + (<usize>j << 2);
      lstmFwdLanes(h + o, c + o, gates + rowG + (<usize>j << 2), cPrev + o, hb, true);
    }
    for (; j < H; j++) {
      const o = rowH + (<usize>j << 2);
      lstmFwdLanes(h + o, c + o, gates + rowG + (<usize>j << 2), cPrev + o, hb, false);
    }
  }
}

// @ts-ignore: decorator
@inline function lstmBwdLanes(dgates: usize, dcPrev: usize, gates: usize, c: usize, cPrev: usize,
                              dh: usize, dc: usize, hb: usize, wide: bool): void {
  const one = f32x4.splat(1.0);
  const i = wide ? ld(gates) : ld1(gates);
  const f = wide ? ld(gates + hb) : ld1(gates + hb);
  const g = wide ? ld(gates + 2 * hb) : ld1(gates + 2 * hb);
  const o = wide ? ld(gates + 3 * hb) : ld1(gates + 3 * hb);
  const cv = wide ? ld(c) : ld1(c);
  const cp = wide ? ld(cPrev) : ld1(cPrev);
  const dhv = wide ? ld(dh) : ld1(dh);
  const dcv = wide ? ld(dc) : ld1(dc);
  // h = o⊙tanh(c): dc_total = dc + dh⊙o⊙(1 − tanh²c)
  const tc = tanh4(cv);
  const dct = fma(f32x4.mul(dhv, o), f32x4.sub(one, f32x4.mul(tc, tc)), dcv);
  // c = f⊙cPrev + i⊙g
  const dI = f32x4.mul(f32x4.mul(dct, g), f32x4.mul(i, f32x4.sub(one, i)));
  const dF = f32x4.mul(f32x4.mul(dct, cp), f32x4.mul(f, f32x4.sub(one, f)));
  const dG = f32x4.mul(f32x4.mul(dct, i), f32x4.sub(one, f32x4.mul(g, g)));
  const dO = f32x4.mul(f32x4.mul(dhv, tc), f32x4.mul(o, f32x4.sub(one, o)));
  const dcp = f32x4.mul(dct, f);
  if (wide) {
    st(dgates, dI); st(dgates + hb, dF); st(dgates + 2 * hb, dG); st(dgates + 3 * hb, dO);
    st(dcPrev, dcp);
  } else {
    st1(dgates, dI); st1(dgates + hb, dF); st1(dgates + 2 * hb, dG); st1(dgates + 3 * hb, dO);
    st1(dcPrev, dcp);
  }
}

export function lstm_cell_backward(dgates: usize, dcPrev: usize, gates: usize, c: usize, cPrev: usize,
                                   dh: usize, dc: usize, B: i32, H: i32): void {
  const hb = <usize>H << 2;
  for (let b = 0; b < B; b++) {
    const rowH = <usize>b * hb;
    const rowG = rowH << 2;
    let j = 0;
    for (; j + 4 <= H; j += 4) {
      const o = rowH + (<usize>j << 2);
      const og = rowG + (<usize>j << 2);
      lstmBwdLanes(dgates + og, dcPrev + o, gates + og, c + o, cPrev + o, dh + o, dc + o, hb, true);
    }
    for (; j < H; j++) {
      const o = rowH + (<usize>j << 2);
      const og = rowG + (<usize>j << 2);
      lstmBwdLanes(dgates + og, dcPrev + o, gates + og, c + o, cPrev + o, dh + o, dc + o, hb, false);
    }
  }
}

// GRU lanes: gx/gh rows have 3 blocks of hb bytes, saved rows 4.
// @ts-ignore: decorator
@inline function gruFwdLanes(h: usize, saved: usize, gx: usize, gh: usize, hPrev: usize, hb: usize, wide: bool): void {
  const xr = wide ? ld(gx) : ld1(gx);
  const xz = wide ? ld(gx + hb) : ld1(gx + hb);
  const xn = wide ? ld(gx + 2 * hb) : ld1(gx + 2 * hb);
  const hr = wide ? ld(gh) : ld1(gh);
  const hz = wide ? ld(gh + hb) : ld1(gh + hb);
  const hn = wide ? ld(gh + 2 * hb) : ld1(gh + 2 * hb);
  const hp = wide ? ld(hPrev) : ld1(hPrev);
  const r = sigmoid4(f32x4.add(xr, hr));
  const z = sigmoid4(f32x4.add(xz, hz));
  const n = tanh4(fma(r, hn, xn));
  // h = (1 − z)⊙n + z⊙hPrev = n + z⊙(hPrev − n)
  const hv = fma(z, f32x4.sub(hp, n), n);
  if (wide) {
    st(saved, r); st(saved + hb, z); st(saved + 2 * hb, n); st(saved + 3 * hb, hn); st(h, hv);
  } else {
    st1(saved, r); st1(saved + hb, z); st1(saved + 2 * hb, n); st1(saved + 3 * hb, hn); st1(h, hv);
  }
}

export function gru_cell_forward(h: usize, saved: usize, gx: usize, gh: usize, hPrev: usize, B: i32, H: i32): void {
  const hb = <usize>H << 2;
  for (let b = 0; b < B; b++) {
    const rowH = <usize>b * hb;
    const row3 = rowH * 3;
    const row4 = rowH << 2;
    let j = 0;
    for (; j + 4 <= H; j += 4) {
      const jb = <usize>j << 2;
      gruFwdLanes(h + rowH + jb, saved + row4 + jb, gx + row3 + jb, gh + row3 + jb, hPrev + rowH + jb, hb, true);
    }
    for (; j < H; j++) {
      const jb = <usize>j << 2;
      gruFwdLanes(h + rowH + jb, saved + row4 + jb, gx + row3 + jb, gh + row3 + jb, hPrev + rowH + jb, hb, false);
    }
  }
}

// @ts-ignore: decorator
@inline function gruBwdLanes(dgx: usize, dgh: usize, dhPrev: usize, saved: usize, hPrev: usize, dh: usize,
                             hb: usize, wide: bool): void {
  const one = f32x4.splat(1.0);
  const r = wide ? ld(saved) : ld1(saved);
  const z = wide ? ld(saved + hb) : ld1(saved + hb);
  const n = wide ? ld(saved + 2 * hb) : ld1(saved + 2 * hb);
  const ghn = wide ? ld(saved + 3 * hb) : ld1(saved + 3 * hb);
  const hp = wide ? ld(hPrev) : ld1(hPrev);
  const dhv = wide ? ld(dh) : ld1(dh);
  // h = (1 − z)⊙n + z⊙hPrev
  const dN = f32x4.mul(f32x4.mul(dhv, f32x4.sub(one, z)), f32x4.sub(one, f32x4.mul(n, n)));
  const dZ = f32x4.mul(f32x4.mul(dhv, f32x4.sub(hp, n)), f32x4.mul(z, f32x4.sub(one, z)));
  // n = tanh(gx_n + r⊙gh_n)
  const dR = f32x4.mul(f32x4.mul(dN, ghn), f32x4.mul(r, f32x4.sub(one, r)));
  const dGhn = f32x4.mul(dN, r);
  const dhp = f32x4.mul(dhv, z);
  if (wide) {
    st(dgx, dR); st(dgx + hb, dZ); st(dgx + 2 * hb, dN);
    st(dgh, dR); st(dgh + hb, dZ); st(dgh + 2 * hb, dGhn);
    st(dhPrev, dhp);
  } else {
    st1(dgx, dR); st1(dgx + hb, dZ); st1(dgx + 2 * hb, dN);
    st1(dgh, dR); st1(dgh + hb, dZ); st1(dgh + 2 * hb, dGhn);
    st1(dhPrev, dhp);
  }
}

export function gru_cell_backward(dgx: usize, dgh: usize, dhPrev: usize, saved: usize, hPrev: usize, dh: usize,
                                  B: i32, H: i32): void {
  const hb = <usize>H << 2;
  for (let b = 0; b < B; b++) {
    const rowH = <usize>b * hb;
    const row3 = rowH * 3;
    const row4 = rowH << 2;
    let j = 0;
    for (; j + 4 <= H; j += 4) {
      const jb = <usize>j << 2;
      gruBwdLanes(dgx + row3 + jb, dgh + row3 + jb, dhPrev + rowH + jb, saved + row4 + jb, hPrev + rowH + jb,
        dh + rowH + jb, hb, true);
    }
    for (; j < H; j++) {
      const jb = <usize>j << 2;
      gruBwdLanes(dgx + row3 + jb, dgh + row3 + jb, dhPrev + rowH + jb, saved + row4 + jb, hPrev + rowH + jb,
        dh + rowH + jb, hb, false);
    }
  }
}
