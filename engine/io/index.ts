// The io namespace: safetensors state dicts and checkpoints, and ONNX export.
export * from './safetensors.js';
export { exportOnnx, saveOnnx, readOnnx, traceOnnx, type OnnxExportOptions, type ExampleInput } from './onnx-export.js';
export type { OnnxModel, OnnxGraph, OnnxNode, OnnxTensor, OnnxValueInfo, OnnxAttribute } from './onnx.js';
