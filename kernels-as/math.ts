// Vectorised f32x4 math shared by the kernel families: fma, exp, log, tanh, sigmoid (Cephes-style
// range reduction + minimax polynomials). Not exported from index.ts; import what you need:
//   import { fma, exp4, log4, tanh4, sigmoid4, tanh1, sigmoid1, exp1, log1, tanh4fast, sigmoid4fast } from './math';
// Accuracy (tests/kernels/elementwise.test.ts sweeps them): exp and log ≈ 1–2 ulp relative over
// the normal range, tanh/sigmoid ≤ 1e-6 absolute (tanh also relative near 0). Special values
// follow IEEE/Math.*: NaN → NaN, tanh(±0) = ±0, tanh(±Inf) = ±1, sigmoid(∓Inf) = 0/1,
// exp(−Inf) = 0, exp overflow = +Inf, log(0) = −Inf, log(x < 0) = NaN, log(+Inf) = +Inf.

/** a·b + c: fused (relaxed_madd) in the relaxed build, mul + add otherwise. */
// @ts-ignore: decorator
@inline export function fma(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    return f32x4.relaxed_madd(a, b, c);
  } else {
    return f32x4.add(f32x4.mul(a, b), c);
  }
}

// @ts-ignore: decorator
@inline const LOG2E: f32 = 1.44269504088896341;
// @ts-ignore: decorator
@inline const LN2_HI: f32 = 0.693359375;
// @ts-ignore: decorator
@inline const LN2_LO: f32 = -2.12194440e-4;

// Constants live in a static table and are loaded, not written as v128.const: V8 does not hoist
// loop invariants and materialises each non-trivial v128 constant with 3–4 instructions, which
// made exp4 ~2× slower than one load per use.
const KTAB = memory.data<u32>([
  0xc2d00000, 0xc2d00000, 0xc2d00000, 0xc2d00000, // 0: f32x4.splat(-104.0)
  0x42b20000, 0x42b20000, 0x42b20000, 0x42b20000, // 1: f32x4.splat(89.0)
  0x3fb8aa3b, 0x3fb8aa3b, 0x3fb8aa3b, 0x3fb8aa3b, // 2: f32x4.splat(LOG2E)
  0x4b400000, 0x4b400000, 0x4b400000, 0x4b400000, // 3: f32x4.splat(12582912.0)
  0x3f318000, 0x3f318000, 0x3f318000, 0x3f318000, // 4: f32x4.splat(LN2_HI)
  0xb95e8083, 0xb95e8083, 0xb95e8083, 0xb95e8083, // 5: f32x4.splat(LN2_LO)
  0x39506967, 0x39506967, 0x39506967, 0x39506967, // 6: f32x4.splat(1.9875691500e-4)
  0x3ab743ce, 0x3ab743ce, 0x3ab743ce, 0x3ab743ce, // 7: f32x4.splat(1.3981999507e-3)
  0x3c088908, 0x3c088908, 0x3c088908, 0x3c088908, // 8: f32x4.splat(8.3334519073e-3)
  0x3d2aa9c1, 0x3d2aa9c1, 0x3d2aa9c1, 0x3d2aa9c1, // 9: f32x4.splat(4.1665795894e-2)
  0x3e2aaaaa, 0x3e2aaaaa, 0x3e2aaaaa, 0x3e2aaaaa, // 10: f32x4.splat(1.6666665459e-1)
  0x3f000000, 0x3f000000, 0x3f000000, 0x3f000000, // 11: f32x4.splat(5.0000001201e-1)
  0x3f800000, 0x3f800000, 0x3f800000, 0x3f800000, // 12: f32x4.splat(1.0)
  0x0000007f, 0x0000007f, 0x0000007f, 0x0000007f, // 13: i32x4.splat(127)
  0x00800000, 0x00800000, 0x00800000, 0x00800000, // 14: f32x4.splat(1.17549435e-38)
  0x4b000000, 0x4b000000, 0x4b000000, 0x4b000000, // 15: f32x4.splat(8388608.0)
  0x7f800000, 0x7f800000, 0x7f800000, 0x7f800000, // 16: i32x4.splat(0x7f800000)
  0x0000007e, 0x0000007e, 0x0000007e, 0x0000007e, // 17: i32x4.splat(126)
  0x00000017, 0x00000017, 0x00000017, 0x00000017, // 18: i32x4.splat(23)
  0x007fffff, 0x007fffff, 0x007fffff, 0x007fffff, // 19: i32x4.splat(0x007fffff)
  0x3f3504f3, 0x3f3504f3, 0x3f3504f3, 0x3f3504f3, // 20: f32x4.splat(0.707106781186547524)
  0x3d9021bb, 0x3d9021bb, 0x3d9021bb, 0x3d9021bb, // 21: f32x4.splat(7.0376836292e-2)
  0xbdebd1b8, 0xbdebd1b8, 0xbdebd1b8, 0xbdebd1b8, // 22: f32x4.splat(-1.1514610310e-1)
  0x3def251a, 0x3def251a, 0x3def251a, 0x3def251a, // 23: f32x4.splat(1.1676998740e-1)
  0xbdfe5d4f, 0xbdfe5d4f, 0xbdfe5d4f, 0xbdfe5d4f, // 24: f32x4.splat(-1.2420140846e-1)
  0x3e11e9bf, 0x3e11e9bf, 0x3e11e9bf, 0x3e11e9bf, // 25: f32x4.splat(1.4249322787e-1)
  0xbe2aae50, 0xbe2aae50, 0xbe2aae50, 0xbe2aae50, // 26: f32x4.splat(-1.6668057665e-1)
  0x3e4cceac, 0x3e4cceac, 0x3e4cceac, 0x3e4cceac, // 27: f32x4.splat(2.0000714765e-1)
  0xbe7ffffc, 0xbe7ffffc, 0xbe7ffffc, 0xbe7ffffc, // 28: f32x4.splat(-2.4999993993e-1)
  0x3eaaaaaa, 0x3eaaaaaa, 0x3eaaaaaa, 0x3eaaaaaa, // 29: f32x4.splat(3.3333331174e-1)
  0xbf000000, 0xbf000000, 0xbf000000, 0xbf000000, // 30: f32x4.splat(-0.5)
  0xff800000, 0xff800000, 0xff800000, 0xff800000, // 31: f32x4.splat(-Infinity)
  0x00000000, 0x00000000, 0x00000000, 0x00000000, // 32: f32x4.splat(0.0)
  0x7fc00000, 0x7fc00000, 0x7fc00000, 0x7fc00000, // 33: f32x4.splat(NaN)
  0x80000000, 0x80000000, 0x80000000, 0x80000000, // 34: i32x4.splat(0x80000000)
  0xbbbaf0ea, 0xbbbaf0ea, 0xbbbaf0ea, 0xbbbaf0ea, // 35: f32x4.splat(-5.70498872745e-3)
  0x3ca9134e, 0x3ca9134e, 0x3ca9134e, 0x3ca9134e, // 36: f32x4.splat(2.06390887954e-2)
  0xbd5c1e2d, 0xbd5c1e2d, 0xbd5c1e2d, 0xbd5c1e2d, // 37: f32x4.splat(-5.37397155531e-2)
  0x3e088393, 0x3e088393, 0x3e088393, 0x3e088393, // 38: f32x4.splat(1.33314422036e-1)
  0xbeaaaa99, 0xbeaaaa99, 0xbeaaaa99, 0xbeaaaa99, // 39: f32x4.splat(-3.33332819422e-1)
  0x40000000, 0x40000000, 0x40000000, 0x40000000, // 40: f32x4.splat(2.0)
  0x3f200000, 0x3f200000, 0x3f200000, 0x3f200000, // 41: f32x4.splat(0.625)
], 16);
/** the i-th constant of KTAB, all four lanes */
// @ts-ignore: decorator
@inline function K(i: i32): v128 { return v128.load(KTAB + (<usize>i << 4)); }

/** e^x per lane. */
// @ts-ignore: decorator
@inline export function exp4(x: v128): v128 {
  // Clamp keeps the integer exponent in range. pmax/pmin are single instructions; with x as the
  // first operand a NaN lane compares false and passes through.
  x = f32x4.pmin(f32x4.pmax(x, K(0)), K(1));
  // n = round(x·log2e) by the 1.5·2^23 trick: the integer lands in the low mantissa bits of t
  const t = fma(x, K(2), K(3));
  const fn = f32x4.sub(t, K(3));
  // r = x − n·ln2 in two steps (ln2 split hi/lo so n·LN2_HI is exact)
  let r = f32x4.sub(x, f32x4.mul(fn, K(4)));
  r = f32x4.sub(r, f32x4.mul(fn, K(5)));
  const z = f32x4.mul(r, r);
  let p = fma(K(6), r, K(7));
  p = fma(p, r, K(8));
  p = fma(p, r, K(9));
  p = fma(p, r, K(10));
  p = fma(p, r, K(11));
  p = fma(p, z, f32x4.add(r, K(12)));
  // 2^n as two factors 2^(n>>1)·2^(n−(n>>1)): both normal for n ∈ [−150, 129], so overflow
  // gives Inf and deep underflow rounds into the subnormals / to 0 with one rounding.
  const n = i32x4.sub(t, K(3));
  const n1 = i32x4.shr_s(n, 1);
  const n2 = i32x4.sub(n, n1);
  const bias = K(13);
  const s1 = i32x4.shl(i32x4.add(n1, bias), 23);
  const s2 = i32x4.shl(i32x4.add(n2, bias), 23);
  return f32x4.mul(f32x4.mul(p, s1), s2);
}

/** ln x per lane. */
// @ts-ignore: decorator
@inline export function log4(x: v128): v128 {
  // subnormals: scale by 2^23 first
  const tiny = f32x4.lt(x, K(14));
  const xs = v128.bitselect(f32x4.mul(x, K(15)), x, tiny);
  const bits = xs;
  let e = i32x4.sub(i32x4.shr_u(v128.and(bits, K(16)), 23), K(17));
  e = i32x4.sub(e, v128.and(tiny, K(18)));
  // mantissa m ∈ [0.5, 1)
  let m = v128.or(v128.and(bits, K(19)), K(11));
  // m < √½: use 2m − 1 and e − 1, else m − 1 (keeps the argument in [√½−1, √2−1])
  const small = f32x4.lt(m, K(20));
  e = i32x4.add(e, small); // small lanes are −1
  m = f32x4.sub(f32x4.add(m, v128.and(small, m)), K(12));
  const fe = f32x4.convert_i32x4_s(e);
  const z = f32x4.mul(m, m);
  let y = fma(K(21), m, K(22));
  y = fma(y, m, K(23));
  y = fma(y, m, K(24));
  y = fma(y, m, K(25));
  y = fma(y, m, K(26));
  y = fma(y, m, K(27));
  y = fma(y, m, K(28));
  y = fma(y, m, K(29));
  y = f32x4.mul(f32x4.mul(y, m), z);
  y = fma(fe, K(5), y);
  y = fma(z, K(30), y);
  let r = f32x4.add(m, y);
  r = fma(fe, K(4), r);
  // specials: 0 → −Inf, < 0 → NaN, +Inf → +Inf, NaN → NaN
  r = v128.bitselect(K(31), r, f32x4.eq(x, K(32)));
  r = v128.bitselect(K(33), r, f32x4.lt(x, K(32)));
  r = v128.bitselect(x, r, f32x4.eq(x, K(16)));
  return v128.bitselect(x, r, f32x4.ne(x, x));
}

/** tanh x per lane: odd polynomial for |x| < 0.625, 1 − 2/(e^{2|x|} + 1) above; sign copied from x. */
// @ts-ignore: decorator
@inline export function tanh4(x: v128): v128 {
  const SIGN = K(34);
  const ax = v128.andnot(x, SIGN);
  const z = f32x4.mul(ax, ax);
  let p = fma(K(35), z, K(36));
  p = fma(p, z, K(37));
  p = fma(p, z, K(38));
  p = fma(p, z, K(39));
  p = fma(f32x4.mul(p, z), ax, ax);
  const e = exp4(f32x4.add(ax, ax));
  const q = f32x4.sub(K(12), f32x4.div(K(40), f32x4.add(e, K(12))));
  // NaN lanes compare false and take p (NaN)
  const r = v128.bitselect(q, p, f32x4.ge(ax, K(41)));
  return v128.or(r, v128.and(x, SIGN));
}

/** 1/(1 + e^−x) per lane. */
// @ts-ignore: decorator
@inline export function sigmoid4(x: v128): v128 {
  const one = K(12);
  return f32x4.div(one, f32x4.add(one, exp4(f32x4.neg(x))));
}

// Fast tanh / sigmoid for the fused recurrent cells (rnn-cells.ts), whose outputs need absolute
// accuracy only: tanh x = x·P(x²)/Q(x²) on x clamped to ±9, result clamped to ±1 (a 13/6 rational
// minimax fit, the coefficients of Eigen's generic_fast_tanh_float), σ(x) = ½ + ½·tanh(x/2). ≈ 15 vector ops
// against ≈ 40 for the exp-based forms above, which halves an LSTM cell at batch 1. Measured max
// error over [−20, 20]: tanh 2.8e-7, σ 1.7e-7 absolute (the exp forms: 7.4e-8 / 8.9e-8); NaN
// propagates, ±Inf → ±1 (tanh), 0 / 1 (σ). Not for tanh/sigmoid ops of their own (elementwise.ts
// keeps the exp forms: relative accuracy near 0, subnormals, −0).
const FTAB = memory.data<u32>([
  0x41100000, 0x41100000, 0x41100000, 0x41100000, // 0: 9.0 clamp (the fit reaches 1 near 8.1)
  0xc1100000, 0xc1100000, 0xc1100000, 0xc1100000, // 1: -9.0
  0xa59f25c0, 0xa59f25c0, 0xa59f25c0, 0xa59f25c0, // 2: -2.76076847742355e-16 α13
  0x2a61337e, 0x2a61337e, 0x2a61337e, 0x2a61337e, // 3: 2.00018790482477e-13 α11
  0xaebd37ff, 0xaebd37ff, 0xaebd37ff, 0xaebd37ff, // 4: -8.60467152213735e-11 α9
  0x335c0041, 0x335c0041, 0x335c0041, 0x335c0041, // 5: 5.12229709037114e-08 α7
  0x3779434a, 0x3779434a, 0x3779434a, 0x3779434a, // 6: 1.48572235717979e-05 α5
  0x3a270ded, 0x3a270ded, 0x3a270ded, 0x3a270ded, // 7: 0.000637261928875436 α3
  0x3ba059dc, 0x3ba059dc, 0x3ba059dc, 0x3ba059dc, // 8: 0.00489352455891786 α1
  0x35a0d3d8, 0x35a0d3d8, 0x35a0d3d8, 0x35a0d3d8, // 9: 1.19825839466702e-06 β6
  0x38f895d6, 0x38f895d6, 0x38f895d6, 0x38f895d6, // 10: 0.000118534705686654 β4
  0x3b14aa05, 0x3b14aa05, 0x3b14aa05, 0x3b14aa05, // 11: 0.002268434632439 β2
  0x3ba059dd, 0x3ba059dd, 0x3ba059dd, 0x3ba059dd, // 12: 0.00489352518554385 β0
  0x3f000000, 0x3f000000, 0x3f000000, 0x3f000000, // 13: 0.5
  0x3f800000, 0x3f800000, 0x3f800000, 0x3f800000, // 14: 1.0
  0xbf800000, 0xbf800000, 0xbf800000, 0xbf800000, // 15: -1.0
], 16);
// @ts-ignore: decorator
@inline function F(i: i32): v128 { return v128.load(FTAB + (<usize>i << 4)); }

/** tanh x per lane, rational approximation (abs error ≤ 3e-7). */
// @ts-ignore: decorator
@inline export function tanh4fast(x: v128): v128 {
  // pmax/pmin with x first: NaN lanes pass through
  x = f32x4.pmin(f32x4.pmax(x, F(1)), F(0));
  const x2 = f32x4.mul(x, x);
  let p = fma(x2, F(2), F(3));
  p = fma(p, x2, F(4));
  p = fma(p, x2, F(5));
  p = fma(p, x2, F(6));
  p = fma(p, x2, F(7));
  p = fma(p, x2, F(8));
  p = f32x4.mul(x, p);
  let q = fma(x2, F(9), F(10));
  q = fma(q, x2, F(11));
  q = fma(q, x2, F(12));
  return f32x4.pmin(f32x4.pmax(f32x4.div(p, q), F(15)), F(14));
}

/** σ(x) = ½ + ½·tanh(x/2) per lane (abs error ≤ 2e-7). */
// @ts-ignore: decorator
@inline export function sigmoid4fast(x: v128): v128 {
  const half = F(13);
  return fma(half, tanh4fast(f32x4.mul(half, x)), half);
}

// Scalar forms for tails and scalar code: the same arithmetic as the vector forms, lane 0.
// @ts-ignore: decorator
@inline export function exp1(x: f32): f32 { return f32x4.extract_lane(exp4(f32x4.splat(x)), 0); }
// @ts-ignore: decorator
@inline export function log1(x: f32): f32 { return f32x4.extract_lane(log4(f32x4.splat(x)), 0); }
// @ts-ignore: decorator
@inline export function tanh1(x: f32): f32 { return f32x4.extract_lane(tanh4(f32x4.splat(x)), 0); }
// @ts-ignore: decorator
@inline export function sigmoid1(x: f32): f32 { return f32x4.extract_lane(sigmoid4(f32x4.splat(x)), 0); }
