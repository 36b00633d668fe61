// Tensor factories with PyTorch's names: tensor, zeros, ones, full, arange, randn, rand, randint.
import { checkNotDetached } from './backend/wasm.js';
import { newF32Array } from './memory.js';
import { checkElements, checkShape, fmtShape, sizeOf, Tensor } from './tensor.js';
import { defaultGenerator } from './random/torch.js';
import { tracer } from './trace.js';
import { checkOptions } from './options.js';

/** The options of the creation functions (PyTorch's keyword arguments; float32 only, so no dtype). */
export interface TensorOptions {
  /** Make a leaf that backward() computes a gradient for (requires_grad); default false. */
  requiresGrad?: boolean;
}

type Nested = number | Nested[];

function flattenNested(values: Nested, shape: number[], out: number[], depth: number): void {
  if (typeof values === 'number') {
    if (depth !== shape.length) throw new Error('tensor: ragged nested array (a number where a list was expected)');
    out.push(values);
    return;
  }
  if (!Array.isArray(values)) throw new Error(`tensor: expected numbers or nested arrays, got ${typeof values}`);
  if (depth === shape.length) shape.push(values.length);
  else if (shape[depth] !== values.length) {
    throw new Error(`tensor: expected sequence of length ${shape[depth]} at dim ${depth} (got ${values.length})`);
  }
  for (const v of values) flattenNested(v, shape, out, depth + 1);
}

/**
 * tensor(values, shape?, { requiresGrad }): values are nested arrays (shape inferred) or a flat
 * number[] / Float32Array with an explicit shape (1-D when omitted), or a single number (0-dim).
 */
export function tensor(values: Nested | ArrayLike<number>, shape?: number[] | TensorOptions, opts: TensorOptions = {}): Tensor {
  if (shape !== undefined && !Array.isArray(shape)) {
    opts = shape;
    shape = undefined;
  }
  let data: Float32Array;
  let dims: number[];
  if (typeof values === 'number') {
    data = new Float32Array([values]);
    dims = [];
  } else if (ArrayBuffer.isView(values) || (Array.isArray(values) && shape !== undefined && !values.some((v) => Array.isArray(v)))) {
    checkNotDetached('tensor', values);
    data = Float32Array.from(values as ArrayLike<number>);
    dims = shape === undefined ? [data.length] : checkShape('tensor', shape as number[]);
  } else {
    const flat: number[] = [];
    dims = [];
    flattenNested(values as Nested, dims, flat, 0);
    data = Float32Array.from(flat);
    if (shape !== undefined) dims = checkShape('tensor', shape as number[]);
  }
  if (sizeOf(dims) !== data.length) throw new Error(`tensor: ${data.length} values do not fill shape ${fmtShape(dims)}`);
  const t = new Tensor(data, dims, opts.requiresGrad ?? false);
  if (tracer) tracer.constant(t);
  return t;
}

function shapeArg(op: string, shape: number[] | number): number[] {
  return checkShape(op, typeof shape === 'number' ? [shape] : shape);
}

/** A shape given as PyTorch's sizes: `zeros([2, 3], opts)` or `zeros(2, 3, opts)`; a trailing options object either way. */
export type SizeArgs = [number[], TensorOptions?] | [...number[]] | [...number[], TensorOptions];

function sizeArgs(op: string, args: readonly unknown[]): [number[], TensorOptions] {
  while (args.length > 1 && args[args.length - 1] === undefined) args = args.slice(0, -1);
  if (args.length === 0) throw new Error(`${op}: expected a shape, as ${op}([2, 3]) or ${op}(2, 3)`);
  const last = args[args.length - 1];
  const hasOpts = last !== null && typeof last === 'object' && !Array.isArray(last);
  const sizes = hasOpts ? args.slice(0, -1) : args;
  const opts = (hasOpts ? checkOptions(op, last, { requiresGrad: 'boolean' }) : {}) as TensorOptions;
  if (sizes.length === 1 && Array.isArray(sizes[0])) return [checkShape(op, sizes[0] as number[]), opts];
  if (sizes.some((d) => typeof d !== 'number')) {
    throw new Error(
      `${op}: expected a shape as an array ${op}([2, 3]) or as numbers ${op}(2, 3), then an optional { requiresGrad }; got (${args.map((a) => (Array.isArray(a) ? `[${a.join(', ')}]` : a === null ? 'null' : typeof a === 'object' ? '{…}' : String(a))).join(', ')})`,
    );
  }
  return [checkShape(op, sizes as number[]), opts];
}

/** A tensor of `shape` filled with `value`: full([2, 3], 7) (torch.full). */
export function full(shape: number[] | number, value: number, opts: TensorOptions = {}, op = 'full'): Tensor {
  const dims = shapeArg(op, shape);
  const data = newF32Array(sizeOf(dims));
  if (value !== 0) data.fill(value);
  const t = new Tensor(data, dims, opts.requiresGrad ?? false);
  if (tracer) tracer.constant(t);
  return t;
}

/** Zeros of the given shape: `zeros([2, 3])` or `zeros(2, 3)`, optionally `{ requiresGrad }` last. */
export function zeros(...args: SizeArgs): Tensor {
  const [shape, opts] = sizeArgs('zeros', args);
  return full(shape, 0, opts, 'zeros');
}

/** Ones of the given shape: `ones([2, 3])` or `ones(2, 3)`, optionally `{ requiresGrad }` last. */
export function ones(...args: SizeArgs): Tensor {
  const [shape, opts] = sizeArgs('ones', args);
  return full(shape, 1, opts, 'ones');
}

/** Zeros of t.shape (torch.zeros_like). */
export function zerosLike(t: Tensor, opts: TensorOptions = {}): Tensor {
  return zeros(t.shape, opts);
}

/** Ones of t.shape (torch.ones_like). */
export function onesLike(t: Tensor, opts: TensorOptions = {}): Tensor {
  return ones(t.shape, opts);
}

/** arange(end) or arange(start, end, step = 1), like torch.arange. */
export function arange(startOrEnd: number, end?: number, step = 1, opts: TensorOptions = {}): Tensor {
  const start = end === undefined ? 0 : startOrEnd;
  const stop = end === undefined ? startOrEnd : end;
  for (const [name, v] of [
    ['start', start],
    ['end', stop],
    ['step', step],
  ] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`arange: ${name} must be a finite number, got ${String(v)}`);
  }
  if (step === 0) throw new Error('arange: step must be nonzero');
  if ((stop - start) / step < 0)
    throw new Error(`arange: upper bound and larger bound inconsistent with step sign (start ${start}, end ${stop}, step ${step})`);
  const n = Math.max(0, Math.ceil((stop - start) / step));
  checkElements('arange', n, `arange(${start}, ${stop}, ${step})`);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return new Tensor(data, [n], opts.requiresGrad ?? false);
}

/** Standard normal samples from the default (torch-compatible) generator. */
export function randn(...args: SizeArgs): Tensor {
  const [dims, opts] = sizeArgs('randn', args);
  return new Tensor(defaultGenerator.normal(new Float32Array(sizeOf(dims))), dims, opts.requiresGrad ?? false);
}

/** Uniform [0, 1) samples from the default generator. */
export function rand(...args: SizeArgs): Tensor {
  const [dims, opts] = sizeArgs('rand', args);
  return new Tensor(defaultGenerator.uniform(new Float32Array(sizeOf(dims)), 0, 1), dims, opts.requiresGrad ?? false);
}

/** Integers in [low, high) from the default generator (as float32 values). */
export function randint(low: number, high: number, shape: number[] | number): Tensor {
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new Error(`randint: expected integers low < high, got low=${low}, high=${high}`);
  }
  const dims = shapeArg('randint', shape);
  return new Tensor(defaultGenerator.randint(new Float32Array(sizeOf(dims)), low, high), dims);
}
