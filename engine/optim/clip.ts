// Gradient clipping with PyTorch's semantics: clipGradNorm (total norm over all grads, 1e-6 epsilon) and clipGradValue.
import { K } from '../backend/index.js';
import type { Parameter, Tensor } from '../tensor.js';
import { asParameter } from './leaf.js';

/**
 * The parameters that have a gradient; a disposed one throws (never a write at its freed address).
 * Leaf tensors are accepted as PyTorch does (moved to the wasm heap, optim/leaf.ts); one tensor
 * stands for a list of one.
 */
function grads(op: string, params: readonly (Parameter | Tensor)[] | Tensor): Parameter[] {
  const list = Array.isArray(params) ? params : [params as Tensor];
  return list.map((p) => asParameter(op, p)).filter((p) => p._live(op)._gradBlock && p._gradDefined);
}

/**
 * Scales every gradient so that their joint p-norm is at most maxNorm; returns the norm before
 * clipping. errorIfNonfinite: throw when that norm is inf or NaN (else, as PyTorch, the gradients
 * are scaled by 0, or by NaN for a NaN norm).
 */
export function clipGradNorm(params: readonly (Parameter | Tensor)[] | Tensor, maxNorm: number, normType = 2, errorIfNonfinite = false): number {
  const ps = grads('clipGradNorm', params);
  if (ps.length === 0) return 0;
  const k = K();
  let total: number;
  if (normType === Infinity) {
    total = 0;
    for (const p of ps) total = Math.max(total, k.max_abs(p._gradBlock!.ptr, p.size));
  } else if (normType === 2) {
    let s = 0;
    for (const p of ps) s += k.sum_squares(p._gradBlock!.ptr, p.size);
    total = Math.sqrt(s);
  } else {
    let s = 0;
    for (const p of ps) for (const v of p._gradBlock!.view()) s += Math.abs(v) ** normType;
    total = s ** (1 / normType);
  }
  total = Math.fround(total);
  if (errorIfNonfinite && !Number.isFinite(total)) {
    throw new Error(
      `clipGradNorm: the total norm of order ${normType} of the gradients of ${ps.length} parameters is ${total}; ` +
        'pass errorIfNonfinite = false to scale them anyway',
    );
  }
  const coef = Math.fround(maxNorm / (total + 1e-6));
  // NOTE: `!(coef >= 1)` so that a NaN norm makes every gradient NaN, as PyTorch's mul by clamp(coef, max=1)
  if (!(coef >= 1)) for (const p of ps) k.scale(p._gradBlock!.ptr, p._gradBlock!.ptr, coef, p.size);
  return total;
}

/** Clamps every gradient element to [−clipValue, clipValue]. */
export function clipGradValue(params: readonly (Parameter | Tensor)[] | Tensor, clipValue: number): void {
  const k = K();
  for (const p of grads('clipGradValue', params)) k.clamp_forward(p._gradBlock!.ptr, p._gradBlock!.ptr, -clipValue, clipValue, p.size);
}
