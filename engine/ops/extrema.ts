// Extrema: the selecting reductions max / min (with indices), argmax / argmin, amax / amin and
// topk, on the kernels of kernels-as/extrema.ts. The kernels work on rows, so the reduced dims
// are moved last (strided copy) and back.
import { kernel, record } from '../autograd.js';
import type { Kernels } from '../backend/kernels.js';
import type { KernelScope } from '../autograd.js';
import { fmtShape, sizeOf, Tensor, snapshot } from '../tensor.js';
import { reduceDims } from './reduce.js';
import { addStrided, gatherStrided, writeStrided } from './layout.js';
import { normDim, stridesOf } from './util.js';

/** x seen as [rows, cols] with the reduced dims last (in order) and the kept ones first. */
interface RowsView {
  rows: number;
  cols: number;
  /** the permuted shape and x's strides in that order */
  pshape: number[];
  pstrides: number[];
  /** the reduced dims are already the trailing ones: x is [rows, cols] as stored */
  trailing: boolean;
  /** x's shape with the reduced dims set to 1 */
  keepShape: number[];
  /** x's shape without the reduced dims */
  dropShape: number[];
}

function rowsView(x: Tensor, dims: readonly number[]): RowsView {
  const kept = x.shape.map((_, i) => i).filter((i) => !dims.includes(i));
  const perm = [...kept, ...dims];
  const st = stridesOf(x.shape);
  const cols = sizeOf(dims.map((i) => x.shape[i]));
  return {
    rows: sizeOf(kept.map((i) => x.shape[i])),
    cols,
    pshape: perm.map((i) => x.shape[i]),
    pstrides: perm.map((i) => st[i]),
    trailing: dims.every((d, i) => d === x.ndim - dims.length + i),
    keepShape: x.shape.map((v, i) => (dims.includes(i) ? 1 : v)),
    dropShape: kept.map((i) => x.shape[i]),
  };
}

/** Pointer to values (laid out as x) as [rows, cols]. */
function rowsIn(s: KernelScope, k: Kernels, op: string, v: RowsView, p: number): number {
  return v.trailing ? p : gatherStrided(s, k, op, p, v.pshape, v.pstrides);
}

/** Runs accumulate(dx) on a [rows, cols] gradient buffer and adds it into x's gradient. */
function rowsGrad(s: KernelScope, k: Kernels, op: string, v: RowsView, x: Tensor, accumulate: (dx: number) => void): void {
  if (v.trailing) {
    accumulate(s.gradOf(x));
    return;
  }
  const dx = s.zeros(v.rows * v.cols);
  accumulate(dx);
  addStrided(s, k, op, s.gradOf(x), dx, v.pshape, v.pstrides);
}

function checkNonEmpty(op: string, x: Tensor, v: RowsView, dims: readonly number[], all: boolean): void {
  if (v.cols > 0) return;
  if (all)
    throw new Error(
      `${op}(): Expected reduction dim to be specified for input.numel() == 0 (input shape ${fmtShape(x.shape)}); specify the reduction dim with the 'dim' argument`,
    );
  const d = dims.find((i) => x.shape[i] === 0);
  throw new Error(`${op}(): Expected reduction dim ${d} to have non-zero size (input shape ${fmtShape(x.shape)})`);
}

/** Values and columns of the max or min of every row. */
function extremeRows(kind: 'max' | 'min', op: string, x: Tensor, v: RowsView): { values: Float32Array; idx: Float32Array } {
  return kernel((s, k) => {
    const out = s.out(v.rows);
    const idx = s.out(v.rows);
    k[`${kind}_cols`](out, idx, rowsIn(s, k, op, v, s.in(x)), v.rows, v.cols);
    return { values: s.read(out, v.rows), idx: s.read(idx, v.rows) };
  });
}

/** The dim of a dim-wise reduction (a 0-dim tensor has one element and accepts dim 0 or -1). */
function oneDim(op: string, x: Tensor, dim: number): number[] {
  const d = normDim(op, dim, x.ndim, x.shape);
  return x.ndim === 0 ? [] : [d];
}

/** [values, indices] of max / min along dim; the gradient goes to the selected entry only. */
function selectAlong(kind: 'max' | 'min', x: Tensor, dim: number, keepdim: boolean): [Tensor, Tensor] {
  const dims = oneDim(kind, x, dim);
  const v = rowsView(x, dims);
  checkNonEmpty(kind, x, v, dims, false);
  const shape = keepdim ? v.keepShape : v.dropShape;
  const { values, idx } = extremeRows(kind, kind, x, v);
  const out = record(new Tensor(values, shape.slice()), kind, [x], (dy) =>
    kernel((s, k) => {
      // dx[r, idx[r]] += dy[r]
      rowsGrad(s, k, kind, v, x, (dx) => k.scatter_add_cols(dx, s.ints(idx), s.array(dy), v.rows, v.cols, 1));
    }),
  );
  return [out, new Tensor(idx, shape.slice())];
}

/** amax / amin over dims (all when omitted or empty); ties share the gradient evenly (PyTorch). `op` names it in errors. */
export function extremeOver(kind: 'max' | 'min', op: string, x: Tensor, dim: number | readonly number[] | null | undefined, keepdim: boolean): Tensor {
  const all = dim === undefined || dim === null || (Array.isArray(dim) && dim.length === 0);
  const dims = x.ndim === 0 ? (typeof dim === 'number' ? oneDim(op, x, dim) : []) : reduceDims(op, x, all ? null : dim);
  const v = rowsView(x, dims);
  checkNonEmpty(op, x, v, dims, all);
  const { values } = extremeRows(kind, op, x, v);
  const shape = keepdim ? v.keepShape : v.dropShape;
  const xs = snapshot(x);
  return record(new Tensor(values, shape), op, [x], (dy) =>
    kernel((s, k) => {
      // dx += dy / count where x == value
      const px = rowsIn(s, k, op, v, s.array(xs));
      rowsGrad(s, k, op, v, x, (dx) => k.amax_backward(dx, px, s.array(values), s.array(dy), v.rows, v.cols));
    }),
  );
}

/**
 * Maximum of all elements (0-dim; ties share the gradient evenly, as PyTorch), or along dim:
 * [values, indices] (indices as integral floats; the gradient flows to the first maximum of each row).
 * NaN propagates. x [..] → [] | dim d: [values, indices] of x.shape without d (keepdim: with d = 1).
 */
export function max(x: Tensor): Tensor;
export function max(x: Tensor, dim: number, keepdim?: boolean): [Tensor, Tensor];
export function max(x: Tensor, dim?: number | null, keepdim = false): Tensor | [Tensor, Tensor] {
  if (dim === undefined || dim === null) return extremeOver('max', 'max', x, null, false);
  return selectAlong('max', x, dim, keepdim);
}

/** Minimum, as max (NaN still propagates). */
export function min(x: Tensor): Tensor;
export function min(x: Tensor, dim: number, keepdim?: boolean): [Tensor, Tensor];
export function min(x: Tensor, dim?: number | null, keepdim = false): Tensor | [Tensor, Tensor] {
  if (dim === undefined || dim === null) return extremeOver('min', 'min', x, null, false);
  return selectAlong('min', x, dim, keepdim);
}

/** Maximum over dims (all when omitted), keeping no index; ties share the gradient evenly. */
export function amax(x: Tensor, dim?: number | readonly number[] | null, keepdim = false): Tensor {
  return extremeOver('max', 'amax', x, dim, keepdim);
}

/** Minimum over dims (all when omitted), keeping no index; ties share the gradient evenly. */
export function amin(x: Tensor, dim?: number | readonly number[] | null, keepdim = false): Tensor {
  return extremeOver('min', 'amin', x, dim, keepdim);
}

function argExtreme(kind: 'max' | 'min', x: Tensor, dim: number | null | undefined, keepdim: boolean): Tensor {
  const op = `arg${kind}`;
  const all = dim === undefined || dim === null;
  // no dim: the index into the flattened tensor
  const dims = all ? x.shape.map((_, i) => i) : oneDim(op, x, dim);
  const v = rowsView(x, dims);
  checkNonEmpty(op, x, v, dims, all);
  const { idx } = extremeRows(kind, op, x, v);
  return new Tensor(idx, keepdim ? v.keepShape : v.dropShape);
}

/** Index of the first maximum (NaN counts as the maximum), as an integral float tensor without gradient. */
export function argmax(x: Tensor, dim?: number | null, keepdim = false): Tensor {
  return argExtreme('max', x, dim, keepdim);
}

/** Index of the first minimum along dim (of the flattened x when omitted), as an integral float tensor without gradient. */
export function argmin(x: Tensor, dim?: number | null, keepdim = false): Tensor {
  return argExtreme('min', x, dim, keepdim);
}

/**
 * The k largest (or smallest) entries along dim: [values, indices], both x.shape with dim = k.
 * The gradient flows to the selected entries. NOTE: results are always sorted (sorted = false
 * leaves the order unspecified in PyTorch); equal values come lowest index first; NaN is the
 * greatest value.
 */
export function topk(x: Tensor, k: number, dim = -1, largest = true, sorted = true): [Tensor, Tensor] {
  void sorted;
  const dims = oneDim('topk', x, dim);
  const size = x.ndim === 0 ? 1 : x.shape[dims[0]];
  if (!Number.isInteger(k) || k < 0 || k > size) {
    throw new Error(`topk: selected index k out of range (k = ${k}, dim ${x.ndim === 0 ? 0 : dims[0]} has size ${size}; input shape ${fmtShape(x.shape)})`);
  }
  const v = rowsView(x, dims);
  const shape = x.shape.slice();
  if (x.ndim > 0) shape[dims[0]] = k;
  // the output's layout seen in the permuted order (dim last, with k entries)
  const ost = stridesOf(shape);
  const oshape = v.pshape.slice(0, -1).concat(x.ndim ? [k] : []);
  const ostrides = x.ndim
    ? x.shape
        .map((_, i) => i)
        .filter((i) => i !== dims[0])
        .concat(dims)
        .map((i) => ost[i])
    : [];
  const n = v.rows * k;
  const [values, idx] = kernel((s, kk) => {
    const pv = s.out(n);
    const pi = s.out(n);
    kk.topk_cols(pv, pi, rowsIn(s, kk, 'topk', v, s.in(x)), v.rows, v.cols, k, largest ? 1 : 0);
    if (v.trailing) return [s.read(pv, n), s.read(pi, n)];
    const ov = s.out(n);
    const oi = s.out(n);
    writeStrided(s, kk, 'topk', ov, pv, oshape, ostrides);
    writeStrided(s, kk, 'topk', oi, pi, oshape, ostrides);
    return [s.read(ov, n), s.read(oi, n)];
  });
  // the selected columns in the permuted [rows, k] order, for backward
  const pidx = v.trailing ? idx : kernel((s, kk) => s.read(gatherStrided(s, kk, 'topk', s.array(idx), oshape, ostrides), n));
  const out = record(new Tensor(values, shape), 'topk', [x], (dy) =>
    kernel((s, kk) => {
      // dx[r, idx[r, j]] += dy[r, j]
      const pdy = v.trailing ? s.array(dy) : gatherStrided(s, kk, 'topk', s.array(dy), oshape, ostrides);
      rowsGrad(s, kk, 'topk', v, x, (dx) => kk.scatter_add_cols(dx, s.ints(pidx), pdy, v.rows, v.cols, k));
    }),
  );
  return [out, new Tensor(idx, shape.slice())];
}
