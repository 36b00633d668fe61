// Strided kernel calls of the ops: a tensor viewed through (shape, strides) gathered into a
// contiguous copy, written, or accumulated into, on the layout kernels (kernels-as/layout.ts) and
// copy_strided. Dims are merged where the view allows, so the kernels walk as few as possible.
import type { Kernels } from '../backend/kernels.js';
import type { KernelScope } from '../autograd.js';
import { fmtShape, sizeOf } from '../tensor.js';

/** Drops unit dims and merges adjacent dims that are contiguous in both the output and the view: fewer odometer steps. */
function collapse(shape: readonly number[], strides: readonly number[]): [number[], number[]] {
  const sh: number[] = [];
  const st: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === 1) continue;
    const n = sh.length;
    if (n > 0 && st[n - 1] === strides[i] * shape[i]) {
      sh[n - 1] *= shape[i];
      st[n - 1] = strides[i];
    } else {
      sh.push(shape[i]);
      st.push(strides[i]);
    }
  }
  if (sh.length === 0) {
    sh.push(1);
    st.push(1);
  }
  return [sh, st];
}

const MAX_DIMS = 8;

function shapeArgs(s: KernelScope, op: string, shape: readonly number[], strides: readonly number[]): [number, number, number] {
  const [sh, st] = collapse(shape, strides);
  if (sh.length > MAX_DIMS) throw new Error(`${op}: at most ${MAX_DIMS} non-mergeable dims are supported, got shape ${fmtShape(shape)}`);
  return [s.ints(sh), s.ints(st), sh.length];
}

/** Scratch copy of src viewed through (shape, strides) as a contiguous tensor. offset in elements. */
export function gatherStrided(s: KernelScope, k: Kernels, op: string, src: number, shape: readonly number[], strides: readonly number[], offset = 0): number {
  const n = sizeOf(shape);
  const out = s.out(n, op);
  if (n === 0) return out;
  const [sh, st, nd] = shapeArgs(s, op, shape, strides);
  k.copy_strided(out, src + offset * 4, sh, st, nd);
  return out;
}

/** dst viewed through (shape, strides) += x (contiguous). offset in elements. */
export function addStrided(
  s: KernelScope,
  k: Kernels,
  op: string,
  dst: number,
  x: number,
  shape: readonly number[],
  strides: readonly number[],
  offset = 0,
): void {
  intoStrided(s, k.add_strided, op, dst, x, shape, strides, offset);
}

/** dst viewed through (shape, strides) = x (contiguous). offset in elements. */
export function writeStrided(
  s: KernelScope,
  k: Kernels,
  op: string,
  dst: number,
  x: number,
  shape: readonly number[],
  strides: readonly number[],
  offset = 0,
): void {
  intoStrided(s, k.copy_to_strided, op, dst, x, shape, strides, offset);
}

/** `kernel` (copy_to_strided or add_strided) from contiguous x into dst viewed through (shape, strides). */
function intoStrided(
  s: KernelScope,
  kernel: Kernels['copy_to_strided'],
  op: string,
  dst: number,
  x: number,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
): void {
  if (sizeOf(shape) === 0) return;
  const [sh, st, nd] = shapeArgs(s, op, shape, strides);
  kernel(dst + offset * 4, x, sh, st, nd);
}
