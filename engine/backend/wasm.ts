// Loads the kernels module (relaxed-SIMD build when the runtime validates it, else plain SIMD),
// owns the one WebAssembly.Memory shared by both backends, and the typed-array views of it.
import { KERNELS_RELAXED_B64, KERNELS_SIMD_B64 } from './binaries.gen.js';
import type { Kernels } from './kernels.js';
import { leb, sections } from './wasm-binary.js';

export type WasmBuild = 'relaxed' | 'simd';

const PAGE = 65536;
/** 16 pages = 1 MiB: the kernels' static data plus room for a few small tensors. */
export const INITIAL_PAGES = 16;

/** A shared memory, or null where the runtime refuses one (a page without cross-origin isolation). */
function sharedMemory(initial: number, maximum: number): WebAssembly.Memory | null {
  if (typeof SharedArrayBuffer === 'undefined') return null;
  try {
    return new WebAssembly.Memory({ initial, maximum, shared: true });
  } catch {
    return null;
  }
}

/**
 * The one memory. It starts at 1 MiB (a phone's browser tab should not reserve more before the first
 * tensor) and ensureMemory grows it on demand, by at least half its size each time. Shared (so that
 * the worker pool can run kernels on it) wherever the runtime allows; otherwise unshared and
 * single-threaded.
 */
export const memory = sharedMemory(INITIAL_PAGES, 65536) ?? new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: 65536 });
/** True when `memory` is shared: the worker pool (threads.ts) can use it. */
export const memoryShared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;

let f32View = new Float32Array(memory.buffer);
let i32View = new Int32Array(memory.buffer);
let u8View = new Uint8Array(memory.buffer);
/** Every buffer the memory has had: a view of an old one is a view kept across a memory.grow. */
const heapBuffers = new WeakSet<ArrayBufferLike>([memory.buffer]);
/**
 * New views after memory.grow. An unshared memory's old buffer is detached (a detached view has
 * length 0); a shared memory's old buffer stays valid at its old length, and memory.buffer is a
 * new object.
 */
function refresh(): void {
  if (f32View.length === 0 || f32View.buffer !== memory.buffer) {
    f32View = new Float32Array(memory.buffer);
    i32View = new Int32Array(memory.buffer);
    u8View = new Uint8Array(memory.buffer);
    heapBuffers.add(memory.buffer);
  }
}

/**
 * True for a view of the wasm memory taken before the memory last grew (a `.data` of a parameter
 * kept across an allocation): the JS engine detached it, it is empty (length 0) and writes to it
 * are dropped.
 */
export function isDetachedHeapView(a: ArrayBufferView): boolean {
  return a.byteLength === 0 && heapBuffers.has(a.buffer) && a.buffer !== memory.buffer;
}

/** Throws the Error for a detached heap view handed back to the engine (op names the caller). */
export function checkNotDetached(op: string, a: unknown): void {
  if (ArrayBuffer.isView(a) && isDetachedHeapView(a)) {
    throw new Error(
      `${op}: the array is a view of the wasm memory taken before the memory grew (a kept .data of a parameter or gradient): ` +
        'the JS engine detached it and it is empty now; take .data again after anything that allocates, or keep a copy (toArray())',
    );
  }
}

/** Views of the wasm heap, valid until the next memory.grow: fetch them again after any allocation. */
export interface HeapViews {
  f32(): Float32Array;
  i32(): Int32Array;
  u8(): Uint8Array;
}
// Only ensureMemory grows the memory (kernels never allocate), and it refreshes the views; the
// length check is a cheap net for a grow from elsewhere when the memory is not shared (a shared
// one's old views keep their length; memory.buffer is a slow getter).
export const heap: HeapViews = {
  f32() {
    if (f32View.length === 0) refresh();
    return f32View;
  },
  i32() {
    if (i32View.length === 0) refresh();
    return i32View;
  },
  u8() {
    if (u8View.length === 0) refresh();
    return u8View;
  },
};

const MAX_BYTES = 65536 * PAGE;
let limit = MAX_BYTES;

/**
 * For tests: makes ensureMemory refuse to grow past `bytes` (null: the 4 GiB wasm32 maximum), as
 * a memory that is full would.
 */
export function setMemoryLimit(bytes: number | null): void {
  limit = bytes ?? MAX_BYTES;
}

/** Grows the memory so that it holds at least `bytes`; throws a clear Error past 4 GiB. */
export function ensureMemory(bytes: number): void {
  const have = memory.buffer.byteLength;
  if (bytes <= have) return;
  if (bytes > limit) throw new Error(`seqgrad: out of wasm memory: need ${bytes} bytes, have ${have} (the limit is ${limit})`);
  const pages = Math.ceil((bytes - have) / PAGE);
  const grow = Math.max(pages, Math.min(Math.ceil(have / PAGE / 2), 65536 - have / PAGE));
  try {
    memory.grow(grow);
  } catch {
    try {
      memory.grow(pages);
    } catch {
      throw new Error(`seqgrad: out of wasm memory: need ${bytes} bytes, have ${have} (the 4 GiB wasm32 limit)`);
    }
  }
  refresh();
}

function decode(b64: string): Uint8Array<ArrayBuffer> {
  if (typeof Buffer !== 'undefined') return new Uint8Array(Buffer.from(b64, 'base64'));
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/**
 * The builds declare their memory import shared (scripts/build-kernels.mjs); for an unshared
 * memory the import's limits flag loses its shared bit (0x03 → 0x01) in place. The kernels use no
 * atomics, so the module is otherwise the same.
 */
export function unshareMemoryImport(b: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const imports = sections(b).find((s) => s.id === 2);
  if (!imports) return b;
  let [count, p] = leb(b, imports.body);
  for (; count > 0; count--) {
    let len: number;
    [len, p] = leb(b, p);
    p += len; // module name
    [len, p] = leb(b, p);
    p += len; // field name
    const kind = b[p++];
    if (kind === 2) {
      if (b[p] === 0x03) b[p] = 0x01;
      return b;
    }
    if (kind === 0)
      [, p] = leb(b, p); // function: type index
    else if (kind === 1) {
      p++;
      const f = b[p++];
      [, p] = leb(b, p);
      if (f & 1) [, p] = leb(b, p);
    } // table
    else if (kind === 3) p += 2; // global: type, mutability
  }
  return b;
}

/**
 * The build without its data section (and data count section): what a pool worker instantiates.
 * Active data segments are copied into the memory by every instantiation — on a shared memory, a
 * worker starting up would rewrite the kernels' static data (its tables, and zero-filled scratch
 * such as copy_strided's counters) while the calling thread may be using it. The first
 * instance wrote them; the kernels use no memory.init, so the module is otherwise the same.
 */
export function withoutDataSegments(b: Uint8Array): Uint8Array<ArrayBuffer> {
  const parts = [b.subarray(0, 8), ...sections(b).flatMap((s) => (s.id === 11 || s.id === 12 ? [] : [b.subarray(s.start, s.end)]))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const adapt = memoryShared ? (b: Uint8Array<ArrayBuffer>) => b : unshareMemoryImport;
const binaries: Record<WasmBuild, Uint8Array<ArrayBuffer>> = {
  relaxed: adapt(decode(KERNELS_RELAXED_B64)),
  simd: adapt(decode(KERNELS_SIMD_B64)),
};

/** Which builds this runtime validates, best first. */
export const availableBuilds: WasmBuild[] = (['relaxed', 'simd'] as WasmBuild[]).filter(
  (b) => typeof WebAssembly !== 'undefined' && WebAssembly.validate(binaries[b]),
);

const imports = {
  env: {
    memory,
    abort(_msg: number, _file: number, line: number, col: number) {
      throw new Error(`seqgrad: wasm kernel aborted at ${line}:${col}`);
    },
  },
};

/**
 * Instantiates one build against the shared memory and returns its kernels: the raw exports (a
 * plain object, no per-call indirection), plus a throwing stub for each of `expected` missing.
 * NOTE: synchronous, so the package needs no top-level await and loads with require() too. Node,
 * workers, Firefox and Safari compile any size synchronously; Chromium's main thread allows up to
 * 8 MB since Chrome 114 (4 KB before) and the kernels are ~50 kB.
 */
export function loadWasmKernels(build: WasmBuild, expected: readonly string[] = []): { kernels: Kernels; heapBase: number; bytes: Uint8Array } {
  if (!availableBuilds.includes(build)) throw new Error(`seqgrad: this runtime does not validate the ${build} wasm build`);
  const module = new WebAssembly.Module(binaries[build]);
  const instance = new WebAssembly.Instance(module, imports);
  const ex = instance.exports as Record<string, unknown>;
  const table: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(ex)) if (typeof f === 'function') table[name] = f;
  for (const name of expected) {
    if (typeof table[name] !== 'function') {
      table[name] = () => {
        throw new Error(`seqgrad: kernel ${name} is missing from the ${build} wasm build`);
      };
    }
  }
  const kernels = table as unknown as Kernels;
  const heapBase = typeof ex.heap_base === 'function' ? Number((ex.heap_base as () => number)()) : 0;
  return { kernels, heapBase, bytes: binaries[build] };
}
