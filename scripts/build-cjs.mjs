// Bundles the compiled engine (dist/engine/, ESM) into one CommonJS file, dist/cjs/index.cjs, for
// `require('seqgrad')` (package.json "exports" → "require"); its types re-export the ESM ones.
// NOTE: a program that loads both the ESM and the CJS entry gets two engines (two wasm memories,
// two tapes): tensors of one are not tensors of the other.
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist/cjs/index.cjs');
await build({
  entryPoints: [join(root, 'dist/engine/index.js')],
  outfile: out,
  bundle: true,
  format: 'cjs',
  platform: 'neutral', // the engine imports node: modules only lazily (engine/node-only.ts)
  target: 'es2022',
  minifyWhitespace: true, // identifiers kept: stack traces and class names read as in the ESM build
  logLevel: 'warning',
});
mkdirSync(dirname(out), { recursive: true });
writeFileSync(join(root, 'dist/cjs/index.d.cts'), "// Types of the CommonJS entry: the same API as the ESM one.\nexport * from '../engine/index.js';\n");
console.log(`build-cjs: ${out}`);
