// Gather and scatter-add by integer indices: indexSelect (rows of a dim, repeated indices allowed)
// and gather; their backwards scatter-add into the gradient. toIndices checks indices for every op.
import { describeNonTensor } from '../options.js';
import { kernel, record } from '../autograd.js';
import { fmtShape, sizeOf, Tensor } from '../tensor.js';
import { addStrided, gatherStrided, writeStrided } from './layout.js';
import { normDim, stridesOf } from './util.js';

/**
 * Integer indices from a number[] / Int32Array / Tensor. Each value is checked as a number — an
 * integer in [0, size) — before the Int32Array conversion, so 2^32 + k can never wrap to k.
 * outOfRange(v) words the Error for a value outside [0, size); a value equal to `keep.value` is
 * allowed and stored as `keep.as` (crossEntropy's ignoreIndex).
 */
export function toIndices(
  op: string,
  index: ArrayLike<number> | Tensor,
  size: number,
  outOfRange: (v: number) => string,
  keep: { value: number; as: number } | null = null,
): { idx: Int32Array; shape: number[] } {
  if (!(index instanceof Tensor) && (index === null || typeof index !== 'object' || typeof (index as ArrayLike<number>).length !== 'number')) {
    throw new Error(`${op}: indices must be an array of integers or a Tensor, got ${index === null ? 'null' : typeof index}`);
  }
  const values = index instanceof Tensor ? index.data : index;
  const shape = index instanceof Tensor ? index.shape.slice() : [values.length];
  const idx = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isInteger(v)) throw new Error(`${op}: index must hold integers, got ${String(v)} at position ${i}`);
    if (keep && v === keep.value) {
      idx[i] = keep.as;
      continue;
    }
    if (v < 0 || v >= size) throw new Error(`${op}: ${outOfRange(v)}`);
    idx[i] = v;
  }
  return { idx, shape };
}

function outOfBounds(dim: number, size: number, shape: readonly number[]): (v: number) => string {
  return (v) => `index ${v} is out of bounds for dimension ${dim} with size ${size} (input shape ${fmtShape(shape)})`;
}

/** The entries of x at `index` along dim (like torch.index_select). */
export function indexSelect(x: Tensor, dim: number, index: ArrayLike<number> | Tensor): Tensor {
  const d = normDim('indexSelect', dim, Math.max(x.ndim, 1), x.shape);
  const D = x.ndim === 0 ? 1 : x.shape[d];
  if (index instanceof Tensor && index.ndim > 1) throw new Error(`indexSelect: index must be 1-D, got shape ${fmtShape(index.shape)}`);
  const { idx } = toIndices('indexSelect', index, D, outOfBounds(d, D, x.shape));
  const outer = sizeOf(x.shape.slice(0, d));
  const inner = sizeOf(x.shape.slice(d + 1));
  const m = idx.length;
  const shape = x.ndim === 0 ? [m] : x.shape.slice();
  shape[d] = m;
  const n = sizeOf(shape);
  const y = kernel((s, k) => {
    const px = s.in(x);
    const pi = s.ints(idx);
    const py = s.out(n);
    for (let o = 0; o < outer; o++) k.index_select_rows(py + 4 * o * m * inner, px + 4 * o * D * inner, pi, m, inner);
    return s.read(py, n);
  });
  return record(new Tensor(y, shape), 'indexSelect', [x], (dy) =>
    kernel((s, k) => {
      // dx[idx[i]] += dy[i]
      const dx = s.gradOf(x);
      const pi = s.ints(idx);
      const pdy = s.array(dy);
      for (let o = 0; o < outer; o++) k.index_add_rows(dx + 4 * o * D * inner, pi, pdy + 4 * o * m * inner, m, inner);
    }),
  );
}

/** out[i][j][k] = x[i][index[i][j][k]][k] for dim = 1 (like torch.gather). */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  if (!(index instanceof Tensor)) throw new Error(`gather: index must be a Tensor, got ${describeNonTensor(index)}`);
  const d = normDim('gather', dim, Math.max(x.ndim, 1), x.shape);
  if (index.ndim !== x.ndim) {
    throw new Error(
      `gather: index tensor must have the same number of dimensions as input tensor (index shape ${fmtShape(index.shape)}, input shape ${fmtShape(x.shape)})`,
    );
  }
  for (let i = 0; i < x.ndim; i++) {
    if (i !== d && index.shape[i] > x.shape[i]) {
      throw new Error(
        `gather: size does not match at dimension ${i}: expected index ${fmtShape(index.shape)} to be smaller than self ${fmtShape(x.shape)} apart from dimension ${d}`,
      );
    }
  }
  const D = x.shape[d];
  const { idx } = toIndices('gather', index, D, outOfBounds(d, D, x.shape));
  // move dim last: x viewed as [rows, D] restricted to the index's extent, index as [rows, m]
  const perm = x.shape
    .map((_, i) => i)
    .filter((i) => i !== d)
    .concat([d]);
  const xst = stridesOf(x.shape);
  const ist = stridesOf(index.shape);
  const xshape = perm.map((i) => (i === d ? D : index.shape[i]));
  const xstrides = perm.map((i) => xst[i]);
  const ishape = perm.map((i) => index.shape[i]);
  const istrides = perm.map((i) => ist[i]);
  const m = index.shape[d];
  const n = index.size;
  // NOTE: rows from the other dims, not n / m: with m = 0 the [rows, D] gradient block still has
  // to cover x's extent (n / m gave 0 rows, and the strided add read past the block)
  const rows = sizeOf(index.shape.filter((_, i) => i !== d));
  const permIdx = new Int32Array(n);
  kernel((s, k) => {
    const p = gatherStrided(s, k, 'gather', s.array(Float32Array.from(idx)), ishape, istrides);
    const f = s.read(p, n);
    for (let i = 0; i < n; i++) permIdx[i] = f[i];
  });
  const y = kernel((s, k) => {
    const xs = gatherStrided(s, k, 'gather', s.in(x), xshape, xstrides);
    const py = s.out(n);
    k.gather_cols(py, xs, s.ints(permIdx), rows, D, m);
    const out = s.out(n);
    writeStrided(s, k, 'gather', out, py, ishape, istrides);
    return s.read(out, n);
  });
  return record(new Tensor(y, index.shape.slice()), 'gather', [x], (dy) =>
    kernel((s, k) => {
      // dx[i][index[i][j][k]][k] += dy[i][j][k]
      const pdy = gatherStrided(s, k, 'gather', s.array(dy), ishape, istrides);
      const dxs = s.zeros(rows * D);
      k.scatter_add_cols(dxs, s.ints(permIdx), pdy, rows, D, m);
      addStrided(s, k, 'gather', s.gradOf(x), dxs, xshape, xstrides);
    }),
  );
}
