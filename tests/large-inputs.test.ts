// Data-sized arrays are never spread into a call (issue 13 item 7): `Math.max(...pairs.map(…))`
// overflows the stack above ≈ 120,000 elements, and `seqgrad translate train` on the 135,842 pairs
// of Tatoeba's English–French file died with "Maximum call stack size exceeded". Each test here
// passes 200,000 items through one of the places that spread them.
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../cli/translate.js';
import { data, seq2seq } from '../engine/index.js';
import { textTable } from '../examples/lib/pyfmt.js';
import { plt } from '../examples/lib/pyplot.js';

const N = 200_000;

const test = suite('data-sized inputs (200,000 items)');

test('seqgrad translate train: one step on 200,000 generated pairs (tiny model, --steps 1)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seqgrad-large-'));
  try {
    const SRC = ['der', 'die', 'das', 'ein', 'eine', 'kein', 'mein'];
    const TGT = ['the', 'a', 'an', 'one', 'no', 'my', 'his'];
    const lines: string[] = [];
    // short pairs, the longest (4 words) only at the end: its length must still be found
    for (let i = 0; i < N; i++) {
      const k = i === N - 1 ? 4 : 1 + (i % 3);
      const words = Array.from({ length: k }, (_, j) => (i + 3 * j) % 7);
      lines.push(`${words.map((w) => SRC[w]).join(' ')}.\t${words.map((w) => TGT[w]).join(' ')}.`);
    }
    writeFileSync(join(dir, 'pairs.tsv'), lines.join('\n'));
    const out: string[] = [];
    const log = console.log;
    console.log = (...a: unknown[]) => {
      out.push(a.join(' '));
    };
    process.exitCode = 0;
    try {
      await main([
        'train',
        '--data',
        join(dir, 'pairs.tsv'),
        '--out',
        join(dir, 'model'),
        '--steps',
        '1',
        '--val',
        '0',
        '--emb',
        '4',
        '--hidden',
        '4',
        '--batch',
        '8',
      ]);
    } finally {
      console.log = log;
    }
    const code = Number(process.exitCode ?? 0);
    process.exitCode = 0;
    const text = out.join('\n');
    assert.is(code, 0, text);
    assert.match(text, /200000 pairs \(200000 train, 0 validation/);
    assert.match(text, /done: 1 epochs, 1 steps .* \(stopped at the time or step budget\)/);
    assert.ok(existsSync(join(dir, 'model', seq2seq.MODEL_FILE)), 'checkpoint written');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('seq2seq.padIds and data.padSequence over 200,000 sequences: the width is the longest', () => {
  const seqs = Array.from({ length: N }, (_, i) => (i === N - 1 ? [5, 6, 7] : [5]));
  const { ids, lengths } = seq2seq.padIds(seqs, 0);
  assert.equal(ids.shape, [N, 3]);
  assert.is(lengths[N - 1], 3);
  assert.equal(data.padSequence(seqs, { batchFirst: true }).shape, [N, 3]);
});

test('textTable and pyplot limits over 200,000 rows / points', () => {
  const rows = Array.from({ length: N }, (_, i) => [i === 7 ? 'longest name' : 'x', i]);
  const table = textTable(['name', 'n'], rows).split('\n');
  assert.is(table.length, N + 2);
  assert.is(table[1], `${'-'.repeat(12)}  ${'-'.repeat(String(N - 1).length)}`);
  const [fig, ax] = plt.subplots();
  ax.plot(Array.from({ length: N }, (_, i) => Math.sin(i)));
  assert.match(fig.svg(), /<polyline/);
});

test.run();
