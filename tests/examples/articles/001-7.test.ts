// 001-7 (Bahdanau attention and an attention decoder): the printed lines, and with --check one
// decoding step of the article's modules against the article's program run with PyTorch (with the
// weighted-sum fix applied to both; tests/fixtures/articles/001-7*.txt).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../../examples/articles/001-7-bahdanau-attention.js';
import { assertTranscript, reference, runPort } from './lib.js';

const test = suite('001-7 bahdanau-attention');

test("prints the reference transcript: the label, then a pointer instead of the article's illustration", async () => {
  assertTranscript((await runPort(main)).lines, reference('001-7'), '001-7');
});

test("--check: AttentionDecoder(10, 8, 16) predictions and attention weights equal PyTorch's (4 decimals)", async () => {
  const lines = (await runPort(main, ['--check'])).lines;
  assertTranscript(lines, reference('001-7.check'), '001-7.check');
  for (const l of lines.slice(3, 6)) {
    const sum = l.split(' ').reduce((s, v) => s + Number(v), 0);
    assert.ok(Math.abs(sum - 1) < 5e-4, `attention weights sum to 1: ${l}`);
  }
});

test.run();
