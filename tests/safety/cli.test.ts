// Finding 10 of issue 12: every error path of the `seqgrad` command ends in one line
// `seqgrad: …` on stderr and exit code 2, never a stack trace; sentences piped into
// `seqgrad translate run` (1 MB through a pipe) are read whole, without EAGAIN. The paths run
// in-process through cli/commands.ts's run(); a few run the real binary as well. Issue 14: an
// unknown option exits 2 too, --help/-h anywhere prints that command's usage and runs nothing.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { run } from '../../cli/commands.js';

const here = dirname(fileURLToPath(import.meta.url));
const BIN = join(here, '..', '..', 'cli', 'seqgrad.js');

/** A bad invocation must fail fast: one that runs longer is killed (and reported as a failure). */
const TIMEOUT_MS = 60_000;

interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** Runs the CLI (stdin: the given text through a pipe, or closed). */
function seqgrad(args: string[], opts: { stdin?: string; shell?: string } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, SEQGRAD_NO_REEXEC: '1' };
    delete env.FORCE_COLOR;
    const child = opts.shell
      ? spawn('/bin/sh', ['-c', opts.shell], { env, cwd: dir, timeout: TIMEOUT_MS })
      : spawn(process.execPath, [BIN, ...args], { env, cwd: dir, timeout: TIMEOUT_MS });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    // guard mode (npm run test:guard) adds its summary line on exit: not the CLI's output
    child.on('close', (code) => resolve({ code, out, err: err.replace(/^seqgrad guard: .*\n/m, '') }));
    child.stdin.on('error', () => {
      /* the child may exit before reading */
    });
    if (opts.stdin === undefined) child.stdin.end();
    else {
      // the first part now, the rest later: the reader finds the pipe empty in between (EAGAIN)
      child.stdin.write(opts.stdin.slice(0, 300_000));
      setTimeout(() => child.stdin.end(opts.stdin!.slice(300_000)), 500);
    }
  });
}

/** Runs the CLI in this process (cwd: the scratch dir), capturing its console output. */
async function inProcess(args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  const cwd = process.cwd();
  console.log = (...a: unknown[]) => {
    out.push(a.join(' '));
  };
  console.error = (...a: unknown[]) => {
    err.push(a.map((x) => (x instanceof Error ? x.stack : String(x))).join(' '));
  };
  process.chdir(dir);
  let code: number;
  try {
    code = await run(args);
  } finally {
    console.log = log;
    console.error = error;
    process.chdir(cwd);
    process.exitCode = 0;
  }
  return { code, out: out.join('\n'), err: err.length ? `${err.join('\n')}\n` : '' };
}

let dir = '';
let model = '';
const test = suite('seqgrad CLI: errors are one line, exit 2');
test.before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'seqgrad-safety-cli-'));
  writeFileSync(join(dir, 'pairs.tsv'), 'die katze .\tthe cat .\nder hund .\tthe dog .\n');
  writeFileSync(join(dir, 'bad.tsv'), 'garbage without a tab\n');
  writeFileSync(join(dir, 'afile'), 'x');
  mkdirSync(join(dir, 'emptydir'));
  model = join(dir, 'model');
  const r = await seqgrad(['translate', 'train', '--data', 'pairs.tsv', '--out', model, '--epochs', '1', '--emb', '4', '--hidden', '4', '--val', '0']);
  assert.is(r.code, 0, r.err);
});
test.after(() => rmSync(dir, { recursive: true, force: true }));

const BAD: string[][] = [
  ['bogus'],
  ['demo', 'nosuch'],
  ['demo', 'numpy-rnn', '--out', 'afile/sub'],
  ['demo', 'sine-rnn', '--epochs', 'abc'],
  ['demo', 'sine-rnn', '--epochs', '-1'],
  ['demo', 'char-rnn', '--data', 'missing.txt'],
  ['demo', 'char-lm', '--data', 'missing.txt'],
  ['demo', 'translation', '--data', 'missing.tsv'],
  ['demo', 'translation', '--data', 'bad.tsv'],
  ['translate', 'fly'],
  ['translate', 'run', '--model'],
  ['translate', 'run', '--model', 'missing', 'x'],
  ['translate', 'run', '--model', 'emptydir', 'x'],
  ['translate', 'run', '--model', 'afile', 'x'],
  ['translate', 'run', '--model', 'MODEL', '--beam', 'abc', 'x'],
  ['translate', 'run', '--model', 'MODEL', '--beam', '1000000', 'x'],
  ['translate', 'run', '--model', 'MODEL', '--svg', 'afile/sub/a.svg', 'die katze .'],
  ['translate', 'eval', '--model', 'MODEL'],
  ['translate', 'eval', '--model', 'MODEL', '--data', 'missing.tsv'],
  ['translate', 'eval', '--model', 'MODEL', '--data', 'pairs.tsv', '--predictions', 'afile/sub/p.tsv'],
  ['translate', 'train', '--epochs', '1'],
  ['translate', 'train', '--out', 'afile/sub', '--epochs', '1', '--emb', '4', '--hidden', '4'],
  ['translate', 'train', '--data', 'missing.tsv', '--out', 'm2'],
  ['translate', 'train', '--data', 'bad.tsv', '--out', 'm2'],
  ['translate', 'train', '--rnn', 'foo', '--out', 'm2', '--epochs', '1'],
  ['translate', 'train', '--attention', 'foo', '--out', 'm2', '--epochs', '1'],
  ['translate', 'train', '--dropout', '2', '--out', 'm2', '--epochs', '1'],
  ['translate', 'train', '--lr', 'nan', '--out', 'm2'],
  ['translate', 'train', '--layers', '100000', '--hidden', '100000', '--out', 'm2', '--epochs', '1'],
  ['translate', 'split', '--data', 'pairs.tsv', '--fraction', '2', '--train-out', 'a', '--test-out', 'b'],
  ['translate', 'split', '--data', 'pairs.tsv', '--fraction', '0.5'],
  ['translate', 'split', '--data', 'pairs.tsv', '--fraction', '0.5', '--train-out', 'afile/sub/a', '--test-out', 'b'],
  // issue 14: unknown options and options without their value are refused, not ignored
  ['--bogus'],
  ['--version', 'x'],
  ['demo', '--list', '--x'],
  ['demo', 'sine-rnn', '--epoch', '3'],
  ['demo', '002-1', '--epochs'],
  ['demo', '000-9', '--series'],
  ['demo', '000-9', '--out'],
  ['demo', 'char-lm', '--temprature', '2'],
  ['demo', '002-1', '--series', '3'],
  ['demo', '002-1', '--series=yes'],
  ['demo', '002-1', 'stray'],
  ['demos', '--epcohs', '1'],
  ['translate', 'run', '--model', 'MODEL', '--bem', '3', 'x'],
  ['translate', 'train', '--batch_size', '3', '--out', 'm2'],
  ['translate', 'train', '--out', '--epochs', '1'],
  ['translate', 'export', '--model', 'MODEL', '--out', 'm2', '--opset', '17'],
];

test(`${BAD.length} bad invocations: one 'seqgrad: …' line on stderr, exit code 2`, async () => {
  const failures: string[] = [];
  for (const bad of BAD) {
    const args = bad.map((s) => (s === 'MODEL' ? model : s));
    const r = await inProcess(args);
    const lines = r.err.trimEnd().split('\n');
    const ok = r.code === 2 && lines.length === 1 && /^seqgrad: \S/.test(lines[0]) && !/\n\s+at /.test(r.err);
    if (!ok) failures.push(`seqgrad ${args.join(' ')} → exit ${r.code}, stderr:\n${r.err.slice(0, 400)}`);
  }
  assert.ok(failures.length === 0, `${failures.length} of ${BAD.length} paths:\n\n${failures.join('\n\n')}`);
});

test('an unknown option names the program and a near spelling', async () => {
  const r = await inProcess(['demo', 'sine-rnn', '--epoch', '3']);
  assert.is(r.err, "seqgrad: demo 002-1: unknown option '--epoch' (did you mean --epochs?); it takes --epochs, --series, --out, --broadcast-labels\n");
  const t = await inProcess(['translate', 'train', '--batch_size', '3', '--out', 'm2']);
  assert.match(t.err, /^seqgrad: translate train: unknown option '--batch_size' \(did you mean --batch\?\)/);
});

const HELP: [string[], RegExp][] = [
  [['--help'], /seqgrad demo ID\|NAME[\s\S]*seqgrad demos[\s\S]*seqgrad translate train\|eval\|run\|split\|export[\s\S]*seqgrad --version/],
  [['-h'], /^usage:/],
  [['demo', '--help'], /seqgrad demo --list/],
  [['demo', '002-1', '--epochs', '3', '--help', '--out', 'h1'], /usage: seqgrad demo 002-1[\s\S]*--epochs N +training epochs \(100\)[\s\S]*--broadcast-labels/],
  [['demo', 'char-lm', '-h'], /--temperature T/],
  [['demos', '--out', 'h2', '-h'], /seqgrad demos/],
  [['translate', 'train', '--out', 'h3', '--epochs', '1', '--help'], /seqgrad translate train[^\n]*\n(?![\s\S]*translate eval)/],
  [['translate', 'run', '--model', '--help'], /seqgrad translate run --model DIR/],
  [['translate', '-h'], /translate train[\s\S]*translate eval[\s\S]*translate run[\s\S]*translate split[\s\S]*translate export/],
];

test("--help or -h anywhere prints that command's usage, exit 0, and runs nothing", async () => {
  for (const [args, expected] of HELP) {
    const t0 = Date.now();
    const r = await inProcess(args);
    assert.is(r.code, 0, `seqgrad ${args.join(' ')}: ${r.err}`);
    assert.is(r.err, '', `seqgrad ${args.join(' ')} wrote to stderr`);
    assert.match(r.out, expected, `seqgrad ${args.join(' ')}`);
    assert.ok(Date.now() - t0 < 5000, `seqgrad ${args.join(' ')} took ${Date.now() - t0} ms: it ran something`);
  }
  for (const d of ['h1', 'h2', 'h3']) assert.not.ok(existsSync(join(dir, d)), `${d} was not created`);
});

test('--version prints the package version', async () => {
  const pkg = JSON.parse(readFileSync(join(here, '..', '..', '..', 'package.json'), 'utf8')) as { version: string };
  const r = await inProcess(['--version']);
  assert.is(r.code, 0);
  assert.is(r.out, `seqgrad ${pkg.version}`);
});

test('every program declares exactly the options it reads (the CLI refuses the others)', async () => {
  const dirs = [join(here, '..', '..', 'examples'), join(here, '..', '..', 'examples', 'articles')];
  let n = 0;
  for (const d of dirs) {
    for (const f of readdirSync(d).filter((x) => x.endsWith('.js'))) {
      const mod = (await import(pathToFileURL(join(d, f)).href)) as { meta?: { options?: Record<string, string> }; main?: unknown };
      if (!mod.meta || typeof mod.main !== 'function') continue;
      const src = readFileSync(join(d, f), 'utf8');
      const read = new Set<string>();
      for (const m of src.matchAll(/\bargs\.(?!js\b)([a-z]+)\b|\bargs\['([a-z-]+)'\]|(?:int|num|str)Arg\(args, '([a-z-]+)'|parseArgs\(argv\)\.([a-z]+)/g)) {
        read.add(m[1] ?? m[2] ?? m[3] ?? m[4]);
      }
      assert.equal(Object.keys(mod.meta.options ?? {}).sort(), [...read].sort(), `${f}: meta.options`);
      n++;
    }
  }
  assert.ok(n >= 29, `${n} programs checked`);
});

test('the binary: a failing demo, a failing translate command and an internal Error, each one line and exit 2', async () => {
  const runs = await Promise.all(
    [
      ['demo', 'sine-rnn', '--epochs', 'abc'],
      ['translate', 'train', '--rnn', 'foo', '--out', 'm2'],
      ['translate', 'run', '--model', 'afile', 'x'],
    ].map((a) => seqgrad(a)),
  );
  for (const r of runs) {
    assert.is(r.code, 2, r.err);
    assert.match(r.err, /^seqgrad: \S[^\n]*\n$/);
  }
});

test('1 MB of sentences piped into translate run, arriving in two parts', async () => {
  const text = `${'\n'.repeat(1 << 20)}die katze .\nder hund .\n`;
  writeFileSync(join(dir, 'big.txt'), text);
  for (const r of [
    await seqgrad(['translate', 'run', '--model', model, '--svg', join(dir, 'p.svg')], { stdin: text }),
    await seqgrad([], {
      shell: `(head -c 300000 big.txt; sleep 0.5; tail -c +300001 big.txt) | "${process.execPath}" "${BIN}" translate run --model model --svg s.svg`,
    }),
  ]) {
    assert.is(r.code, 0, r.err);
    assert.match(r.out, /^die katze \.\t/m);
    assert.match(r.out, /^der hund \.\t/m);
  }
});

test.run();
