// The nn namespace: modules, losses, init, functional ops and utils, with PyTorch's names.
import { clipGradNorm, clipGradValue } from '../optim/clip.js';
import * as functional from './functional.js';
import * as init from './init.js';

export { Module, type StateDict } from './module.js';
export { Linear, Embedding, Dropout, Sequential, ModuleList, Tanh, ReLU, Sigmoid, CrossEntropyLoss, NLLLoss, MSELoss, L1Loss, BCEWithLogitsLoss } from './layers.js';
export { functional, functional as F, init };
export const utils = { clipGradNorm, clipGradValue };
