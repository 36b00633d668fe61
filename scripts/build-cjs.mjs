// Bundles the compiled engine (dist/engine/, ESM) into one CommonJS file, dist/cjs/index.cjs, for
// `require('seqgrad')` (package.json "exports" → "require"); its types re-export the ESM ones.
// NOTE: a program that loads both the ESM and the CJS entry gets two engines (two wasm memories,
// two tapes): tensors of one are not tensors of the other.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist/cjs/index.cjs');
// import.meta is empty in a CJS bundle: only the file below uses it, with a __filename fallback
const META_OK = ['backend/threads.js'];
const engine = join(root, 'dist/engine');
const usesMeta = readdirSync(engine, { recursive: true })
  .filter((f) => f.endsWith('.js') && readFileSync(join(engine, f), 'utf8').includes('import.meta'))
  .map((f) => f.split('\\').join('/'));
const unexpected = usesMeta.filter((f) => !META_OK.includes(f));
if (unexpected.length)
  throw new Error(`build-cjs: import.meta is empty in the CJS bundle; give these a fallback and list them in META_OK: ${unexpected.join(', ')}`);
await build({
  entryPoints: [join(root, 'dist/engine/index.js')],
  outfile: out,
  bundle: true,
  format: 'cjs',
  platform: 'neutral', // the engine imports node: modules only lazily (engine/node-only.ts)
  target: 'es2022',
  minifyWhitespace: true, // identifiers kept: stack traces and class names read as in the ESM build
  logLevel: 'warning',
  // checked above: engine/backend/threads.ts finds the pool's worker file from import.meta.url, and from
  // __filename when it is empty, as here (tests/package.test.ts starts the pool from this bundle)
  logOverride: { 'empty-import-meta': 'silent' },
});
mkdirSync(dirname(out), { recursive: true });
writeFileSync(join(root, 'dist/cjs/index.d.cts'), "// Types of the CommonJS entry: the same API as the ESM one.\nexport * from '../engine/index.js';\n");
console.log(`build-cjs: ${out}`);
