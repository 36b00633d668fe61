// engine/random/avx2-normal.ts: the float32 FMA it builds on (one rounding, also where a double sum lands
// on a float32 midpoint), and its Cephes log / sincos near the true values. That the whole Box–Muller
// is torch's bit for bit is tested in generators.test.ts (randn(1000), normal_ on 37, Embedding init).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fma32, logAvx2, sincosAvx2 } from '../../engine/random/avx2-normal.js';

/** The Cephes float32 polynomials are within a few float32 ulps (2^-24 relative) of the true value. */
const CEPHES_RTOL = 4 * 2 ** -24;
const CEPHES_ATOL = 2 ** -26;

const test = suite('random/avx2-normal');

test("fma32 rounds a·b + c once: a double sum on a float32 midpoint goes the exact value's way", () => {
  // a·b = 2^-24·(1 − 2^-40): c + a·b lies just below the midpoint between c and c + 2^-23; the
  // double sum rounds onto the midpoint, whose tie-to-even would round up
  const a = 2 ** -24 * (1 + 2 ** -20),
    b = 1 - 2 ** -20,
    c = 1 + 2 ** -23;
  assert.is(Math.fround(a * b + c), 1 + 2 ** -22, 'the naive double-then-float rounding is wrong here');
  assert.is(fma32(a, b, c), 1 + 2 ** -23);
  assert.is(fma32(-a, b, -c), -(1 + 2 ** -23), 'negative');
  assert.is(fma32(3, 5, 7), 22);
  const [x, y] = [Math.fround(0.1), Math.fround(0.2)];
  assert.is(fma32(x, y, 0), Math.fround(x * y), 'a product alone rounds once');
});

test('logAvx2 and sincosAvx2 are within CEPHES_RTOL of Math.log, Math.sin, Math.cos', () => {
  for (let k = 1; k <= 2000; k++) {
    const u = Math.fround(k / 2000);
    const l = logAvx2(u);
    assert.ok(Math.abs(l - Math.log(u)) <= CEPHES_ATOL + CEPHES_RTOL * Math.abs(Math.log(u)), `log(${u}) = ${l}`);
    const t = Math.fround((2 * Math.PI * (k - 1)) / 2000);
    const [s, c] = sincosAvx2(t);
    assert.ok(Math.abs(s - Math.sin(t)) <= CEPHES_ATOL + CEPHES_RTOL, `sin(${t}) = ${s}`);
    assert.ok(Math.abs(c - Math.cos(t)) <= CEPHES_ATOL + CEPHES_RTOL, `cos(${t}) = ${c}`);
  }
});

test.run();
