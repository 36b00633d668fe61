// Variable-length sequences as PyTorch packs them: PackedSequence (time-major rows of the sequences
// still running at each step, longest first) and pack/pad helpers. All moves are differentiable
// indexSelects, so gradients flow back to the padded input.
import { cat } from '../ops/shape.js';
import { full } from '../creation.js';
import { fmtShape, Tensor } from '../tensor.js';
import { torchSortDescending } from './torch-sort.js';

export class PackedSequence {
  /**
   * data [N, *]: rows of step 0 (batchSizes[0] of them), then step 1, …; batchSizes non-increasing;
   * sortedIndices[i] = the original batch index of packed column i (null when already sorted).
   */
  constructor(
    readonly data: Tensor,
    readonly batchSizes: number[],
    readonly sortedIndices: number[] | null = null,
    readonly unsortedIndices: number[] | null = null,
  ) {}
}

function lengthsOf(where: string, lengths: ArrayLike<number> | Tensor, B: number, T: number): number[] {
  const ls = Array.from(lengths instanceof Tensor ? lengths.data : lengths);
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
export function packPaddedSequence(input: Tensor, lengths: ArrayLike<number> | Tensor, opts: { batchFirst?: boolean; enforceSorted?: boolean } = {}): PackedSequence {
  const where = 'packPaddedSequence';
  const { batchFirst = false, enforceSorted = true } = opts;
  if (!(input instanceof Tensor) || input.ndim < 2) throw new Error(`${where}: input must be a Tensor of at least 2 dims, got ${input instanceof Tensor ? fmtShape(input.shape) : typeof input}`);
  const T = batchFirst ? input.shape[1] : input.shape[0];
  const B = batchFirst ? input.shape[0] : input.shape[1];
  const ls = lengthsOf(where, lengths, B, T);
  let order = ls.map((_, i) => i);
  if (enforceSorted) {
    for (let i = 1; i < B; i++) {
      if (ls[i] > ls[i - 1]) throw new Error(`${where}: lengths ${fmtShape(ls)} must be sorted in decreasing order when enforceSorted is true (or pass enforceSorted: false)`);
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

function invert(perm: number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => { inv[p] = i; });
  return inv;
}

/**
 * Unpacks to a padded (T, B, *) — (B, T, *) with batchFirst — tensor in the original batch order;
 * returns [padded, lengths]. totalLength pads to more steps than the longest sequence.
 */
export function padPackedSequence(seq: PackedSequence, opts: { batchFirst?: boolean; paddingValue?: number; totalLength?: number } = {}): [Tensor, number[]] {
  const where = 'padPackedSequence';
  const { batchFirst = false, paddingValue = 0 } = opts;
  const bs = seq.batchSizes;
  const B = bs[0] ?? 0;
  const maxLen = bs.length;
  const T = opts.totalLength ?? maxLen;
  if (T < maxLen) throw new Error(`${where}: expected totalLength to be at least the length of the longest sequence (${maxLen}), got ${T}`);
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
  orig.forEach((ob, i) => { lengths[ob] = lengthsSorted[i]; });
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
  for (const s of seqs) { starts.push(off); off += s.shape[0]; parts.push(s); }
  const padIdx = off;
  parts.push(full([1, ...feat], paddingValue));
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) index[batchFirst ? b * T + t : t * B + b] = t < seqs[b].shape[0] ? starts[b] + t : padIdx;
  }
  return cat(parts, 0).indexSelect(0, index).reshape(batchFirst ? [B, T, ...feat] : [T, B, ...feat]);
}

/** Packs a list of (L_i, *) tensors (enforceSorted: lengths non-increasing). */
export function packSequence(seqs: Tensor[], opts: { enforceSorted?: boolean } = {}): PackedSequence {
  return packPaddedSequence(padSequence(seqs), seqs.map((s) => s.shape[0]), { enforceSorted: opts.enforceSorted ?? true });
}
