// Runs the uvu suites under dist/tests (node flags: --expose-gc for the memory tests,
// relaxed SIMD so both wasm builds are tested) and closes with one 'N passed, N failed' line.
// --guard: the same run in guard mode (SEQGRAD_GUARD=1, canaries around every heap block and
// scratch allocation, engine/guard.ts); it also fails unless the guard reports 0 overruns.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const guard = args.includes('--guard');
const filter = args.find((a) => a !== '--guard') ?? '';
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
if (guard) env.SEQGRAD_GUARD = '1';
const r = spawnSync(process.execPath, [
  '--expose-gc', '--experimental-wasm-relaxed-simd',
  'node_modules/uvu/bin.js', 'dist/tests', `${filter}.*\\.test\\.js$`,
], { encoding: 'utf8', env, maxBuffer: 1 << 28 });
process.stdout.write(r.stdout ?? '');
process.stderr.write(r.stderr ?? '');
const total = Number(/Total:\s+(\d+)/.exec(r.stdout ?? '')?.[1] ?? 0);
const passed = Number(/Passed:\s+(\d+)/.exec(r.stdout ?? '')?.[1] ?? 0);
const skipped = Number(/Skipped:\s+(\d+)/.exec(r.stdout ?? '')?.[1] ?? 0);
const failed = r.status === 0 ? total - passed - skipped : Math.max(1, total - passed - skipped);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped${guard ? ' (guard mode)' : ''}`);
const overruns = guard ? Number(/seqgrad guard: .* (\d+) overruns/.exec(r.stderr ?? '')?.[1] ?? NaN) : 0;
if (guard && overruns !== 0) console.log(`guard: ${Number.isNaN(overruns) ? 'no summary from the guard (was it on?)' : `${overruns} overruns`}`);
process.exit(r.status === 0 && total > 0 && overruns === 0 ? 0 : 1);
