// Backend selection: the active kernel table (wasm by default, naive JS on request or when the
// runtime has no wasm SIMD). Both operate on the same heap, so switching never moves data.
import { guardEnabled, guardKernels, onGuardChange } from '../guard.js';
import { createJsKernels } from './js.js';
import type { Kernels } from './kernels.js';
import { sameThreadsAs, withThreads } from './threads.js';
import { availableBuilds, heap, loadWasmKernels, type WasmBuild } from './wasm.js';

/** 'wasm': the SIMD kernels (the default); 'js': their naive-JS twins (the oracle, and the fallback without wasm SIMD). */
export type BackendName = 'wasm' | 'js';

// SEQGRAD_WASM_BUILD=simd|relaxed forces a build: the environment variable in Node, a global of that
// name in a page or worker (set before the engine loads: the playground's ?wasm=simd).
const envBuild = typeof process !== 'undefined' ? process.env?.SEQGRAD_WASM_BUILD : (globalThis as { SEQGRAD_WASM_BUILD?: string }).SEQGRAD_WASM_BUILD;
const preferred = (envBuild === 'simd' || envBuild === 'relaxed') && availableBuilds.includes(envBuild) ? envBuild : availableBuilds[0];

const jsKernels = createJsKernels(heap);
const wasm = preferred ? loadWasm(preferred) : null;
/** The wasm kernels, or null (the js backend) where a runtime refuses a synchronous compile (Chrome < 114's main thread). */
function loadWasm(build: WasmBuild): ReturnType<typeof loadWasmKernels> | null {
  try {
    return loadWasmKernels(build, Object.keys(jsKernels));
  } catch (e) {
    if (e instanceof RangeError) return null;
    throw e;
  }
}
/** Which wasm build is loaded ('relaxed' = SIMD with FMA), or null when the runtime has none. */
export const wasmBuild: WasmBuild | null = wasm ? preferred! : null;
/** First free byte of the heap above the module's static data. */
export const heapBase = Math.max(65536, wasm?.heapBase ?? 0);
/** The wasm table with big GEMMs and element-wise calls split across the worker pool (threads.ts). */
const wasmKernels = wasm ? withThreads(wasm.kernels, wasm.bytes) : null;

/** Guard mode's checking table around the threaded one (its recurrent loops still go to the pool). */
function guarded(table: Kernels): Kernels {
  const g = guardKernels(table, 'wasm');
  sameThreadsAs(g, table);
  return g;
}

/** The tables ops call: the raw ones, or in guard mode (guard.ts) ones that check canaries after each call. */
let tables = { wasm: wasmKernels, js: jsKernels };
function selectTables(): void {
  tables = guardEnabled() ? { wasm: wasmKernels ? guarded(wasmKernels) : null, js: guardKernels(jsKernels, 'js') } : { wasm: wasmKernels, js: jsKernels };
}
selectTables();

let activeName: BackendName = wasm ? 'wasm' : 'js';
let active: Kernels = tables[activeName]!;
onGuardChange(() => {
  selectTables();
  active = tables[activeName]!;
});

/** The active kernel table. */
export function K(): Kernels {
  return active;
}

/** Selects the backend every op uses from now on: 'wasm' (SIMD kernels) or 'js' (naive loops). */
export function setBackend(name: BackendName): void {
  if (name === 'wasm') {
    if (!wasm) throw new Error('setBackend: this runtime has no WebAssembly SIMD; only the js backend is available');
  } else if (name !== 'js') {
    throw new Error(`setBackend: unknown backend '${String(name)}' (expected 'wasm' or 'js')`);
  }
  active = tables[name]!;
  activeName = name;
}

/** The backend every op uses now (see setBackend). */
export function getBackend(): BackendName {
  return activeName;
}

/** Both kernel tables, for tests and benchmarks that compare them on the same buffers. */
export function kernelTables(): { wasm: Kernels | null; js: Kernels } {
  return tables;
}
