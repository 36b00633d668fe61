// The 32-bit Mersenne Twister, the engine under the torch, numpy and Python streams of this folder.

/** The 32-bit Mersenne Twister (same stream as std::mt19937, numpy and PyTorch's CPU generator). */
export class MT19937 {
  private mt = new Uint32Array(624);
  private index = 624;

  constructor(seed = 5489) {
    this.seed(seed);
  }

  /** Re-seeds the state as std::mt19937(seed) / numpy's init_genrand (seed taken mod 2³²). */
  seed(seed: number): void {
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.index = 624;
  }

  /** Seeds from a key of 32-bit words (init_by_array of the reference MT19937; numpy's array seeds). */
  initByArray(key: ArrayLike<number>): void {
    this.seed(19650218);
    const mt = this.mt;
    const n = 624;
    let i = 1;
    let j = 0;
    const len = key.length;
    for (let k = Math.max(n, len); k > 0; k--) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = ((mt[i] ^ Math.imul(prev, 1664525)) + (key[j] >>> 0) + j) >>> 0;
      i++;
      j++;
      if (i >= n) {
        mt[0] = mt[n - 1];
        i = 1;
      }
      if (j >= len) j = 0;
    }
    for (let k = n - 1; k > 0; k--) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = ((mt[i] ^ Math.imul(prev, 1566083941)) - i) >>> 0;
      i++;
      if (i >= n) {
        mt[0] = mt[n - 1];
        i = 1;
      }
    }
    mt[0] = 0x80000000;
    this.index = 624;
  }

  /** Replaces the whole state. */
  setState(state: Uint32Array, index: number): void {
    this.mt.set(state);
    this.index = index;
  }

  /** A copy of the 624-word state and the position in it (setState restores it). */
  getState(): { state: Uint32Array; index: number } {
    return { state: this.mt.slice(), index: this.index };
  }

  private twist(): void {
    const mt = this.mt;
    for (let i = 0; i < 624; i++) {
      const y = (mt[i] & 0x80000000) | (mt[(i + 1) % 624] & 0x7fffffff);
      let v = mt[(i + 397) % 624] ^ (y >>> 1);
      if (y & 1) v ^= 0x9908b0df;
      mt[i] = v >>> 0;
    }
    this.index = 0;
  }

  /** Next 32-bit unsigned integer. */
  nextU32(): number {
    if (this.index >= 624) this.twist();
    let y = this.mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }
}
