// The seq2seq training loop: shuffled padded batches, Adam, gradient clipping, validation loss per
// epoch, best-on-validation parameters kept, and a clean stop at a wall-clock budget.
import { noGrad } from '../autograd.js';
import { Adam } from '../optim/optimizer.js';
import { clipGradNorm } from '../optim/clip.js';
import { TorchGenerator } from '../random/torch.js';
import type { Tensor } from '../tensor.js';
import type { EncodedPair } from './corpus.js';
import { padIds, type Seq2Seq } from './model.js';
import { checkOptions } from '../options.js';

/** trainSeq2Seq's settings. */
export interface TrainOptions {
  /** Epochs (default 10, or unlimited when minutes is given). */
  epochs?: number;
  /** Wall-clock budget in minutes: training stops before the first batch that would start after it. */
  minutes?: number;
  /** Stop after this many steps (default: no limit; a smoke run of a large corpus). */
  maxSteps?: number;
  /** Sentence pairs per batch (default 32). */
  batchSize?: number;
  /** Adam's learning rate (default 1e-3). */
  lr?: number;
  /** Max gradient norm (default 1; 0 = no clipping). */
  clip?: number;
  /** Probability of feeding the reference token to the decoder (default 1). */
  teacherForcingRatio?: number;
  /** Seed of the shuffling generator (default 0). */
  seed?: number;
  /** Validation pairs: their loss is measured after each epoch (and at the budget). */
  val?: readonly EncodedPair[];
  /** Restore the parameters of the epoch with the lowest validation loss at the end (default true with val). */
  keepBest?: boolean;
  /** Called after every optimizer step (progress bars). */
  onStep?(info: StepInfo): void;
  /** Called after every epoch, and after the partial epoch a budget stop ends. */
  onEpoch?(info: EpochInfo): void;
}

/** One training step, as TrainOptions.onStep receives it. */
export interface StepInfo {
  /** The epoch (from 1). */
  epoch: number;
  /** The step within the epoch (from 1). */
  step: number;
  /** Steps in a full epoch. */
  stepsPerEpoch: number;
  /** The batch's mean per-token loss. */
  loss: number;
  /** Seconds since training started. */
  seconds: number;
}
/** One epoch's summary, as TrainOptions.onEpoch receives it. */
export interface EpochInfo {
  /** The epoch (from 1). */
  epoch: number;
  /** Mean per-token training loss over the epoch's batches. */
  trainLoss: number;
  /** Mean per-token validation loss, or null without val pairs. */
  valLoss: number | null;
  /** Seconds since training started. */
  seconds: number;
  /** Whether this epoch has the lowest validation loss so far. */
  best: boolean;
  /** Whether the budget stopped it before its last batch. */
  partial: boolean;
}
/** What trainSeq2Seq returns. */
export interface TrainResult {
  /** Epochs run (a partial one included). */
  epochs: number;
  /** Optimizer steps run. */
  steps: number;
  /** Wall-clock seconds. */
  seconds: number;
  /** The lowest validation loss, or null without val pairs. */
  bestValLoss: number | null;
  /** The epoch that reached it (its parameters are restored with keepBest). */
  bestEpoch: number;
  /** Whether the minutes or maxSteps budget ended training before the last epoch ended. */
  stoppedByBudget: boolean;
  /** Every epoch's summary. */
  history: EpochInfo[];
}

/** Batches of `batchSize` in the order of `order`: padded source ids + lengths, padded targets. */
function makeBatch(model: Seq2Seq, pairs: readonly EncodedPair[], idx: readonly number[]): { src: Tensor; lengths: number[]; tgt: Tensor; tokens: number } {
  const pad = model.cfg.padIdx;
  const s = padIds(
    idx.map((i) => pairs[i].src),
    pad,
  );
  const t = padIds(
    idx.map((i) => pairs[i].tgt),
    pad,
  );
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

/**
 * Trains `model` on encoded pairs (encodePairs: source ids + EOS, target SOS + ids + EOS):
 * shuffled padded batches, Adam, gradient clipping, cross-entropy with teacher forcing; the
 * validation loss after each epoch, the best epoch's parameters restored at the end.
 */
export function trainSeq2Seq(model: Seq2Seq, train: readonly EncodedPair[], opts: TrainOptions = {}): TrainResult {
  checkOptions('trainSeq2Seq', opts, {
    epochs: 'number',
    minutes: 'number',
    maxSteps: 'int',
    batchSize: 'int',
    lr: 'number',
    clip: 'number',
    teacherForcingRatio: 'number',
    seed: 'int',
    val: 'array',
    keepBest: 'boolean',
    onStep: 'function',
    onEpoch: 'function',
  });
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
      if (Date.now() >= deadline || steps >= maxSteps) {
        stopped = true;
        break;
      }
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
    if (s === 0) {
      epoch--;
      break;
    }
    const valLoss = val?.length ? evaluateLoss(model, val) : null;
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
