// Shared helpers of the kernel tests: the kernel tables under test (js twin, both wasm builds), a
// seeded generator, heap buffers with guard words (runOn) and a labelled closeness check.
import * as assert from 'uvu/assert';
import { kernelTables } from '../../engine/backend/index.js';
import type { Kernels } from '../../engine/backend/kernels.js';
import { availableBuilds, heap, loadWasmKernels } from '../../engine/backend/wasm.js';
import { allocBytes, freeBytes } from '../../engine/memory.js';

/** sentinel words written after every buffer by runOn; a kernel that touches one fails the test */
export const GUARD = 4;
export const SENTINEL = 1234.5;

export const js: Kernels = kernelTables().js;
/** Every wasm build this runtime validates (the relaxed-SIMD one needs --experimental-wasm-relaxed-simd). */
export const builds: [string, Kernels][] = [['simd', (await loadWasmKernels('simd')).kernels]];
if (availableBuilds.includes('relaxed')) builds.push(['relaxed', (await loadWasmKernels('relaxed')).kernels]);
else console.warn('kernel tests: relaxed-SIMD build not validated by this runtime (run node with --experimental-wasm-relaxed-simd)');
/** the js twin and every wasm build */
export const all: [string, Kernels][] = [['js', js], ...builds];

/** mulberry32: uniform in [0, 1) */
export function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n values uniform in (−scale, scale), or [0, scale) when positive */
export function randArray(r: () => number, n: number, scale: number, positive = false): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = positive ? r() * scale : (r() * 2 - 1) * scale;
  return a;
}

export type Bufs = Record<string, Float32Array>;
/**
 * Copies `data` into fresh heap blocks (shifted by `misalign` words; null = pointer 0), runs `call`
 * with the pointers by name, and returns every buffer read back; throws when a guard word changed.
 */
export function runOn(k: Kernels, data: Bufs, misalign: number, call: (k: Kernels, p: Record<string, number>) => void): Bufs;
export function runOn(k: Kernels, data: Record<string, Float32Array | Int32Array | null>, misalign: number,
  call: (k: Kernels, p: Record<string, number>) => void): Record<string, Float32Array | Int32Array>;
export function runOn(k: Kernels, data: Record<string, Float32Array | Int32Array | null>, misalign: number,
  call: (k: Kernels, p: Record<string, number>) => void): Record<string, Float32Array | Int32Array> {
  const names = Object.keys(data).filter((n) => data[n] !== null);
  const arr = (n: string) => data[n] as Float32Array | Int32Array;
  const bases = names.map((n) => allocBytes((arr(n).length + misalign + GUARD) * 4));
  const ptrs: Record<string, number> = {};
  for (const n of Object.keys(data)) ptrs[n] = 0;
  names.forEach((n, i) => { ptrs[n] = bases[i] + misalign * 4; });
  const view = (n: string) => (arr(n) instanceof Int32Array ? heap.i32() : heap.f32());
  for (const n of names) {
    const at = ptrs[n] >> 2;
    view(n).set(arr(n), at);
    heap.f32().fill(SENTINEL, at + arr(n).length, at + arr(n).length + GUARD);
  }
  call(k, ptrs);
  const out: Record<string, Float32Array | Int32Array> = {};
  for (const n of names) {
    const at = ptrs[n] >> 2;
    out[n] = view(n).slice(at, at + arr(n).length);
    for (let g = 0; g < GUARD; g++) {
      if (heap.f32()[at + arr(n).length + g] !== SENTINEL) throw new Error(`${n}: write past the end (guard word ${g})`);
    }
  }
  bases.forEach(freeBytes);
  return out;
}

/** |actual − expected| ≤ atol + rtol·|expected| everywhere (NaN only matches NaN); fails with the worst index. */
export function close(actual: ArrayLike<number>, expected: ArrayLike<number>, atol: number, rtol: number, label: string): void {
  assert.is(actual.length, expected.length, `${label}: length`);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i], e = expected[i];
    if (Number.isNaN(a) || Number.isNaN(e)) {
      if (!(Number.isNaN(a) && Number.isNaN(e))) { worst = Infinity; at = i; break; }
      continue;
    }
    if (a === e) continue;
    const d = Math.abs(a - e) - rtol * Math.abs(e);
    if (d > worst) { worst = d; at = i; }
  }
  if (worst > atol) assert.unreachable(`${label}: [${at}] = ${actual[at]}, expected ${expected[at]} (excess ${worst})`);
}
