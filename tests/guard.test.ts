// Guard mode (engine/guard.ts): canaries around every heap block and scratch allocation catch an
// overrun at the kernel that wrote it, at the close of its scratch scope, or when the block is
// freed. These tests overrun on purpose; the whole suite also runs in guard mode in CI
// (SEQGRAD_GUARD=1), where any other overrun fails the run.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { kernelTables, K, setBackend, type BackendName } from '../engine/backend/index.js';
import { heap } from '../engine/backend/wasm.js';
import { guardStats, setGuard } from '../engine/guard.js';
import { allocBytes, freeBytes, memoryStats, withScratch, scratchBytes } from '../engine/memory.js';

/** Runs fn with guard mode on, and forgets the overruns it provokes on purpose (the CI summary counts the others). */
function guarded(fn: () => void): number {
  const prev = setGuard(true);
  const before = guardStats.overruns;
  try {
    fn();
  } finally {
    setGuard(prev);
  }
  const provoked = guardStats.overruns - before;
  guardStats.overruns = before;
  return provoked;
}

for (const backend of ['wasm', 'js'] as BackendName[]) {
  const test = suite(`guard mode (${backend})`);
  test.before(() => setBackend(backend));
  test.after(() => setBackend('wasm'));

  test('a kernel writing one float past a 16-float block throws at that kernel, naming it and the block', () => {
    if (backend === 'wasm' && !kernelTables().wasm) return;
    const provoked = guarded(() => {
      const p = allocBytes(16 * 4, 'test block');
      K().fill(p, 1, 16); // in bounds: fine
      assert.throws(
        () => K().fill(p, 1, 17),
        (e: Error) =>
          e.message ===
          `guard: kernel fill (${backend}) wrote outside a block of 64 bytes (test block) (64 bytes at ${p}): byte ${p + 64} is 0 bytes past its end`,
      );
      assert.throws(() => K().fill(p - 4, 1, 2), /guard: kernel fill .* is 4 bytes before its start/);
      freeBytes(p); // the canaries were repainted after each report: the free is clean
    });
    assert.is(provoked, 2);
  });

  test('an overrun of a scratch allocation is caught, and so is a write past a block found only when it is freed', () => {
    withScratch(() => scratchBytes(4)); // the arena's first chunk, kept for later ops
    const live = memoryStats().liveBytes;
    const provoked = guarded(() => {
      assert.throws(
        () =>
          withScratch(() => {
            const p = scratchBytes(10 * 4, 'test scratch');
            K().scale(p, p, 2, 11);
          }),
        /guard: kernel scale .* wrote outside scratch of 40 bytes \(test scratch\)/,
      );
      const p = allocBytes(8, 'test block');
      heap.u8()[p + 8] = 0; // a write no kernel made: the check at free catches it
      assert.throws(() => freeBytes(p), /guard: freeBytes \(an earlier write\) wrote outside a block of 8 bytes/);
    });
    assert.is(provoked, 2);
    assert.is(memoryStats().liveBytes, live, 'blocks freed despite the overruns');
  });

  test.run();
}
