// nn.functional: the layers' ops as plain functions (F.linear, F.crossEntropy, …).
export { linear, embedding, dropout, crossEntropy, nllLoss, mseLoss, l1Loss, binaryCrossEntropyWithLogits } from '../ops/nn.js';
export { softmax, logSoftmax } from '../ops/reduce.js';
export { clamp } from '../ops/elementwise.js';
import type { Tensor } from '../tensor.js';
export const relu = (x: Tensor) => x.relu();
export const tanh = (x: Tensor) => x.tanh();
export const sigmoid = (x: Tensor) => x.sigmoid();
