// Reductions: sum and mean over all elements or along dims (keepdim).
import { kernel, record } from '../autograd.js';
import { fmtShape, sizeOf, Tensor } from '../tensor.js';
import { gatherStrided } from './layout.js';
import { checkTensor, normDim, stridesOf } from './util.js';
import { binary } from './elementwise.js';
import { tracer } from '../trace.js';

/** The dims to reduce, normalised and sorted (all of them when dim is omitted); errors name the op. */
export function reduceDims(op: string, x: Tensor, dim?: number | readonly number[] | null): number[] {
  checkTensor(op, 'input', x);
  if (dim === undefined || dim === null) return x.shape.map((_, i) => i);
  const dims = (typeof dim === 'number' ? [dim] : dim.slice()).map((d) => normDim(op, d, x.ndim, x.shape));
  if (new Set(dims).size !== dims.length) throw new Error(`${op}: dim ${fmtShape(dims)} appears multiple times in the list of dims`);
  return dims.sort((a, b) => a - b);
}

/** Σ over `dim` (all dims when omitted). */
export function sum(x: Tensor, dim?: number | readonly number[] | null, keepdim = false): Tensor {
  if (tracer) return tracer.call('sum', sum, x, dim, keepdim);
  checkTensor('sum', 'input', x);
  const dims = x.ndim === 0 ? [] : reduceDims('sum', x, dim);
  const kept = x.shape.map((_, i) => i).filter((i) => !dims.includes(i));
  const keepShape = x.shape.map((v, i) => (dims.includes(i) ? 1 : v));
  const outShape = keepdim ? keepShape : kept.map((i) => x.shape[i]);
  const rows = sizeOf(kept.map((i) => x.shape[i]));
  const cols = sizeOf(dims.map((i) => x.shape[i]));
  const st = stridesOf(x.shape);
  const y = kernel((s, k) => {
    const py = s.zeros(rows);
    const px = s.in(x);
    const trailing = dims.every((d, i) => d === x.ndim - dims.length + i);
    const leading = dims.every((d, i) => d === i);
    if (trailing) k.sum_cols(py, px, rows, cols);
    else if (leading) k.sum_rows(py, px, cols, rows);
    else {
      // move the reduced dims last, then row sums
      const perm = [...kept, ...dims];
      const pp = gatherStrided(
        s,
        k,
        'sum',
        px,
        perm.map((i) => x.shape[i]),
        perm.map((i) => st[i]),
      );
      k.sum_cols(py, pp, rows, cols);
    }
    return s.read(py, rows);
  });
  return record(new Tensor(y, outShape), 'sum', [x], (dy) =>
    kernel((s, k) => {
      // dx += dy broadcast over the reduced dims
      const g = gatherStrided(
        s,
        k,
        'sum',
        s.array(dy),
        x.shape,
        keepShape.map((v, i) => (v === 1 ? 0 : stridesOf(keepShape)[i])),
      );
      k.axpy(s.gradOf(x), g, 1, x.size);
    }),
  );
}

/** Mean over `dim` (all dims when omitted): sum · (1/count). */
export function mean(x: Tensor, dim?: number | readonly number[] | null, keepdim = false): Tensor {
  if (tracer) return tracer.call('mean', mean, x, dim, keepdim);
  checkTensor('mean', 'input', x);
  const dims = x.ndim === 0 ? [] : reduceDims('mean', x, dim);
  const count = sizeOf(dims.map((i) => x.shape[i]));
  return binary('mul', sum(x, dims, keepdim), 1 / count);
}
