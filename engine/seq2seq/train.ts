// The seq2seq training loop: shuffled padded batches, Adam, gradient clipping, validation loss per
// epoch, best-on-validation parameters kept, and a clean stop at a wall-clock budget.
import { noGrad } from '../autograd.js';
import { Adam } from '../optim/optimizer.js';
import { clipGradNorm } from '../optim/clip.js';
import { TorchGenerator } from '../random.js';
import { Tensor } from '../tensor.js';
import type { EncodedPair } from './corpus.js';
import { padIds, type Seq2Seq } from './model.js';

export interface TrainOptions {
  /** Epochs (default 10, or unlimited when minutes is given). */
  epochs?: number;
  /** Wall-clock budget in minutes: training stops before the first batch that would start after it. */
  minutes?: number;
  /** Stop after this many steps (default: no limit; a smoke run of a large corpus). */
  maxSteps?: number;
  batchSize?: number;
  lr?: number;
  /** Max gradient norm (default 1; 0 = no clipping). */
  clip?: number;
  teacherForcingRatio?: number;
  /** Seed of the shuffling generator (default 0). */
  seed?: number;
  /** Validation pairs: their loss is measured after each epoch (and at the budget). */
  val?: readonly EncodedPair[];
  /** Restore the parameters of the epoch with the lowest validation loss at the end (default true with val). */
  keepBest?: boolean;
  onStep?(info: StepInfo): void;
  onEpoch?(info: EpochInfo): void;
}

export interface StepInfo { epoch: number; step: number; stepsPerEpoch: number; loss: number; seconds: number }
export interface EpochInfo { epoch: number; trainLoss: number; valLoss: number | null; seconds: number; best: boolean; partial: boolean }
/** stoppedByBudget: stopped by `minutes` or `maxSteps` before the last epoch ended. */
export interface TrainResult { epochs: number; steps: number; seconds: number; bestValLoss: number | null; bestEpoch: number; stoppedByBudget: boolean; history: EpochInfo[] }

/** Batches of `batchSize` in the order of `order`: padded source ids + lengths, padded targets. */
function makeBatch(model: Seq2Seq, pairs: readonly EncodedPair[], idx: readonly number[]): { src: Tensor; lengths: number[]; tgt: Tensor; tokens: number } {
  const pad = model.cfg.padIdx;
  const s = padIds(idx.map((i) => pairs[i].src), pad);
  const t = padIds(idx.map((i) => pairs[i].tgt), pad);
  const tokens = idx.reduce((n, i) => n + pairs[i].tgt.length - 1, 0);
  return { src: s.ids, lengths: s.lengths, tgt: t.ids, tokens };
}

/** Mean per-token cross-entropy of pairs under the model (eval mode, no graph). */
export function evaluateLoss(model: Seq2Seq, pairs: readonly EncodedPair[], batchSize = 64): number {
  const was = model.training;
  model.eval();
  try {
    return noGrad(() => {
      let total = 0;
      let count = 0;
      for (let i = 0; i < pairs.length; i += batchSize) {
        const idx = Array.from({ length: Math.min(batchSize, pairs.length - i) }, (_, j) => i + j);
        const b = makeBatch(model, pairs, idx);
        total += model.loss(b.src, b.lengths, b.tgt).item() * b.tokens;
        count += b.tokens;
      }
      return count ? total / count : NaN;
    });
  } finally {
    model.train(was);
  }
}

export function trainSeq2Seq(model: Seq2Seq, train: readonly EncodedPair[], opts: TrainOptions = {}): TrainResult {
  const { batchSize = 32, lr = 1e-3, clip = 1, teacherForcingRatio = 1, seed = 0, val } = opts;
  const epochs = opts.epochs ?? (opts.minutes !== undefined ? Infinity : 10);
  const keepBest = opts.keepBest ?? !!val;
  if (train.length === 0) throw new Error('trainSeq2Seq: no training pairs');
  const deadline = opts.minutes !== undefined ? Date.now() + opts.minutes * 60_000 : Infinity;
  const maxSteps = opts.maxSteps ?? Infinity;
  const t0 = Date.now();
  const gen = new TorchGenerator(seed);
  const opt = new Adam(model.parameters(), { lr });
  const stepsPerEpoch = Math.ceil(train.length / batchSize);
  const history: EpochInfo[] = [];
  let best: Record<string, Tensor> | null = null;
  let bestValLoss: number | null = null;
  let bestEpoch = 0;
  let steps = 0;
  let stopped = false;
  let epoch = 0;
  model.train();
  while (epoch < epochs && !stopped) {
    epoch++;
    const perm = gen.randperm(train.length);
    let lossSum = 0;
    let tokSum = 0;
    let s = 0;
    for (; s < stepsPerEpoch; s++) {
      if (Date.now() >= deadline || steps >= maxSteps) { stopped = true; break; }
      const b = makeBatch(model, train, perm.slice(s * batchSize, (s + 1) * batchSize));
      opt.zeroGrad();
      const loss = model.loss(b.src, b.lengths, b.tgt, { teacherForcingRatio });
      loss.backward();
      if (clip > 0) clipGradNorm(model.parameters(), clip);
      opt.step();
      steps++;
      const l = loss.item();
      lossSum += l * b.tokens;
      tokSum += b.tokens;
      opts.onStep?.({ epoch, step: s + 1, stepsPerEpoch, loss: l, seconds: (Date.now() - t0) / 1000 });
    }
    if (s === 0) { epoch--; break; }
    const valLoss = val && val.length ? evaluateLoss(model, val) : null;
    const isBest = valLoss !== null && (bestValLoss === null || valLoss < bestValLoss);
    if (isBest) {
      bestValLoss = valLoss;
      bestEpoch = epoch;
      if (keepBest) best = model.stateDict();
    }
    const info: EpochInfo = { epoch, trainLoss: lossSum / tokSum, valLoss, seconds: (Date.now() - t0) / 1000, best: isBest, partial: s < stepsPerEpoch };
    history.push(info);
    opts.onEpoch?.(info);
  }
  if (keepBest && best) model.loadStateDict(best);
  model.eval();
  return { epochs: epoch, steps, seconds: (Date.now() - t0) / 1000, bestValLoss, bestEpoch, stoppedByBudget: stopped, history };
}
