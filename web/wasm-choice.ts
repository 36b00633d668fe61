// Imported first by the worker: `?wasm=simd` (or relaxed) in the worker's URL forces that wasm build
// (Chromium always validates relaxed SIMD, so this is the only way to run the plain-SIMD fallback).
const wanted = new URL((self as unknown as { location: Location }).location.href).searchParams.get('wasm');
if (wanted === 'simd' || wanted === 'relaxed') (globalThis as { SEQGRAD_WASM_BUILD?: string }).SEQGRAD_WASM_BUILD = wanted;
export {};
