// Vectorised f32x4 math shared by the kernel families: fma, exp, log, tanh, sigmoid (Cephes-style
// range reduction + minimax polynomials). Not exported from index.ts; import what you need:
//   import { fma, exp4, log4, tanh4, sigmoid4, tanh1, sigmoid1, exp1, log1 } from './math';
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

/** e^x per lane. */
// @ts-ignore: decorator
@inline export function exp4(x: v128): v128 {
  // Clamp keeps the integer exponent in range; min/max propagate NaN (unlike pmin/pmax).
  x = f32x4.min(f32x4.max(x, f32x4.splat(-104.0)), f32x4.splat(89.0));
  const fn = f32x4.nearest(f32x4.mul(x, f32x4.splat(LOG2E)));
  // r = x − n·ln2 in two steps (ln2 split hi/lo so n·LN2_HI is exact)
  let r = f32x4.sub(x, f32x4.mul(fn, f32x4.splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(fn, f32x4.splat(LN2_LO)));
  const z = f32x4.mul(r, r);
  let p = fma(f32x4.splat(1.9875691500e-4), r, f32x4.splat(1.3981999507e-3));
  p = fma(p, r, f32x4.splat(8.3334519073e-3));
  p = fma(p, r, f32x4.splat(4.1665795894e-2));
  p = fma(p, r, f32x4.splat(1.6666665459e-1));
  p = fma(p, r, f32x4.splat(5.0000001201e-1));
  p = fma(p, z, f32x4.add(r, f32x4.splat(1.0)));
  // 2^n as two factors 2^(n>>1)·2^(n−(n>>1)): both normal for n ∈ [−150, 129], so overflow
  // gives Inf and deep underflow rounds into the subnormals / to 0 with one rounding.
  const n = i32x4.trunc_sat_f32x4_s(fn);
  const n1 = i32x4.shr_s(n, 1);
  const n2 = i32x4.sub(n, n1);
  const bias = i32x4.splat(127);
  const s1 = i32x4.shl(i32x4.add(n1, bias), 23);
  const s2 = i32x4.shl(i32x4.add(n2, bias), 23);
  return f32x4.mul(f32x4.mul(p, s1), s2);
}

/** ln x per lane. */
// @ts-ignore: decorator
@inline export function log4(x: v128): v128 {
  // subnormals: scale by 2^23 first
  const tiny = f32x4.lt(x, f32x4.splat(1.17549435e-38));
  const xs = v128.bitselect(f32x4.mul(x, f32x4.splat(8388608.0)), x, tiny);
  const bits = xs;
  let e = i32x4.sub(i32x4.shr_u(v128.and(bits, i32x4.splat(0x7f800000)), 23), i32x4.splat(126));
  e = i32x4.sub(e, v128.and(tiny, i32x4.splat(23)));
  // mantissa m ∈ [0.5, 1)
  let m = v128.or(v128.and(bits, i32x4.splat(0x007fffff)), i32x4.splat(0x3f000000));
  // m < √½: use 2m − 1 and e − 1, else m − 1 (keeps the argument in [√½−1, √2−1])
  const small = f32x4.lt(m, f32x4.splat(0.707106781186547524));
  e = i32x4.add(e, small); // small lanes are −1
  m = f32x4.sub(f32x4.add(m, v128.and(small, m)), f32x4.splat(1.0));
  const fe = f32x4.convert_i32x4_s(e);
  const z = f32x4.mul(m, m);
  let y = fma(f32x4.splat(7.0376836292e-2), m, f32x4.splat(-1.1514610310e-1));
  y = fma(y, m, f32x4.splat(1.1676998740e-1));
  y = fma(y, m, f32x4.splat(-1.2420140846e-1));
  y = fma(y, m, f32x4.splat(1.4249322787e-1));
  y = fma(y, m, f32x4.splat(-1.6668057665e-1));
  y = fma(y, m, f32x4.splat(2.0000714765e-1));
  y = fma(y, m, f32x4.splat(-2.4999993993e-1));
  y = fma(y, m, f32x4.splat(3.3333331174e-1));
  y = f32x4.mul(f32x4.mul(y, m), z);
  y = fma(fe, f32x4.splat(LN2_LO), y);
  y = fma(z, f32x4.splat(-0.5), y);
  let r = f32x4.add(m, y);
  r = fma(fe, f32x4.splat(LN2_HI), r);
  // specials: 0 → −Inf, < 0 → NaN, +Inf → +Inf, NaN → NaN
  r = v128.bitselect(f32x4.splat(-Infinity), r, f32x4.eq(x, f32x4.splat(0.0)));
  r = v128.bitselect(f32x4.splat(NaN), r, f32x4.lt(x, f32x4.splat(0.0)));
  r = v128.bitselect(x, r, f32x4.eq(x, f32x4.splat(Infinity)));
  return v128.bitselect(x, r, f32x4.ne(x, x));
}

/** tanh x per lane: odd polynomial for |x| < 0.625, 1 − 2/(e^{2|x|} + 1) above; sign copied from x. */
// @ts-ignore: decorator
@inline export function tanh4(x: v128): v128 {
  const SIGN = i32x4.splat(0x80000000);
  const ax = v128.andnot(x, SIGN);
  const z = f32x4.mul(ax, ax);
  let p = fma(f32x4.splat(-5.70498872745e-3), z, f32x4.splat(2.06390887954e-2));
  p = fma(p, z, f32x4.splat(-5.37397155531e-2));
  p = fma(p, z, f32x4.splat(1.33314422036e-1));
  p = fma(p, z, f32x4.splat(-3.33332819422e-1));
  p = fma(f32x4.mul(p, z), ax, ax);
  const e = exp4(f32x4.add(ax, ax));
  const q = f32x4.sub(f32x4.splat(1.0), f32x4.div(f32x4.splat(2.0), f32x4.add(e, f32x4.splat(1.0))));
  // NaN lanes compare false and take p (NaN)
  const r = v128.bitselect(q, p, f32x4.ge(ax, f32x4.splat(0.625)));
  return v128.or(r, v128.and(x, SIGN));
}

/** 1/(1 + e^−x) per lane. */
// @ts-ignore: decorator
@inline export function sigmoid4(x: v128): v128 {
  const one = f32x4.splat(1.0);
  return f32x4.div(one, f32x4.add(one, exp4(f32x4.neg(x))));
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
