// The loss functions of nn/layers.ts's loss modules: cross-entropy (fused log-softmax + NLL
// kernel), NLL, MSE, L1 and binary cross-entropy with logits, with PyTorch's reductions. The last
// argument `op` of each names the caller in errors (CrossEntropyLoss.forward passes its own).
import { describeNonTensor } from '../options.js';
import { kernel, record, type KernelScope } from '../autograd.js';
import type { Kernels } from '../backend/kernels.js';
import { tracer } from '../trace.js';
import { fmtShape, sizeOf, Tensor } from '../tensor.js';
import { toIndices } from './gather-scatter.js';
import { binary } from './elementwise.js';

export type Reduction = 'mean' | 'sum' | 'none';

export interface CrossEntropyOptions {
  ignoreIndex?: number;
  labelSmoothing?: number;
  reduction?: Reduction;
  weight?: Tensor | null;
}

/** What an ignored target is passed to the kernels as (see classRows). */
const KERNEL_IGNORE = -1;

function checkReduction(op: string, reduction: unknown): Reduction {
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none')
    throw new Error(`${op}: reduction must be 'none', 'mean' or 'sum', got ${String(reduction)}`);
  return reduction;
}

/**
 * Validates logits/log-probs [N, C, d…] (or unbatched [C]) against class indices [N, d…] (or a
 * scalar) and moves the class dim last: x [rows, C], idx [rows], and the 'none' output shape.
 */
function classRows(
  op: string,
  input: Tensor,
  target: ArrayLike<number> | Tensor,
  ignoreIndex: number,
  weight: Tensor | null,
): { x: Tensor; idx: Int32Array; rows: number; C: number; outShape: number[] } {
  if (!(input instanceof Tensor)) throw new Error(`${op}: input must be a Tensor, got ${describeNonTensor(input)}`);
  // NOTE: ignoreIndex is any integer, as PyTorch's int64; targets equal to it become KERNEL_IGNORE
  // (no class index is negative), so the kernels never see a value that int32 would wrap.
  if (typeof ignoreIndex !== 'number' || !Number.isInteger(ignoreIndex)) throw new Error(`${op}: ignoreIndex must be an integer, got ${String(ignoreIndex)}`);
  let x = input;
  if (input.ndim === 1) x = input.reshape([1, input.shape[0]]);
  if (x.ndim < 2) throw new Error(`${op}: input must be [N, C], [N, C, d…] or [C], got shape ${fmtShape(input.shape)}`);
  const C = x.shape[1];
  const { idx, shape: tshape } = toIndices(op, target, C, (v) => `target ${v} is out of bounds for ${C} classes (input shape ${fmtShape(input.shape)})`, {
    value: ignoreIndex,
    as: KERNEL_IGNORE,
  });
  const N = x.shape[0];
  const extra = x.shape.slice(2);
  const expectT = [N, ...extra];
  const tOk = input.ndim === 1 ? idx.length === 1 && tshape.length <= 1 : tshape.length === expectT.length && tshape.every((d, i) => d === expectT[i]);
  if (!tOk)
    throw new Error(
      `${op}: expected target shape ${fmtShape(input.ndim === 1 ? [] : expectT)} for input shape ${fmtShape(input.shape)}, got target shape ${fmtShape(tshape)}`,
    );
  if (weight && (weight.ndim !== 1 || weight.shape[0] !== C)) throw new Error(`${op}: weight must be [${C}], got ${fmtShape(weight.shape)}`);
  // class dim last: [N, C, d…] → [N·d…, C]
  if (x.ndim > 2)
    x = x
      .reshape([N, C, sizeOf(extra)])
      .transpose(1, 2)
      .reshape([N * sizeOf(extra), C]);
  return { x, idx, rows: x.shape[0], C, outShape: input.ndim === 1 ? [] : expectT };
}

/**
 * Cross-entropy of logits [N, C] (or [N, C, d…] with targets [N, d…], or [C] with a scalar
 * target) against class indices, with PyTorch's ignore index, label smoothing, class weights and
 * reductions. mean divides by Σ w[target] over the non-ignored targets (NaN if all are ignored, as PyTorch).
 */
export function crossEntropy(input: Tensor, target: ArrayLike<number> | Tensor, opts: CrossEntropyOptions = {}, op = 'crossEntropy'): Tensor {
  const { ignoreIndex = -100, labelSmoothing = 0, weight = null } = opts;
  const reduction = checkReduction(op, opts.reduction ?? 'mean');
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) throw new Error(`${op}: labelSmoothing must be between 0.0 and 1.0, got ${labelSmoothing}`);
  const { x, idx, rows, C, outShape: noneShape } = classRows(op, input, target, ignoreIndex, weight);
  const w = weight ? weight.toArray() : null;
  let denom = 0;
  let counted = 0;
  for (let i = 0; i < rows; i++)
    if (idx[i] !== KERNEL_IGNORE) {
      denom += w ? w[idx[i]] : 1;
      counted++;
    }
  const perRow = kernel((s, k) => {
    const pl = s.out(rows);
    const plogp = s.out(rows * C);
    k.cross_entropy_forward(pl, plogp, s.in(x), s.ints(idx), w ? s.array(w) : 0, rows, C, KERNEL_IGNORE, labelSmoothing);
    return { loss: s.read(pl, rows), logp: s.read(plogp, rows * C) };
  });
  let value: Float32Array;
  let outShape: number[];
  if (reduction === 'none') {
    value = perRow.loss;
    outShape = noneShape;
  } else {
    let total = 0;
    for (let i = 0; i < rows; i++) total += perRow.loss[i];
    value = new Float32Array([reduction === 'mean' ? total / denom : total]);
    outShape = [];
  }
  const logp = perRow.logp;
  return record(new Tensor(value, outShape), 'crossEntropy', [x], (dy) =>
    kernel((s, k) => {
      // dx[r] += dy_r·(softmax·(…) − onehot·(…)) — see the kernel; the reduction's scale goes in dy_r
      const dl = new Float32Array(rows);
      if (reduction === 'none') dl.set(dy);
      // NOTE: mean over no targets (all ignored) is NaN forward but sends no gradient, as PyTorch
      else if (counted > 0) dl.fill(reduction === 'mean' ? dy[0] / denom : dy[0]);
      k.cross_entropy_backward(s.gradOf(x), s.array(logp), s.ints(idx), w ? s.array(w) : 0, s.array(dl), rows, C, KERNEL_IGNORE, labelSmoothing);
    }),
  );
}

/**
 * NLL of log-probabilities [N, C] (or [N, C, d…] with targets [N, d…], or [C] with a scalar
 * target): −w[t]·input[t]; weights, ignore index and reductions as crossEntropy.
 */
export function nllLoss(input: Tensor, target: ArrayLike<number> | Tensor, opts: Omit<CrossEntropyOptions, 'labelSmoothing'> = {}, op = 'nllLoss'): Tensor {
  const { ignoreIndex = -100, weight = null } = opts;
  const reduction = checkReduction(op, opts.reduction ?? 'mean');
  const { x, idx, rows, outShape } = classRows(op, input, target, ignoreIndex, weight);
  const w = weight ? weight.toArray() : null;
  const rowW = new Float32Array(rows);
  const safe = new Float32Array(rows);
  let denom = 0;
  let counted = 0;
  for (let i = 0; i < rows; i++) {
    if (idx[i] === KERNEL_IGNORE) continue;
    counted++;
    safe[i] = idx[i];
    rowW[i] = w ? w[idx[i]] : 1;
    denom += rowW[i];
  }
  // −w[t]·input[r, t], gathered then weighted
  const picked = x.gather(1, new Tensor(safe, [rows, 1])).reshape([rows]);
  const losses = binary(
    'mul',
    picked,
    new Tensor(
      rowW.map((v) => -v),
      [rows],
    ),
  );
  if (reduction === 'none') return losses.reshape(outShape);
  const total = losses.sum();
  if (reduction !== 'mean') return total;
  // NOTE: every target ignored: NaN (0/0) as PyTorch, and zero gradients (total·0 + NaN), not 0·∞
  return counted === 0 ? binary('add', binary('mul', total, 0), NaN) : binary('div', total, denom);
}

function sameShapeOrThrow(op: string, a: Tensor, b: Tensor): void {
  if (!(a instanceof Tensor)) throw new Error(`${op}: input must be a Tensor, got ${describeNonTensor(a)}`);
  if (!(b instanceof Tensor)) throw new Error(`${op}: target must be a Tensor, got ${describeNonTensor(b)}`);
  if (a.ndim !== b.ndim || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new Error(`${op}: input shape ${fmtShape(a.shape)} and target shape ${fmtShape(b.shape)} differ`);
  }
}

function reduce(x: Tensor, reduction: Reduction): Tensor {
  return reduction === 'none' ? x : reduction === 'sum' ? x.sum() : x.mean();
}

/**
 * (input − target)², reduced; input and target of the same shape. One op (PyTorch's mse_loss):
 * d = input − target is computed in its forward and again in its backward instead of being kept,
 * and nothing of the size of the input leaves the heap but the gradients. The kernels and their
 * order are those of the composition sub, mul, sum (· 1/n), so values and gradients are the
 * composition's to the bit (tests/nn/losses.test.ts); a traced model records the composition.
 */
export function mseLoss(input: Tensor, target: Tensor, opts: { reduction?: Reduction } = {}, op = 'mseLoss'): Tensor {
  const reduction = checkReduction(op, opts.reduction ?? 'mean');
  sameShapeOrThrow(op, input, target);
  if (tracer) {
    const d = binary('sub', input, target);
    return reduce(binary('mul', d, d), reduction);
  }
  const n = input.size;
  const diff = (s: KernelScope, k: Kernels) => {
    const d = s.out(n);
    k.sub(d, s.in(input), s.in(target), n);
    return d;
  };
  const y = kernel((s, k) => {
    const d = diff(s, k);
    const sq = s.out(n);
    k.mul(sq, d, d, n);
    if (reduction === 'none') return s.read(sq, n);
    const total = s.zeros(1);
    k.sum_cols(total, sq, 1, n);
    if (reduction === 'sum') return s.read(total, 1);
    const mean = s.out(1);
    k.scale(mean, total, 1 / n, 1);
    return s.read(mean, 1);
  }, op);
  const out = new Tensor(y, reduction === 'none' ? input.shape.slice() : []);
  return record(out, op, [input, target], (dy) =>
    kernel((s, k) => {
      // d(d²) = dsq·d + dsq·d (as mul's backward with both factors d), dsq the gradient of the
      // squares: dy (none), or one value at every element, dy (sum) or (1/n)·dy (mean)
      const d = diff(s, k);
      const t = s.out(n);
      if (reduction === 'none') k.mul(t, s.array(dy), d, n);
      else {
        const g = s.zeros(1);
        k.axpy(g, s.array(dy), reduction === 'mean' ? 1 / n : 1, 1);
        k.scale(t, d, s.read(g, 1)[0], n);
      }
      // ± (t + t) added: axpy's 2·t and −2·t are exact, as the composition's t + t and its negation
      if (input.requiresGrad) k.axpy(s.gradOf(input), t, 2, n);
      if (target.requiresGrad) k.axpy(s.gradOf(target), t, -2, n);
    }),
  );
}

/** |input − target|, reduced (gradient 0 where they are equal, as sign(0) in PyTorch). */
export function l1Loss(input: Tensor, target: Tensor, opts: { reduction?: Reduction } = {}, op = 'l1Loss'): Tensor {
  const reduction = checkReduction(op, opts.reduction ?? 'mean');
  sameShapeOrThrow(op, input, target);
  const d = binary('sub', input, target);
  // |d| = relu(d) + relu(−d)
  return reduce(binary('add', d.relu(), d.neg().relu()), reduction);
}

export interface BCEWithLogitsOptions {
  reduction?: Reduction;
  weight?: Tensor | null;
  posWeight?: Tensor | null;
}

/**
 * softplus(z) = log(1 + e^z) = relu(z) + log(1 + e^(z − 2·relu(z))), stable for any |z| (the
 * exponent is −|z|). NOTE: −|z| is written z − 2·relu(z), not −(relu(z) + relu(−z)), so that with
 * relu'(0) = 0 the gradient at z = 0 is σ(0) = ½ like everywhere else σ(z) (the symmetric form
 * gives 0 there: issue 12, finding 4).
 */
function softplus(z: Tensor): Tensor {
  const r = z.relu();
  return binary(
    'add',
    r,
    binary('sub', z, binary('mul', r, 2))
      .exp()
      .add(1)
      .log(),
  );
}

/**
 * Binary cross-entropy on logits, stable for any |x|:
 * ℓ = w·[p·y·softplus(−x) + (1 − y)·softplus(x)], gradient w·[(p·y + 1 − y)·σ(x) − p·y];
 * weight broadcasts to the input, posWeight over the last (class) dim.
 */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, opts: BCEWithLogitsOptions = {}, op = 'binaryCrossEntropyWithLogits'): Tensor {
  const reduction = checkReduction(op, opts.reduction ?? 'mean');
  sameShapeOrThrow(op, input, target);
  const spNeg = softplus(input.neg()); // softplus(−x) = −log σ(x)
  const spPos = softplus(input); // softplus(x) = −log(1 − σ(x))
  const pw = opts.posWeight;
  const a = pw ? binary('mul', binary('mul', target, pw), spNeg) : binary('mul', target, spNeg);
  const b = binary('mul', binary('sub', binary('mul', target, -1), -1), spPos);
  let l = binary('add', a, b);
  if (opts.weight) l = binary('mul', l, opts.weight);
  return reduce(l, reduction);
}
