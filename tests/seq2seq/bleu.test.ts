// corpusBleu (NLTK corpus_bleu / sacrebleu semantics on tokens) and exactMatch, against values
// worked out by hand.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { seq2seq } from '../../engine/index.js';

const TOL = 1e-12;
const tok = (s: string) => s.split(' ');
const near = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < TOL, `${what}: ${a}, expected ${b}`);

const B = suite('corpusBleu');
B('a perfect corpus scores 1', () => {
  const r = seq2seq.corpusBleu([tok('the cat sits on the table .')], [[tok('the cat sits on the table .')]]);
  near(r.bleu, 1, 'bleu');
  near(r.bp, 1, 'bp');
});
B('clipped precisions summed over the corpus before dividing, closest reference length', () => {
  // hyp 1: "the the the cat" vs refs "the cat is here" / "a cat": closest ref length to 4 is 4
  //   1-grams: the×3 clipped to 1, cat 1 → 2/4; 2-grams: "the the"×2 0, "the cat" 1 → 1/3; 3: 0/2; 4: 0/1
  // hyp 2: "a cat sat here ." vs "a cat sat here ." → 5/5, 4/4, 3/3, 2/2
  const r = seq2seq.corpusBleu([tok('the the the cat'), tok('a cat sat here .')], [[tok('the cat is here'), tok('a cat')], [tok('a cat sat here .')]]);
  assert.equal(r.matches, [7, 5, 3, 2]);
  assert.equal(r.totals, [9, 7, 5, 3]);
  assert.is(r.hypLen, 9);
  assert.is(r.refLen, 9);
  near(r.bp, 1, 'bp');
  near(r.bleu, Math.exp((Math.log(7 / 9) + Math.log(5 / 7) + Math.log(3 / 5) + Math.log(2 / 3)) / 4), 'bleu');
});
B('brevity penalty exp(1 − r/c) when the hypotheses are shorter; ties pick the shorter reference', () => {
  // c = 4; refs of length 3 and 5 are equally close → r = 3 → no penalty (c > r)
  const r1 = seq2seq.corpusBleu([tok('a b c d')], [[tok('a b c'), tok('a b c d e')]]);
  near(r1.bp, 1, 'bp (tie → shorter)');
  assert.is(r1.refLen, 3);
  // c = 4, r = 6
  const r2 = seq2seq.corpusBleu([tok('a b c d')], [[tok('a b c d e f')]]);
  near(r2.bp, Math.exp(1 - 6 / 4), 'bp');
  near(r2.bleu, Math.exp(1 - 6 / 4), 'bleu (all precisions 1)');
});
B('an order without any match gives 0 (no smoothing), an empty corpus too', () => {
  assert.is(seq2seq.corpusBleu([tok('a b c')], [[tok('a c b')]]).bleu, 0);
  assert.is(seq2seq.corpusBleu([[]], [[tok('a')]]).bleu, 0);
  assert.throws(() => seq2seq.corpusBleu([tok('a')], []), /1 hypotheses but 0 reference sets/);
});
B('exactMatch: equal to any reference', () => {
  near(seq2seq.exactMatch([tok('a b'), tok('c'), tok('d e')], [[tok('x'), tok('a b')], [tok('c d')], [tok('d e')]]), 2 / 3, 'exact match');
});
B.run();
