// npm run test:threads: the whole test suite at 1, 2 and 3 threads (SEQGRAD_NUM_THREADS) with every
// splittable kernel call split however small (SEQGRAD_POOL_SPLIT_ALL=1: every GEMM, pointwise
// kernel and recurrent loop of the PyTorch parity suites goes through the pool), each run hashing
// every value the tests read from tensors (SEQGRAD_DIGEST, scripts/test-driver.mjs), and the
// digests compared file by file: the thread pool must change no bit of any result.
// Usage: node scripts/test-threads.mjs [PATTERN] [--counts 1,2,3]   (after npm run build)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const at = args.indexOf('--counts');
const counts = at >= 0 ? args.splice(at, 2)[1].split(',').map(Number) : [1, 2, 3];
const pattern = args[0] ?? '';
const dir = mkdtempSync(join(tmpdir(), 'seqgrad-digest-'));
const runs = [];
try {
  for (const t of counts) {
    const file = join(dir, `${t}.json`);
    const t0 = Date.now();
    const r = spawnSync(process.execPath, ['scripts/test.mjs', ...(pattern ? [pattern] : [])], {
      encoding: 'utf8',
      env: { ...process.env, SEQGRAD_NUM_THREADS: String(t), SEQGRAD_POOL_SPLIT_ALL: '1', SEQGRAD_DIGEST: file },
      maxBuffer: 1 << 28,
    });
    const last = r.stdout.trim().split('\n').pop();
    console.log(`${t} thread(s): ${last} (${((Date.now() - t0) / 1e3).toFixed(0)} s)`);
    if (r.status !== 0) {
      process.stdout.write(
        `${r.stdout
          .split('\n')
          .filter((l) => /FAIL|✘/.test(l))
          .join('\n')}\n`,
      );
      throw new Error(`test-threads: the suite failed at ${t} thread(s)`);
    }
    runs.push(JSON.parse(readFileSync(file, 'utf8')));
  }
  // files that run for a time budget (how many steps they take depends on the clock, not on the threads)
  const TIMED = ['web/bench.test.js'];
  const files = [...new Set(runs.flatMap((r) => Object.keys(r)))].filter((f) => !TIMED.includes(f)).sort();
  // a digest hook that saw no tensor (the tests imported another module instance) would compare nothing
  if (files.length === 0) throw new Error("test-threads: no test file read a tensor value (is SEQGRAD_DIGEST wired to the tests' Tensor?)");
  console.log(`not compared (they time steps for a budget): ${TIMED.join(', ')}`);
  let differ = 0;
  for (const f of files) {
    const ds = runs.map((r) => r[f]);
    if (ds.some((d) => d !== ds[0])) {
      differ++;
      console.log(`DIFFERS ${f}: ${ds.map((d, i) => `${counts[i]}: ${d}`).join(', ')}`);
    }
  }
  const values = files.reduce((n, f) => n + Number((runs[0][f] ?? '/0').split('/')[1]), 0);
  if (values === 0) throw new Error('test-threads: the digests hold no values');
  console.log(
    `${files.length} test files read tensor values (${(values / 2 ** 20).toFixed(1)} MiB): ${files.length - differ} identical at ${counts.join(', ')} threads, ${differ} differ`,
  );
  if (differ) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
