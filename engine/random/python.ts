// Python's `random` module stream: random.seed(n) and random.random(), for programs that draw
// from it (teacher forcing's `random.random() < ratio`). The same MT19937 as numpy, but Python
// seeds an int through init_by_array with the key of |n|'s 32-bit words (low word first), where
// numpy's RandomState(n) uses init_genrand; random() is genrand_res53 like numpy's random_sample.
import { MT19937 } from './mt19937.js';

/** Python's `random.Random`: seed(n) and random() give the same numbers as CPython. */
export class PyRandom {
  private readonly mt = new MT19937();

  /** random.Random(seed): seeded like random.seed(seed). */
  constructor(seed: number | bigint = 0) {
    this.seed(seed);
  }

  /** random.seed(n) for an integer n (Python takes |n|: seed(-5) equals seed(5)). */
  seed(n: number | bigint): void {
    if (typeof n === 'number' && !Number.isSafeInteger(n)) throw new Error(`PyRandom.seed: expected an integer (or a bigint), got ${n}`);
    let v = BigInt(n);
    if (v < 0n) v = -v;
    const key: number[] = [];
    do {
      key.push(Number(v & 0xffffffffn));
      v >>= 32n;
    } while (v > 0n);
    this.mt.initByArray(key);
  }

  /** random.random(): a double in [0, 1) from two 32-bit draws, (a >> 5) · 2^26 + (b >> 6), over 2^53. */
  random(): number {
    const a = this.mt.nextU32() >>> 5;
    const b = this.mt.nextU32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }
}
