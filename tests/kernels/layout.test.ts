// Layout kernels (copy_to_strided, add_strided): every wasm build vs the js twin on
// random data, shapes of 0–8 dims with sizes 0–17, permuted / negative / zero strides.
import { suite } from 'uvu';
import { all, js, randArray, runOn } from './helpers.js';
import { assertClose } from '../lib/assert-close.js';
import { mulberry32 } from '../lib/mulberry32.js';

const EXACT = 0;
/** add_strided: one float32 addition per element */
const ADD_TOL = 1e-6;
const r = mulberry32(2026);

/** A random shape and strides over a destination of `span` elements (distinct positions unless broadcast). */
function layout(ndim: number, maxSize: number, broadcast: boolean): { shape: number[]; strides: number[]; offset: number; span: number } {
  const shape = Array.from({ length: ndim }, () => Math.floor(r() * (maxSize + 1)));
  // a contiguous layout of the shape, then permuted and some dims reversed: distinct positions
  const perm = shape.map((_, i) => i).sort(() => r() - 0.5);
  const strides = new Array<number>(ndim).fill(0);
  let s = 1;
  for (let i = ndim - 1; i >= 0; i--) {
    strides[perm[i]] = s;
    s *= Math.max(shape[perm[i]], 1);
  }
  let offset = 0;
  for (let d = 0; d < ndim; d++) {
    if (broadcast && r() < 0.3) strides[d] = 0;
    else if (r() < 0.3) {
      offset += (shape[d] - 1 > 0 ? shape[d] - 1 : 0) * strides[d];
      strides[d] = -strides[d];
    }
  }
  return { shape, strides, offset, span: s };
}

const test = suite('layout kernels');

for (const kind of ['copy_to_strided', 'add_strided'] as const) {
  test(`${kind}: wasm builds equal the js twin (0–8 dims, sizes 0–17, permuted/negative${kind === 'add_strided' ? '/zero' : ''} strides)`, () => {
    for (let trial = 0; trial < 120; trial++) {
      const ndim = trial % 9;
      const { shape, strides, offset, span } = layout(ndim, ndim > 4 ? 3 : 17, kind === 'add_strided');
      const n = shape.reduce((a, b) => a * b, 1);
      const data = {
        out: randArray(r, span, 1),
        x: randArray(r, n, 1),
        shape: Int32Array.from(shape.length ? shape : [1]),
        strides: Int32Array.from(strides.length ? strides : [1]),
      };
      const run = (k: typeof js) => runOn(k, data, trial % 4, (kk, p) => kk[kind](p.out + 4 * offset, p.x, p.shape, p.strides, ndim)).out;
      const want = run(js);
      // closed form for the js twin itself: walk the shape by hand
      const expect = Float32Array.from(data.out);
      const idx = new Array(ndim).fill(0);
      for (let i = 0; i < n; i++) {
        let o = offset;
        for (let d = 0; d < ndim; d++) o += idx[d] * strides[d];
        expect[o] = kind === 'add_strided' ? Math.fround(expect[o] + data.x[i]) : data.x[i];
        for (let d = ndim - 1; d >= 0; d--) {
          if (++idx[d] < shape[d]) break;
          idx[d] = 0;
        }
      }
      if (ndim === 0) expect[offset] = kind === 'add_strided' ? Math.fround(data.out[offset] + data.x[0]) : data.x[0];
      const tol = kind === 'add_strided' ? ADD_TOL : EXACT;
      assertClose(want, expect, { rtol: tol, atol: tol }, `${kind} js vs hand walk, shape [${shape}]`);
      for (const [name, k] of all) assertClose(run(k), want, { rtol: tol, atol: tol }, `${kind} ${name} shape [${shape}] strides [${strides}]`);
    }
  });
}

test.run();
