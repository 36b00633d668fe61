// The wasm heap: a first-fit allocator for persistent blocks (parameters, grads, optimizer
// state, packed weights) and the scratch arena that ops copy their inputs into and their
// outputs out of. Everything else lives in GC-managed JS arrays (see docs/ARCHITECTURE.md, "Memory: three tiers").
import { heapBase } from './backend/index.js';
import { setPoolScratchAllocator } from './backend/threads.js';
import { ensureMemory, heap, memory } from './backend/wasm.js';
import { GUARD_BYTES, guardEnabled, guardRegion, unguardRegion } from './guard.js';

const ALIGN = 64; // cache line; also satisfies v128

const alignUp = (x: number) => Math.ceil(x / ALIGN) * ALIGN;

/**
 * The largest single allocation (bytes): 2 GiB, half of the 4 GiB a wasm32 memory can hold. A
 * larger request throws before the allocator or the memory changes, naming the op and the size.
 */
export const MAX_ALLOC_BYTES = 2 ** 31;

function checkSize(what: string, bytes: number): void {
  if (!(bytes >= 0) || !Number.isFinite(bytes)) throw new Error(`${what}: invalid allocation size ${bytes} bytes`);
  if (bytes > MAX_ALLOC_BYTES) {
    throw new Error(`${what}: cannot allocate ${bytes} bytes of wasm memory: one allocation is at most ${MAX_ALLOC_BYTES} bytes (2 GiB, MAX_ALLOC_BYTES)`);
  }
}

/** Free ranges [start, end), sorted by start, never adjacent (coalesced). */
const freeList: { start: number; end: number }[] = [];
/** ptr → size of every live block. */
const live = new Map<number, number>();
let top = alignUp(heapBase);
let liveBytes = 0;

/**
 * Allocates `bytes` (rounded up to 64) in the wasm heap; the contents are undefined. Returns a byte
 * pointer. `what` names the op (or the block) in errors. A failure (size above MAX_ALLOC_BYTES,
 * memory that cannot grow) leaves the allocator exactly as it was.
 */
export function allocBytes(bytes: number, what = 'allocBytes'): number {
  checkSize(what, bytes);
  const guard = guardEnabled();
  const size = alignUp(Math.max(bytes, 1)) + (guard ? 2 * GUARD_BYTES : 0);
  let ptr = -1;
  for (let i = 0; i < freeList.length; i++) {
    const r = freeList[i];
    if (r.end - r.start >= size) {
      ptr = r.start;
      r.start += size;
      if (r.start === r.end) freeList.splice(i, 1);
      break;
    }
  }
  if (ptr < 0) {
    // Take from the top; if the last free range touches the top, extend it instead of leaving a
    // hole. The memory grows (or throws) before anything here changes.
    const last = freeList[freeList.length - 1];
    ptr = last && last.end === top ? last.start : top;
    try {
      ensureMemory(ptr + size);
    } catch (e) {
      throw new Error(`${what}: cannot allocate ${bytes} bytes: ${(e as Error).message}`);
    }
    if (ptr !== top) freeList.pop();
    top = ptr + size;
  }
  live.set(ptr, size);
  liveBytes += size;
  if (!guard) return ptr;
  const user = guardRegion(ptr, ptr + size, bytes, `a block of ${bytes} bytes (${what})`);
  live.delete(ptr);
  live.set(user, size);
  return user;
}

// each worker of the thread pool keeps one scratch block while it runs (backend/threads.ts)
setPoolScratchAllocator((bytes) => allocBytes(bytes, 'thread pool worker scratch'));

/** Frees a block returned by allocBytes. Double frees and foreign pointers throw; in guard mode, so does an overrun. */
export function freeBytes(ptr: number): void {
  const size = live.get(ptr);
  if (size === undefined) throw new Error(`freeBytes: ${ptr} is not a live block`);
  live.delete(ptr);
  try {
    const lo = unguardRegion(ptr, 'freeBytes (an earlier write)');
    if (lo >= 0) ptr = lo;
  } catch (e) {
    // the overrun is reported; the block is still freed (from its guarded start)
    ptr -= GUARD_BYTES;
    release(ptr, size);
    throw e;
  }
  release(ptr, size);
}

function release(ptr: number, size: number): void {
  liveBytes -= size;
  let start = ptr;
  let end = ptr + size;
  // binary search for the insertion point
  let lo = 0;
  let hi = freeList.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (freeList[mid].start < start) lo = mid + 1;
    else hi = mid;
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
export function allocF32(n: number, what = 'allocF32'): number {
  const ptr = allocBytes(n * 4, what);
  heap.f32().fill(0, ptr >> 2, (ptr >> 2) + n);
  return ptr;
}

/**
 * Allocator statistics, for the flat-memory tests (freeBytes: the free list's total, below
 * heapTop; arenaBytes: the scratch arena's chunks, part of liveBytes).
 */
export function memoryStats(): { liveBytes: number; liveBlocks: number; heapTop: number; wasmBytes: number; freeBytes: number; arenaBytes: number } {
  let free = 0;
  for (const r of freeList) free += r.end - r.start;
  let arena = 0;
  for (const c of chunks) arena += c.size;
  return { liveBytes, liveBlocks: live.size, heapTop: top, wasmBytes: memory.buffer.byteLength, freeBytes: free, arenaBytes: arena };
}

// ---------------------------------------------------------------------------------------------
// Scratch arena: a bump allocator over chunks of the heap. mark()/release() nest like a stack;
// when the outermost scope is released, extra chunks are merged into one of the high-water size
// so that steady-state ops never allocate — up to ARENA_KEEP_BYTES: an op that needed more
// (a one-off large cat, a long sequence) gives the excess back to the allocator's free list
// when it ends, where parameters and the next large op can use it. (The wasm memory itself
// never shrinks: WebAssembly has no way to give pages back.)

/**
 * What the arena keeps between ops at most: 32 MiB. The training benches W1–W5 (bench/) stay
 * below it (W2 and W3 need ≈ 27 MiB). NOTE: an op that needs more at every call frees and
 * allocates its chunks each time, and allocations in between can fragment the heap (16 MiB made
 * the heap top of W1…W5 in one process 96 MiB instead of 47 MiB).
 */
export const ARENA_KEEP_BYTES = 32 << 20;

const chunks: { ptr: number; size: number }[] = [];
let chunkIndex = 0;
let offset = 0;
let depth = 0;
/** Guard mode: the guarded scratch regions (caller pointers), and their count at each open mark. */
const guardedScratch: number[] = [];
const guardMarks: number[] = [];

/** A new chunk of at least minBytes: twice the last one's size when that fits, else exactly minBytes. */
function newChunk(minBytes: number, what: string): void {
  const last = chunks[chunks.length - 1];
  let size = alignUp(Math.max(minBytes, last ? Math.min(last.size * 2, MAX_ALLOC_BYTES) : 1 << 20));
  let ptr: number;
  try {
    ptr = allocBytes(size, what);
  } catch (e) {
    if (size === alignUp(minBytes)) throw e;
    size = alignUp(minBytes);
    ptr = allocBytes(size, what);
  }
  chunks.push({ ptr, size });
}

/**
 * Scratch allocation inside the current arena scope (valid until that scope is released). `what`
 * names the op in errors; a failure leaves the arena as it was.
 */
export function scratchBytes(bytes: number, what = 'scratchBytes'): number {
  if (depth === 0) throw new Error('scratchBytes: called outside an arena scope');
  checkSize(what, bytes);
  const guard = guardEnabled();
  const size = alignUp(Math.max(bytes, 1)) + (guard ? 2 * GUARD_BYTES : 0);
  if (chunks.length === 0) newChunk(size, what);
  while (true) {
    const c = chunks[chunkIndex];
    if (offset + size <= c.size) {
      const ptr = c.ptr + offset;
      offset += size;
      if (!guard) return ptr;
      const user = guardRegion(ptr, ptr + size, bytes, `scratch of ${bytes} bytes (${what})`);
      guardedScratch.push(user);
      return user;
    }
    if (chunkIndex + 1 >= chunks.length) newChunk(size, what);
    chunkIndex++;
    offset = 0;
  }
}

/** Opens an arena scope; returns the mark to pass to releaseScratch. */
export function markScratch(): number {
  depth++;
  guardMarks.push(guardedScratch.length);
  return chunkIndex * 2 ** 32 + offset;
}

/**
 * Closes the scope opened by markScratch: everything allocated since is dead. In guard mode its
 * regions' canaries are checked (an overrun throws after the arena is restored).
 */
export function releaseScratch(mark: number, what = 'an op'): void {
  depth--;
  chunkIndex = Math.floor(mark / 2 ** 32);
  offset = mark % 2 ** 32;
  let overrun: unknown = null;
  const from = guardMarks.pop() ?? 0;
  for (let i = guardedScratch.length - 1; i >= from; i--) {
    try {
      unguardRegion(guardedScratch[i], `${what} (found when its scratch scope closed)`);
    } catch (e) {
      overrun ??= e;
    }
  }
  guardedScratch.length = from;
  if (depth === 0 && (chunks.length > 1 || (chunks.length === 1 && chunks[0].size > ARENA_KEEP_BYTES))) {
    let total = 0;
    for (const c of chunks) {
      total += c.size;
      freeBytes(c.ptr);
    }
    chunks.length = 0;
    chunkIndex = 0;
    offset = 0;
    // one chunk of the high-water size, at most ARENA_KEEP_BYTES (if the memory cannot hold it,
    // the next scope starts a chunk of its own)
    try {
      newChunk(Math.min(total, ARENA_KEEP_BYTES), 'scratch arena');
    } catch {
      /* chunks stays empty */
    }
  }
  if (overrun) throw overrun;
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
// into 8 KiB slabs instead (≈ 0.1 µs), as Node's Buffer.allocUnsafe pools small Buffers; a slab
// is never reused, so every view starts zeroed, and the GC frees it with its last view. Up to 16
// floats V8 allocates on its own heap (cheap); above 1024 the allocation cost is amortised.
// NOTE: a kept view keeps its whole slab: 8 KiB slabs (Node's Buffer.poolSize too; 64 KiB held
// 125 MiB for 2,000 kept 64-float results) bound what results kept one by one across a loop
// retain (≤ 16 MiB for those, memory.test.ts).
// A consequence users may see: such an array's .buffer is the slab (use byteOffset/byteLength).

const SLAB_BYTES = 8 << 10;
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

// ---------------------------------------------------------------------------------------------
// Recycled arrays for what an op saves for its backward and nothing else can see (the recurrent
// layer's gates and states, MBs per step): the op hands them back when its graph is freed, and the
// next forward of the same shape reuses them. A fresh large ArrayBuffer costs far more than the
// copy into it: Node zero-fills it (calloc) and Chromium hands out fresh pages that fault on first
// write, ≈ 1–2 GB/s either way against ≈ 20–30 GB/s for a copy into an array already in use.

/** What the recycled arrays may hold at most: 32 MiB (W3 keeps ≈ 12 MiB per step, W2 ≈ 9 MiB). */
export const RECYCLE_KEEP_BYTES = 32 << 20;
/** Recycled arrays by length, least recently used length first (Map order: a used length moves to the end). */
const recycled = new Map<number, Float32Array[]>();
let recycledBytes = 0;

/** A Float32Array of n elements with arbitrary contents (a recycled one when there is one): the caller overwrites it all. */
export function takeF32Array(n: number): Float32Array {
  const list = recycled.get(n);
  const a = list?.pop();
  // its own buffer, not a slab view: recycled, a view would keep its whole slab alive while
  // counting its own bytes against RECYCLE_KEEP_BYTES (and reuse is what slabs save time for)
  if (!a) return new Float32Array(n);
  recycledBytes -= a.byteLength;
  recycled.delete(n);
  if (list!.length) recycled.set(n, list!);
  return a;
}

/**
 * Gives `a` (from takeF32Array) back for reuse; past RECYCLE_KEEP_BYTES the least recently used
 * lengths are dropped first (to the GC). NOTE: only for arrays nothing else references (never a
 * tensor's data or a view shared with one): its next user overwrites it.
 */
export function recycleF32Array(a: Float32Array): void {
  if (a.byteLength > RECYCLE_KEEP_BYTES) return;
  for (const [n, list] of recycled) {
    if (recycledBytes + a.byteLength <= RECYCLE_KEEP_BYTES) break;
    recycledBytes -= n * 4 * list.length;
    recycled.delete(n);
  }
  const list = recycled.get(a.length) ?? [];
  recycled.delete(a.length);
  list.push(a);
  recycled.set(a.length, list);
  recycledBytes += a.byteLength;
}
