// The kernel ABI: both wasm builds export exactly the functions the Kernels interface
// (engine/backend/kernels.ts) declares, each with the interface's arity, and so does the naive-JS
// twin's table. The interface is read from the TypeScript source (types do not exist at run time).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { KERNELS_RELAXED_B64, KERNELS_SIMD_B64 } from '../../engine/backend/binaries.gen.js';
import { createJsKernels } from '../../engine/backend/js.js';
import { heap, memory } from '../../engine/backend/wasm.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
/** Exports a build may have beyond the interface: the allocator's start (read by wasm.ts). */
const EXTRA_EXPORTS = new Set(['heap_base']);

/** name → parameter count of every method of every interface that `Kernels` is the intersection of. */
function interfaceArities(): Map<string, number> {
  const src = readFileSync(`${root}engine/backend/kernels.ts`, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '');
  const composed = /export type Kernels\s*=([^;]+);/.exec(src);
  if (!composed) throw new Error('kernel-abi: no `export type Kernels = …;` in kernels.ts');
  const parts = composed[1].split('&').map((s) => s.trim());
  const arities = new Map<string, number>();
  for (const part of parts) {
    const body = new RegExp(`export interface ${part}\\s*\\{([^}]*)\\}`).exec(src);
    if (!body) throw new Error(`kernel-abi: interface ${part} not found in kernels.ts`);
    const methods = [...body[1].matchAll(/(\w+)\s*\(([^)]*)\)\s*:\s*\w+\s*;/g)];
    assert.ok(methods.length > 0, `${part} declares methods`);
    for (const [, name, params] of methods) {
      assert.not.ok(arities.has(name), `${name} declared once`);
      // a parameter list laid over several lines ends with a comma: count the non-empty parts
      arities.set(name, params.split(',').filter((p) => p.trim() !== '').length);
    }
  }
  return arities;
}

const expected = interfaceArities();

function diff(label: string, actual: Map<string, number>): void {
  const missing = [...expected.keys()].filter((n) => !actual.has(n));
  const extra = [...actual.keys()].filter((n) => !expected.has(n));
  const wrong = [...expected]
    .filter(([n, a]) => actual.has(n) && actual.get(n) !== a)
    .map(([n, a]) => `${n}: ${actual.get(n)} parameters, the interface says ${a}`);
  assert.equal({ missing, extra, wrong }, { missing: [], extra: [], wrong: [] }, label);
}

const test = suite('kernel ABI');

test('the parser reads the interface (known signatures, all ten families)', () => {
  assert.ok(expected.size > 60, `${expected.size} kernels`);
  assert.is(expected.get('sgemm'), 13);
  assert.is(expected.get('fill'), 3);
  assert.is(expected.get('adam_step'), 15);
  assert.is(expected.get('sum_all'), 2);
});

for (const [build, b64] of [
  ['simd', KERNELS_SIMD_B64],
  ['relaxed', KERNELS_RELAXED_B64],
] as const) {
  test(`the ${build} wasm build exports the Kernels interface: names and arities`, () => {
    const module = new WebAssembly.Module(Buffer.from(b64, 'base64'));
    if (!WebAssembly.validate(Buffer.from(b64, 'base64'))) throw new Error(`${build} build does not validate`);
    const kinds = WebAssembly.Module.exports(module);
    const nonFunctions = kinds.filter((e) => e.kind !== 'function').map((e) => `${e.name} (${e.kind})`);
    assert.equal(nonFunctions, ['memory (memory)'], "functions, and the imported memory re-exported (asc's default)");
    // what wasm.ts supplies: the one shared memory, and an abort handler (unused with asc's --noAssert)
    const imports = WebAssembly.Module.imports(module).map((i) => `${i.module}.${i.name} (${i.kind})`);
    assert.ok(imports.includes('env.memory (memory)'), 'the memory is imported');
    assert.equal(
      imports.filter((i) => i !== 'env.memory (memory)' && i !== 'env.abort (function)'),
      [],
      'no other imports',
    );
    const instance = new WebAssembly.Instance(module, {
      env: {
        memory,
        abort() {
          throw new Error('abort');
        },
      },
    });
    const actual = new Map<string, number>();
    for (const { name, kind } of kinds) {
      if (kind !== 'function') continue;
      if (EXTRA_EXPORTS.has(name)) continue;
      actual.set(name, (instance.exports[name] as (...a: unknown[]) => unknown).length);
    }
    diff(`${build} build`, actual);
  });
}

test("the naive-JS twin's table is the Kernels interface: names and arities", () => {
  const table = createJsKernels(heap) as unknown as Record<string, unknown>;
  const actual = new Map<string, number>();
  for (const [name, f] of Object.entries(table)) {
    assert.type(f, 'function', name);
    actual.set(name, (f as (...a: unknown[]) => unknown).length);
  }
  diff('js twin', actual);
});

test.run();
