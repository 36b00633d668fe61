// Learning-rate schedulers with PyTorch 1.13's behaviour (StepLR, ExponentialLR, ReduceLROnPlateau):
// each one rewrites `opt.paramGroups[i].options.lr` in place.
import type { Hyper, Optimizer } from './optimizer.js';
import { checkOptions } from '../options.js';

type AnyOptimizer = Optimizer<Hyper & { lr: number }>;

function groupsOf(where: string, opt: AnyOptimizer): { options: { lr: number } }[] {
  const groups = (opt as unknown as { paramGroups?: { options: { lr: number } }[] })?.paramGroups;
  if (!Array.isArray(groups)) throw new Error(`${where}: expected an optimizer (with paramGroups), got ${opt === null ? 'null' : typeof opt}`);
  for (const [i, g] of groups.entries()) {
    if (typeof g.options.lr !== 'number') throw new Error(`${where}: param group ${i} has no numeric lr`);
    // the schedulers only scale lr: it must start valid (as the optimizers check it)
    if (!(g.options.lr >= 0) || !Number.isFinite(g.options.lr)) throw new Error(`${where}: param group ${i}: Invalid learning rate: ${g.options.lr}`);
  }
  return groups;
}

/**
 * The base of the epoch-driven schedulers (PyTorch's _LRScheduler, chainable form): the
 * constructor records each group's initial lr; subclasses then perform step 0 (lr unchanged).
 */
export abstract class LRScheduler {
  /** The optimizer whose groups' `options.lr` this scheduler writes. */
  readonly optimizer: AnyOptimizer;
  /** Each group's lr when the scheduler was made (PyTorch's base_lrs). */
  readonly baseLrs: number[];
  /** Epochs stepped so far (0 after construction, which runs step 0). */
  lastEpoch = -1;
  protected lastLr: number[] = [];

  constructor(optimizer: AnyOptimizer, where: string) {
    this.optimizer = optimizer;
    this.baseLrs = groupsOf(where, optimizer).map((g) => g.options.lr);
  }

  /** Step 0, which subclasses run at the end of their constructor (it leaves lr unchanged). */
  protected initialStep(): void {
    this.step();
  }

  /** The new lr of every group for epoch `lastEpoch` (already advanced), from the current lrs. */
  protected abstract getLr(): number[];

  /** Advances one epoch and writes the new learning rates. */
  step(): void {
    this.lastEpoch++;
    const lrs = this.getLr();
    this.optimizer.paramGroups.forEach((g, i) => {
      (g.options as { lr: number }).lr = lrs[i];
    });
    this.lastLr = lrs.slice();
  }

  /** The learning rates written by the last step(), one per param group. */
  getLastLr(): number[] {
    return this.lastLr.slice();
  }

  protected currentLrs(): number[] {
    return this.optimizer.paramGroups.map((g) => (g.options as { lr: number }).lr);
  }

  /** { lastEpoch, baseLrs, lastLr }, for a checkpoint. */
  stateDict(): Record<string, unknown> {
    return { lastEpoch: this.lastEpoch, baseLrs: this.baseLrs.slice(), lastLr: this.lastLr.slice() };
  }

  /** Restores a stateDict(); the optimizer's lrs are restored by the optimizer's own loadStateDict. */
  loadStateDict(sd: Record<string, unknown>): void {
    if (typeof sd.lastEpoch !== 'number' || !Array.isArray(sd.lastLr))
      throw new Error(`${this.constructor.name}.loadStateDict: not a scheduler state (needs lastEpoch and lastLr)`);
    this.lastEpoch = sd.lastEpoch;
    this.lastLr = (sd.lastLr as number[]).slice();
  }
}

/** torch.optim.lr_scheduler.StepLR's settings. */
export interface StepLROptions {
  /** Epochs between two decays (a positive integer). */
  stepSize: number;
  /** Multiplicative factor of each decay (default 0.1). */
  gamma?: number;
}

/** Multiplies every group's lr by gamma once every stepSize epochs (lr·γ^⌊epoch/stepSize⌋). */
export class StepLR extends LRScheduler {
  /** Epochs between two decays. */
  readonly stepSize: number;
  /** Multiplicative factor of each decay. */
  readonly gamma: number;
  constructor(optimizer: AnyOptimizer, opts: StepLROptions) {
    checkOptions('StepLR', opts, { stepSize: 'any', gamma: 'any' }, true);
    const stepSize = opts?.stepSize;
    if (!Number.isInteger(stepSize) || stepSize <= 0) throw new Error(`StepLR: stepSize must be a positive integer, got ${String(stepSize)}`);
    const gamma = opts.gamma ?? 0.1;
    if (typeof gamma !== 'number' || !(gamma >= 0) || !Number.isFinite(gamma))
      throw new Error(`StepLR: gamma must be a finite number ≥ 0, got ${String(gamma)}`);
    super(optimizer, 'StepLR');
    this.stepSize = stepSize;
    this.gamma = gamma;
    this.initialStep();
  }
  protected getLr(): number[] {
    const lrs = this.currentLrs();
    // NOTE: chainable form, as PyTorch: the current lr times γ (not base·γ^k), so rounding matches.
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return lrs;
    return lrs.map((lr) => lr * this.gamma);
  }
}

/** torch.optim.lr_scheduler.ExponentialLR's settings. */
export interface ExponentialLROptions {
  /** Multiplicative factor applied every epoch. */
  gamma: number;
}

/** Multiplies every group's lr by gamma every epoch. */
export class ExponentialLR extends LRScheduler {
  /** Multiplicative factor applied every epoch. */
  readonly gamma: number;
  constructor(optimizer: AnyOptimizer, opts: ExponentialLROptions) {
    checkOptions('ExponentialLR', opts, { gamma: 'any' }, true);
    const gamma = opts?.gamma;
    if (typeof gamma !== 'number' || !(gamma >= 0) || !Number.isFinite(gamma))
      throw new Error(`ExponentialLR: gamma must be a finite number ≥ 0, got ${String(gamma)}`);
    super(optimizer, 'ExponentialLR');
    this.gamma = gamma;
    this.initialStep();
  }
  protected getLr(): number[] {
    const lrs = this.currentLrs();
    if (this.lastEpoch === 0) return lrs;
    return lrs.map((lr) => lr * this.gamma);
  }
}

/** torch.optim.lr_scheduler.ReduceLROnPlateau's settings, camelCase. */
export interface ReduceLROnPlateauOptions {
  /** 'min': the metric should fall (a loss); 'max': rise (an accuracy). Default 'min'. */
  mode?: 'min' | 'max';
  /** lr ← lr·factor on a plateau (default 0.1; must be < 1). */
  factor?: number;
  /** Epochs without improvement tolerated before reducing (default 10). */
  patience?: number;
  /** The least change that counts as an improvement (default 1e-4). */
  threshold?: number;
  /** 'rel': improvement relative to the best (best·(1 ∓ threshold)); 'abs': best ∓ threshold. Default 'rel'. */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting bad epochs again (default 0). */
  cooldown?: number;
  /** One floor for every group, or one per group. */
  minLr?: number | number[];
  /** A reduction smaller than eps is skipped (default 1e-8). */
  eps?: number;
}

/**
 * Multiplies lr by `factor` once the metric passed to step(metric) has not improved for more
 * than `patience` epochs (improved: below best·(1 − threshold) in 'min'/'rel' mode, etc.), then
 * waits `cooldown` epochs. lr never goes below minLr; changes smaller than eps are skipped.
 */
export class ReduceLROnPlateau {
  /** The optimizer whose groups' `options.lr` this scheduler writes. */
  readonly optimizer: AnyOptimizer;
  /** See ReduceLROnPlateauOptions.mode. */
  readonly mode: 'min' | 'max';
  /** See ReduceLROnPlateauOptions.factor. */
  readonly factor: number;
  /** See ReduceLROnPlateauOptions.patience. */
  readonly patience: number;
  /** See ReduceLROnPlateauOptions.threshold. */
  readonly threshold: number;
  /** See ReduceLROnPlateauOptions.thresholdMode. */
  readonly thresholdMode: 'rel' | 'abs';
  /** See ReduceLROnPlateauOptions.cooldown. */
  readonly cooldown: number;
  /** The lr floor of each group. */
  readonly minLrs: number[];
  /** See ReduceLROnPlateauOptions.eps. */
  readonly eps: number;
  /** The best metric seen so far (±Infinity before the first step). */
  best: number;
  /** Consecutive epochs without improvement. */
  numBadEpochs = 0;
  /** Epochs of cooldown left. */
  cooldownCounter = 0;
  /** Epochs stepped so far. */
  lastEpoch = 0;
  private lastLr: number[];

  constructor(optimizer: AnyOptimizer, opts: ReduceLROnPlateauOptions = {}) {
    checkOptions('ReduceLROnPlateau', opts, {
      mode: 'any',
      factor: 'any',
      patience: 'any',
      threshold: 'any',
      thresholdMode: 'any',
      cooldown: 'any',
      minLr: 'any',
      eps: 'any',
    });
    const groups = groupsOf('ReduceLROnPlateau', optimizer);
    const { mode = 'min', factor = 0.1, patience = 10, threshold = 1e-4, thresholdMode = 'rel', cooldown = 0, minLr = 0, eps = 1e-8 } = opts;
    if (!(factor < 1.0)) throw new Error(`ReduceLROnPlateau: factor should be < 1.0, got ${factor}`);
    if (!(factor >= 0)) throw new Error(`ReduceLROnPlateau: factor should be ≥ 0, got ${factor}`);
    for (const m of Array.isArray(minLr) ? minLr : [minLr]) {
      if (typeof m !== 'number' || !(m >= 0) || !Number.isFinite(m)) throw new Error(`ReduceLROnPlateau: minLr must be finite numbers ≥ 0, got ${String(m)}`);
    }
    if (mode !== 'min' && mode !== 'max') throw new Error(`ReduceLROnPlateau: mode ${String(mode)} is unknown (expected 'min' or 'max')`);
    if (thresholdMode !== 'rel' && thresholdMode !== 'abs')
      throw new Error(`ReduceLROnPlateau: threshold mode ${String(thresholdMode)} is unknown (expected 'rel' or 'abs')`);
    if (Array.isArray(minLr)) {
      if (minLr.length !== groups.length) throw new Error(`ReduceLROnPlateau: expected ${groups.length} minLr values, got ${minLr.length}`);
      this.minLrs = minLr.slice();
    } else {
      this.minLrs = groups.map(() => minLr);
    }
    this.optimizer = optimizer;
    this.mode = mode;
    this.factor = factor;
    this.patience = patience;
    this.threshold = threshold;
    this.thresholdMode = thresholdMode;
    this.cooldown = cooldown;
    this.eps = eps;
    this.best = mode === 'min' ? Infinity : -Infinity;
    this.lastLr = groups.map((g) => g.options.lr);
  }

  /** True while a cooldown after a reduction lasts. */
  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  /** Whether metric `a` improves on `best` by more than the threshold, in this mode. */
  isBetter(a: number, best: number): boolean {
    if (this.mode === 'min' && this.thresholdMode === 'rel') return a < best * (1 - this.threshold);
    if (this.mode === 'min') return a < best - this.threshold;
    if (this.thresholdMode === 'rel') return a > best * (this.threshold + 1);
    return a > best + this.threshold;
  }

  /** Records one epoch's metric (a number, or a one-element tensor) and reduces lr if it has plateaued. */
  step(metric: number | { item(): number }): void {
    const current = typeof metric === 'number' ? metric : metric?.item?.();
    if (typeof current !== 'number') throw new Error(`ReduceLROnPlateau.step: expected a metric (number), got ${String(metric)}`);
    this.lastEpoch++;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs++;
    }
    if (this.inCooldown) {
      this.cooldownCounter--;
      this.numBadEpochs = 0; // bad epochs during cooldown do not count
    }
    if (this.numBadEpochs > this.patience) {
      this.reduceLr();
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.paramGroups.map((g) => (g.options as { lr: number }).lr);
  }

  private reduceLr(): void {
    this.optimizer.paramGroups.forEach((g, i) => {
      const o = g.options as { lr: number };
      const newLr = Math.max(o.lr * this.factor, this.minLrs[i]);
      if (o.lr - newLr > this.eps) o.lr = newLr;
    });
  }

  /** The learning rates after the last step(), one per param group. */
  getLastLr(): number[] {
    return this.lastLr.slice();
  }

  /** { best, numBadEpochs, cooldownCounter, lastEpoch, lastLr }, for a checkpoint. */
  stateDict(): Record<string, unknown> {
    return { best: this.best, numBadEpochs: this.numBadEpochs, cooldownCounter: this.cooldownCounter, lastEpoch: this.lastEpoch, lastLr: this.lastLr.slice() };
  }

  /** Restores a stateDict(). */
  loadStateDict(sd: Record<string, unknown>): void {
    for (const k of ['best', 'numBadEpochs', 'cooldownCounter', 'lastEpoch']) {
      if (typeof sd[k] !== 'number') throw new Error(`ReduceLROnPlateau.loadStateDict: missing numeric ${k}`);
    }
    this.best = sd.best as number;
    this.numBadEpochs = sd.numBadEpochs as number;
    this.cooldownCounter = sd.cooldownCounter as number;
    this.lastEpoch = sd.lastEpoch as number;
    if (Array.isArray(sd.lastLr)) this.lastLr = (sd.lastLr as number[]).slice();
  }
}
