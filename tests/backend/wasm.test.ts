// The wasm loader: both builds share one memory, and the heap views follow memory.grow.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { KERNELS_RELAXED_B64, KERNELS_SIMD_B64 } from '../../engine/backend/binaries.gen.js';
import { heapBase } from '../../engine/backend/index.js';
import { heap, memory, memoryShared, unshareMemoryImport } from '../../engine/backend/wasm.js';
import { leb, sections } from '../../engine/backend/wasm-binary.js';
import { allocBytes, freeBytes } from '../../engine/memory.js';

/** The active data segments of a module: [offset, bytes as base64] (constant i32 offsets only). */
function dataSegments(b64: string): [number, string][] {
  const b = Buffer.from(b64, 'base64');
  const out: [number, string][] = [];
  for (const s of sections(b)) {
    if (s.id !== 11) continue;
    let [n, p] = leb(b, s.body);
    for (; n > 0; n--) {
      let memoryIndex: number, off: number, len: number;
      [memoryIndex, p] = leb(b, p);
      assert.is(memoryIndex, 0, 'an active segment of memory 0');
      assert.is(b[p++], 0x41, 'an i32.const offset');
      [off, p] = leb(b, p);
      assert.is(b[p++], 0x0b, 'end of the offset expression');
      [len, p] = leb(b, p);
      out.push([off, b.subarray(p, p + len).toString('base64')]);
      p += len;
    }
  }
  return out;
}

const test = suite('wasm loader');

test("both builds lay out identical static data below the allocator's heap base (one memory: instantiating the second re-writes the first's tables)", () => {
  const simd = dataSegments(KERNELS_SIMD_B64);
  const relaxed = dataSegments(KERNELS_RELAXED_B64);
  assert.ok(simd.length > 0, 'the kernels have constant tables');
  assert.equal(relaxed, simd);
  for (const [off, bytes] of simd) assert.ok(off + Buffer.from(bytes, 'base64').length <= heapBase, `segment at ${off} ends below heapBase ${heapBase}`);
});

test('heap views follow memory.grow: an allocation past the end grows the memory and the views see it', () => {
  const have = memory.buffer.byteLength;
  const p = allocBytes(have); // more than what is left: the allocator grows the memory
  assert.ok(memory.buffer.byteLength > have, 'memory grew');
  const f = heap.f32();
  assert.is(f.length, memory.buffer.byteLength / 4, 'the view covers the grown memory');
  f[(p + have - 4) >> 2] = 42.5;
  assert.is(new Float32Array(memory.buffer)[(p + have - 4) >> 2], 42.5);
  assert.is(heap.u8().length, memory.buffer.byteLength);
  assert.is(heap.i32().length, memory.buffer.byteLength / 4);
  freeBytes(p);
});

test('in Node the memory is shared (the worker pool runs on it); the builds declare a shared memory import', () => {
  assert.ok(memoryShared);
  assert.ok(memory.buffer instanceof SharedArrayBuffer);
  const bytes = new Uint8Array(Buffer.from(KERNELS_SIMD_B64, 'base64'));
  assert.throws(
    () => new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory: new WebAssembly.Memory({ initial: 1, maximum: 65536 }), abort() {} } }),
    /shared/,
  );
});

test('unshareMemoryImport: the same module instantiates on an unshared memory (the fallback without cross-origin isolation) and computes', () => {
  const bytes = unshareMemoryImport(new Uint8Array(Buffer.from(KERNELS_SIMD_B64, 'base64')));
  const mem = new WebAssembly.Memory({ initial: 2, maximum: 65536 });
  const ex = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory: mem, abort() {} } }).exports as {
    add(o: number, a: number, b: number, n: number): void;
  };
  const f = new Float32Array(mem.buffer);
  f.set([1, 2, 3], 16384);
  f.set([10, 20, 30], 16400);
  ex.add(65536 + 256, 65536, 65600, 3);
  assert.equal([...f.subarray(16448, 16451)], [11, 22, 33]);
  assert.not.ok(mem.buffer instanceof SharedArrayBuffer);
});

test.run();
