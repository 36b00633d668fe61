// The test helpers themselves: assertClose passes exactly what its rule allows and fails otherwise;
// mulberry32 gives the reference stream (values from an independent Python port of it).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { assertClose } from './assert-close.js';
import { mulberry32 } from './mulberry32.js';

/** f fails with a message matching re (assert.throws passes uvu's own Assertions through, so by hand). */
function fails(f: () => void, re: RegExp): void {
  let message: string | null = null;
  try {
    f();
  } catch (e) {
    message = (e as Error).message;
  }
  assert.ok(message !== null, `expected a failure matching ${re}`);
  assert.match(message!, re);
}

const C = suite('assertClose');

C('passes within atol + rtol·|expected|, fails just beyond it, naming the worst index and the count', () => {
  const tol = { rtol: 0.1, atol: 0.5 };
  assertClose([10.75, -1], [10, -1.25], tol, 'inside'); // 0.75 ≤ 0.5 + 1; 0.25 ≤ 0.5 + 0.125
  fails(() => assertClose([11.75, 0, 3], [10, 0, 0], tol, 'outside'), /^outside: \[2\] = 3, expected 0 .*2 of 3 out of tolerance/);
  assertClose([1, 2], [1, 2], { rtol: 0, atol: 0 }, 'equal values pass a zero tolerance');
  fails(() => assertClose([1], [1 + 2 ** -52], { rtol: 0, atol: 0 }, 'zero'), /^zero: \[0\]/);
});

C('NaN matches only NaN, ±Infinity only itself; lengths must agree', () => {
  const tol = { rtol: 1, atol: 1 };
  assertClose([NaN, Infinity, -Infinity], [NaN, Infinity, -Infinity], tol, 'same');
  fails(() => assertClose([0], [NaN], tol, 'nan expected'), /nan expected: \[0\]/);
  fails(() => assertClose([NaN], [0], tol, 'nan actual'), /nan actual: \[0\]/);
  fails(() => assertClose([1e300], [Infinity], tol, 'inf'), /inf: \[0\]/);
  fails(() => assertClose([1, 2], [1], tol, 'len'), /len: 2 values, expected 1/);
  // a NaN tolerance (a scale taken over NaN values) would pass everything: refused
  fails(() => assertClose([1], [5], { rtol: 0, atol: NaN }, 'nan tol'), /nan tol.*tolerances must be numbers ≥ 0/);
});

C('a function tolerance bounds |diff| at each index; the return is the worst relative difference', () => {
  assertClose([1.5, 4], [1, 4], (i) => (i === 0 ? 0.5 : 0), 'per index');
  fails(() => assertClose([1, 4.5], [1, 4], (i) => (i === 0 ? 0.5 : 0), 'per index'), /per index: \[1\]/);
  assert.is(assertClose([3, 10], [2, 10], { rtol: 1, atol: 0 }, 'rel'), 0.5);
});
C.run();

const M = suite('mulberry32');

M('the reference stream for seeds 1 and 0x9e3779b9', () => {
  const a = mulberry32(1);
  assert.equal([a(), a(), a()], [0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
  const b = mulberry32(0x9e3779b9);
  assert.equal([b(), b()], [0.3588899802416563, 0.10590326134115458]);
});
M.run();
