// Sampling helpers for decoding: torch.multinomial with PyTorch 1.13's CPU algorithms (same
// indices for the same seed), temperature scaling and top-k filtering of logits.
import { checkOptions } from './options.js';
import { describeNonTensor } from './options.js';
import { defaultGenerator, type TorchGenerator } from './random/torch.js';
import { checkElements, fmtShape, Tensor } from './tensor.js';

/** torch.multinomial's keyword arguments. */
export interface MultinomialOptions {
  /** Draw with replacement (default false: each category at most once per row). */
  replacement?: boolean;
  /** The generator to draw from (default: the one manualSeed seeds). */
  generator?: TorchGenerator;
}

function rowsOf(where: string, probs: Tensor): { rows: number; C: number } {
  if (!(probs instanceof Tensor)) throw new Error(`${where}: probs must be a Tensor, got ${describeNonTensor(probs)}`);
  if (probs.ndim !== 1 && probs.ndim !== 2) throw new Error(`${where}: prob_dist must be 1 or 2 dim, got shape ${fmtShape(probs.shape)}`);
  const C = probs.shape[probs.ndim - 1];
  const rows = probs.ndim === 1 ? 1 : probs.shape[0];
  if (C === 0) throw new Error(`${where}: number of categories cannot be zero (shape ${fmtShape(probs.shape)})`);
  const d = probs.data;
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let j = 0; j < C; j++) {
      const v = d[r * C + j];
      if (!(v >= 0) || !Number.isFinite(v)) throw new Error(`${where}: probability tensor contains either inf, nan or element < 0 (row ${r})`);
      s += v;
    }
    if (!(s > 0)) throw new Error(`${where}: invalid multinomial distribution (sum of probabilities <= 0) in row ${r}`);
  }
  return { rows, C };
}

/**
 * Draws numSamples category indices per row of probs [C] or [R, C] (unnormalised weights) →
 * [numSamples] or [R, numSamples] (float32 indices), like torch.multinomial:
 * without replacement (or one sample) the exponential race argmax/topk(p / Exp(1)); with
 * replacement a binary search of one double uniform per sample in the float32 CDF.
 */
export function multinomial(probs: Tensor, numSamples: number, opts: MultinomialOptions | boolean = {}): Tensor {
  // a boolean third argument is PyTorch's positional replacement
  const { replacement = false, generator = defaultGenerator } =
    typeof opts === 'boolean' ? { replacement: opts } : checkOptions('multinomial', opts, { replacement: 'boolean', generator: 'object' });
  const { rows, C } = rowsOf('multinomial', probs);
  if (!Number.isInteger(numSamples) || numSamples <= 0) throw new Error(`multinomial: cannot sample n_sample <= 0 samples (got ${numSamples})`);
  if (!replacement && numSamples > C)
    throw new Error(`multinomial: cannot sample n_sample > prob_dist.size(-1) samples without replacement (${numSamples} > ${C})`);
  const p = probs.data;
  checkElements('multinomial', rows * numSamples, `the output of ${numSamples} samples per row (${rows} rows)`);
  const out = new Float32Array(rows * numSamples);
  const fr = Math.fround;
  if (!replacement || numSamples === 1) {
    const q = generator.exponential(new Float32Array(rows * C), 1);
    for (let i = 0; i < q.length; i++) q[i] = fr(p[i] / q[i]);
    for (let r = 0; r < rows; r++) {
      const order = Array.from({ length: C }, (_, j) => j);
      // NOTE: stable on ties (lowest index first); PyTorch's topk leaves tie order unspecified.
      order.sort((a, b) => q[r * C + b] - q[r * C + a] || a - b);
      for (let j = 0; j < numSamples; j++) out[r * numSamples + j] = order[j];
    }
  } else {
    const cdf = new Float32Array(C);
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let j = 0; j < C; j++) {
        s = fr(s + p[r * C + j]);
        cdf[j] = s;
      }
      for (let j = 0; j < C; j++) cdf[j] = fr(cdf[j] / s);
      cdf[C - 1] = 1;
      for (let j = 0; j < numSamples; j++) {
        const u = generator.uniform01();
        let lo = 0;
        let hi = C;
        while (hi - lo > 0) {
          const mid = lo + ((hi - lo) >> 1);
          if (cdf[mid] < u) lo = mid + 1;
          else hi = mid;
        }
        out[r * numSamples + j] = lo;
      }
    }
  }
  return new Tensor(out, probs.ndim === 1 ? [numSamples] : [rows, numSamples]);
}

/** logits / temperature (temperature > 0); not differentiable (a decoding helper). */
export function applyTemperature(logits: Tensor, temperature: number): Tensor {
  if (!(temperature > 0) || !Number.isFinite(temperature)) throw new Error(`applyTemperature: temperature must be a positive number, got ${temperature}`);
  return new Tensor(
    logits.data.map((v) => v / temperature),
    logits.shape.slice(),
  );
}

/** Keeps the k largest logits of each row (last dim) and sets the rest to −Infinity (ties at the k-th value are kept). */
export function topKFilter(logits: Tensor, k: number): Tensor {
  const C = logits.shape[logits.ndim - 1] ?? 1;
  if (!Number.isInteger(k) || k <= 0) throw new Error(`topKFilter: k must be a positive integer, got ${k}`);
  const d = logits.data;
  const out = new Float32Array(d.length);
  if (k >= C) {
    out.set(d);
    return new Tensor(out, logits.shape.slice());
  }
  for (let r = 0; r < d.length / C; r++) {
    const row = d.subarray(r * C, (r + 1) * C);
    const kth = Float32Array.from(row).sort().reverse()[k - 1];
    for (let j = 0; j < C; j++) out[r * C + j] = row[j] >= kth ? row[j] : -Infinity;
  }
  return new Tensor(out, logits.shape.slice());
}

/** Softmax of logits/temperature over the last dim, top-k filtered, then one multinomial draw per row → indices. */
export function sampleLogits(logits: Tensor, opts: { temperature?: number; topK?: number; generator?: TorchGenerator } = {}): Tensor {
  checkOptions('sampleLogits', opts, { temperature: 'number', topK: 'int', generator: 'object' });
  let l = opts.temperature !== undefined ? applyTemperature(logits, opts.temperature) : logits;
  if (opts.topK !== undefined) l = topKFilter(l, opts.topK);
  const C = l.shape[l.ndim - 1];
  const d = l.data;
  const probs = new Float32Array(d.length);
  for (let r = 0; r < d.length / C; r++) {
    let m = -Infinity;
    for (let j = 0; j < C; j++) m = Math.max(m, d[r * C + j]);
    let s = 0;
    for (let j = 0; j < C; j++) s += Math.exp(d[r * C + j] - m);
    for (let j = 0; j < C; j++) probs[r * C + j] = Math.exp(d[r * C + j] - m) / s;
  }
  const shape = l.ndim === 1 ? [C] : [d.length / C, C];
  const idx = multinomial(new Tensor(probs, shape), 1, { generator: opts.generator });
  return l.ndim <= 2 ? idx : new Tensor(idx.data, [...l.shape.slice(0, -1), 1]);
}
