// nn.functional: the layers' ops as plain functions (F.linear, F.crossEntropy, …).
export { linear, embedding, dropout, crossEntropy, nllLoss, mseLoss, l1Loss, binaryCrossEntropyWithLogits } from '../ops/nn.js';
export { softmax, logSoftmax } from '../ops/reduce.js';
export { clamp } from '../ops/elementwise.js';
import type { Tensor } from '../tensor.js';
import { unary } from '../ops/elementwise.js';
import { checkTensor } from '../ops/util.js';
export const relu = (x: Tensor) => unary('relu', checkTensor('relu', 'input', x));
export const tanh = (x: Tensor) => unary('tanh', checkTensor('tanh', 'input', x));
export const sigmoid = (x: Tensor) => unary('sigmoid', checkTensor('sigmoid', 'input', x));
