// examples/translation.ts in a short run (5 epochs) against the same program in PyTorch
// (scripts/demo-runs.py, built on scripts/seq2seq-pytorch.py): corpus split and vocabularies, the
// parameter count, the printed epoch loss, greedy BLEU and exact match on the held-out sentences,
// and the greedy translation of "die katze sitzt auf dem tisch ." with its printed attention rows.
import { existsSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../examples/translation.js';
import { grab, runDemo, tmpOut } from './run-demo.js';
import { assertPrinted, torchRun } from './printed.js';

const want = torchRun('translation');
const s = suite('examples/translation vs torch (5 epochs)');
let lines: string[] = [];
const out = tmpOut();
s.before(async () => {
  lines = await runDemo(main, ['--epochs', String(want.epochs), '--out', out]);
});

s('corpus split, vocabularies and parameter count', () => {
  const c = grab(lines, /^embedded German→English corpus: (\d+) pairs, (\d+) for training, (\d+) held out$/);
  assert.equal(c.slice(1).map(Number), [want.numPairs, want.nTrain, want.nTest]);
  const v = grab(lines, /^vocabulary: (\d+) source, (\d+) target tokens$/);
  assert.equal(v.slice(1).map(Number), [want.srcVocab, want.tgtVocab]);
  assert.is(Number(grab(lines, /; (\d+) parameters$/)[1]), want.numParameters);
});
s("the printed epoch loss equals PyTorch's", () => {
  const m = grab(lines, new RegExp(`^Epoch \\[${want.epochs}/${want.epochs}\\], Loss: (\\S+)$`));
  assertPrinted(`train loss after ${want.epochs} epochs`, m[1], want.losses[want.epochs - 1], 4);
});
s("held-out greedy BLEU and exact match equal PyTorch's", () => {
  const m = grab(lines, /^held-out greedy: BLEU = (\S+), exact match (\d+)% \((\d+) sentences\)$/);
  assertPrinted('greedy BLEU', m[1], want.greedyBleu, 1);
  assertPrinted('greedy exact match', m[2], want.greedyExact, 0);
  assert.is(Number(m[3]), want.heldOut);
});
s("the greedy translation and its attention rows equal PyTorch's", () => {
  const at = lines.indexOf(`attention of "${want.sentence}":`);
  assert.ok(at >= 0, 'the attention table is printed');
  assert.equal(lines[at + 1].trim().split(/\s+/), [...want.sentence.split(' '), '<EOS>'], 'column heads');
  const rows = want.attention as number[][];
  const labels = [...want.tokens, '<EOS>'];
  for (const [i, row] of rows.entries()) {
    const cells = lines[at + 2 + i].trim().split(/\s+/);
    assert.is(cells[0], labels[i], `row ${i} is the token PyTorch emits`);
    assert.is(cells.length - 1, row.length);
    row.forEach((w, j) => assertPrinted(`attention[${i}][${j}]`, cells[j + 1], w, 2));
  }
  assert.match(lines[at + 2 + rows.length], /^heat-map written to /, 'no more rows than PyTorch');
  assert.ok(existsSync(`${out}/translation-attention.svg`));
});
s.run();
