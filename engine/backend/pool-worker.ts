// A pool worker (threads.ts): the kernels module instantiated on the one shared memory, taking
// chunks of the jobs the calling thread publishes in the control block (split GEMMs, pointwise
// kernels, recurrent time loops). Spins briefly after a job (the next one usually follows within
// microseconds), then Atomics.wait. One file for both hosts: a Node worker_threads Worker (its
// workerData) and a browser module Web Worker (its first message).
import { chunkContext, DESC_LEN, OP_ROWS, runChunk } from './pool-jobs.js';
import type { Kernels } from './kernels.js';
import { ACTIVE, CHUNK_MASK, DESC_OFFSET, DONE, EPOCH, FAILED, GRAB, READY, ROWS_CHUNKS, SLEEPERS, tagOf, WORKER_CHUNKS } from './pool-layout.js';

/** The worker's loop; never returns. */
function run(data: unknown): void {
  const { module, memory, control, slot, work, spinMs } = data as {
    module: WebAssembly.Module;
    memory: WebAssembly.Memory;
    control: SharedArrayBuffer;
    slot: number;
    work: number;
    spinMs: number;
  };
  const ex = new WebAssembly.Instance(module, {
    env: {
      memory,
      abort(_m: number, _f: number, line: number, col: number) {
        throw new Error(`seqgrad: wasm kernel aborted at ${line}:${col}`);
      },
    },
  }).exports as unknown as Kernels & Record<string, (...a: number[]) => void>;
  let i32 = new Int32Array(memory.buffer);
  const cx = chunkContext(ex, () => (i32.byteLength === memory.buffer.byteLength ? i32 : (i32 = new Int32Array(memory.buffer))));
  const ctl = new Int32Array(control);
  const desc = new Float64Array(control, DESC_OFFSET, DESC_LEN);

  let seen = Atomics.load(ctl, EPOCH);
  Atomics.store(ctl, READY + slot, 1);

  for (;;) {
    const active = Atomics.load(ctl, ACTIVE);
    if (slot >= active) {
      // not part of the current setNumThreads: sleep until it changes
      Atomics.wait(ctl, ACTIVE, active);
      seen = Atomics.load(ctl, EPOCH);
      continue;
    }
    let e = Atomics.load(ctl, EPOCH);
    if (e === seen) {
      const until = performance.now() + spinMs;
      for (let s = 1; (e = Atomics.load(ctl, EPOCH)) === seen; s++) {
        if ((s & 1023) === 0 && performance.now() > until) break;
      }
      if (e === seen) {
        Atomics.add(ctl, SLEEPERS, 1);
        Atomics.wait(ctl, EPOCH, seen);
        Atomics.sub(ctl, SLEEPERS, 1);
        continue;
      }
    }
    seen = e;
    const tag = tagOf(e);
    for (;;) {
      const g = Atomics.load(ctl, GRAB);
      if ((g & ~CHUNK_MASK) !== tag) break;
      const i = g & CHUNK_MASK;
      const chunks = desc[3];
      if (i >= chunks) break;
      if (Atomics.compareExchange(ctl, GRAB, g, g + 1) !== g) continue;
      try {
        runChunk(cx, desc, i, work);
      } catch {
        Atomics.store(ctl, FAILED, 1);
      }
      Atomics.add(ctl, WORKER_CHUNKS, 1);
      if (desc[0] === OP_ROWS) Atomics.add(ctl, ROWS_CHUNKS, 1);
      if (Atomics.add(ctl, DONE, 1) + 1 === chunks) Atomics.notify(ctl, DONE);
    }
  }
}

type Builtins = { getBuiltinModule?(id: string): unknown };
const nodeWt =
  typeof process !== 'undefined' && process.versions?.node
    ? (((process as unknown as Builtins).getBuiltinModule?.('node:worker_threads') as typeof import('node:worker_threads') | undefined) ?? null)
    : null;
const isPoolData = (d: unknown) => (d as { module?: unknown } | null)?.module instanceof WebAssembly.Module;

// Only as a pool worker (threads.ts passes the compiled kernels): imported anywhere else (a main
// thread, or a worker someone else started), the module does nothing.
if (nodeWt) {
  if (isPoolData(nodeWt.workerData)) run(nodeWt.workerData);
} else if (typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined') {
  const scope = globalThis as unknown as { onmessage: ((e: MessageEvent) => void) | null };
  scope.onmessage = (e) => {
    if (!isPoolData(e.data)) return;
    scope.onmessage = null;
    run(e.data); // never returns: this worker is the pool's from now on
  };
}
