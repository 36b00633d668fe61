// Softmax and log-softmax along a dim, forward and backward, on the kernels of kernels-as/softmax.ts.
import { kernel, record } from '../autograd.js';
import { fmtShape, Tensor } from '../tensor.js';
import { gatherStrided, writeStrided } from './layout.js';
import { checkTensor, normDim, stridesOf } from './util.js';
import { tracer } from '../trace.js';

/** softmax or log-softmax along dim: the kernels work on rows, so other dims are moved last and back. */
function softmaxLike(kind: 'softmax' | 'log_softmax', x: Tensor, dim: number): Tensor {
  const op = kind === 'softmax' ? 'softmax' : 'logSoftmax';
  checkTensor(op, 'input', x);
  if (dim === undefined || dim === null) throw new Error(`${op}: dim must be given (input shape ${fmtShape(x.shape)})`);
  const d = x.ndim === 0 ? 0 : normDim(op, dim, x.ndim, x.shape);
  const n = x.size;
  const cols = x.ndim === 0 ? 1 : x.shape[d];
  const rows = cols === 0 ? 0 : n / cols;
  const last = x.ndim === 0 || d === x.ndim - 1;
  const st = stridesOf(x.shape);
  const perm = x.shape
    .map((_, i) => i)
    .filter((i) => i !== d)
    .concat(x.ndim ? [d] : []);
  const pshape = perm.map((i) => x.shape[i]);
  const pstrides = perm.map((i) => st[i]);
  const y = kernel((s, k) => {
    const px = last ? s.in(x) : gatherStrided(s, k, op, s.in(x), pshape, pstrides);
    const py = s.out(n);
    k[`${kind}_forward`](py, px, rows, cols);
    if (last) return s.read(py, n);
    const back = s.out(n);
    writeStrided(s, k, op, back, py, pshape, pstrides);
    return s.read(back, n);
  });
  return record(new Tensor(y, x.shape.slice()), op, [x], (dy) =>
    kernel((s, k) => {
      // softmax: dx += y·(dy − Σ dy·y); log-softmax: dx += dy − e^y·Σ dy (per row)
      if (last) {
        k[`${kind}_backward`](s.gradOf(x), s.array(y), s.array(dy), rows, cols);
        return;
      }
      const py = gatherStrided(s, k, op, s.array(y), pshape, pstrides);
      const pdy = gatherStrided(s, k, op, s.array(dy), pshape, pstrides);
      const pdx = s.zeros(n);
      k[`${kind}_backward`](pdx, py, pdy, rows, cols);
      const dx = s.out(n);
      writeStrided(s, k, op, dx, pdx, pshape, pstrides);
      k.axpy(s.gradOf(x), dx, 1, n);
    }),
  );
}

/** e^x / Σ e^x along dim, same shape: [B, V] → [B, V] for dim = −1. */
export function softmax(x: Tensor, dim: number): Tensor {
  if (tracer) return tracer.call('softmax', softmax, x, dim);
  return softmaxLike('softmax', x, dim);
}

/** x − log Σ e^x along dim, same shape (torch.log_softmax). */
export function logSoftmax(x: Tensor, dim: number): Tensor {
  if (tracer) return tracer.call('logSoftmax', logSoftmax, x, dim);
  return softmaxLike('log_softmax', x, dim);
}
