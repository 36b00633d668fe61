// Shape ops: reshape/view (shared storage), expand, permute/transpose, slice/select, cat/stack,
// split/chunk, squeeze/unsqueeze/flatten, flip, repeat. Data moves with the strided copy kernels.
import { addGradientAt, kernel, passGradient, record } from '../autograd.js';
import { newF32Array } from '../memory.js';
import { checkShape, fmtShape, sizeOf, Tensor } from '../tensor.js';
import { addStrided, gatherStrided, writeStrided } from './layout.js';
import { accumulateBroadcast, checkTensor, normDim, stridesOf } from './util.js';
import { tracer } from '../trace.js';

/** Resolves one -1 in a target shape (PyTorch's view/reshape rules). */
function inferShape(op: string, x: Tensor, shape: readonly number[]): number[] {
  if (!Array.isArray(shape))
    throw new Error(`${op}: shape must be an array of integers, got ${shape === null ? 'null' : typeof shape} (input shape ${fmtShape(x.shape)})`);
  const out = shape.slice();
  let infer = -1;
  let known = 1;
  for (let i = 0; i < out.length; i++) {
    if (out[i] === -1) {
      if (infer >= 0) throw new Error(`${op}: only one dimension can be inferred (target shape ${fmtShape(shape)})`);
      infer = i;
    } else {
      if (!Number.isInteger(out[i]) || out[i] < 0) throw new Error(`${op}: invalid shape dimension ${out[i]} in ${fmtShape(shape)}`);
      known *= out[i];
    }
  }
  if (infer >= 0) {
    if (known === 0 || x.size % known !== 0)
      throw new Error(`${op}: shape ${fmtShape(shape)} is invalid for input of size ${x.size} (input shape ${fmtShape(x.shape)})`);
    out[infer] = x.size / known;
  }
  if (sizeOf(out) !== x.size) throw new Error(`${op}: shape ${fmtShape(shape)} is invalid for input of size ${x.size} (input shape ${fmtShape(x.shape)})`);
  return out;
}

/** Same values, new shape (storage shared: tensors are never modified in place). */
export function reshape(x: Tensor, shape: readonly number[], op = 'reshape'): Tensor {
  if (tracer) return tracer.call('reshape', reshape, x, shape, op);
  const target = inferShape(op, x, shape);
  const out = new Tensor(x._js ?? x._block!, target);
  return record(out, op, [x], (dy) => {
    // dx += dy (same elements, other shape): dy itself when it is dx's first part
    if (passGradient(x, dy)) return;
    kernel((s, k) => k.axpy(s.gradOf(x), s.array(dy), 1, x.size));
  });
}

/** Broadcasts x to `shape` (-1 keeps a dim), like Tensor.expand. */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  if (tracer) return tracer.call('expand', expand, x, shape);
  if (!Array.isArray(shape))
    throw new Error(`expand: shape must be an array of integers, got ${shape === null ? 'null' : typeof shape} (input shape ${fmtShape(x.shape)})`);
  const target = shape.slice();
  const off = target.length - x.ndim;
  if (off < 0)
    throw new Error(
      `expand: the number of sizes provided (${shape.length}) must be greater or equal to the number of dimensions in the tensor (${x.ndim}); shape ${fmtShape(x.shape)}`,
    );
  for (let i = 0; i < target.length; i++) {
    const d = i >= off ? x.shape[i - off] : 1;
    if (target[i] === -1) {
      if (i < off) throw new Error(`expand: -1 is not allowed in a leading, non-existing dimension (shape ${fmtShape(shape)})`);
      target[i] = d;
    }
    if (d !== 1 && d !== target[i]) {
      throw new Error(
        `expand: the expanded size of the tensor (${target[i]}) must match the existing size (${d}) at non-singleton dimension ${i}. Target sizes: ${fmtShape(shape)}. Tensor sizes: ${fmtShape(x.shape)}`,
      );
    }
  }
  checkShape('expand', target);
  const strides = new Array<number>(target.length).fill(0);
  const xs = stridesOf(x.shape);
  for (let i = off; i < target.length; i++) strides[i] = x.shape[i - off] === 1 ? 0 : xs[i - off];
  const n = sizeOf(target);
  const y = kernel((s, k) => s.read(gatherStrided(s, k, 'expand', s.in(x), target, strides), n));
  return record(new Tensor(y, target), 'expand', [x], (dy) =>
    kernel((s, k) => {
      // dx += Σ over the broadcast dims of dy
      accumulateBroadcast(s, k, 'expand', x, s.array(dy), target);
    }),
  );
}

/** Gathers a strided view of x (shape, strides, element offset) into a new tensor; backward scatters back. */
function stridedView(op: string, x: Tensor, shape: number[], strides: number[], offset: number): Tensor {
  const n = sizeOf(shape);
  // NOTE: a contiguous view of a JS-backed tensor shares its storage (tensors are never written
  // in place), like a PyTorch view; everything else is gathered into a new array.
  const dense = stridesOf(shape);
  const contiguous = x._js !== null && shape.every((d, i) => d === 1 || strides[i] === dense[i]);
  const y = contiguous ? x._js!.subarray(offset, offset + n) : kernel((s, k) => s.read(gatherStrided(s, k, op, s.in(x), shape, strides, offset), n));
  return record(new Tensor(y, shape), op, [x], (dy) => {
    // dx[view] += dy: in JS for a contiguous view of an op's result
    if (!(contiguous && addGradientAt(x, dy, offset))) kernel((s, k) => addStrided(s, k, op, s.gradOf(x), s.array(dy), shape, strides, offset));
  });
}

/** Reorders the dims: permute(x, [1, 0, 2]) turns [T, B, H] into [B, T, H] (torch.permute). */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  if (tracer) return tracer.call('permute', permute, x, dims);
  if (!Array.isArray(dims) || dims.length !== x.ndim) {
    throw new Error(
      `permute: number of dims don't match in permute: got ${Array.isArray(dims) ? dims.length : String(dims)} dims for a tensor of shape ${fmtShape(x.shape)}`,
    );
  }
  const nd = dims.map((d) => normDim('permute', d, x.ndim, x.shape));
  if (new Set(nd).size !== nd.length) throw new Error(`permute: repeated dim in ${fmtShape(dims)} (input shape ${fmtShape(x.shape)})`);
  const st = stridesOf(x.shape);
  return stridedView(
    'permute',
    x,
    nd.map((d) => x.shape[d]),
    nd.map((d) => st[d]),
    0,
  );
}

/** Swaps dims d0 and d1: transpose(x, 0, 1) turns [T, B, H] into [B, T, H]. */
export function transpose(x: Tensor, d0: number, d1: number): Tensor {
  if (x.ndim === 0) {
    normDim('transpose', d0, 0);
    normDim('transpose', d1, 0);
    return x;
  }
  const a = normDim('transpose', d0, x.ndim, x.shape);
  const b = normDim('transpose', d1, x.ndim, x.shape);
  const dims = x.shape.map((_, i) => i);
  dims[a] = b;
  dims[b] = a;
  return permute(x, dims);
}

/** x[..., start:end:step, ...] along dim, with Python's clamping of start/end. */
export function slice(x: Tensor, dim: number, start?: number | null, end?: number | null, step = 1): Tensor {
  if (tracer) return tracer.call('slice', slice, x, dim, start, end, step);
  const d = normDim('slice', dim, x.ndim, x.shape);
  if (!Number.isInteger(step) || step <= 0) throw new Error(`slice: step must be a positive integer, got ${step} (input shape ${fmtShape(x.shape)})`);
  const size = x.shape[d];
  const clampIdx = (v: number) => Math.min(Math.max(v < 0 ? v + size : v, 0), size);
  const lo = start === undefined || start === null ? 0 : clampIdx(start);
  const hi = end === undefined || end === null ? size : clampIdx(end);
  if (!Number.isInteger(lo) || !Number.isInteger(hi)) throw new Error(`slice: start and end must be integers (got ${start}, ${end})`);
  const len = Math.max(0, Math.ceil((hi - lo) / step));
  const st = stridesOf(x.shape);
  const shape = x.shape.slice();
  shape[d] = len;
  const strides = st.slice();
  strides[d] = st[d] * step;
  return stridedView('slice', x, shape, strides, len > 0 ? lo * st[d] : 0);
}

/** x[..., index, ...] along dim (the dim is removed); negative index counts from the end. */
export function select(x: Tensor, dim: number, index: number): Tensor {
  if (tracer) return tracer.call('select', select, x, dim, index);
  if (x.ndim === 0) throw new Error('select: cannot be applied to a 0-dim tensor');
  const d = normDim('select', dim, x.ndim, x.shape);
  const size = x.shape[d];
  if (!Number.isInteger(index) || index < -size || index >= size) {
    throw new Error(`select: index ${index} out of range for tensor of size ${fmtShape(x.shape)} at dimension ${d}`);
  }
  const i = index < 0 ? index + size : index;
  const st = stridesOf(x.shape);
  const shape = x.shape.filter((_, j) => j !== d);
  const strides = st.filter((_, j) => j !== d);
  return stridedView('select', x, shape, strides, i * st[d]);
}

/** Concatenates along an existing dim (default 0): [T1, B, H] and [T2, B, H] → [T1 + T2, B, H] (torch.cat); other dims must match. */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tracer) return tracer.call('cat', cat, tensors, dim);
  if (!Array.isArray(tensors as unknown) || tensors.length === 0) throw new Error('cat: expected a non-empty list of Tensors');
  tensors.forEach((t, i) => checkTensor('cat', `tensors[${i}]`, t));
  const first = tensors[0];
  const d = normDim('cat', dim, first.ndim, first.shape);
  if (first.ndim === 0) throw new Error('cat: zero-dimensional tensor (at position 0) cannot be concatenated');
  let total = 0;
  tensors.forEach((t, i) => {
    if (t.ndim !== first.ndim)
      throw new Error(
        `cat: tensors must have the same number of dimensions: got ${first.ndim} and ${t.ndim} (tensor 0: shape ${fmtShape(first.shape)}, tensor ${i}: shape ${fmtShape(t.shape)})`,
      );
    for (let j = 0; j < t.ndim; j++) {
      if (j !== d && t.shape[j] !== first.shape[j]) {
        throw new Error(
          `cat: sizes of tensors must match except in dimension ${d}. Expected size ${first.shape[j]} but got size ${t.shape[j]} for tensor number ${i} in the list (shapes ${tensors.map((u) => fmtShape(u.shape)).join(', ')})`,
        );
      }
    }
    total += t.shape[d];
  });
  const shape = first.shape.slice();
  shape[d] = total;
  const n = sizeOf(shape);
  const ost = stridesOf(shape);
  const offsets: number[] = [];
  let off = 0;
  for (const t of tensors) {
    offsets.push(off * ost[d]);
    off += t.shape[d];
  }
  // NOTE: with nothing before dim (stack along 0, cat of rows) the blocks are contiguous: a plain
  // memcpy of each input, no kernel round trip
  const blocks = first.shape.slice(0, d).every((v) => v === 1);
  const y = blocks
    ? newF32Array(n)
    : kernel((s, k) => {
        const py = s.out(n);
        tensors.forEach((t, i) => writeStrided(s, k, 'cat', py, s.in(t), t.shape, ost, offsets[i]));
        return s.read(py, n);
      });
  if (blocks) tensors.forEach((t, i) => y.set(t._js ?? t._block!.view('cat'), offsets[i]));
  return record(new Tensor(y, shape), 'cat', tensors.slice(), (dy) =>
    kernel((s, k) => {
      // d(input i) += dy[its block]
      const pdy = s.array(dy);
      tensors.forEach((t, i) => {
        if (t.requiresGrad) k.axpy(s.gradOf(t), gatherStrided(s, k, 'cat', pdy, t.shape, ost, offsets[i]), 1, t.size);
      });
    }),
  );
}

/** Inserts a size-1 dim at `dim` (−1 appends): [B, H] → [B, 1, H] for dim = 1. */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  if (tracer) return tracer.call('unsqueeze', unsqueeze, x, dim);
  const d = normDim('unsqueeze', dim, x.ndim + 1, x.shape);
  const shape = x.shape.slice();
  shape.splice(d, 0, 1);
  return reshape(x, shape, 'unsqueeze');
}

/** Removes every size-1 dim, or only `dim` when given (a no-op when that dim is not 1). */
export function squeeze(x: Tensor, dim?: number): Tensor {
  if (tracer) return tracer.call('squeeze', squeeze, x, dim);
  if (dim === undefined)
    return reshape(
      x,
      x.shape.filter((v) => v !== 1),
      'squeeze',
    );
  const d = normDim('squeeze', dim, x.ndim, x.shape);
  if (x.shape[d] !== 1) return x;
  return reshape(
    x,
    x.shape.filter((_, i) => i !== d),
    'squeeze',
  );
}

/** Merges dims startDim..endDim (default all) into one: flatten(x, 1) turns [B, T, H] into [B, T·H]; a 0-dim x gives [1]. */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.ndim === 0) return reshape(x, [1], 'flatten');
  const a = normDim('flatten', startDim, x.ndim, x.shape);
  const b = normDim('flatten', endDim, x.ndim, x.shape);
  if (a > b) throw new Error(`flatten: start_dim (${startDim}) cannot come after end_dim (${endDim})`);
  const shape = [...x.shape.slice(0, a), sizeOf(x.shape.slice(a, b + 1)), ...x.shape.slice(b + 1)];
  return reshape(x, shape, 'flatten');
}

/** Stacks equal-shaped tensors along a new dim (default 0): T tensors [B, H] → [T, B, H] (torch.stack). */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (!Array.isArray(tensors as unknown) || tensors.length === 0) throw new Error('stack: expected a non-empty list of Tensors');
  const first = checkTensor('stack', 'tensors[0]', tensors[0]);
  tensors.forEach((t, i) => {
    checkTensor('stack', `tensors[${i}]`, t);
    if (t.ndim !== first.ndim || t.shape.some((v, j) => v !== first.shape[j])) {
      throw new Error(`stack: expects each tensor to be equal size, but got ${fmtShape(first.shape)} at entry 0 and ${fmtShape(t.shape)} at entry ${i}`);
    }
  });
  const d = normDim('stack', dim, first.ndim + 1, first.shape);
  return cat(
    tensors.map((t) => unsqueeze(t, d)),
    d,
  );
}

/** Splits into pieces of `size` (last one smaller) or of the given sizes, along dim. */
export function split(x: Tensor, sizeOrSizes: number | readonly number[], dim = 0): Tensor[] {
  const d = normDim('split', dim, x.ndim, x.shape);
  const total = x.shape[d];
  let sizes: number[];
  if (typeof sizeOrSizes === 'number') {
    if (!Number.isInteger(sizeOrSizes) || sizeOrSizes <= 0) throw new Error(`split: split_size must be a positive integer, got ${sizeOrSizes}`);
    sizes = [];
    for (let i = 0; i < total; i += sizeOrSizes) sizes.push(Math.min(sizeOrSizes, total - i));
    if (sizes.length === 0) sizes.push(0);
  } else {
    sizes = sizeOrSizes.slice();
    const sum = sizes.reduce((a, b) => a + b, 0);
    if (sum !== total || sizes.some((v) => !Number.isInteger(v) || v < 0)) {
      throw new Error(
        `split: split_with_sizes expects split_sizes to sum exactly to ${total} (input tensor's size at dimension ${d}), but got split_sizes=${fmtShape(sizes)} (input shape ${fmtShape(x.shape)})`,
      );
    }
  }
  const out: Tensor[] = [];
  let start = 0;
  for (const sz of sizes) {
    out.push(slice(x, d, start, start + sz));
    start += sz;
  }
  return out;
}

/** Splits into pieces of ⌈n / chunks⌉ along dim (the last smaller; fewer pieces when n is small), as torch.chunk. */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  if (!Number.isInteger(chunks) || chunks <= 0) throw new Error(`chunk: number of chunks must be a positive integer, got ${chunks}`);
  const d = normDim('chunk', dim, x.ndim, x.shape);
  const size = Math.ceil(x.shape[d] / chunks);
  return split(x, Math.max(size, 1), d);
}

/** Sizes given as one array or as separate numbers (PyTorch's x.repeat(2, 3) / x.repeat([2, 3])). */
export function sizesArg(args: readonly (number | readonly number[])[]): number[] {
  return args.length === 1 && Array.isArray(args[0]) ? (args[0] as number[]).slice() : (args as number[]).slice();
}

/** x reversed along each of dims (a copy, like torch.flip). */
export function flip(x: Tensor, dims: number | readonly number[]): Tensor {
  if (tracer) return tracer.call('flip', flip, x, dims);
  const list = typeof dims === 'number' ? [dims] : dims;
  if (!Array.isArray(list)) throw new Error(`flip: dims must be a number or an array of numbers, got ${String(dims)}`);
  const nd = list.map((d) => normDim('flip', d, x.ndim, x.shape));
  if (new Set(nd).size !== nd.length)
    throw new Error(`flip: dim ${fmtShape(list)} appears multiple times in the list of dims (input shape ${fmtShape(x.shape)})`);
  if (x.ndim === 0) return stridedView('flip', x, [], [], 0);
  // start at the last element of each flipped dim and walk it backwards
  const strides = stridesOf(x.shape);
  let offset = 0;
  for (const d of nd) {
    if (x.shape[d] > 0) offset += (x.shape[d] - 1) * strides[d];
    strides[d] = -strides[d];
  }
  return stridedView('flip', x, x.shape.slice(), strides, offset);
}

/** x tiled sizes[i] times along each dim (leading dims added when sizes is longer), like Tensor.repeat. */
export function repeat(x: Tensor, sizes: readonly number[]): Tensor {
  if (!Array.isArray(sizes) || sizes.length < x.ndim) {
    throw new Error(
      `repeat: number of dimensions of repeat dims (${Array.isArray(sizes) ? sizes.length : String(sizes)}) can not be smaller than number of dimensions of tensor (input shape ${fmtShape(x.shape)})`,
    );
  }
  if (sizes.some((r) => !Number.isInteger(r) || r < 0)) {
    throw new Error(`repeat: repeats must be non-negative integers, got ${fmtShape(sizes)} (input shape ${fmtShape(x.shape)})`);
  }
  checkShape('repeat', [...sizes.slice(0, sizes.length - x.ndim), ...x.shape.map((d, i) => d * sizes[sizes.length - x.ndim + i])]);
  // x as [1, s0, 1, s1, …], expanded to [r0, s0, r1, s1, …], each pair merged: gradient via expand's sum
  const shape = [...Array<number>(sizes.length - x.ndim).fill(1), ...x.shape];
  const tiled = expand(
    reshape(
      x,
      shape.flatMap((s) => [1, s]),
      'repeat',
    ),
    shape.flatMap((s, i) => [sizes[i], s]),
  );
  return reshape(
    tiled,
    shape.map((s, i) => s * sizes[i]),
    'repeat',
  );
}
