// The nn namespace: modules, losses, init, functional ops and utils, with PyTorch's names.
import { clipGradNorm, clipGradValue } from '../optim/clip.js';
import * as functional from './functional.js';
import * as init from './init.js';
import { packPaddedSequence, padPackedSequence, padSequence, packSequence } from './packed-sequence.js';

export { Module, type StateDict } from './module.js';
export { Parameter } from '../tensor.js';
export {
  Linear,
  Embedding,
  Dropout,
  Sequential,
  ModuleList,
  ModuleDict,
  LogSoftmax,
  Softmax,
  Tanh,
  ReLU,
  Sigmoid,
  CrossEntropyLoss,
  NLLLoss,
  MSELoss,
  L1Loss,
  BCEWithLogitsLoss,
} from './layers.js';
export { functional, functional as F, init };
export { RNN, LSTM, GRU, RNNCell, LSTMCell, GRUCell, type RNNOptions, type LSTMOptions, type GRUOptions, type CellOptions } from './rnn.js';
export { PackedSequence } from './packed-sequence.js';
/** torch.nn.utils: clipGradNorm (clip_grad_norm_), clipGradValue, and rnn.{packPaddedSequence, padPackedSequence, padSequence, packSequence}. */
export const utils = { clipGradNorm, clipGradValue, rnn: { packPaddedSequence, padPackedSequence, padSequence, packSequence } };
export {
  BahdanauAttention,
  LuongAttention,
  type AttentionModule,
  type BahdanauAttentionOptions,
  type LuongAttentionOptions,
  type LuongMethod,
} from './attention.js';
