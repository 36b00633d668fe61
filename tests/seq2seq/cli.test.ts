// `seqgrad translate train|eval|run|split` end to end on small inputs: files written, BLEU printed,
// heat-maps drawn, and bad input (missing options, corrupt checkpoint, empty sentence) reported
// with a message and exit code 2 instead of a stack trace.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/translate.js';

async function cli(...argv: string[]): Promise<{ out: string; err: string; code: number }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...a: unknown[]) => {
    out.push(a.join(' '));
  };
  console.error = (...a: unknown[]) => {
    err.push(a.join(' '));
  };
  process.exitCode = 0;
  try {
    await main(argv);
  } finally {
    console.log = log;
    console.error = error;
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { out: out.join('\n'), err: err.join('\n'), code };
}

const TSV = [
  'Die Katze schläft.\tThe cat sleeps.\tCC-BY attribution',
  'Der Hund schläft.\tThe dog sleeps.',
  'Der Hund schläft.\tThe dog is sleeping.',
  'Die Katze isst.\tThe cat eats.',
  'Der Hund isst.\tThe dog eats.',
  'Das Kind isst.\tThe child eats.',
].join('\n');

const C = suite('seqgrad translate');
let dir = '';
C.before(() => {
  dir = mkdtempSync(join(tmpdir(), 'seqgrad-cli-'));
  writeFileSync(join(dir, 'pairs.tsv'), TSV);
});
C.after(() => rmSync(dir, { recursive: true, force: true }));

C('train → checkpoint, eval → BLEU and predictions, run → translations and SVG', async () => {
  const model = join(dir, 'model');
  const t = await cli('train', '--data', join(dir, 'pairs.tsv'), '--out', model, '--epochs', '2', '--emb', '8', '--hidden', '8', '--val', '0.2');
  assert.is(t.code, 0, t.err);
  assert.match(t.out, /6 pairs \(\d+ train, \d+ validation/);
  assert.match(t.out, /epoch 2: train loss [\d.]+, val loss [\d.]+/);
  assert.ok(existsSync(join(model, 'model.safetensors')) && existsSync(join(model, 'vocab.json')));
  const e = await cli('eval', '--model', model, '--data', join(dir, 'pairs.tsv'), '--predictions', join(dir, 'pred.tsv'), '--beam', '2');
  assert.is(e.code, 0, e.err);
  assert.match(e.out, /^BLEU = \d+\.\d$/m);
  assert.match(e.out, /exact match = [\d.]+% \(\d+\/5 source sentences, 6 references\)/);
  const pred = readFileSync(join(dir, 'pred.tsv'), 'utf8').trim().split('\n');
  assert.is(pred.length, 5, 'one line per distinct source sentence');
  assert.ok(pred.every((l) => l.split('\t').length === 2));
  const r = await cli('run', '--model', model, '--svg', join(dir, 'att.svg'), 'Die Katze schläft.', '', 'Die Giraffe isst.');
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /^\t\[empty sentence: nothing to translate\]$/m);
  assert.match(r.out, /unknown words, read as <UNK>: giraffe/);
  assert.ok(readFileSync(join(dir, 'att-1.svg'), 'utf8').startsWith('<svg'));
  assert.ok(existsSync(join(dir, 'att-3.svg')) && !existsSync(join(dir, 'att-2.svg')));
});
C('split: grouped by source, lines copied verbatim', async () => {
  const s = await cli('split', '--data', join(dir, 'pairs.tsv'), '--fraction', '0.4', '--train-out', join(dir, 'a.tsv'), '--test-out', join(dir, 'b.tsv'));
  assert.is(s.code, 0, s.err);
  const a = readFileSync(join(dir, 'a.tsv'), 'utf8').trim().split('\n');
  const b = readFileSync(join(dir, 'b.tsv'), 'utf8').trim().split('\n');
  assert.is(a.length + b.length, 6);
  assert.ok(b.every((l) => TSV.includes(l)));
  const hund = [...a, ...b].filter((l) => l.startsWith('Der Hund schläft'));
  assert.ok(a.filter((l) => hund.includes(l)).length % 2 === 0, 'both references of one source stay together');
});
C('bad input: exit code 2 and a message, never a stack trace', async () => {
  const missing = await cli('train', '--epochs', '1');
  assert.is(missing.code, 2);
  assert.match(missing.err, /--out is required/);
  const bad = await cli('eval', '--model', join(dir, 'nope'), '--data', join(dir, 'pairs.tsv'));
  assert.is(bad.code, 2);
  assert.match(bad.err, /cannot load the translator in .*nope: missing file/);
  const corrupt = join(dir, 'corrupt');
  await cli('train', '--out', corrupt, '--epochs', '1', '--emb', '4', '--hidden', '4');
  writeFileSync(join(corrupt, 'model.safetensors'), 'garbage');
  const c = await cli('run', '--model', corrupt, 'die katze');
  assert.is(c.code, 2);
  assert.match(c.err, /cannot load the translator in .*: safetensors: /);
  const noData = await cli('eval', '--model', corrupt, '--data', join(dir, 'missing.tsv'));
  assert.is(noData.code, 2);
  const num = await cli('train', '--out', corrupt, '--epochs', 'many');
  assert.match(num.err, /--epochs expects an integer/);
  const sub = await cli('fly');
  assert.match(sub.err, /unknown subcommand 'fly'/);
});
C.run();
