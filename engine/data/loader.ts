// Batching: padSequence, a DataLoader (batches, seeded shuffling with torch.randperm's stream,
// dropLast, collate) and randomSplit, with torch.utils.data's semantics.
import { select, stack } from '../ops/shape.js';
import { defaultGenerator, TorchGenerator } from '../random/torch.js';
import { fmtShape, sizeOf, Tensor } from '../tensor.js';
import { checkOptions, describeNonTensor } from '../options.js';

/**
 * Pads sequences of different lengths (number[][] or tensors [L, *]) into one tensor:
 * [maxLen, B, *] (batchFirst false, PyTorch's default) or [B, maxLen, *]. Not differentiable.
 */
export function padSequence(seqs: readonly (readonly number[] | Tensor)[], opts: { batchFirst?: boolean; paddingValue?: number } = {}): Tensor {
  const { batchFirst = false, paddingValue = 0 } = checkOptions('padSequence', opts, { batchFirst: 'boolean', paddingValue: 'number' });
  if (!Array.isArray(seqs) || seqs.length === 0) throw new Error('padSequence: expected a non-empty list of sequences');
  const items = seqs.map((s, i) => {
    if (s instanceof Tensor) {
      if (s.ndim === 0) throw new Error(`padSequence: sequence ${i} is a 0-d tensor`);
      return { len: s.shape[0], trail: s.shape.slice(1), data: s.data };
    }
    if (!Array.isArray(s)) throw new Error(`padSequence: sequence ${i} is not an array or a Tensor`);
    return { len: s.length, trail: [] as number[], data: s as readonly number[] };
  });
  const trail = items[0].trail;
  for (const [i, it] of items.entries()) {
    if (it.trail.length !== trail.length || it.trail.some((d, j) => d !== trail[j]))
      throw new Error(`padSequence: sequence ${i} has trailing shape ${fmtShape(it.trail)}, sequence 0 has ${fmtShape(trail)}`);
  }
  const B = items.length;
  const T = items.reduce((m, it) => Math.max(m, it.len), -Infinity);
  const F = sizeOf(trail);
  const out = new Float32Array(B * T * F).fill(paddingValue);
  items.forEach((it, b) => {
    for (let t = 0; t < it.len; t++) {
      const dst = (batchFirst ? b * T + t : t * B + b) * F;
      for (let f = 0; f < F; f++) out[dst + f] = it.data[t * F + f];
    }
  });
  return new Tensor(out, batchFirst ? [B, T, ...trail] : [T, B, ...trail]);
}

/** A dataset: an array, or anything with a length and an indexer. */
export type Dataset<T> = readonly T[] | { length: number; get(i: number): T };

/**
 * Tensors indexed along their first dimension: item i is [t0[i], t1[i], …] (torch's TensorDataset).
 * With the default collate, a DataLoader over it yields [Tensor, Tensor, …] batches.
 */
export class TensorDataset<Ts extends Tensor[] = Tensor[]> {
  /** The tensors, each [N, …] with the same N. */
  readonly tensors: Ts;
  constructor(...tensors: Ts) {
    if (tensors.length === 0) throw new Error('TensorDataset: expected at least one tensor, as new TensorDataset(x, y)');
    tensors.forEach((t, i) => {
      if (!(t instanceof Tensor)) throw new Error(`TensorDataset: argument ${i} must be a Tensor, got ${describeNonTensor(t)}`);
      if (t.ndim === 0) throw new Error(`TensorDataset: tensor ${i} is 0-d; every tensor needs a first (sample) dimension`);
    });
    const n = tensors[0].shape[0];
    for (const t of tensors)
      if (t.shape[0] !== n)
        throw new Error(
          `TensorDataset: size mismatch between tensors: first dimensions ${tensors.map((u) => u.shape[0]).join(', ')} (shapes ${tensors.map((u) => fmtShape(u.shape)).join(', ')})`,
        );
    this.tensors = tensors;
  }
  /** N, the number of samples (len(ds)). */
  get length(): number {
    return this.tensors[0].shape[0];
  }
  /** Sample i (negative counts from the end): [t0[i], t1[i], …], each t.shape without the first dim (ds[i]). */
  get(i: number): Ts {
    if (!Number.isInteger(i) || i < -this.length || i >= this.length)
      throw new Error(`TensorDataset.get: index ${String(i)} is out of range for a dataset of ${this.length}`);
    return this.tensors.map((t) => select(t, 0, i)) as Ts;
  }
}

/** What the default collate makes of a batch of T: numbers and number arrays → Tensor; tuples and objects field by field. */
export type Collated<T> = T extends number
  ? Tensor
  : T extends Tensor
    ? Tensor
    : T extends readonly number[]
      ? Tensor
      : T extends readonly unknown[]
        ? { -readonly [K in keyof T]: Collated<T[K]> }
        : T extends object
          ? { [K in keyof T]: Collated<T[K]> }
          : T[];

function getItem<T>(ds: Dataset<T>, i: number): T {
  return Array.isArray(ds) ? (ds as readonly T[])[i] : (ds as { get(i: number): T }).get(i);
}

/**
 * torch's default_collate: numbers → Tensor [B]; equal-length number arrays → [B, L]; tensors →
 * stacked [B, …]; tuples/arrays of those and plain objects → collated field by field.
 */
export function defaultCollate(batch: readonly unknown[]): unknown {
  const first = batch[0];
  if (typeof first === 'number') return new Tensor(Float32Array.from(batch as number[]), [batch.length]);
  if (first instanceof Tensor) return stack(batch as Tensor[], 0);
  if (Array.isArray(first)) {
    if (first.every((v) => typeof v === 'number')) {
      const L = first.length;
      for (const [i, b] of batch.entries()) {
        if (!Array.isArray(b) || b.length !== L)
          throw new Error(
            `defaultCollate: each element in list of batch should be of equal size (element 0 has ${L}, element ${i} has ${Array.isArray(b) ? b.length : typeof b}); use padSequence in a collate function`,
          );
      }
      return new Tensor(Float32Array.from((batch as number[][]).flat()), [batch.length, L]);
    }
    return first.map((_, j) => defaultCollate(batch.map((b) => (b as unknown[])[j])));
  }
  if (first !== null && typeof first === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(first)) out[k] = defaultCollate(batch.map((b) => (b as Record<string, unknown>)[k]));
    return out;
  }
  return batch.slice();
}

/** torch.utils.data.DataLoader's keyword arguments, camelCase. */
export interface DataLoaderOptions<T, B> {
  /** Items per batch (default 1). */
  batchSize?: number;
  /** Reshuffle the items at every epoch (default false). */
  shuffle?: boolean;
  /** Seed of the shuffling generator (like `generator=torch.Generator().manual_seed(seed)`). */
  seed?: number;
  /** Or the generator itself; without either, each epoch seeds a fresh one from the default generator (as PyTorch). */
  generator?: TorchGenerator;
  /** Leave out the last batch when it is smaller than batchSize (default false). */
  dropLast?: boolean;
  /** Makes a batch of items (default: defaultCollate, which stacks tensors, numbers and arrays as PyTorch's default_collate). */
  collate?: (items: T[]) => B;
}

/**
 * Iterates a dataset in batches, each epoch (each for…of) reshuffled when shuffle is set.
 * With a seed the order equals PyTorch's DataLoader(shuffle=True, generator=Generator().manual_seed(seed)).
 */
export class DataLoader<T, B = Collated<T>> implements Iterable<B> {
  /** The items: an array, or anything with length and get(i). */
  readonly dataset: Dataset<T>;
  /** Items per batch. */
  readonly batchSize: number;
  /** Whether each epoch reshuffles. */
  readonly shuffle: boolean;
  /** Whether a last, short batch is left out. */
  readonly dropLast: boolean;
  private readonly collate: (items: T[]) => B;
  private readonly generator: TorchGenerator | null;

  constructor(dataset: Dataset<T>, opts: DataLoaderOptions<T, B> = {}) {
    if (!dataset || typeof dataset.length !== 'number') throw new Error('DataLoader: dataset must be an array or have a length and get(i)');
    checkOptions('DataLoader', opts, { batchSize: 'int', shuffle: 'boolean', seed: 'int', generator: 'object', dropLast: 'boolean', collate: 'function' });
    const { batchSize = 1, shuffle = false, dropLast = false } = opts;
    if (!Number.isInteger(batchSize) || batchSize <= 0)
      throw new Error(`DataLoader: batchSize should be a positive integer value, but got batchSize=${batchSize}`);
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.dropLast = dropLast;
    this.collate = opts.collate ?? ((items) => defaultCollate(items) as B);
    this.generator = opts.generator ?? (opts.seed !== undefined ? new TorchGenerator(opts.seed) : null);
  }

  /** Number of batches per epoch. */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** The sample order of one epoch (advances the shuffling generator). */
  order(): number[] {
    const n = this.dataset.length;
    // Each epoch's iterator first draws a worker base seed (random_ on an int64) from the loader's
    // generator, or the default one; PyTorch does this even without workers or shuffling.
    (this.generator ?? defaultGenerator).seedFromStream();
    if (!this.shuffle) return Array.from({ length: n }, (_, i) => i);
    const g = this.generator ?? new TorchGenerator(defaultGenerator.seedFromStream());
    const perm = g.randperm(n);
    // RandomSampler yields randperm(n)[:n % n] after the full permutation: a second randperm whose values are unused
    g.randperm(n);
    return perm;
  }

  *[Symbol.iterator](): Iterator<B> {
    const order = this.order();
    for (let i = 0; i < order.length; i += this.batchSize) {
      const idx = order.slice(i, i + this.batchSize);
      if (idx.length < this.batchSize && this.dropLast) break;
      yield this.collate(idx.map((j) => getItem(this.dataset, j)));
    }
  }
}

/**
 * Splits a dataset into random disjoint parts of the given lengths (or fractions summing to 1),
 * like torch.utils.data.random_split with a generator seeded by `seed` (default generator otherwise).
 */
export function randomSplit<T>(dataset: Dataset<T>, lengths: readonly number[], opts: { seed?: number; generator?: TorchGenerator } = {}): T[][] {
  checkOptions('randomSplit', opts, { seed: 'int', generator: 'object' });
  const n = dataset.length;
  let lens = lengths.slice();
  const total = lens.reduce((a, b) => a + b, 0);
  if (Math.abs(total - 1) <= 1e-9 && total <= 1 && !lens.every((l) => Number.isInteger(l) && l >= 1)) {
    lens = lens.map((f, i) => {
      if (f < 0 || f > 1) throw new Error(`randomSplit: fraction at index ${i} is not between 0 and 1`);
      return Math.floor(n * f);
    });
    const rem = n - lens.reduce((a, b) => a + b, 0);
    for (let i = 0; i < rem; i++) lens[i % lens.length]++;
  }
  if (lens.some((l) => !Number.isInteger(l) || l < 0))
    throw new Error(`randomSplit: lengths must be non-negative integers or fractions summing to 1, got ${JSON.stringify(lengths)}`);
  if (lens.reduce((a, b) => a + b, 0) !== n)
    throw new Error(`randomSplit: sum of input lengths (${lens.join(' + ')}) does not equal the length of the input dataset (${n})`);
  const g = opts.generator ?? (opts.seed !== undefined ? new TorchGenerator(opts.seed) : defaultGenerator);
  const perm = g.randperm(n);
  const out: T[][] = [];
  let off = 0;
  for (const l of lens) {
    out.push(perm.slice(off, off + l).map((i) => getItem(dataset, i)));
    off += l;
  }
  return out;
}
