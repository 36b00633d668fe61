// Runs the uvu suites under dist/tests through scripts/test-driver.mjs (node flags: --expose-gc for
// the memory tests, relaxed SIMD so both wasm builds are tested) and closes with one
// 'tests: N passed, N failed, N skipped' line. Exits non-zero unless every test defined passed:
// a failed assertion, a throwing hook, a file that fails to load, a suite never run or empty.
// --guard: the same run in guard mode (SEQGRAD_GUARD=1, canaries around every heap block and
// scratch allocation, engine/guard.ts); it also fails unless the guard reports 0 overruns.
// Usage: node scripts/test.mjs [--guard] [--dir DIR] [PATTERN]   (npm test -- PATTERN)
import { spawn } from 'node:child_process';

const args = process.argv.slice(2);
let dir = 'dist/tests';
const at = args.indexOf('--dir');
if (at >= 0) dir = args.splice(at, 2)[1];
const guard = args.includes('--guard');
if (guard) args.splice(args.indexOf('--guard'), 1);
const filter = args[0] ?? '';
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
if (guard) env.SEQGRAD_GUARD = '1';

const child = spawn(process.execPath, ['--expose-gc', '--experimental-wasm-relaxed-simd', 'scripts/test-driver.mjs', dir, `(?:${filter}).*\\.test\\.m?js$`], {
  stdio: ['inherit', 'pipe', 'pipe'],
  env,
});
let out = '',
  err = '';
child.stdout.setEncoding('utf8');
child.stdout.on('data', (s) => {
  out += s;
  process.stdout.write(s);
});
child.stderr.setEncoding('utf8');
child.stderr.on('data', (s) => {
  err += s;
  process.stderr.write(s);
});
const [code, signal] = await new Promise((done) => child.on('close', (c, s) => done([c, s])));

// the last occurrences: a failure message may quote another run's summary
const lastMatch = (re) => [...out.matchAll(new RegExp(`^\\s*${re.source}`, 'gm'))].pop();
const count = (re) => Number(lastMatch(re)?.[1] ?? NaN);
const total = count(/Total:\s+(\d+)$/);
const passed = count(/Passed:\s+(\d+)$/);
const skipped = count(/Skipped:\s+(\d+)$/);
const suites = lastMatch(/Suites:\s+(\d+) defined, (\d+) run$/);
const problems = [];
if (code !== 0) problems.push(signal ? `the test process was killed by ${signal}` : `the test process exited with code ${code}`);
if (!(total >= 0 && passed >= 0)) problems.push('the test process ended before uvu printed its totals');
else if (total === 0) problems.push('no tests ran');
if (!suites) problems.push('the driver did not report its suites');
else if (suites[1] !== suites[2]) problems.push(`${suites[1]} suites defined, ${suites[2]} run`);
if (guard) {
  // the test process's own summary is the last one (spawned children print theirs too); any child's overrun counts
  const all = [...err.matchAll(/seqgrad guard: .* (\d+) overruns/g)].map((m) => Number(m[1]));
  const overruns = all.length ? all.reduce((a, b) => a + b, 0) : NaN;
  if (Number.isNaN(overruns)) problems.push('no summary from the guard (was it on?)');
  else if (overruns !== 0) problems.push(`guard: ${overruns} overruns`);
}
if (out !== '' && !out.endsWith('\n')) process.stdout.write('\n');
for (const p of problems) console.error(`test.mjs: ${p}`);
const failed = Math.max(total - passed || 0, problems.length > 0 ? 1 : 0);
console.log(`tests: ${passed || 0} passed, ${failed} failed, ${skipped || 0} skipped${guard ? ' (guard mode)' : ''}`);
process.exit(problems.length === 0 && failed === 0 ? 0 : 1);
