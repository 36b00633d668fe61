// The pool's control block (a SharedArrayBuffer apart from the wasm memory): Int32 slots the
// calling thread and the workers synchronise on with Atomics, then the job descriptor.
//
//   slot          meaning
//   EPOCH         job counter: the caller bumps it to publish a job; idle workers Atomics.wait on it
//   GRAB          (EPOCH & 0xffff) << 15 | next chunk index: a thread takes a chunk by compareExchange,
//                 so a worker that wakes late for an old job can never take a chunk of a newer one
//                 (the caller closes it, index = CHUNK_MASK, once the job is done: before the next
//                 job's descriptor is written, a stale compareExchange fails)
//   DONE          chunks finished in the current job (the caller waits until it reaches the count)
//   SLEEPERS      workers inside Atomics.wait (the caller notifies only when there are some)
//   FAILED        set by a worker whose chunk threw (the caller throws after the job)
//   WORKER_CHUNKS chunks run by workers since the pool started (tests: the workers did take part)
//   ROWS_CHUNKS   of those, chunks of a recurrent time loop (OP_ROWS)
//   ACTIVE        workers that take part (numThreads − 1); the others sleep on this slot
//   READY + w     1 once the worker of slot w has instantiated the kernels
//   descriptor    Float64 × DESC_LEN at DESC_OFFSET (pool-jobs.ts)
export const EPOCH = 0;
export const GRAB = 1;
export const DONE = 2;
export const SLEEPERS = 3;
export const FAILED = 4;
export const WORKER_CHUNKS = 5;
export const ACTIVE = 6;
export const ROWS_CHUNKS = 7;
export const READY = 48;
export const DESC_OFFSET = 512;
export const CONTROL_BYTES = 2048;
/** Chunk index bits of GRAB. */
export const CHUNK_BITS = 15;
export const CHUNK_MASK = (1 << CHUNK_BITS) - 1;
export const tagOf = (epoch: number) => (epoch & 0xffff) << CHUNK_BITS;
