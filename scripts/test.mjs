// Runs the uvu suites under dist/tests (node flags: --expose-gc for the memory tests,
// relaxed SIMD so both wasm builds are tested) and closes with one 'N passed, N failed' line.
import { spawnSync } from 'node:child_process';

const filter = process.argv[2] ?? '';
const r = spawnSync(process.execPath, [
  '--expose-gc', '--experimental-wasm-relaxed-simd',
  'node_modules/uvu/bin.js', 'dist/tests', `${filter}.*\\.test\\.js$`,
], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, maxBuffer: 1 << 28 });
process.stdout.write(r.stdout ?? '');
process.stderr.write(r.stderr ?? '');
const total = Number(/Total:\s+(\d+)/.exec(r.stdout ?? '')?.[1] ?? 0);
const passed = Number(/Passed:\s+(\d+)/.exec(r.stdout ?? '')?.[1] ?? 0);
const skipped = Number(/Skipped:\s+(\d+)/.exec(r.stdout ?? '')?.[1] ?? 0);
const failed = r.status === 0 ? total - passed - skipped : Math.max(1, total - passed - skipped);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(r.status === 0 && total > 0 ? 0 : 1);
