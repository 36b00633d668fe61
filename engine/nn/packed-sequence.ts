// Variable-length sequences as PyTorch packs them: PackedSequence (time-major rows of the sequences
// still running at each step, longest first) and pack/pad helpers. All moves are differentiable
// indexSelects, so gradients flow back to the padded input.
import { cat } from '../ops/shape.js';
import { full } from '../creation.js';
import { checkElements, fmtShape, sizeOf, Tensor } from '../tensor.js';
import { torchSortDescending } from './torch-sort.js';
import { tracer } from '../trace.js';

/**
 * A batch of variable-length sequences packed time-major (torch.nn.utils.rnn.PackedSequence): make
 * one with packPaddedSequence or packSequence, feed it to RNN/LSTM/GRU, unpack with padPackedSequence.
 */
export class PackedSequence {
  /** [N, *]: the rows of step 0 (batchSizes[0] of them), then of step 1, …; N = Σ batchSizes. */
  readonly data: Tensor;
  /** [T]: the sequences still running at each step, non-increasing (batch_sizes). */
  readonly batchSizes: readonly number[];
  /** sortedIndices[i] = the original batch index of packed column i (longest first), or null when already sorted. */
  readonly sortedIndices: readonly number[] | null;
  /** The inverse of sortedIndices: the packed column of original batch index b, or null. */
  readonly unsortedIndices: readonly number[] | null;
  /**
   * data [N, *]: rows of step 0 (batchSizes[0] of them), then step 1, …; batchSizes positive and
   * non-increasing with sum N; sortedIndices[i] = the original batch index of packed column i (null
   * when already sorted), unsortedIndices its inverse (computed when omitted, as PyTorch).
   * NOTE: everything is validated here and kept as frozen copies, since the recurrent kernels
   * trust this description of the data's layout (PyTorch checks it only as it reads the rows).
   */
  constructor(
    data: Tensor,
    batchSizes: ArrayLike<number> | Tensor,
    sortedIndices: ArrayLike<number> | Tensor | null = null,
    unsortedIndices: ArrayLike<number> | Tensor | null = null,
  ) {
    const where = 'PackedSequence';
    if (!(data instanceof Tensor) || data.ndim < 1)
      throw new Error(
        `${where}: data must be a Tensor of at least 1 dim, got ${data instanceof Tensor ? fmtShape(data.shape) : data === null ? 'null' : typeof data}`,
      );
    const bs = numberList(where, 'batchSizes', batchSizes);
    const N = data.shape[0];
    let rows = 0;
    for (let t = 0; t < bs.length; t++) {
      const b = bs[t];
      if (!Number.isInteger(b) || b <= 0) throw new Error(`${where}: batchSizes must be positive integers, got ${b} at step ${t} (batchSizes ${fmtList(bs)})`);
      if (t > 0 && b > bs[t - 1])
        throw new Error(
          `${where}: batchSizes must be non-increasing (sequences sorted by decreasing length), got ${b} after ${bs[t - 1]} at step ${t} (batchSizes ${fmtList(bs)})`,
        );
      if (rows + b > N) {
        throw new Error(
          `${where}: start (${rows}) + length (${b}) exceeds dimension size (${N}): batchSizes ${fmtList(bs)} describe more rows than data has (data shape ${fmtShape(data.shape)})`,
        );
      }
      rows += b;
    }
    if (rows !== N) throw new Error(`${where}: batchSizes ${fmtList(bs)} describe ${rows} rows, data has ${N} (data shape ${fmtShape(data.shape)})`);
    const B = bs[0] ?? 0;
    let sorted: number[] | null = null;
    let unsorted: number[] | null = null;
    if (sortedIndices !== null && sortedIndices !== undefined) {
      sorted = permutation(where, 'sortedIndices', numberList(where, 'sortedIndices', sortedIndices), B);
      if (unsortedIndices !== null && unsortedIndices !== undefined) {
        unsorted = numberList(where, 'unsortedIndices', unsortedIndices);
        const inv = invert(sorted);
        if (unsorted.length !== B || unsorted.some((v, i) => v !== inv[i])) {
          throw new Error(`${where}: unsortedIndices ${fmtList(unsorted)} must be the inverse permutation of sortedIndices ${fmtList(sorted)}`);
        }
      } else {
        unsorted = invert(sorted);
      }
    } else if (unsortedIndices !== null && unsortedIndices !== undefined) {
      throw new Error(`${where}: unsortedIndices given without sortedIndices`);
    }
    this.data = data;
    this.batchSizes = Object.freeze(bs);
    this.sortedIndices = sorted && Object.freeze(sorted);
    this.unsortedIndices = unsorted && Object.freeze(unsorted);
  }
}

function fmtList(v: readonly number[]): string {
  return v.length > 12 ? `[${v.slice(0, 12).join(', ')}, … (${v.length} in all)]` : `[${v.join(', ')}]`;
}

/** A copy of an array of numbers (number[], typed array or 1-D Tensor). */
function numberList(where: string, name: string, v: unknown): number[] {
  const values = v instanceof Tensor ? (v.ndim === 1 ? v.data : null) : v;
  if (values === null || (!Array.isArray(values) && !ArrayBuffer.isView(values)) || values instanceof DataView) {
    throw new Error(
      `${where}: ${name} must be an array of integers or a 1-D Tensor, got ${v instanceof Tensor ? `shape ${fmtShape(v.shape)}` : v === null ? 'null' : typeof v}`,
    );
  }
  const out = Array.from(values as ArrayLike<number>);
  for (const x of out) if (typeof x !== 'number') throw new Error(`${where}: ${name} must hold numbers, got ${typeof x}`);
  return out;
}

/** Checks that p is a permutation of 0 … n−1 (as numbers, before any integer conversion). */
function permutation(where: string, name: string, p: number[], n: number): number[] {
  const seen = new Uint8Array(n);
  const ok = p.length === n && p.every((v) => Number.isInteger(v) && v >= 0 && v < n && !seen[v] && (seen[v] = 1));
  if (!ok) throw new Error(`${where}: ${name} must be a permutation of 0…${n - 1} (one entry per sequence of the batch of ${n}), got ${fmtList(p)}`);
  return p;
}

function lengthsOf(where: string, lengths: ArrayLike<number> | Tensor, B: number, T: number): number[] {
  const ls = numberList(where, 'lengths', lengths);
  if (ls.length !== B) throw new Error(`${where}: expected ${B} lengths (one per sequence), got ${ls.length}`);
  for (const l of ls) {
    if (!Number.isInteger(l) || l <= 0) throw new Error(`${where}: lengths must be positive integers, got ${l} (lengths ${fmtShape(ls)})`);
    if (l > T) throw new Error(`${where}: a length of ${l} is longer than the ${T} steps of the input (lengths ${fmtShape(ls)})`);
  }
  return ls;
}

/**
 * Packs a padded batch (T, B, *) — (B, T, *) with batchFirst — of sequences with the given lengths.
 * enforceSorted (default true) requires lengths in non-increasing order; otherwise they are sorted
 * and the permutation is kept so outputs and hn come back in the original order.
 */
export function packPaddedSequence(
  input: Tensor,
  lengths: ArrayLike<number> | Tensor,
  opts: { batchFirst?: boolean; enforceSorted?: boolean } = {},
): PackedSequence {
  if (tracer) return tracer.call('packPaddedSequence', packPaddedSequence, input, lengths, opts);
  const where = 'packPaddedSequence';
  const { batchFirst = false, enforceSorted = true } = opts;
  if (!(input instanceof Tensor) || input.ndim < 2)
    throw new Error(`${where}: input must be a Tensor of at least 2 dims, got ${input instanceof Tensor ? fmtShape(input.shape) : typeof input}`);
  const T = batchFirst ? input.shape[1] : input.shape[0];
  const B = batchFirst ? input.shape[0] : input.shape[1];
  const ls = lengthsOf(where, lengths, B, T);
  let order = ls.map((_, i) => i);
  if (enforceSorted) {
    for (let i = 1; i < B; i++) {
      if (ls[i] > ls[i - 1])
        throw new Error(`${where}: lengths ${fmtShape(ls)} must be sorted in decreasing order when enforceSorted is true (or pass enforceSorted: false)`);
    }
  } else {
    order = torchSortDescending(ls);
  }
  const sorted = !enforceSorted ? order : null;
  const unsorted = sorted ? invert(sorted) : null;
  const batchSizes: number[] = [];
  const rows: number[] = [];
  const maxLen = ls[order[0]];
  for (let t = 0; t < maxLen; t++) {
    let bt = 0;
    for (const b of order) {
      if (ls[b] <= t) break;
      rows.push(batchFirst ? b * T + t : t * B + b);
      bt++;
    }
    batchSizes.push(bt);
  }
  const feat = input.shape.slice(2);
  const flat = input.reshape([T * B, ...feat]);
  return new PackedSequence(flat.indexSelect(0, rows), batchSizes, sorted, unsorted);
}

function invert(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => {
    inv[p] = i;
  });
  return inv;
}

/**
 * Unpacks to a padded (T, B, *) — (B, T, *) with batchFirst — tensor in the original batch order;
 * returns [padded, lengths]. totalLength pads to more steps than the longest sequence.
 */
export function padPackedSequence(seq: PackedSequence, opts: { batchFirst?: boolean; paddingValue?: number; totalLength?: number } = {}): [Tensor, number[]] {
  if (tracer) return tracer.call('padPackedSequence', padPackedSequence, seq, opts);
  const where = 'padPackedSequence';
  if (!(seq instanceof PackedSequence)) throw new Error(`${where}: expected a PackedSequence, got ${seq === null ? 'null' : typeof seq}`);
  const { batchFirst = false, paddingValue = 0 } = opts;
  const bs = seq.batchSizes;
  const B = bs[0] ?? 0;
  const maxLen = bs.length;
  const T = opts.totalLength ?? maxLen;
  if (typeof T !== 'number' || !Number.isInteger(T)) throw new Error(`${where}: totalLength must be an integer, got ${String(T)}`);
  if (T < maxLen)
    throw new Error(
      `${where}: Expected total_length to be at least the length of the longest sequence in input, but got total_length=${T} and max sequence length being ${maxLen}`,
    );
  checkElements(where, T * B * sizeOf(seq.data.shape.slice(1)), `the padded output [${batchFirst ? `${B}, ${T}` : `${T}, ${B}`}, …] (totalLength ${T})`);
  const lengthsSorted = new Array<number>(B).fill(0);
  for (let t = 0; t < maxLen; t++) for (let b = 0; b < bs[t]; b++) lengthsSorted[b]++;
  const orig = seq.sortedIndices ?? lengthsSorted.map((_, i) => i);
  const N = seq.data.shape[0];
  const feat = seq.data.shape.slice(1);
  // row N of the extended data is the padding row
  const padRow = full([1, ...feat], paddingValue);
  const ext = cat([seq.data, padRow], 0);
  const index = new Array<number>(T * B).fill(N);
  let off = 0;
  for (let t = 0; t < maxLen; t++) {
    for (let b = 0; b < bs[t]; b++) {
      const ob = orig[b];
      index[batchFirst ? ob * T + t : t * B + ob] = off + b;
    }
    off += bs[t];
  }
  const out = ext.indexSelect(0, index).reshape(batchFirst ? [B, T, ...feat] : [T, B, ...feat]);
  const lengths = new Array<number>(B);
  orig.forEach((ob, i) => {
    lengths[ob] = lengthsSorted[i];
  });
  return [out, lengths];
}

/** Pads a list of (L_i, *) tensors to (Lmax, B, *) — (B, Lmax, *) with batchFirst. */
export function padSequence(seqs: Tensor[], opts: { batchFirst?: boolean; paddingValue?: number } = {}): Tensor {
  const where = 'padSequence';
  const { batchFirst = false, paddingValue = 0 } = opts;
  if (!Array.isArray(seqs) || seqs.length === 0) throw new Error(`${where}: expected a non-empty list of Tensors`);
  const feat = seqs[0].shape.slice(1);
  for (const s of seqs) {
    if (s.ndim !== feat.length + 1 || s.shape.slice(1).some((d, i) => d !== feat[i])) {
      throw new Error(`${where}: all sequences must have the same trailing shape ${fmtShape(feat)}, got ${fmtShape(s.shape)}`);
    }
  }
  const T = seqs.reduce((m, s) => Math.max(m, s.shape[0]), -Infinity);
  const B = seqs.length;
  const parts: Tensor[] = [];
  const index = new Array<number>(T * B);
  let off = 0;
  const starts: number[] = [];
  for (const s of seqs) {
    starts.push(off);
    off += s.shape[0];
    parts.push(s);
  }
  const padIdx = off;
  parts.push(full([1, ...feat], paddingValue));
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) index[batchFirst ? b * T + t : t * B + b] = t < seqs[b].shape[0] ? starts[b] + t : padIdx;
  }
  return cat(parts, 0)
    .indexSelect(0, index)
    .reshape(batchFirst ? [B, T, ...feat] : [T, B, ...feat]);
}

/** Packs a list of (L_i, *) tensors (enforceSorted: lengths non-increasing). */
export function packSequence(seqs: Tensor[], opts: { enforceSorted?: boolean } = {}): PackedSequence {
  return packPaddedSequence(
    padSequence(seqs),
    seqs.map((s) => s.shape[0]),
    { enforceSorted: opts.enforceSorted ?? true },
  );
}
