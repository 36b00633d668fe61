// The naive-JS backend: the Kernels interface as plain loops over the same wasm heap.
// It is the oracle for kernel tests and the baseline the benchmarks compare against.
import type { Kernels } from './kernels.js';
import type { HeapViews } from './wasm.js';
import { gemmJs } from './js/gemm.js';
import { elementwiseJs } from './js/elementwise.js';
import { reduceJs } from './js/reduce.js';
import { extremaJs } from './js/extrema.js';
import { softmaxJs } from './js/softmax.js';
import { gatherScatterJs } from './js/gather-scatter.js';
import { rnnCellsJs } from './js/rnn-cells.js';
import { optimJs } from './js/optim.js';
import { lossesJs } from './js/losses.js';
import { layoutJs } from './js/layout.js';

export function createJsKernels(heap: HeapViews): Kernels {
  return {
    ...gemmJs(heap),
    ...elementwiseJs(heap),
    ...reduceJs(heap),
    ...extremaJs(heap),
    ...softmaxJs(heap),
    ...gatherScatterJs(heap),
    ...rnnCellsJs(heap),
    ...optimJs(heap),
    ...lossesJs(heap),
    ...layoutJs(heap),
  };
}
