// The float64 numpy subset of article 000's ports: shapes and values of its ops on small arrays
// worked out by hand, numpy's broadcasting, and clear errors for shapes numpy would reject.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { NDArray, eigvals, floatStr, np } from '../../../examples/lib/numpy.js';
import { assertClose } from '../../lib/assert-close.js';

const arr = (values: number[], shape: number[]) => new NDArray(Float64Array.from(values), shape);

const ops = suite('numpy subset: ops');

ops('matmul of 2-d and 1-d operands', () => {
  const a = arr([1, 2, 3, 4, 5, 6], [2, 3]);
  const b = arr([1, 0, 0, 1, 1, 1], [3, 2]);
  const ab = a.matmul(b);
  assert.equal(ab.shape, [2, 2]);
  assert.equal(ab.toArray(), [4, 5, 10, 11]);
  const v = a.T.matmul(arr([1, -1], [2]));
  assert.equal(v.shape, [3]);
  assert.equal(v.toArray(), [-3, -3, -3]);
});

ops('broadcasting: (B, H) + (H,), scalars, and number-first subtract/divide', () => {
  const a = arr([1, 2, 3, 4], [2, 2]);
  assert.equal(a.add(arr([10, 20], [2])).toArray(), [11, 22, 13, 24]);
  assert.equal(a.mul(arr([2, 3], [2, 1])).toArray(), [2, 4, 9, 12]);
  assert.equal(np.subtract(1, a).toArray(), [0, -1, -2, -3]);
  assert.equal(np.divide(1, arr([2, 4], [2])).toArray(), [0.5, 0.25]);
});

ops('concatenate on the last axis, flip, at, array', () => {
  const a = arr([1, 2, 3, 4], [2, 1, 2]);
  const b = arr([5, 6], [2, 1, 1]);
  const c = np.concatenate([a, b], -1);
  assert.equal(c.shape, [2, 1, 3]);
  assert.equal(c.toArray(), [1, 2, 5, 3, 4, 6]);
  assert.equal(c.flip().toArray(), [3, 4, 6, 1, 2, 5]);
  assert.equal(c.at(-1).shape, [1, 3]);
  const s = np.array([arr([1, 2], [2]), arr([3, 4], [2])]);
  assert.equal(s.shape, [2, 2]);
  assert.equal(s.toArray(), [1, 2, 3, 4]);
});

ops('linspace ends exactly at stop; norm; floatStr as Python str', () => {
  const x = np.linspace(0, 4 * np.pi, 100);
  assert.is(x.data[99], 4 * Math.PI);
  assert.is(x.data[1], (4 * Math.PI) / 99);
  assert.is(np.linalg.norm(arr([3, 4], [2])), 5);
  assert.equal([0.5, 1.0, 1.5].map(floatStr), ['0.5', '1.0', '1.5']);
});

ops("np.random is numpy's legacy generator: seed(42), randn", () => {
  np.random.seed(42);
  const x = np.random.randn(2, 2);
  assert.equal(x.shape, [2, 2]);
  // numpy: np.random.seed(42); np.random.randn(2, 2)
  assert.equal(x.toArray(), [0.4967141530112327, -0.13826430117118466, 0.6476885381006925, 1.5230298564080254]);
});

ops('eigvals: closed-form spectra (a rotation, a symmetric block, a companion matrix)', () => {
  const sorted = (m: NDArray) => {
    const e = eigvals(m);
    return Array.from(e.re, (r, i) => [r, e.im[i]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  };
  const close = (got: number[][], want: number[][], what: string) => assertClose(got.flat(), want.flat(), { rtol: 0, atol: 1e-12 }, `${what} (re, im pairs)`);
  close(
    sorted(arr([0, -1, 1, 0], [2, 2])),
    [
      [0, -1],
      [0, 1],
    ],
    'rotation',
  );
  close(
    sorted(arr([2, 0, 0, 0, 3, 4, 0, 4, 9], [3, 3])),
    [
      [1, 0],
      [2, 0],
      [11, 0],
    ],
    'symmetric',
  );
  // companion matrix of (x − 1)(x − 2)(x − 3)(x − 4) = x⁴ − 10x³ + 35x² − 50x + 24
  close(
    sorted(arr([10, -35, 50, -24, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0], [4, 4])),
    [
      [1, 0],
      [2, 0],
      [3, 0],
      [4, 0],
    ],
    'companion',
  );
  assert.equal(np.abs(np.linalg.eigvals(arr([0, -2, 2, 0], [2, 2]))).toArray(), [2, 2]);
  assert.is(np.max(arr([1, 7, -9], [3])), 7);
});

const errors = suite('numpy subset: errors name the op and the shapes');

errors('matmul, broadcasting, concatenate, at', () => {
  assert.throws(() => arr([1, 2, 3, 4, 5, 6], [2, 3]).matmul(arr([1, 2], [2])), /matmul: shapes \(2, 3\) @ \(2,\)/);
  assert.throws(() => arr([1, 2, 3], [3]).add(arr([1, 2], [2])), /add: operands could not be broadcast together with shapes \(3,\) \(2,\)/);
  assert.throws(() => np.concatenate([arr([1, 2], [1, 2]), arr([1, 2], [2, 1])], 1), /np\.concatenate: shapes \(1, 2\), \(2, 1\) differ outside axis 1/);
  assert.throws(() => arr([1, 2], [2]).at(2), /NDArray\.at: index 2 is out of bounds for axis 0 with size 2/);
  assert.throws(() => new NDArray(new Float64Array(3), [2, 2]), /NDArray: 3 values do not fill shape \(2, 2\)/);
  assert.throws(() => np.random.randn(), /np\.random\.randn: give the dimensions/);
  assert.throws(() => eigvals(arr([1, 2, 3, 4, 5, 6], [2, 3])), /np\.linalg\.eigvals: the matrix must be square, got shape \(2, 3\)/);
});

ops.run();
errors.run();
