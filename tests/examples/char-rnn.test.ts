// examples/char-rnn.ts in a short run (1 epoch) against scripts/demos-b.py: text and vocabulary
// sizes, windows, logits/hn shapes, state_dict and parameter count; generation from "人工智能";
// and a --data run on a small file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../examples/char-rnn.js';
import { checkPlot, grab, parameterTable, parseShape, runDemo, tmpOut, torchFigures, torchVersion } from './run-demo.js';

const want = torchFigures('char-rnn');
const s = suite(`examples/char-rnn vs torch ${torchVersion}`);
let lines: string[] = [];
const out = tmpOut();
s.before(async () => { lines = await runDemo(main, ['--epochs', '1', '--length', '20', '--out', out]); });

s('text, vocabulary and windows', () => {
  const m = grab(lines, /^text length: (\d+), vocabulary size: (\d+) distinct characters$/);
  assert.equal([Number(m[1]), Number(m[2])], [want.textLength, want.vocabSize]);
  const w = grab(lines, /^training windows: (\d+) of 30 characters \(stride 1\): X (\[.*?\]), y (\[.*?\])$/);
  assert.is(Number(w[1]), want.numSequences);
  assert.equal(parseShape(w[2]), [want.numSequences, 30]);
  assert.is(Number(grab(lines, /^batches per epoch: (\d+)$/)[1]), want.batchesPerEpoch);
});
s('one batch: logits and hn shapes', () => {
  const m = grab(lines, /^one batch: input (\[.*?\]) → logits (\[.*?\]), hn (\[.*?\])$/);
  assert.equal(parseShape(m[1]), [64, 30]);
  assert.equal([parseShape(m[2]), parseShape(m[3])], [want.logits, want.hn]);
});
s('state_dict names, shapes and parameter count equal PyTorch\'s', () => {
  const { params, total } = parameterTable(lines);
  assert.equal(params, want.params);
  assert.is(total, want.numParameters);
});
s('generates 20 characters after the prime 人工智能', () => {
  const i = lines.findIndex((l) => /^generated \(prime "人工智能", temperature 0.8, 20 characters\):$/.test(l));
  assert.ok(i >= 0, 'generation header');
  assert.ok(lines[i + 1].startsWith('人工智能'));
  assert.is(Array.from(lines[i + 1]).length, 4 + 20);
  checkPlot(lines, out, 'char-rnn.svg');
});
s('--data FILE trains on the file (non-overlapping windows, prime from the text)', async () => {
  const dir = tmpOut();
  const file = join(dir, 'tiny.txt');
  const text = 'to be or not to be that is the question whether tis nobler in the mind to suffer '.repeat(3);
  writeFileSync(file, text);
  const l = await runDemo(main, ['--data', file, '--max-chars', '200', '--epochs', '1', '--length', '10', '--out', dir]);
  grab(l, new RegExp(`^text: .*tiny\\.txt, the first 200 of ${text.length} characters \\(--max-chars\\)$`));
  const m = grab(l, /^training windows: (\d+) of 30 characters \(stride 30\)/);
  assert.is(Number(m[1]), 6);
  const i = l.findIndex((x) => x.startsWith('generated (prime "to b"'));
  assert.is(l[i + 1].length, 14);
});
s.run();
