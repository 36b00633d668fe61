// The optim namespace: optimizers and learning-rate schedulers with PyTorch's names.
export { Optimizer, SGD, Adam, AdamW, RMSprop, type SGDOptions, type AdamOptions, type RMSpropOptions } from './optimizer.js';
export { clipGradNorm, clipGradValue } from './clip.js';
export * as lrScheduler from './lr_scheduler.js';
export {
  LRScheduler,
  StepLR,
  ExponentialLR,
  ReduceLROnPlateau,
  type StepLROptions,
  type ExponentialLROptions,
  type ReduceLROnPlateauOptions,
} from './lr_scheduler.js';
