// PyTorch's float32 Box–Muller on an x86 CPU with AVX2 (normal_fill_16_AVX2 in ATen's
// DistributionKernels.cpp), bit for bit: its log and sincos are the Cephes polynomials of
// ATen/native/cpu/avx_mathfun.h in float32, built by GCC with FMA contraction (-ffp-contract=fast:
// a multiply whose only use is an add or subtract becomes one fused multiply-add), so every step
// here is a float32 operation (Math.fround) or a float32 FMA at the places GCC fuses.

const f32 = Math.fround;
const bits = new Float32Array(1);
const word = new Int32Array(bits.buffer);

/** The next float32 above the positive float32 r. */
function nextUp(r: number): number {
  bits[0] = r;
  word[0] += 1;
  return bits[0];
}

/** The next float32 below the positive float32 r. */
function nextDown(r: number): number {
  bits[0] = r;
  word[0] -= 1;
  return bits[0];
}

const dbl = new Float64Array(1);
const dblWords = new Uint32Array(dbl.buffer);
const LOW = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1; // the low word's index
const MIN_NORMAL_F32 = 2 ** -126;

/**
 * fma(a, b, c) for float32 a, b, c: a·b + c rounded once to float32. a·b is exact in a double;
 * the double sum s may round, which matters only when s lands on a float32 midpoint (its 29 bits
 * below float32 precision are 1000…0; checked on the slow path below float32's normal range).
 */
export function fma32(a: number, b: number, c: number): number {
  const s = a * b + c;
  const r = f32(s);
  if (r === s) return r;
  dbl[0] = s;
  if ((dblWords[LOW] & 0x1fffffff) !== 0x10000000 && Math.abs(s) >= MIN_NORMAL_F32) return r;
  return fma32Tie(a * b, c, s, r);
}

/** fma32 when s = p + c (rounded) may be a float32 midpoint: the sum's error term picks the side. */
function fma32Tie(p: number, c: number, s: number, r: number): number {
  const bb = s - p;
  const err = p - (s - bb) + (c - bb); // s + err = p + c exactly (TwoSum)
  if (err === 0 || !Number.isFinite(s)) return r;
  const as = Math.abs(s),
    ar = Math.abs(r);
  const lo = ar < as ? ar : nextDown(ar);
  const hi = ar < as ? nextUp(ar) : ar;
  if ((lo + hi) / 2 !== as) return r;
  return Math.sign(s) * (s > 0 === err > 0 ? hi : lo);
}

// biome-ignore lint/correctness/noPrecisionLoss: the Cephes constant as avx_mathfun.h writes it (f32 rounds it anyway)
const SQRTHF = f32(0.707106781186547524);
const LOG_P = [
  7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1,
].map(f32);
const LOG_Q1 = f32(-2.1219444e-4);
const LOG_Q2 = f32(0.693359375);
const MIN_NORM_POS = 1.1754943508222875e-38; // 0x00800000

/** log256_ps for 0 < x ≤ 1 (float32 x). */
export function logAvx2(x: number): number {
  x = Math.max(x, MIN_NORM_POS);
  bits[0] = x;
  const exponent = (word[0] >>> 23) - 0x7f;
  word[0] = (word[0] & ~0x7f800000) | 0x3f000000; // keep the mantissa, exponent of 0.5: [0.5, 1)
  x = bits[0];
  let e = f32(exponent + 1);
  const small = x < SQRTHF;
  const tmp = small ? x : 0;
  x = f32(x - 1);
  if (small) e = f32(e - 1);
  x = f32(x + tmp);
  const z = f32(x * x);
  let y = LOG_P[0];
  for (let k = 1; k < 9; k++) y = fma32(y, x, LOG_P[k]); // y*x + p_k fused
  y = f32(y * x); // its only use is a multiply: not fused
  y = fma32(y, z, f32(e * LOG_Q1)); // y*z + e*q1: the first multiply (y*z) is fused
  y = fma32(-z, 0.5, y); // y − z*0.5
  return fma32(e, LOG_Q2, f32(x + y)); // (x + y) + e*q2
}

const FOPI = f32(1.27323954473516);
const DP1 = f32(-0.78515625);
// biome-ignore lint/correctness/noPrecisionLoss: the Cephes constant as avx_mathfun.h writes it (f32 rounds it anyway)
const DP2 = f32(-2.4187564849853515625e-4);
// biome-ignore lint/correctness/noPrecisionLoss: as DP2
const DP3 = f32(-3.77489497744594108e-8);
const COS_P = [2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2].map(f32);
const SIN_P = [-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1].map(f32);

let sinOut = 0,
  cosOut = 0;

/** sincos256_ps for 0 ≤ x < 8192 (float32 x): [sin x, cos x]. */
export function sincosAvx2(x: number): [number, number] {
  sincosInto(x);
  return [sinOut, cosOut];
}

/** sincos256_ps into sinOut, cosOut (no array per call: the Box–Muller loop's hot path). */
function sincosInto(x: number): void {
  const negative = x < 0;
  x = Math.abs(x);
  let j = Math.trunc(f32(x * FOPI));
  j = (j + 1) & ~1;
  const y = j; // exact in float32 for j < 2^24
  const swapSin = (j & 4) !== 0;
  const cosNegative = (~(j - 2) & 4) !== 0;
  const sinPolyForSin = (j & 2) === 0;
  x = fma32(y, DP1, x);
  x = fma32(y, DP2, x);
  x = fma32(y, DP3, x);
  const z = f32(x * x);
  let c = fma32(COS_P[0], z, COS_P[1]);
  c = fma32(c, z, COS_P[2]);
  c = f32(c * z);
  c = fma32(c, z, -f32(z * 0.5)); // c*z − z*0.5
  c = f32(c + 1);
  let s = fma32(SIN_P[0], z, SIN_P[1]);
  s = fma32(s, z, SIN_P[2]);
  s = f32(s * z);
  s = fma32(s, x, x);
  let sin = sinPolyForSin ? s : c;
  let cos = sinPolyForSin ? c : s;
  if (negative !== swapSin) sin = -sin;
  if (cosNegative) cos = -cos;
  sinOut = sin;
  cosOut = cos;
}

const TWO_PI = f32(2 * Math.PI);

/**
 * normal_fill_16_AVX2 in place on out[o … o+16): uniforms u in [0, 1) → the pairs (j, j + 8) become
 * r·cos θ·std + mean and r·sin θ·std + mean, r = √(−2 log(1 − u_j)), θ = 2π·u_{j+8}.
 */
export function normalFill16Avx2(out: Float32Array, o: number, mean: number, std: number): void {
  const m = f32(mean),
    sd = f32(std);
  for (let j = 0; j < 8; j++) {
    const u1 = f32(1 - out[o + j]);
    const u2 = out[o + j + 8];
    const radius = f32(Math.sqrt(f32(-2 * logAvx2(u1))));
    const theta = f32(TWO_PI * u2);
    sincosInto(theta);
    out[o + j] = fma32(f32(radius * cosOut), sd, m);
    out[o + j + 8] = fma32(f32(radius * sinOut), sd, m);
  }
}
