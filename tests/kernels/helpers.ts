// Shared helpers of the kernel tests: the kernel tables under test (js twin, both wasm builds),
// random arrays, heap buffers with guard words (runOn), the twin-vs-builds comparison (agree), and
// the float64 heap and central differences of the finite-difference checks. The closeness check
// and the seeded generator are tests/lib's.
import { kernelTables } from '../../engine/backend/index.js';
import type { Kernels } from '../../engine/backend/kernels.js';
import { availableBuilds, type HeapViews, heap, loadWasmKernels } from '../../engine/backend/wasm.js';
import { allocBytes, freeBytes } from '../../engine/memory.js';
import { assertClose } from '../lib/assert-close.js';

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
/** every wasm build as { name, k } */
export const wasm: { name: string; k: Kernels }[] = builds.map(([name, k]) => ({ name, k }));

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
export function runOn(
  k: Kernels,
  data: Record<string, Float32Array | Int32Array | null>,
  misalign: number,
  call: (k: Kernels, p: Record<string, number>) => void,
): Record<string, Float32Array | Int32Array>;
export function runOn(
  k: Kernels,
  data: Record<string, Float32Array | Int32Array | null>,
  misalign: number,
  call: (k: Kernels, p: Record<string, number>) => void,
): Record<string, Float32Array | Int32Array> {
  const names = Object.keys(data).filter((n) => data[n] !== null);
  const arr = (n: string) => data[n] as Float32Array | Int32Array;
  const bases = names.map((n) => allocBytes((arr(n).length + misalign + GUARD) * 4));
  const ptrs: Record<string, number> = {};
  for (const n of Object.keys(data)) ptrs[n] = 0;
  names.forEach((n, i) => {
    ptrs[n] = bases[i] + misalign * 4;
  });
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

type Tol = { rtol: number; atol: number };
/**
 * The same call on the js twin and on every wasm build (runOn: fresh copies of `data`, `misalign`
 * words off, guard words); each buffer of `outs` must agree with the twin's within `tol`, one
 * tolerance or one per buffer from its name and the twin's values. Fails with
 * '<build> <label> <buffer>'.
 */
export function agree(
  label: string,
  data: Record<string, Float32Array | Int32Array | null>,
  misalign: number,
  outs: string[],
  tol: Tol | ((buf: string, want: Float32Array | Int32Array) => Tol),
  call: (k: Kernels, p: Record<string, number>) => void,
): void {
  const want = runOn(js, data, misalign, call);
  for (const [name, k] of builds) {
    const got = runOn(k, data, misalign, call);
    for (const b of outs) assertClose(got[b], want[b], typeof tol === 'function' ? tol(b, want[b]) : tol, `${name} ${label} ${b}`);
  }
}

/** central differences in f64 (step FD_STEP) against the analytic backward */
export const FD_STEP = 1e-6;
export const FD_TOL = 1e-7;

/**
 * A float64 heap for a js twin: same ABI (byte pointers = words·4), f64 storage, so finite
 * differences are exact to ~1e-10. `ints` adds an i32 view (its own words, for index buffers);
 * without it, and always for u8, reading a view throws.
 */
export function f64Heap(words: number, ints = false): { views: HeapViews; mem: Float64Array; ints: Int32Array } {
  const mem = new Float64Array(words);
  const i32 = new Int32Array(ints ? words : 0);
  const views: HeapViews = {
    f32: () => mem as unknown as Float32Array,
    i32: () => {
      if (ints) return i32;
      throw new Error('f64Heap: no i32 view');
    },
    u8: () => {
      throw new Error('f64Heap: no u8 view');
    },
  };
  return { views, mem, ints: i32 };
}

/** ∂f/∂v[i] for every i by central differences: (f(v + step·eᵢ) − f(v − step·eᵢ)) / 2·step. */
export function centralDiff(f: (v: number[]) => number, v: number[], step = FD_STEP): number[] {
  return v.map((_, i) => {
    const a = v.slice();
    a[i] += step;
    const b = v.slice();
    b[i] -= step;
    return (f(a) - f(b)) / (2 * step);
  });
}
