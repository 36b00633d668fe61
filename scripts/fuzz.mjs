// Long runs of the issue-12 fuzz suite (tests/fuzz/properties.ts, built into dist/):
//   npm run fuzz -- --seed N --runs M [--only TEXT] [--keep-going]
// M runs per property (default 1000); prints, per property, the cases that ended in a clear Error,
// those that gave the PyTorch result and anything else, with the first failure (shrunk to a small
// counterexample, or with --keep-going every case runs and the failures are counted).
import { runProperties } from '../dist/tests/fuzz/properties.js';

const args = process.argv.slice(2);
function opt(name, dflt) {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
}
const seed = Number(opt('seed', String(Date.now() % 2 ** 31)));
const runs = Number(opt('runs', '1000'));
const only = opt('only', undefined);
const keepGoing = args.includes('--keep-going');
if (!Number.isInteger(seed) || !Number.isInteger(runs) || runs < 1) {
  console.error('usage: npm run fuzz -- [--seed N] [--runs M] [--only TEXT]');
  process.exit(2);
}
const t0 = Date.now();
const results = runProperties({ seed, runs, only, keepGoing });
let total = 0;
let errors = 0;
let pytorch = 0;
let other = 0;
for (const r of results) {
  const n = r.error + r.result + r.other;
  total += n;
  errors += r.error;
  pytorch += r.result;
  other += r.other;
  console.log(`${r.failure ? 'FAIL' : 'ok  '} ${r.name}: ${n} cases, ${r.error} clear Errors, ${r.result} PyTorch results, ${r.other} other`);
  if (r.failure) console.log(`     ${r.failure.replace(/\n/g, '\n     ')}`);
}
console.log(
  `seed ${seed}, ${runs} runs per property: ${total} cases in ${((Date.now() - t0) / 1000).toFixed(1)} s — ${errors} clear Errors, ${pytorch} PyTorch results, ${other} other`,
);
process.exit(other ? 1 : 0);
