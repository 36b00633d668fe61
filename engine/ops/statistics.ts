// Statistics: the vector norm, variance and standard deviation, composites with no backward of
// their own. Where PyTorch's formula masks a 0/0, a where() does.
import { sizeOf, fmtShape, type Tensor } from '../tensor.js';
import { binary, compare, pow, unary, where } from './elementwise.js';
import { extremeOver } from './extrema.js';
import { mean, reduceDims, sum } from './reduce.js';

/** s^e with no gradient where s == 0 (PyTorch masks the zero result in norm's and std's backward). */
function powMaskedAtZero(s: Tensor, e: number): Tensor {
  const zero = compare('eq', s, 0);
  return where(zero, 0, pow(where(zero, 1, s), e));
}

/**
 * Vector p-norm over dims (all when omitted), as torch.norm / torch.linalg.vector_norm:
 * p = 2 (default, or 'fro'), 1, Infinity (max |x|), -Infinity (min |x|), 0 (count of non-zeros, no
 * gradient) or any other number ((Σ|x|^p)^(1/p)). The gradient at a zero norm, and at zero entries
 * for p < 1, is 0 (PyTorch's subgradient).
 */
export function norm(x: Tensor, p: number | 'fro' = 2, dim?: number | readonly number[] | null, keepdim = false): Tensor {
  if (p === 'fro') p = 2;
  if (typeof p !== 'number' || Number.isNaN(p)) throw new Error(`norm: p must be a number or 'fro', got ${String(p)} (input shape ${fmtShape(x.shape)})`);
  const dims = dim === undefined || dim === null ? null : reduceDims('norm', x, dim);
  if (p === 2) return powMaskedAtZero(sum(binary('mul', x, x), dims, keepdim), 0.5);
  const a = unary('abs', x);
  if (p === 1) return sum(a, dims, keepdim);
  if (p === Infinity) return extremeOver('max', 'norm', a, dims, keepdim);
  if (p === -Infinity) return extremeOver('min', 'norm', a, dims, keepdim);
  if (p === 0) return sum(compare('ne', x, 0), dims, keepdim);
  if (p > 1) return powMaskedAtZero(sum(pow(a, p), dims, keepdim), 1 / p);
  // p < 1: |x|^p has an infinite slope at 0; PyTorch passes no gradient to zero entries
  const z = compare('eq', x, 0);
  const s = sum(where(z, 0 ** p, pow(where(z, 1, a), p)), dims, keepdim);
  return p > 0 ? powMaskedAtZero(s, 1 / p) : pow(s, 1 / p);
}

/** (dims, unbiased) from PyTorch's overloads var(dim, unbiased, keepdim) and var(unbiased). */
function varArgs(dim: number | readonly number[] | null | boolean | undefined, unbiased: boolean): [number | readonly number[] | null, boolean] {
  if (typeof dim === 'boolean') return [null, dim];
  return [dim ?? null, unbiased];
}

function variance(op: string, x: Tensor, dim: number | readonly number[] | null, unbiased: boolean, keepdim: boolean): Tensor {
  const dims = x.ndim === 0 ? [] : reduceDims(op, x, dim);
  const count = sizeOf(dims.map((i) => x.shape[i]));
  const d = binary('sub', x, mean(x, dims, true));
  // NOTE: count − 1 ≤ 0 gives 0·∞ = NaN, as PyTorch
  return binary('mul', sum(binary('mul', d, d), dims, keepdim), 1 / Math.max(0, count - (unbiased ? 1 : 0)));
}

/** Variance over dims (all when omitted), Bessel-corrected unless unbiased = false. Also var(unbiased). */
export function var_(x: Tensor, dim?: number | readonly number[] | null | boolean, unbiased = true, keepdim = false): Tensor {
  const [dims, u] = varArgs(dim, unbiased);
  return variance('var', x, dims, u, keepdim);
}

/** Standard deviation: √var, with no gradient where it is 0 (PyTorch). */
export function std(x: Tensor, dim?: number | readonly number[] | null | boolean, unbiased = true, keepdim = false): Tensor {
  const [dims, u] = varArgs(dim, unbiased);
  return powMaskedAtZero(variance('std', x, dims, u, keepdim), 0.5);
}
