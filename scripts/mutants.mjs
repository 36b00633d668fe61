// Mutation check of the test suite (not part of CI: it takes minutes). Copies the working tree to a
// temporary folder (node_modules linked), builds it, checks that the tests below pass there, then
// applies each mutant of MUTANTS alone — a small realistic bug — rebuilds, runs the tests that
// should catch it, restores the file, and reports which mutants survived and which tests caught each.
//   npm run mutants [-- NAME_REGEX] [--keep]      exit code 1 when a mutant survives
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * One mutant: edits (file, exact search string, replacement; `all` replaces every occurrence,
 * otherwise the string must occur exactly once) and the test PATTERN (as for `npm test -- PATTERN`)
 * expected to catch it. A whitespace run in a search string matches any whitespace run, so
 * reformatting (npm run format: wrapped lines, expanded blocks) leaves the mutants applicable.
 */
const MUTANTS = [
  {
    name: 'lstm-backward-forget-sign',
    kind: 'sign in the LSTM backward (wasm kernel)',
    tests: 'nn/rnn',
    edits: [
      {
        file: 'kernels-as/rnn-cells.ts',
        search: 'const dF = f32x4.mul(f32x4.mul(dct, cp), f32x4.mul(f, f32x4.sub(one, f)));',
        replace: 'const dF = f32x4.mul(f32x4.mul(dct, cp), f32x4.mul(f, f32x4.sub(f, one)));',
      },
    ],
  },
  {
    name: 'gru-backward-update-sign',
    kind: 'sign in the GRU backward (JS twin)',
    tests: 'nn/rnn|kernels/rnn-cells',
    edits: [
      {
        file: 'engine/backend/js/rnn-cells.ts',
        search: 'const dZ = dhv * (f32[(hPrev >> 2) + k] - n) * z * (1 - z);',
        replace: 'const dZ = dhv * (n - f32[(hPrev >> 2) + k]) * z * (1 - z);',
      },
    ],
  },
  {
    name: 'lstm-output-gate-both-backends',
    kind: 'the same bug in the wasm kernel and its JS twin (LSTM dO)',
    tests: 'nn/rnn|kernels/rnn-cells',
    edits: [
      {
        file: 'kernels-as/rnn-cells.ts',
        search: 'const dO = f32x4.mul(f32x4.mul(dhv, tc), f32x4.mul(o, f32x4.sub(one, o)));',
        replace: 'const dO = f32x4.mul(f32x4.mul(dhv, tc), f32x4.mul(o, o));',
      },
      { file: 'engine/backend/js/rnn-cells.ts', search: 'f32[di + 3 * H] = dhv * tc * o * (1 - o);', replace: 'f32[di + 3 * H] = dhv * tc * o * o;' },
    ],
  },
  {
    name: 'packed-batch-sizes-off-by-one',
    kind: 'packed batch sizes',
    tests: 'nn/',
    edits: [{ file: 'engine/nn/packed-sequence.ts', search: 'if (ls[b] <= t) break;', replace: 'if (ls[b] < t) break;' }],
  },
  {
    name: 'adam-no-bias-correction',
    kind: 'Adam bias correction',
    tests: 'optim/',
    edits: [{ file: 'engine/optim/optimizer.ts', search: 'const stepSize = o.lr / (1 - b1 ** st.step);', replace: 'const stepSize = o.lr;' }],
  },
  {
    name: 'clip-norm-inf-sums-maxima',
    kind: 'clip norm ∞',
    tests: 'optim/',
    edits: [
      {
        file: 'engine/optim/clip.ts',
        search: 'total = Math.max(total, k.max_abs(p._gradBlock!.ptr, p.size));',
        replace: 'total += k.max_abs(p._gradBlock!.ptr, p.size);',
      },
    ],
  },
  {
    name: 'clip-norm-p-without-root',
    kind: 'clip norm p (1, 3)',
    tests: 'optim/',
    edits: [{ file: 'engine/optim/clip.ts', search: 'total = s ** (1 / normType);', replace: 'total = s;' }],
  },
  {
    name: 'clip-norm-2-without-sqrt',
    kind: 'clip norm 2',
    tests: 'optim/',
    edits: [{ file: 'engine/optim/clip.ts', search: 'total = Math.sqrt(s);', replace: 'total = s;' }],
  },
  {
    name: 'clip-norm-nan-kept',
    kind: 'clip norm with a NaN gradient',
    tests: 'optim/',
    edits: [{ file: 'engine/optim/clip.ts', search: 'if (!(coef >= 1))', replace: 'if (coef < 1)' }],
  },
  {
    name: 'clip-value-range-0-v',
    kind: 'clip value range',
    tests: 'optim/',
    edits: [{ file: 'engine/optim/clip.ts', search: '-clipValue, clipValue', replace: '0, clipValue' }],
  },
  {
    name: 'assigned-grad-ignored',
    kind: 'p.grad = t on a fresh Parameter',
    tests: 'optim/',
    edits: [
      {
        file: 'engine/tensor.ts',
        search: 'if (g !== null && !this._gradBlock && this._block!.ptr >= 0) this._gradBlock = new WasmBlock(this.size);',
        replace: '',
      },
    ],
  },
  {
    name: 'softmax-without-max',
    kind: 'softmax stabilisation (wasm kernel)',
    tests: 'ops/|kernels/softmax|nn/losses',
    edits: [{ file: 'kernels-as/softmax.ts', search: 'const mx = rowMax(px, cols);', replace: 'const mx: f32 = 0;', all: true }],
  },
  {
    name: 'cross-entropy-mean-counts-ignored',
    kind: 'ignore-index mean',
    tests: 'nn/losses|ops/',
    edits: [
      {
        file: 'engine/ops/losses.ts',
        search: 'for (let i = 0; i < rows; i++) if (idx[i] !== KERNEL_IGNORE) { denom += w ? w[idx[i]] : 1; counted++; }',
        replace: 'for (let i = 0; i < rows; i++) { denom += w ? (w[idx[i]] ?? 0) : 1; if (idx[i] !== KERNEL_IGNORE) counted++; }',
      },
    ],
  },
  {
    name: 'axpy-tail-loop-short',
    kind: 'kernel tail loop (wasm)',
    tests: 'kernels/',
    edits: [
      {
        file: 'kernels-as/elementwise.ts',
        search: '  for (; i < n; i++) {\n    const o = <usize>i << 2;\n    store<f32>(y + o, load<f32>(y + o) + alpha * load<f32>(x + o));',
        replace: '  for (; i < n - 1; i++) {\n    const o = <usize>i << 2;\n    store<f32>(y + o, load<f32>(y + o) + alpha * load<f32>(x + o));',
      },
    ],
  },
  {
    name: 'rnn-inter-layer-dropout-off',
    kind: 'dropout between RNN/LSTM/GRU layers',
    tests: 'nn/rnn',
    edits: [{ file: 'engine/ops/rnn/op.ts', search: 'input = l < L - 1 && dropoutP > 0 ? dropout(r.out, dropoutP, true) : r.out;', replace: 'input = r.out;' }],
  },
  {
    name: 'dropout-not-rescaled',
    kind: 'dropout scaling 1/(1 − p)',
    tests: 'nn/|random',
    edits: [{ file: 'engine/ops/layers.ts', search: 'const inv = Math.fround(1 / Math.fround(1 - p));', replace: 'const inv = 1;' }],
  },
  {
    name: 'bleu-brevity-penalty-inverted',
    kind: 'BLEU brevity penalty',
    tests: 'seq2seq/bleu|examples/translation',
    edits: [{ file: 'engine/seq2seq/bleu.ts', search: 'Math.exp(1 - refLen / hypLen)', replace: 'Math.exp(1 - hypLen / refLen)' }],
  },
  {
    name: 'demo-translation-lr',
    kind: 'a demo trains differently (translation)',
    tests: 'examples/translation',
    edits: [{ file: 'examples/translation.ts', search: 'lr: 3e-3, batchSize: 32', replace: 'lr: 2e-3, batchSize: 32' }],
  },
  {
    name: 'demo-char-lm-clip',
    kind: 'a demo trains differently (char-lm)',
    tests: 'examples/char-lm',
    edits: [
      { file: 'examples/char-lm.ts', search: 'nn.utils.clipGradNorm(model.parameters(), 1);', replace: 'nn.utils.clipGradNorm(model.parameters(), 0.5);' },
    ],
  },
  {
    name: 'demo-seq2seq-plain-coin',
    kind: 'a demo trains differently (seq2seq-plain teacher forcing)',
    tests: 'examples/seq2seq-plain',
    edits: [{ file: 'examples/seq2seq-plain.ts', search: 'random.defaultGenerator.uniform01() < TF', replace: 'random.defaultGenerator.uniform01() >= TF' }],
  },
  {
    name: 'demo-lstm-gates-worked-update',
    kind: 'a demo prints a wrong number (lstm-gates worked update)',
    tests: 'examples/lstm-gates',
    edits: [{ file: 'examples/lstm-gates.ts', search: 'const c = f * 0.8 + i * g;', replace: 'const c = f * 0.8 + i * g * o;' }],
  },
  {
    name: 'demo-lstm-gates-columns-swapped',
    kind: 'a demo prints a wrong number (lstm-gates i and f columns)',
    tests: 'examples/lstm-gates',
    edits: [{ file: 'examples/lstm-gates.ts', search: 'f4(at(tr.i, s)), f4(at(tr.f, s))', replace: 'f4(at(tr.f, s)), f4(at(tr.i, s))' }],
  },
  {
    name: 'demo-main-crashes',
    kind: 'a demo whose main throws (its test runs it in a before hook)',
    tests: 'examples/char-lm',
    edits: [
      {
        file: 'examples/char-lm.ts',
        search: '  const args = parseArgs(argv);\n',
        replace: "  const args = parseArgs(argv);\n  if (argv.length >= 0) throw new Error('demo crashed');\n",
      },
    ],
  },
  {
    name: 'runner-exits-0',
    kind: 'the test runner ignores failures',
    tests: 'runner',
    edits: [{ file: 'scripts/test.mjs', search: 'process.exit(problems.length === 0 && failed === 0 ? 0 : 1);', replace: 'process.exit(0);' }],
  },
  {
    name: 'runner-hook-errors-dropped',
    kind: 'the test runner drops hook errors',
    tests: 'runner',
    edits: [{ file: 'scripts/test-driver.mjs', search: 'if (hookErrors.length > 0 || (errs === true && ran < total)) {', replace: 'if (false) {' }],
  },
  {
    name: 'runner-never-run-unchecked',
    kind: 'the test runner misses a suite never run',
    tests: 'runner',
    edits: [{ file: 'scripts/test-driver.mjs', search: 'if (!s.ran && !(s.implicit && s.tests === 0)) group.push(', replace: 'if (false) group.push(' }],
  },
];

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const keep = args.includes('--keep');
const only = args.find((a) => !a.startsWith('--'));
const chosen = MUTANTS.filter((m) => !only || new RegExp(only).test(m.name));
if (chosen.length === 0) throw new Error(`mutants: no mutant name matches '${only}'`);

function run(cmd, argv, cwd, timeoutMs = 900_000) {
  const r = spawnSync(cmd, argv, { cwd, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1' } });
  return { ok: r.status === 0, status: r.status, timedOut: r.error?.code === 'ETIMEDOUT', stdout: r.stdout ?? '', out: (r.stdout ?? '') + (r.stderr ?? '') };
}

const t0 = Date.now();
const work = mkdtempSync(join(tmpdir(), 'seqgrad-mutants-'));
console.log(`mutants: copying the working tree to ${work}`);
const files = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], ROOT).out.split('\0').filter(Boolean);
for (const f of files) {
  mkdirSync(dirname(join(work, f)), { recursive: true });
  try {
    cpSync(join(ROOT, f), join(work, f));
  } catch {
    /* deleted in the working tree */
  }
}
symlinkSync(join(ROOT, 'node_modules'), join(work, 'node_modules'), 'dir');

/** The search string as a global RegExp: literal text, whitespace runs matching any whitespace. */
function searchPattern(search) {
  return new RegExp(search.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'), 'g');
}

function build(kernels) {
  if (kernels) {
    const k = run(process.execPath, ['scripts/build-kernels.mjs'], work);
    if (!k.ok) return k;
  }
  return run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.'], work);
}

/**
 * Runs the tests matching pattern: passed only if the runner exits 0, its last line counts no
 * failure and no FAIL is printed (the runner itself may be the mutant), the failing test names,
 * and the runner's last line.
 */
function test(pattern) {
  const r = run(process.execPath, ['scripts/test.mjs', pattern], work, 600_000);
  const failing = [...new Set([...r.out.matchAll(/^\s*FAIL\s+(.+)$/gm)].map((m) => m[1].replace(/\s+/g, ' ').trim()))];
  const last = r.stdout.trimEnd().split('\n').pop() ?? '';
  const clean = /^tests: \d+ passed, 0 failed, \d+ skipped$/.test(last) && failing.length === 0;
  return { ok: r.ok && clean, timedOut: r.timedOut, failing, last };
}

try {
  const b = build(true);
  if (!b.ok) throw new Error(`mutants: the unmutated copy does not build:\n${b.out}`);
  const all = [...new Set(chosen.map((m) => m.tests))].join('|');
  const base = test(all);
  if (!base.ok) throw new Error(`mutants: the tests fail before any mutation (${base.last}): ${base.failing.join('; ')}`);
  console.log(`mutants: baseline ${base.last} (pattern ${all})\n`);

  const results = [];
  let kernelsDirty = false;
  for (const m of chosen) {
    const originals = new Map();
    for (const e of m.edits) {
      const path = join(work, e.file);
      const src = originals.get(path) ?? readFileSync(path, 'utf8');
      originals.set(path, originals.get(path) ?? src);
      const pattern = searchPattern(e.search);
      const n = [...src.matchAll(pattern)].length;
      if (n === 0 || (!e.all && n > 1))
        throw new Error(`mutants: '${m.name}': the search string occurs ${n} times in ${e.file} (the source changed; update the mutant)`);
      writeFileSync(
        path,
        src.replace(pattern, () => e.replace),
      );
    }
    const kernels = m.edits.some((e) => e.file.startsWith('kernels-as/'));
    const t = Date.now();
    const bm = build(kernels || kernelsDirty);
    kernelsDirty = kernels;
    let r;
    if (!bm.ok) r = { ok: false, timedOut: false, failing: ['(the mutant does not compile)'], last: '' };
    else r = test(m.tests);
    for (const [path, src] of originals) writeFileSync(path, src);
    const caught = !r.ok;
    const by = r.timedOut ? ['(timed out)'] : r.failing;
    results.push({ m, caught, by, last: r.last, seconds: (Date.now() - t) / 1000 });
    console.log(`${caught ? 'caught  ' : 'SURVIVED'} ${m.name} (${m.kind}; npm test -- '${m.tests}': ${r.last}, ${((Date.now() - t) / 1000).toFixed(0)} s)`);
    for (const f of by.slice(0, 4)) console.log(`           ${f}`);
    if (by.length > 4) console.log(`           … and ${by.length - 4} more`);
  }

  const survived = results.filter((r) => !r.caught);
  console.log(`\n| mutant | kind | tests run | result | failing tests (first 2) |\n|---|---|---|---|---|`);
  for (const r of results) {
    const n = r.last.match(/(\d+) failed/)?.[1] ?? '?';
    console.log(
      `| ${r.m.name} | ${r.m.kind} | \`${r.m.tests}\` | ${r.caught ? `caught: ${n} failed` : '**survived**'} | ${r.by.slice(0, 2).join('; ').replace(/\|/g, '\\|')} |`,
    );
  }
  console.log(
    `\nmutants: ${results.length - survived.length} of ${results.length} caught, ${survived.length} survived (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
  );
  process.exitCode = survived.length === 0 ? 0 : 1;
} finally {
  if (keep) console.log(`mutants: kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
