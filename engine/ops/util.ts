// Shared helpers of the ops: dim normalisation, broadcasting, contiguous strides, argument checks.
// The strided kernel calls (gather, write, add through a view) are layout.ts's.
import type { Kernels } from '../backend/kernels.js';
import type { KernelScope } from '../autograd.js';
import { fmtShape, Tensor } from '../tensor.js';
import { describeNonTensor } from '../options.js';
import { addStrided, gatherStrided } from './layout.js';

/** Row-major element strides of a contiguous shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const st = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    st[i] = s;
    s *= shape[i];
  }
  return st;
}

/** Normalises a possibly negative dim for a tensor of `ndim` dims (PyTorch's message on error). */
export function normDim(op: string, dim: number, ndim: number, shape?: readonly number[]): number {
  const lo = ndim === 0 ? -1 : -ndim;
  const hi = ndim === 0 ? 0 : ndim - 1;
  if (!Number.isInteger(dim) || dim < lo || dim > hi) {
    const of = shape ? ` for a tensor of shape ${fmtShape(shape)}` : '';
    throw new Error(`${op}: dimension out of range (expected to be in range of [${lo}, ${hi}], but got ${dim})${of}`);
  }
  return dim < 0 ? dim + Math.max(ndim, 1) : dim;
}

/** The broadcast shape of a and b, or an Error naming the op and both shapes. */
export function broadcastShapes(op: string, a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(
        `${op}: the size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i} ` +
          `(shapes ${fmtShape(a)} and ${fmtShape(b)} are not broadcastable)`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Strides that view a contiguous tensor of `shape` as `target` (broadcast dims get stride 0). */
export function broadcastStrides(shape: readonly number[], target: readonly number[]): number[] {
  const st = stridesOf(shape);
  const out = new Array<number>(target.length).fill(0);
  const off = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) out[off + i] = shape[i] === 1 ? 0 : st[i];
  return out;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Pointer to t's values broadcast to `shape` (no copy when the shapes agree). */
export function inBroadcast(s: KernelScope, k: Kernels, op: string, t: Tensor, shape: readonly number[]): number {
  const p = s.in(t);
  if (sameShape(t.shape, shape)) return p;
  return gatherStrided(s, k, op, p, shape, broadcastStrides(t.shape, shape));
}

/** Accumulates g (contiguous over `shape`) into t's gradient, summing over broadcast dims. */
export function accumulateBroadcast(s: KernelScope, k: Kernels, op: string, t: Tensor, g: number, shape: readonly number[]): void {
  const dst = s.gradOf(t);
  if (sameShape(t.shape, shape)) k.axpy(dst, g, 1, t.size);
  else addStrided(s, k, op, dst, g, shape, broadcastStrides(t.shape, shape));
}

/** Values as a JS Float32Array for building tensors. */
export function toF32(values: ArrayLike<number>): Float32Array {
  return values instanceof Float32Array ? values : Float32Array.from(values);
}

export function checkTensor(op: string, name: string, t: unknown): Tensor {
  if (!(t instanceof Tensor)) throw new Error(`${op}: ${name} must be a Tensor, got ${describeNonTensor(t)}`);
  return t;
}
