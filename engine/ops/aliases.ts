// PyTorch ops that are compositions of existing ones, under PyTorch's names and checks: bmm,
// narrow, t, clone (and the numel / dim accessors installed as methods in methods.ts).
import { binary } from './elementwise.js';
import { matmul } from './linalg.js';
import { slice, transpose } from './shape.js';
import { checkTensor, normDim } from './util.js';
import { fmtShape, type Tensor } from '../tensor.js';

/** Batched matrix product: (b, n, m) · (b, m, p) → (b, n, p), no broadcasting (torch.bmm). */
export function bmm(input: Tensor, mat2: Tensor): Tensor {
  checkTensor('bmm', 'input', input);
  checkTensor('bmm', 'mat2', mat2);
  if (input.ndim !== 3) throw new Error(`bmm: batch1 must be a 3D tensor, got shape ${fmtShape(input.shape)}`);
  if (mat2.ndim !== 3) throw new Error(`bmm: batch2 must be a 3D tensor, got shape ${fmtShape(mat2.shape)}`);
  if (input.shape[0] !== mat2.shape[0]) throw new Error(`bmm: batch sizes differ: input shape ${fmtShape(input.shape)}, mat2 shape ${fmtShape(mat2.shape)}`);
  if (input.shape[2] !== mat2.shape[1]) {
    throw new Error(
      `bmm: shapes cannot be multiplied (${input.shape[1]}x${input.shape[2]} and ${mat2.shape[1]}x${mat2.shape[2]}; input shapes ${fmtShape(input.shape)} and ${fmtShape(mat2.shape)})`,
    );
  }
  return matmul(input, mat2);
}

/** length elements of dim from start (a negative start counts from the end), like torch.narrow. */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  checkTensor('narrow', 'input', x);
  const d = normDim('narrow', dim, x.ndim, x.shape);
  const n = x.shape[d];
  if (!Number.isInteger(start) || start < -n || start > n)
    throw new Error(`narrow: start (${String(start)}) out of range for dimension ${dim} of size ${n} (input shape ${fmtShape(x.shape)})`);
  const s = start < 0 ? start + n : start;
  if (!Number.isInteger(length) || length < 0 || s + length > n)
    throw new Error(`narrow: start (${s}) + length (${String(length)}) exceeds dimension size (${n}) (input shape ${fmtShape(x.shape)})`);
  return slice(x, d, s, s + length);
}

/** Transpose of a ≤ 2-D tensor (0-D and 1-D are returned as they are), like Tensor.t(). */
export function t(x: Tensor): Tensor {
  checkTensor('t', 'input', x);
  if (x.ndim > 2)
    throw new Error(`t: expects a tensor with <= 2 dimensions, but self is ${x.ndim}D (shape ${fmtShape(x.shape)}); use transpose(dim0, dim1) or permute`);
  return x.ndim < 2 ? x : transpose(x, 0, 1);
}

/**
 * A copy with its own storage that gradients flow through (torch.clone).
 * NOTE: computed as x·1, one elementwise kernel, so that it needs no backward of its own.
 */
export function clone(x: Tensor): Tensor {
  checkTensor('clone', 'input', x);
  return binary('mul', x, 1);
}
