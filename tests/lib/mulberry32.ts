// The one seeded generator of the tests: mulberry32, a 32-bit state, fast and well mixed; tests
// seed it with a constant so their inputs are the same on every run.

/** A generator of doubles uniform in [0, 1) (multiples of 2^−32) from a 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
