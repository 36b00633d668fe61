// The ops behind nn/layers.ts's Linear, Embedding and Dropout: linear (one weight product + bias),
// embedding (row gather) and dropout (mask multiply). The losses are in losses.ts. The last
// argument `op` of linear and embedding names the caller in errors (Linear.forward passes its own).
import { describeNonTensor } from '../options.js';
import { kernel, needsGraph, record } from '../autograd.js';
import { gemmWorkBytes } from '../backend/kernels.js';
import { defaultGenerator } from '../random/torch.js';
import { fmtShape, sizeOf, Tensor } from '../tensor.js';
import { toIndices } from './gather-scatter.js';
import { timesWeight } from './times-weight.js';
import { binary } from './elementwise.js';
import { tracer } from '../trace.js';

/** y = x·Wᵀ + b over the last dim of x [..., in]; W [out, in], b [out]. */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null, op = 'linear'): Tensor {
  if (tracer) return tracer.call('linear', linear, x, weight, bias, op);
  if (!(x instanceof Tensor)) throw new Error(`${op}: input must be a Tensor, got ${describeNonTensor(x)}`);
  if (!(weight instanceof Tensor)) throw new Error(`${op}: weight must be a Tensor, got ${describeNonTensor(weight)}`);
  if (weight.ndim !== 2) throw new Error(`${op}: weight must be 2-D [out, in], got shape ${fmtShape(weight.shape)}`);
  const [out, inF] = weight.shape;
  const last = x.shape[x.ndim - 1];
  if (x.ndim === 0 || last !== inF) {
    throw new Error(
      `${op}: input has ${x.ndim === 0 ? 0 : last} features, expected ${inF} (input shape ${fmtShape(x.shape)}, weight shape ${fmtShape(weight.shape)})`,
    );
  }
  const rows = sizeOf(x.shape.slice(0, -1));
  const shape = [...x.shape.slice(0, -1), out];
  const inputs = bias ? [x, weight, bias] : [x, weight];
  // NOTE: no kernel sees a zero extent: an empty output is empty, and with no input features
  // x·Wᵀ is zeros (PyTorch), so y is the bias
  const empty = rows * out === 0 || inF === 0;
  const graph = needsGraph(inputs);
  const y = kernel((s, k) => {
    if (empty) {
      const pz = s.zeros(rows * out);
      if (bias && rows * out > 0) k.add_row_vector(pz, pz, s.in(bias), rows, out);
      return s.read(pz, rows * out);
    }
    const py = s.out(rows * out);
    timesWeight(s, k, weight, { rows, uses: 1, recurrent: false, graph })(py, s.in(x), rows, 0);
    if (bias) k.add_row_vector(py, py, s.in(bias), rows, out);
    return s.read(py, rows * out);
  }, op);
  return record(new Tensor(y, shape), 'linear', inputs, (dy) =>
    kernel((s, k) => {
      if (empty) {
        // only the bias has something to receive; the other gradients exist, as zeros
        if (x.requiresGrad) s.gradOf(x);
        if (weight.requiresGrad) s.gradOf(weight);
        if (bias?.requiresGrad) {
          const db = s.gradOf(bias);
          if (rows * out > 0) k.sum_rows(db, s.array(dy), rows, out);
        }
        return;
      }
      const pdy = s.array(dy);
      // dx += dy·W ; dW += dyᵀ·x ; db += Σ_rows dy
      if (x.requiresGrad) timesWeight(s, k, weight, { rows, uses: 1, recurrent: false, graph: true, op: 'N' })(s.gradOf(x), pdy, rows, 1);
      if (weight.requiresGrad) k.sgemm(s.gradOf(weight), pdy, s.in(x), s.out(gemmWorkBytes(out, inF, rows) / 4), out, inF, rows, out, inF, inF, 1, 0, 1);
      if (bias?.requiresGrad) k.sum_rows(s.gradOf(bias), pdy, rows, out);
    }),
  );
}

/** Rows of weight [V, D] at integer indices of any shape → [..., D]; the paddingIdx row gets no gradient. */
export function embedding(indices: ArrayLike<number> | Tensor, weight: Tensor, paddingIdx: number | null = null, op = 'embedding'): Tensor {
  if (tracer) return tracer.call('embedding', embedding, indices, weight, paddingIdx, op);
  const [V, D] = weight.shape;
  const inShape = () => fmtShape(indices instanceof Tensor ? indices.shape : [indices.length]);
  const { idx, shape: ishape } = toIndices(op, indices, V, (v) => `index ${v} is out of range for an embedding of ${V} rows (input shape ${inShape()})`);
  const n = idx.length;
  const y = kernel((s, k) => {
    const py = s.out(n * D);
    k.index_select_rows(py, s.in(weight), s.ints(idx), n, D);
    return s.read(py, n * D);
  }, op);
  return record(new Tensor(y, [...ishape, D]), 'embedding', [weight], (dy) =>
    kernel((s, k) => {
      // dW[idx[i]] += dy[i], except the padding row
      if (paddingIdx !== null) for (let i = 0; i < n; i++) if (idx[i] === paddingIdx) dy.fill(0, i * D, (i + 1) * D);
      k.index_add_rows(s.gradOf(weight), s.ints(idx), s.array(dy), n, D);
    }),
  );
}

/** Inverted dropout: zeroes each element with probability p and scales the rest by 1/(1−p) (training only). */
export function dropout(x: Tensor, p = 0.5, training = true): Tensor {
  if (tracer) return tracer.call('dropout', dropout, x, p, training);
  if (!(p >= 0 && p <= 1)) throw new Error(`dropout: probability has to be between 0 and 1, but got ${p}`);
  if (!training || p === 0) return x;
  if (p === 1) return binary('mul', x, 0);
  // PyTorch (CPU, no MKL): bernoulli_(1 − p) draws a double uniform per element, then divides by 1 − p
  const mask = defaultGenerator.bernoulli(new Float32Array(x.size), 1 - p);
  const scale = new Float32Array(x.size);
  // noise.div_(1 − p) in float32, as PyTorch: 1f / f32(1 − p)
  const inv = Math.fround(1 / Math.fround(1 - p));
  for (let i = 0; i < mask.length; i++) scale[i] = mask[i] * inv;
  return binary('mul', x, new Tensor(scale, x.shape.slice()));
}
