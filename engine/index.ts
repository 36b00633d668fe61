// The public API: everything a user imports from 'seqgrad' comes from here.

export { Tensor, Parameter, MAX_ELEMENTS } from './tensor.js';
export { tensor, zeros, ones, full, zerosLike, onesLike, arange, randn, rand, randint, type TensorOptions } from './creation.js';
export { noGrad, enableGrad, isGradEnabled } from './autograd.js';
export { setBackend, getBackend, wasmBuild, type BackendName } from './backend/index.js';
export { setNumThreads, getNumThreads, threadsAvailable, whenThreadsReady, MAX_THREADS, DEFAULT_THREADS_CAP } from './backend/threads.js';
export { manualSeed, TorchGenerator } from './random/torch.js';
export { MT19937 } from './random/mt19937.js';
export { multinomial, applyTemperature, topKFilter, sampleLogits, type MultinomialOptions } from './sampling.js';
export * as random from './random/index.js';
export { memoryStats } from './memory.js';
export { cat, stack, split, chunk, reshape, permute, transpose, squeeze, unsqueeze, flatten, expand, select, slice, flip } from './ops/shape.js';
export { where, pow, clamp, abs } from './ops/elementwise.js';
export { matmul } from './ops/linalg.js';
export { bmm, narrow, clone } from './ops/aliases.js';
export { tanh, sigmoid, relu } from './nn/functional.js';
export { sum, mean } from './ops/reduce.js';
export { softmax, logSoftmax } from './ops/softmax.js';
export { max, min, argmax, argmin, amax, amin, topk } from './ops/extrema.js';
export { norm, std, var_ as var } from './ops/statistics.js';
export { indexSelect, gather } from './ops/gather-scatter.js';
export * as nn from './nn/index.js';
export * as optim from './optim/index.js';
export * as F from './nn/functional.js';
export * as data from './data/index.js';
export * as io from './io/index.js';
export * as seq2seq from './seq2seq/index.js';
export * as plot from './plot/index.js';
