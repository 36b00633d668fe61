// nn.functional: the layers' ops as plain functions (F.linear, F.crossEntropy, …).
export { linear, embedding, dropout } from '../ops/layers.js';
export { crossEntropy, nllLoss, mseLoss, l1Loss, binaryCrossEntropyWithLogits } from '../ops/losses.js';
export { softmax, logSoftmax } from '../ops/softmax.js';
export { clamp } from '../ops/elementwise.js';
import type { Tensor } from '../tensor.js';
import { unary } from '../ops/elementwise.js';
import { checkTensor } from '../ops/util.js';
/** Elementwise max(x, 0), same shape (F.relu). */
export const relu = (x: Tensor) => unary('relu', checkTensor('relu', 'input', x));
/** Elementwise tanh, same shape (F.tanh / torch.tanh). */
export const tanh = (x: Tensor) => unary('tanh', checkTensor('tanh', 'input', x));
/** Elementwise 1 / (1 + e^−x), same shape (F.sigmoid / torch.sigmoid). */
export const sigmoid = (x: Tensor) => unary('sigmoid', checkTensor('sigmoid', 'input', x));
