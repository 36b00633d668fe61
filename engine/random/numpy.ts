// numpy's legacy RandomState (MT19937 + the legacy distributions), bit-exact, so that data
// pipelines ported from Python (shuffles, splits, synthetic series) draw the same numbers.
import { MT19937 } from './mt19937.js';

type Size = number | readonly number[] | undefined | null;

function countOf(where: string, size: Size): number | null {
  if (size === undefined || size === null) return null;
  const dims = typeof size === 'number' ? [size] : size;
  let n = 1;
  for (const d of dims) {
    if (!Number.isInteger(d) || d < 0)
      throw new Error(`RandomState.${where}: negative or non-integer dimensions are not allowed (size ${JSON.stringify(size)})`);
    n *= d;
  }
  return n;
}

// ---- a correctly rounded log: numpy's legacy gauss calls C's log(), which (glibc) is correctly
// rounded in all but ~0.1% of cases, while V8's Math.log is off by an ulp far more often.
// Double-double arithmetic (Dekker / Knuth) gives log to ~2^-100 before the final rounding.

function twoSum(a: number, b: number): [number, number] {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}
function split(a: number): [number, number] {
  const c = 134217729 * a;
  const hi = c - (c - a);
  return [hi, a - hi];
}
function twoProd(a: number, b: number): [number, number] {
  const p = a * b;
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}
function ddAdd(ah: number, al: number, bh: number, bl: number): [number, number] {
  const [s, e] = twoSum(ah, bh);
  const [hi, lo] = twoSum(s, e + al + bl);
  return [hi, lo];
}
function ddMul(ah: number, al: number, bh: number, bl: number): [number, number] {
  const [p, e] = twoProd(ah, bh);
  return twoSum(p, e + ah * bl + al * bh);
}
const LN2_HI = Math.LN2;
const LN2_LO = 2.3190468138462996e-17;
/** 1/(2k+1) as double-doubles, k = 0…SERIES−1 (|s| ≤ 0.172: s^(2·SERIES) < 2^-106). */
const SERIES = 22;
const INV_ODD: [number, number][] = Array.from({ length: SERIES }, (_, k) => {
  const n = 2 * k + 1;
  const q = 1 / n;
  const [p, pe] = twoProd(q, n);
  return [q, (1 - p - pe) / n];
});
const f64 = new DataView(new ArrayBuffer(8));

/** log(x) for finite x > 0, correctly rounded except in astronomically rare cases. */
export function logCorrect(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return Math.log(x);
  // x = m·2^e, m ∈ [√½, √2)
  let e = 0;
  let m = x;
  if (m < 2.2250738585072014e-308) {
    m *= 2 ** 64;
    e -= 64;
  }
  f64.setFloat64(0, m);
  const bits = f64.getUint16(0);
  const ex = ((bits >> 4) & 0x7ff) - 1023;
  e += ex;
  f64.setUint16(0, (bits & 0x800f) | (1023 << 4));
  m = f64.getFloat64(0);
  if (m > Math.SQRT2) {
    m /= 2;
    e++;
  }
  // log m = 2·atanh(s) = 2·(s + s³/3 + s⁵/5 + …), s = (m − 1)/(m + 1)
  const f = m - 1;
  const [dh, dl] = twoSum(m, 1);
  const sh = f / dh;
  const [p, pe] = twoProd(sh, dh);
  const sl = (f - p - pe - sh * dl) / dh;
  const [s2h, s2l] = ddMul(sh, sl, sh, sl);
  let [ph, pl] = INV_ODD[SERIES - 1];
  for (let k = SERIES - 2; k >= 0; k--) {
    [ph, pl] = ddMul(ph, pl, s2h, s2l);
    [ph, pl] = ddAdd(ph, pl, INV_ODD[k][0], INV_ODD[k][1]);
  }
  let [rh, rl] = ddMul(ph, pl, 2 * sh, 2 * sl);
  if (e !== 0) {
    const [eh, el] = twoProd(e, LN2_HI);
    [rh, rl] = ddAdd(rh, rl, eh, el + e * LN2_LO);
  }
  return rh + rl;
}

/** The smallest 2^k − 1 ≥ x (numpy's gen_mask), for x < 2^32. */
function mask32(x: number): number {
  let m = x >>> 0;
  m |= m >>> 1;
  m |= m >>> 2;
  m |= m >>> 4;
  m |= m >>> 8;
  m |= m >>> 16;
  return m >>> 0;
}

/**
 * numpy.random.RandomState: the same stream as numpy's legacy generator for the same seed.
 * Array results are flat `number[]` in row-major order (numpy would return an ndarray of that size).
 *
 * NOTE: an integer seed seeds MT19937 with init_genrand (numpy's `mt19937_seed`; key[0] = seed),
 * which is what numpy does for an int; an array seed uses init_by_array, as numpy does for arrays.
 */
export class RandomState {
  private mt = new MT19937();
  private hasGauss = false;
  private gauss = 0;

  constructor(seed?: number | readonly number[]) {
    this.seed(seed);
  }

  /** Re-seeds the stream (and drops the cached normal), like RandomState.seed. */
  seed(seed?: number | readonly number[]): void {
    if (seed === undefined || seed === null) {
      const key = new Uint32Array(624);
      globalThis.crypto.getRandomValues(key);
      this.mt.initByArray(key);
    } else if (typeof seed === 'number') {
      if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
        throw new Error(`RandomState: seed must be an integer between 0 and 2**32 - 1, got ${seed}`);
      this.mt.seed(seed);
    } else {
      if (seed.length === 0) throw new Error('RandomState: seed must be a non-empty vector');
      for (const v of seed)
        if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new Error(`RandomState: seed values must be integers between 0 and 2**32 - 1, got ${v}`);
      this.mt.initByArray(Uint32Array.from(seed));
    }
    this.hasGauss = false;
    this.gauss = 0;
  }

  private next32(): number {
    return this.mt.nextU32();
  }

  /** 53-bit double in [0, 1): (a >> 5) · 2^26 + (b >> 6), over 2^53. */
  private nextDouble(): number {
    const a = this.next32() >>> 5;
    const b = this.next32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** next_uint64: the first 32-bit draw is the high word. */
  private next64(): bigint {
    const hi = BigInt(this.next32());
    const lo = BigInt(this.next32());
    return (hi << 32n) | lo;
  }

  /** legacy_gauss: Marsaglia's polar method, the second value cached for the next call. */
  private nextGauss(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      const g = this.gauss;
      this.gauss = 0;
      return g;
    }
    let x1: number, x2: number, r2: number;
    do {
      x1 = 2.0 * this.nextDouble() - 1.0;
      x2 = 2.0 * this.nextDouble() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 === 0.0);
    const f = Math.sqrt((-2.0 * logCorrect(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  private fill(where: string, size: Size, draw: () => number): number | number[] {
    const n = countOf(where, size);
    if (n === null) return draw();
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = draw();
    return out;
  }

  /** Uniform [0, 1): rand() → number, rand(d0, d1, …) → d0·d1·… numbers. */
  rand(): number;
  rand(...dims: number[]): number[];
  rand(...dims: number[]): number | number[] {
    return this.fill('rand', dims.length ? dims : null, () => this.nextDouble());
  }

  /** Uniform [0, 1) of the given size (random_sample). */
  randomSample(): number;
  randomSample(size: number | readonly number[]): number[];
  randomSample(size?: Size): number | number[] {
    return this.fill('randomSample', size, () => this.nextDouble());
  }

  /** Standard normals: randn() → number, randn(d0, d1, …) → numbers. */
  randn(): number;
  randn(...dims: number[]): number[];
  randn(...dims: number[]): number | number[] {
    return this.fill('randn', dims.length ? dims : null, () => this.nextGauss());
  }

  /** Standard normals of the given size (numpy's standard_normal; no size: one number). */
  standardNormal(): number;
  standardNormal(size: number | readonly number[]): number[];
  standardNormal(size?: Size): number | number[] {
    return this.fill('standardNormal', size, () => this.nextGauss());
  }

  /** loc + scale·N(0, 1). */
  normal(loc?: number, scale?: number): number;
  normal(loc: number, scale: number, size: number | readonly number[]): number[];
  normal(loc = 0, scale = 1, size?: Size): number | number[] {
    if (!(scale >= 0)) throw new Error(`RandomState.normal: scale < 0 (${scale})`);
    return this.fill('normal', size, () => loc + scale * this.nextGauss());
  }

  /** low + (high − low)·U[0, 1). */
  uniform(low?: number, high?: number): number;
  uniform(low: number, high: number, size: number | readonly number[]): number[];
  uniform(low = 0, high = 1, size?: Size): number | number[] {
    const range = high - low;
    if (!Number.isFinite(range)) throw new Error(`RandomState.uniform: range exceeds valid bounds (low ${low}, high ${high})`);
    return this.fill('uniform', size, () => low + range * this.nextDouble());
  }

  /**
   * Integers in [low, high) (or [0, low) when high is omitted), numpy's masked rejection
   * sampling for int64. Ranges up to 2^53 (exact JS integers).
   */
  randint(low: number, high?: number | null): number;
  randint(low: number, high: number | null | undefined, size: number | readonly number[]): number[];
  randint(low: number, high?: number | null, size?: Size): number | number[] {
    if (high === undefined || high === null) {
      high = low;
      low = 0;
    }
    if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high))
      throw new Error(`RandomState.randint: low and high must be integers within ±2**53, got ${low}, ${high}`);
    if (low >= high) throw new Error(`RandomState.randint: low >= high (${low} >= ${high})`);
    const rng = high - 1 - low; // inclusive range
    const lo = low;
    let draw: () => number;
    if (rng === 0) draw = () => lo;
    else if (rng <= 0xffffffff) {
      if (rng === 0xffffffff) draw = () => lo + this.next32();
      else {
        const m = mask32(rng);
        draw = () => {
          let v: number;
          while ((v = (this.next32() & m) >>> 0) > rng);
          return lo + v;
        };
      }
    } else {
      const r = BigInt(rng);
      let m = r;
      for (const s of [1n, 2n, 4n, 8n, 16n, 32n]) m |= m >> s;
      draw = () => {
        let v: bigint;
        while ((v = this.next64() & m) > r);
        return lo + Number(v);
      };
    }
    return this.fill('randint', size, draw);
  }

  /** numpy's random_interval: uniform in [0, max] by masked rejection (used by shuffle). */
  private interval(max: number): number {
    if (max === 0) return 0;
    if (max <= 0xffffffff) {
      const m = mask32(max);
      let v: number;
      while ((v = (this.next32() & m) >>> 0) > max);
      return v;
    }
    const r = BigInt(max);
    let m = r;
    for (const s of [1n, 2n, 4n, 8n, 16n, 32n]) m |= m >> s;
    let v: bigint;
    while ((v = this.next64() & m) > r);
    return Number(v);
  }

  /** Shuffles an array in place (Fisher–Yates from the end, as numpy). */
  shuffle<T>(x: T[] | { length: number; [i: number]: T }): void {
    for (let i = x.length - 1; i > 0; i--) {
      const j = this.interval(i);
      const t = x[i];
      x[i] = x[j];
      x[j] = t;
    }
  }

  /** permutation(n): a shuffled 0…n−1; permutation(array): a shuffled copy. */
  permutation(n: number): number[];
  permutation<T>(x: readonly T[]): T[];
  permutation<T>(x: number | readonly T[]): (number | T)[] {
    let a: (number | T)[];
    if (typeof x === 'number') {
      if (!Number.isInteger(x) || x < 0) throw new Error(`RandomState.permutation: expected a non-negative integer, got ${x}`);
      a = Array.from({ length: x }, (_, i) => i);
    } else a = x.slice();
    this.shuffle(a);
    return a;
  }

  /**
   * choice(a, size?, { replace = true, p }): samples from a (an array, or 0…a−1 for a number),
   * with numpy's legacy algorithms (randint / permutation prefix / inverse CDF of p).
   */
  choice<T = number>(a: number | readonly T[], size?: Size, opts: { replace?: boolean; p?: readonly number[] | null } = {}): T | T[] {
    const { replace = true, p = null } = opts;
    const pop = typeof a === 'number' ? a : a.length;
    if (!Number.isInteger(pop) || pop < 0) throw new Error(`RandomState.choice: a must be a positive integer or a non-empty array, got ${String(a)}`);
    if (pop === 0) throw new Error('RandomState.choice: a cannot be empty unless no samples are taken');
    if (p) {
      if (p.length !== pop) throw new Error(`RandomState.choice: a and p must have the same size (${pop} and ${p.length})`);
      let s = 0;
      for (const v of p) {
        if (!(v >= 0)) throw new Error('RandomState.choice: probabilities are not non-negative');
        s += v;
      }
      if (Math.abs(s - 1) > Math.sqrt(2.220446049250313e-16)) throw new Error(`RandomState.choice: probabilities do not sum to 1 (sum ${s})`);
    }
    const n = countOf('choice', size);
    const count = n ?? 1;
    const cdfOf = (probs: readonly number[]): number[] => {
      const c: number[] = [];
      let acc = 0;
      for (const v of probs) {
        acc += v;
        c.push(acc);
      }
      const last = c[c.length - 1];
      return c.map((v) => v / last);
    };
    const searchRight = (cdf: number[], u: number): number => {
      let lo = 0;
      let hi = cdf.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cdf[mid] <= u) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    let idx: number[];
    if (replace) {
      if (p) {
        const cdf = cdfOf(p);
        idx = [];
        for (let i = 0; i < count; i++) idx.push(searchRight(cdf, this.nextDouble()));
      } else {
        idx = this.randint(0, pop, count);
      }
    } else {
      if (count > pop) throw new Error(`RandomState.choice: cannot take a larger sample (${count}) than population (${pop}) when replace=false`);
      if (p) {
        let nz = 0;
        for (const v of p) if (v > 0) nz++;
        if (count > nz) throw new Error('RandomState.choice: fewer non-zero entries in p than size');
        const pp = p.slice();
        idx = [];
        while (idx.length < count) {
          const x = this.randomSample(count - idx.length);
          for (const f of idx) pp[f] = 0;
          const cdf = cdfOf(pp);
          const fresh = x.map((u) => searchRight(cdf, u));
          // np.unique(return_index) then sorted indices: first occurrences, in order of appearance
          const seen = new Set<number>();
          for (const v of fresh)
            if (!seen.has(v)) {
              seen.add(v);
              idx.push(v);
            }
        }
      } else {
        idx = this.permutation(pop).slice(0, count);
      }
    }
    const out = typeof a === 'number' ? (idx as unknown as T[]) : idx.map((i) => a[i]);
    return n === null ? out[0] : out;
  }
}
