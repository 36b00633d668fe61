// Entry of the one kernels module: re-exports every kernel family (see engine/backend/kernels.ts for the ABI).
export * from './gemm';
export * from './elementwise';
export * from './reduce';
export * from './extrema';
export * from './softmax';
export * from './gather-scatter';
export * from './rnn-cells';
export * from './optim';
export * from './losses';
export * from './layout';

/** First byte past the module's static data: the TS allocator starts above it. */
export function heap_base(): usize {
  return __heap_base;
}
