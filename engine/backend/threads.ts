// The worker pool: workers (Node worker_threads, or browser module Web Workers in a
// cross-origin-isolated page) that instantiate the kernels module on the one shared
// WebAssembly.Memory (pool-worker.ts), and the table wrapper that splits big calls across them
// (pool-jobs.ts): sgemm / sgemm_packed by output blocks, pointwise kernels by element blocks,
// row-wise kernels by rows, sum_rows by columns, sgemm_pack_b by panels; recurrent layers hand
// their time loops over as directions × row blocks
// (recurrentBlocks, runRecurrentJob). The calling thread takes chunks too. Dispatch is a few
// Atomics on a control block (pool-layout.ts), no postMessage per call. Results are
// bit-identical whatever the thread count. Runtimes without shared memory (a page without
// cross-origin isolation) run single-threaded (threadsAvailable is false); the naive-JS backend
// is never wrapped.
import {
  type ChunkContext,
  chunkContext,
  COLUMN_BLOCK,
  DESC_LEN,
  OP_COLUMN_SUMS,
  OP_GEMM,
  OP_PACK_B,
  OP_PACKED,
  OP_POINTWISE,
  OP_ROWS,
  OP_ROWWISE,
  POINT_BLOCK,
  POINTWISE,
  ROWWISE,
  runChunk,
} from './pool-jobs.js';
import { GEMM_KC, GEMM_MR, GEMM_NC, GEMM_NR, gemmWorkBytes, type Kernels, sgemmTakesGemv } from './kernels.js';
import {
  ACTIVE,
  CHUNK_MASK,
  CONTROL_BYTES,
  DESC_OFFSET,
  DONE,
  EPOCH,
  FAILED,
  GRAB,
  READY,
  ROWS_CHUNKS,
  SLEEPERS,
  tagOf,
  WORKER_CHUNKS,
} from './pool-layout.js';
import { heap, memory, memoryShared, withoutDataSegments } from './wasm.js';

/** The most threads setNumThreads accepts (the calling thread + MAX_THREADS − 1 workers). */
export const MAX_THREADS = 16;
/** The default thread count: the machine's cores, at most this many. */
export const DEFAULT_THREADS_CAP = 8;
/**
 * A GEMM is split only from this many multiply-adds (M·N·K) up: below, the wake-up and the extra
 * packing cost more than a second core saves (a batch-1 generation step stays on the caller).
 */
export const PARALLEL_MIN_MACS = 1 << 20;
/** A pointwise kernel (optimizer steps, big element-wise ops; pool-jobs.ts POINTWISE) is split from this many elements up. */
export const PARALLEL_MIN_ELEMENTS = 1 << 16;
/**
 * SEQGRAD_POOL_SPLIT_ALL=1 (a testing knob, npm run test:threads): split every call that can be
 * split, however small, so that the whole test suite goes through the pool.
 */
const splitAll = typeof process !== 'undefined' && process.env?.SEQGRAD_POOL_SPLIT_ALL === '1';
const minMacs = splitAll ? 1 : PARALLEL_MIN_MACS;
const minElements = splitAll ? 1 : PARALLEL_MIN_ELEMENTS;
/**
 * Chunks per thread: several, so that a worker that wakes late (or is descheduled on a busy
 * machine) leaves most of its share to the others, and the last chunk taken is short.
 */
const CHUNKS_PER_THREAD = 4;
/**
 * GEMM chunks per thread: one, because each GEMM chunk repacks one operand for itself (all of A,
 * or all of op(B)); measured on 512³ at 2 threads, 4 → 2 per thread took NN/NT/TN from 1.80–1.86× to
 * 1.84–1.96×, and 2 → 1 (three alternating runs, seven layouts each) from 1.64–1.93× to 1.87–1.97×
 * (one outlier at 1.44×, a worker descheduled mid-chunk). A worker that wakes late loses nothing:
 * the calling thread takes its chunk too.
 */
const GEMM_CHUNKS_PER_THREAD = 1;
/**
 * The fewest units (8-column panels or 4-row groups) of a GEMM chunk: a chunk packs its own A
 * blocks (split N) or op(B) slabs (split M), so a chunk must have enough outputs to pay for that.
 */
const MIN_CHUNK_UNITS = 4;
/**
 * How long a worker spins for the next job before it sleeps in Atomics.wait (default 1 ms;
 * SEQGRAD_POOL_SPIN_MS sets it, as OpenMP's wait policy): long enough to catch the next job of
 * the same training step (a wake-up from Atomics.wait costs tens of µs, as much as a small job),
 * short enough not to hold a core the caller needs when the machine is oversubscribed. Measured on
 * W1/W5 (2 threads): 0.1 ms → 1 ms took 8–15 % off the step; 5 ms took nothing more.
 */
const spinEnv = typeof process !== 'undefined' ? Number(process.env?.SEQGRAD_POOL_SPIN_MS || Number.NaN) : Number.NaN;
const WORKER_SPIN_MS = spinEnv >= 0 ? Math.min(spinEnv, 1000) : 1;

// Node's built-ins, taken synchronously (process.getBuiltinModule, Node ≥ 20.16): no top-level
// await, so the CommonJS build loads this module too, and bundlers for the browser see no import.
type Builtins = { getBuiltinModule?(id: string): unknown };
const builtins = typeof process !== 'undefined' && process.versions?.node ? (process as unknown as Builtins) : null;
const builtin = <T>(id: string): T | null => (builtins?.getBuiltinModule?.(id) as T | undefined) ?? null;
const wt = memoryShared ? builtin<typeof import('node:worker_threads')>('node:worker_threads') : null;
const os = builtin<typeof import('node:os')>('node:os');
const nodeUrl = builtin<typeof import('node:url')>('node:url');

/**
 * The workers' module: pool-worker.js beside this one (a bundle for the browser ships it beside
 * itself: scripts/build-web.mjs), or from the CommonJS bundle (dist/cjs/) the ESM file it ships with.
 */
function workerUrl(): URL {
  const here = (import.meta as { url?: string }).url;
  if (here) return new URL('./pool-worker.js', here);
  const file = typeof __filename !== 'undefined' ? __filename : '';
  return new URL('../engine/backend/pool-worker.js', nodeUrl!.pathToFileURL(file));
}

/** Browser Web Workers, where Node's worker_threads are not there. */
const WebWorker = !wt && memoryShared && typeof Worker !== 'undefined' ? Worker : null;
/** Atomics.wait is refused on a page's main thread: the caller then only spins for the workers. */
const canBlock =
  memoryShared &&
  (() => {
    try {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
      return true;
    } catch {
      return false;
    }
  })();

/**
 * True when kernels can run on more than one thread here: a shared memory and workers (Node's
 * worker_threads; Web Workers in a cross-origin-isolated page). False in a page without
 * cross-origin isolation: the engine then runs single-threaded and getNumThreads() is 1.
 */
export const threadsAvailable = wt !== null || WebWorker !== null;

/**
 * Each worker's GEMM scratch: what the largest chunk needs (sgemm's packed A block and one KC×NC
 * slab of op(B), ≈ 321 KiB). Allocated from the heap when the worker starts, kept as long as it runs.
 */
export const POOL_WORK_BYTES = gemmWorkBytes(GEMM_MR, GEMM_NC, GEMM_KC);
let allocScratch: ((bytes: number) => number) | null = null;
/** The allocator the workers' scratch comes from (memory.ts sets it: the backend cannot import it). */
export function setPoolScratchAllocator(alloc: (bytes: number) => number): void {
  allocScratch = alloc;
}

function parseThreads(what: string, v: unknown): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > MAX_THREADS) {
    throw new Error(`${what}: expected an integer thread count from 1 to ${MAX_THREADS}, got ${String(v)}`);
  }
  return n;
}

function defaultThreads(): number {
  const env = builtins ? process.env?.SEQGRAD_NUM_THREADS : undefined;
  if (env !== undefined && env !== '') return parseThreads('SEQGRAD_NUM_THREADS', env);
  const cores = os ? (os.availableParallelism?.() ?? os.cpus().length) : (typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : 1) || 1;
  return Math.max(1, Math.min(cores, DEFAULT_THREADS_CAP));
}

let numThreads = defaultThreads();
const control = threadsAvailable ? new SharedArrayBuffer(CONTROL_BYTES) : null;
const ctl = control ? new Int32Array(control) : new Int32Array(CONTROL_BYTES / 4);
const desc = control ? new Float64Array(control, DESC_OFFSET, DESC_LEN) : new Float64Array(DESC_LEN);

/** The started workers, by slot. They live as long as the process (Node: unref'd) or the page. */
const slots: unknown[] = [];
/** Slots whose worker failed to start (an error event): the caller does their share. */
const broken = new Set<number>();
let pool: { raw: Kernels; bytes: Uint8Array; module: WebAssembly.Module | null; cx: ChunkContext } | null = null;
/** The tables withThreads made: only they run a recurrent loop on the pool (not the JS twin, not guard mode's wrappers). */
const threadedTables = new WeakSet<Kernels>();
/** The calling thread's scratch for its chunks of a recurrent loop job (allocated at the first one). */
let callerWork = 0;
let epoch = 0;

/**
 * Sets the number of threads kernels use (as torch.set_num_threads): the calling thread plus
 * n − 1 workers, started on the next big GEMM. Where threadsAvailable is false the setting is
 * kept but everything runs on the calling thread.
 */
export function setNumThreads(n: number): void {
  numThreads = parseThreads('setNumThreads', n);
  // workers beyond n − 1 sleep on ACTIVE (none is inside a job: dispatch returns when all chunks are done)
  Atomics.store(ctl, ACTIVE, numThreads - 1);
  Atomics.notify(ctl, ACTIVE);
}
Atomics.store(ctl, ACTIVE, numThreads - 1);

/** The number of threads kernels use: setNumThreads, else SEQGRAD_NUM_THREADS, else min(cores, 8); 1 without threadsAvailable. */
export function getNumThreads(): number {
  return threadsAvailable ? numThreads : 1;
}

/**
 * Starts the missing workers (asynchronously: until one has instantiated, the caller does its
 * chunks). Called before a job is published, where an op would allocate its own scratch: each new
 * worker's scratch is allocated here, which may grow the memory.
 */
function spawn(): void {
  if (!pool || !threadsAvailable || !allocScratch || slots.length >= numThreads - 1) return;
  pool.module ??= new WebAssembly.Module(withoutDataSegments(pool.bytes));
  for (let w = slots.length; w < numThreads - 1; w++) {
    const data = { module: pool.module, memory, control, slot: w, work: allocScratch(POOL_WORK_BYTES), spinMs: WORKER_SPIN_MS };
    const failed = (message: string) => {
      broken.add(w);
      console.error(`seqgrad: thread pool worker ${w} failed: ${message}`);
    };
    if (wt) {
      const worker = new wt.Worker(workerUrl(), { workerData: data });
      worker.unref(); // a script that is done exits: the pool never keeps the process alive
      worker.on('error', (e) => failed((e as Error).message));
      slots.push(worker);
    } else {
      const worker = new WebWorker!(workerUrl(), { type: 'module', name: `seqgrad pool ${w}` });
      worker.onerror = (e) => failed(e.message || `could not load ${workerUrl().href}`);
      worker.postMessage(data);
      slots.push(worker);
    }
  }
}

/** Resolves once every worker of the current setting has instantiated the kernels (tests, benchmarks). */
export async function whenThreadsReady(): Promise<void> {
  if (!threadsAvailable || !pool) return;
  spawn();
  for (;;) {
    const waiting = slots.slice(0, numThreads - 1).some((_, w) => Atomics.load(ctl, READY + w) !== 1 && !broken.has(w));
    if (!waiting) return;
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Chunks run by workers since the pool started (tests: the workers did take part); 'rows': of recurrent time loops only. */
export function workerChunks(kind: 'all' | 'rows' = 'all'): number {
  return Atomics.load(ctl, kind === 'rows' ? ROWS_CHUNKS : WORKER_CHUNKS);
}

/** Publishes the job in `desc`, takes chunks on this thread with `work`, waits for the rest. */
function dispatch(cx: ChunkContext, chunks: number, work: number): void {
  epoch = (epoch + 1) | 0;
  desc[3] = chunks;
  Atomics.store(ctl, FAILED, 0);
  Atomics.store(ctl, DONE, 0);
  Atomics.store(ctl, GRAB, tagOf(epoch));
  Atomics.store(ctl, EPOCH, epoch);
  if (Atomics.load(ctl, SLEEPERS) > 0) Atomics.notify(ctl, EPOCH);
  const tag = tagOf(epoch);
  let failure: unknown = null;
  for (;;) {
    const g = Atomics.load(ctl, GRAB);
    const i = g & CHUNK_MASK;
    if ((g & ~CHUNK_MASK) !== tag || i >= chunks) break;
    if (Atomics.compareExchange(ctl, GRAB, g, g + 1) !== g) continue;
    try {
      runChunk(cx, desc, i, work);
    } catch (e) {
      failure ??= e;
    }
    Atomics.add(ctl, DONE, 1);
  }
  // the workers' chunks write the heap: never return (or throw) while one is running
  for (let s = 0, d: number; (d = Atomics.load(ctl, DONE)) < chunks; s++) {
    if (s > 4096 && canBlock) Atomics.wait(ctl, DONE, d, 5);
  }
  // Close the job before the next one's descriptor is written: a worker that loaded GRAB (this
  // job's tag, index = chunks) and then reads desc[3] of the NEXT job would otherwise see a free
  // chunk and win its compareExchange (GRAB still holds this job's tag), run a chunk of the next
  // job twice and count it in DONE after the caller reset it: the caller could then return with
  // that chunk still writing. With the index at CHUNK_MASK (above any chunk count) such a stale
  // compareExchange fails, and a worker that loads the closed word stops.
  Atomics.store(ctl, GRAB, tag | CHUNK_MASK);
  if (failure) throw failure;
  if (Atomics.load(ctl, FAILED)) throw new Error('seqgrad: a kernel failed in a thread pool worker');
}

/**
 * [split N?, units, chunks] for an M×N output over t threads. A chunk of 8-column panels (split N)
 * packs all of A for itself, a chunk of 4-row groups (split M) reads (sgemm: packs) all of op(B):
 * the split that repeats the smaller operand is taken — N when N ≥ M, else M — unless that
 * dimension has too few units. Row chunks hold at least 2 groups (≥ 5 rows: a block never drops to
 * sgemm's GEMV path, whose summation order differs). chunks < 2: not worth splitting — so for one
 * thread, a call below PARALLEL_MIN_MACS, and one sgemm computes by its GEMV path (`gemv`).
 */
const NO_PLAN: [boolean, number, number] = [false, 0, 0];
function plan(m: number, n: number, k: number, gemv: boolean): [boolean, number, number] {
  const t = numThreads;
  if (t < 2 || m * n * k < minMacs || k <= 0 || gemv) return NO_PLAN;
  const uN = Math.ceil(n / GEMM_NR),
    uM = Math.ceil(m / GEMM_MR);
  const splitN = n >= m ? uN >= 2 || uM < 4 : uM < 4 && uN >= 2;
  const units = splitN ? uN : uM;
  const chunks = Math.max(Math.min(t, units), Math.min(GEMM_CHUNKS_PER_THREAD * t, Math.floor(units / MIN_CHUNK_UNITS)));
  return [splitN, units, splitN ? chunks : Math.min(chunks, Math.floor(units / 2))];
}

/**
 * The kernel table with sgemm, sgemm_packed, the POINTWISE and the ROWWISE kernels split across the pool when
 * a call is big enough. `bytes` is the kernels' build (workers instantiate it without its data
 * segments: wasm.ts withoutDataSegments). The caller's
 * chunks use the call's own `work` (gemmWorkBytes of the whole call covers any block of it).
 */
export function withThreads(raw: Kernels, bytes: Uint8Array): Kernels {
  if (!threadsAvailable) return raw;
  const fns = raw as unknown as Record<string, (...a: number[]) => void>;
  const cx = chunkContext(raw, () => heap.i32());
  pool = { raw, bytes, module: null, cx };
  const sgemm: Kernels['sgemm'] = (c, a, b, work, m, n, k, lda, ldb, ldc, transA, transB, accumulate) => {
    const [splitN, units, chunks] = plan(m, n, k, sgemmTakesGemv(m, transA, transB));
    if (chunks < 2) {
      raw.sgemm(c, a, b, work, m, n, k, lda, ldb, ldc, transA, transB, accumulate);
      return;
    }
    spawn();
    desc.set([OP_GEMM, splitN ? 1 : 0, units, chunks, c, a, b, 0, m, n, k, lda, ldb, ldc, transA, transB, accumulate]);
    dispatch(cx, chunks, work);
  };
  const sgemm_packed: Kernels['sgemm_packed'] = (c, a, bp, work, m, n, k, lda, ldc, transA, accumulate) => {
    const [splitN, units, chunks] = plan(m, n, k, false);
    if (chunks < 2) {
      raw.sgemm_packed(c, a, bp, work, m, n, k, lda, ldc, transA, accumulate);
      return;
    }
    spawn();
    desc.set([OP_PACKED, splitN ? 1 : 0, units, chunks, c, a, 0, bp, m, n, k, lda, 0, ldc, transA, 0, accumulate]);
    dispatch(cx, chunks, work);
  };
  const table: Record<string, unknown> = { ...raw, sgemm, sgemm_packed };
  // column sums (bias gradients) by blocks of columns, weight packing by 8-column panels
  const blocks = (size: number, cols: number, per: number) => (size >= minElements && cols > per ? Math.ceil(cols / per) : 0);
  wrapSplit(table, 'sum_rows', fns.sum_rows, OP_COLUMN_SUMS, 0, (a) => blocks(a[2] * a[3], a[3], COLUMN_BLOCK)); // out, x, rows, cols
  wrapSplit(table, 'sgemm_pack_b', fns.sgemm_pack_b, OP_PACK_B, 0, (a) => blocks(a[2] * a[3], a[3], GEMM_NR)); // bp, b, k, n, …
  // row-wise kernels by rows, pointwise kernels by blocks of POINT_BLOCK elements
  ROWWISE.forEach(([name, , rowsAt, colsAt], kernel) => {
    wrapSplit(table, name, fns[name], OP_ROWWISE, kernel, (args) => {
      const rows = args[rowsAt];
      return rows >= 2 && rows * args[colsAt] >= minElements ? rows : 0;
    });
  });
  POINTWISE.forEach(([name, , nAt], kernel) => {
    wrapSplit(table, name, fns[name], OP_POINTWISE, kernel, (args) => (args[nAt] >= minElements ? Math.ceil(args[nAt] / POINT_BLOCK) : 0));
  });
  threadedTables.add(table as unknown as Kernels);
  return table as unknown as Kernels;
}

/**
 * table[name] = f, split across the pool into min(units, CHUNKS_PER_THREAD·t) chunks of job
 * `op` (descriptor [op, kernel, units, chunks, argc, …args]; `kernel` indexes POINTWISE or
 * ROWWISE, 0 for a job of one kernel) when `units(args)` is not 0.
 */
function wrapSplit(
  table: Record<string, unknown>,
  name: string,
  f: ((...a: number[]) => void) | undefined,
  op: number,
  kernel: number,
  units: (args: ArrayLike<number>) => number,
): void {
  if (typeof f !== 'function') return;
  table[name] = function split() {
    // biome-ignore lint/complexity/noArguments: one wrapper for kernels of any arity that builds no array for a call it does not split (the per-step calls of a recurrent loop)
    const args = arguments as ArrayLike<number>;
    const t = numThreads;
    const u = t < 2 ? 0 : units(args);
    if (!u) {
      f.apply(null, args as number[]);
      return;
    }
    spawn();
    desc[0] = op;
    desc[1] = kernel;
    desc[2] = u;
    desc[4] = args.length;
    desc.set(args, 5);
    dispatch(pool!.cx, Math.min(u, CHUNKS_PER_THREAD * t), 0);
  };
}

/** Lets `wrapper` (guard mode's checking table around a threaded one) hand recurrent loops to the pool as `table` does. */
export function sameThreadsAs(wrapper: Kernels, table: Kernels): void {
  if (threadedTables.has(table)) threadedTables.add(wrapper);
}

/**
 * Row blocks per direction for a recurrent layer's time loop on the pool (ops/rnn/slices.ts), or 0
 * to run it on the calling thread: k is not a threaded table, one thread is set, or the loop is
 * small (`macs`: its per-step products over all steps). Blocks are whole groups of 4 rows (the
 * GEMM micro-tile: sgemm_packed computes a row of a 4-row tile and a lone row in different orders,
 * so a block boundary elsewhere would change bits); with D directions, D × blocks chunks keep
 * every thread busy when D divides the thread count.
 */
export function recurrentBlocks(k: Kernels, D: number, B: number, macs: number): number {
  const t = numThreads;
  if (t < 2 || !threadedTables.has(k) || macs < minMacs) return 0;
  const blocks = Math.max(1, Math.min(t % D === 0 ? t / D : t, Math.floor(B / 4)));
  return D * blocks >= 2 ? blocks : 0;
}

/** Runs a recurrent loop job of `chunks` chunks that `write` puts in the descriptor (from index 4) across the pool. */
export function runRecurrentJob(chunks: number, write: (desc: Float64Array) => void): void {
  spawn();
  if (!callerWork) callerWork = allocScratch!(POOL_WORK_BYTES);
  desc[0] = OP_ROWS;
  desc[3] = chunks;
  write(desc);
  dispatch(pool!.cx, chunks, callerWork);
}
