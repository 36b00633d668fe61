// A torch-compatible CPU generator (manualSeed, uniform_, normal_ with PyTorch 1.13's algorithms)
// on MT19937, the stream behind every random op of the package.
import { normalFill16Avx2 } from './avx2-normal.js';
import { MT19937 } from './mt19937.js';

/** PyTorch's CPU generator: mt19937 plus the transformations of ATen's distributions (torch 1.13). */
export class TorchGenerator {
  private engine = new MT19937(67280421310721 % 2 ** 32);
  private nextDoubleNormal: number | null = null;

  constructor(seed?: number) {
    if (seed !== undefined) this.manualSeed(seed);
  }

  /** Seeds this generator as torch.Generator().manual_seed(seed): the same stream as PyTorch's CPU generator. */
  manualSeed(seed: number): void {
    if (!Number.isInteger(seed)) throw new Error(`manualSeed: seed must be an integer, got ${seed}`);
    this.engine.seed(Number(BigInt.asUintN(32, BigInt(seed))));
    this.nextDoubleNormal = null;
  }

  /** The next raw 32-bit draw (torch's `gen.random()`), an integer in [0, 2³²). */
  random(): number {
    return this.engine.nextU32();
  }

  /** 53 random bits as a double in [0, 1) (ATen's uniform_real for double: random64 & (2^53−1) · 2^−53). */
  private uniformDouble(): number {
    const hi = this.engine.nextU32();
    const lo = this.engine.nextU32();
    // random64 = hi << 32 | lo; keep the low 53 bits
    return ((hi & 0x1fffff) * 4294967296 + lo) / 9007199254740992;
  }

  /** Fills `out` like tensor.uniform_(from, to) on a float32 CPU tensor. */
  uniform(out: Float32Array, from: number, to: number): Float32Array {
    const f = Math.fround(from);
    const range = Math.fround(Math.fround(to) - f);
    for (let i = 0; i < out.length; i++) {
      const x = (this.engine.nextU32() & 0xffffff) / 16777216;
      out[i] = x * range + f;
    }
    return out;
  }

  /**
   * Fills `out` like tensor.normal_(mean, std) on a float32 CPU tensor: with ≥ 16 elements,
   * uniforms first, then normal_fill_16_AVX2 on every 16 (the last 16 redrawn when n % 16 ≠ 0).
   */
  normal(out: Float32Array, mean = 0, std = 1): Float32Array {
    const n = out.length;
    if (n >= 16) {
      this.uniform(out, 0, 1);
      for (let i = 0; i + 16 <= n; i += 16) normalFill16Avx2(out, i, mean, std);
      if (n % 16 !== 0) {
        const tail = new Float32Array(16);
        this.uniform(tail, 0, 1);
        out.set(tail, n - 16);
        normalFill16Avx2(out, n - 16, mean, std);
      }
      return out;
    }
    for (let i = 0; i < n; i++) out[i] = this.normalDouble() * std + mean;
    return out;
  }

  /** ATen's normal_distribution<double> (Box–Muller with a cached second value). */
  private normalDouble(): number {
    if (this.nextDoubleNormal !== null) {
      const r = this.nextDoubleNormal;
      this.nextDoubleNormal = null;
      return r;
    }
    const u1 = this.uniformDouble();
    const u2 = this.uniformDouble();
    const r = Math.sqrt(-2 * Math.log(1 - u2));
    const theta = 2 * Math.PI * u1;
    this.nextDoubleNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /** 1 with probability p, else 0, per element (ATen's bernoulli_distribution<double>: uniform double < p). */
  bernoulli(out: Float32Array, p: number): Float32Array {
    for (let i = 0; i < out.length; i++) out[i] = this.uniformDouble() < p ? 1 : 0;
    return out;
  }

  /** Fills `out` like tensor.exponential_(lambd) on a float32 CPU tensor (no MKL): −1/λ·log(1 − u), u a double uniform. */
  exponential(out: Float32Array, lambd = 1): Float32Array {
    for (let i = 0; i < out.length; i++) out[i] = (-1.0 / lambd) * Math.log(1.0 - this.uniformDouble());
    return out;
  }

  /** A permutation of 0…n−1 like torch.randperm(n, generator) on CPU (swap i with i + random() % (n − i)). */
  randperm(n: number): number[] {
    const r = Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < n - 1; i++) {
      const z = this.engine.nextU32() % (n - i);
      const t = r[i];
      r[i] = r[z + i];
      r[z + i] = t;
    }
    return r;
  }

  /** A fresh seed drawn like `torch.empty((), dtype=int64).random_()`, reduced to the 32 bits manualSeed keeps. */
  seedFromStream(): number {
    this.engine.nextU32(); // the high word of random64(); only the low 32 bits seed an mt19937
    return this.engine.nextU32();
  }

  /** One double uniform in [0, 1) (ATen's uniform_real_distribution<double>). */
  uniform01(): number {
    return this.uniformDouble();
  }

  /** Integers in [low, high) like torch.randint (random() % range for ranges < 2^32). */
  randint(out: Float32Array, low: number, high: number): Float32Array {
    const range = high - low;
    for (let i = 0; i < out.length; i++) out[i] = low + (this.engine.nextU32() % range);
    return out;
  }
}

/** The default generator behind every random op (init, dropout, shuffling, sampling). */
export const defaultGenerator = new TorchGenerator();

/** Seeds the default generator, like torch.manual_seed. */
export function manualSeed(seed: number): void {
  defaultGenerator.manualSeed(seed);
}
