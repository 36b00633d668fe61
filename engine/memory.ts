// The wasm heap: a first-fit allocator for persistent blocks (parameters, grads, optimizer
// state, packed weights) and the scratch arena that ops copy their inputs into and their
// outputs out of. Everything else lives in GC-managed JS arrays (see ARCHITECTURE.md, Memory).
import { heapBase } from './backend/index.js';
import { ensureMemory, heap } from './backend/wasm.js';

const ALIGN = 64; // cache line; also satisfies v128

const alignUp = (x: number) => Math.ceil(x / ALIGN) * ALIGN;

/** Free ranges [start, end), sorted by start, never adjacent (coalesced). */
const freeList: { start: number; end: number }[] = [];
/** ptr → size of every live block. */
const live = new Map<number, number>();
let top = alignUp(heapBase);
let liveBytes = 0;

/** Allocates `bytes` (rounded up to 64) in the wasm heap; the contents are undefined. Returns a byte pointer. */
export function allocBytes(bytes: number): number {
  if (!(bytes >= 0) || !Number.isFinite(bytes)) throw new Error(`allocBytes: invalid size ${bytes}`);
  const size = alignUp(Math.max(bytes, 1));
  for (let i = 0; i < freeList.length; i++) {
    const r = freeList[i];
    if (r.end - r.start >= size) {
      const ptr = r.start;
      r.start += size;
      if (r.start === r.end) freeList.splice(i, 1);
      live.set(ptr, size);
      liveBytes += size;
      return ptr;
    }
  }
  // Take from the top; if the last free range touches the top, extend it instead of leaving a hole.
  let ptr = top;
  const last = freeList[freeList.length - 1];
  if (last && last.end === top) {
    ptr = last.start;
    freeList.pop();
  }
  ensureMemory(ptr + size);
  top = ptr + size;
  live.set(ptr, size);
  liveBytes += size;
  return ptr;
}

/** Frees a block returned by allocBytes. Double frees and foreign pointers throw. */
export function freeBytes(ptr: number): void {
  const size = live.get(ptr);
  if (size === undefined) throw new Error(`freeBytes: ${ptr} is not a live block`);
  live.delete(ptr);
  liveBytes -= size;
  let start = ptr;
  let end = ptr + size;
  // binary search for the insertion point
  let lo = 0;
  let hi = freeList.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (freeList[mid].start < start) lo = mid + 1; else hi = mid;
  }
  const prev = freeList[lo - 1];
  const next = freeList[lo];
  if (prev && prev.end === start) {
    start = prev.start;
    freeList.splice(--lo, 1);
  }
  if (next && next.start === end) {
    end = next.end;
    freeList.splice(lo, 1);
  }
  freeList.splice(lo, 0, { start, end });
}

/** Allocates n floats, zero-filled. */
export function allocF32(n: number): number {
  const ptr = allocBytes(n * 4);
  heap.f32().fill(0, ptr >> 2, (ptr >> 2) + n);
  return ptr;
}

/** Allocator statistics, for the flat-memory tests. */
export function memoryStats(): { liveBytes: number; liveBlocks: number; heapTop: number; wasmBytes: number } {
  return { liveBytes, liveBlocks: live.size, heapTop: top, wasmBytes: heap.u8().byteLength };
}

// ---------------------------------------------------------------------------------------------
// Scratch arena: a bump allocator over chunks of the heap. mark()/release() nest like a stack;
// when the outermost scope is released, extra chunks are merged into one of the high-water size
// so that steady-state ops never allocate.

const chunks: { ptr: number; size: number }[] = [];
let chunkIndex = 0;
let offset = 0;
let depth = 0;

function newChunk(minBytes: number): void {
  const last = chunks[chunks.length - 1];
  const size = alignUp(Math.max(minBytes, last ? last.size * 2 : 1 << 20));
  chunks.push({ ptr: allocBytes(size), size });
}

/** Scratch allocation inside the current arena scope (valid until that scope is released). */
export function scratchBytes(bytes: number): number {
  if (depth === 0) throw new Error('scratchBytes: called outside an arena scope');
  const size = alignUp(Math.max(bytes, 1));
  if (chunks.length === 0) newChunk(size);
  while (true) {
    const c = chunks[chunkIndex];
    if (offset + size <= c.size) {
      const ptr = c.ptr + offset;
      offset += size;
      return ptr;
    }
    if (chunkIndex + 1 >= chunks.length) newChunk(size);
    chunkIndex++;
    offset = 0;
  }
}

/** Opens an arena scope; returns the mark to pass to releaseScratch. */
export function markScratch(): number {
  depth++;
  return chunkIndex * 2 ** 32 + offset;
}

/** Closes the scope opened by markScratch: everything allocated since is dead. */
export function releaseScratch(mark: number): void {
  depth--;
  chunkIndex = Math.floor(mark / 2 ** 32);
  offset = mark % 2 ** 32;
  if (depth === 0 && chunks.length > 1) {
    let total = 0;
    for (const c of chunks) { total += c.size; freeBytes(c.ptr); }
    chunks.length = 0;
    newChunk(total);
    chunkIndex = 0;
    offset = 0;
  }
}

/** Runs fn inside an arena scope. */
export function withScratch<T>(fn: () => T): T {
  const mark = markScratch();
  try {
    return fn();
  } finally {
    releaseScratch(mark);
  }
}

// ---------------------------------------------------------------------------------------------
// JS arrays of op results. A fresh ArrayBuffer costs ≈ 1 µs whatever its size (an external
// allocation the GC tracks) — more than a batch-1 LSTM cell. Arrays of 17…1024 floats are views
// into 64 KiB slabs instead (≈ 0.1 µs), as Node's Buffer.allocUnsafe pools small Buffers; a slab
// is never reused, so every view starts zeroed, and the GC frees it with its last view. Up to 16
// floats V8 allocates on its own heap (cheap); above 1024 the allocation cost is amortised.
// A consequence users may see: such an array's .buffer is the slab (use byteOffset/byteLength).

const SLAB_BYTES = 1 << 16;
const POOL_MIN = 17;
const POOL_MAX = 1024;
let slab = new ArrayBuffer(SLAB_BYTES);
let slabOffset = 0;

/** A zeroed Float32Array of n elements (pooled for 17…1024). */
export function newF32Array(n: number): Float32Array {
  if (n < POOL_MIN || n > POOL_MAX) return new Float32Array(n);
  const bytes = n * 4;
  if (slabOffset + bytes > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabOffset = 0;
  }
  const a = new Float32Array(slab, slabOffset, n);
  slabOffset += (bytes + 15) & ~15; // 16-byte aligned views
  return a;
}
