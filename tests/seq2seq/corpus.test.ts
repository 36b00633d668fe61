// Corpus handling: the tutorial's normalisation of tab-separated pairs, filters, the split grouped
// by source sentence, vocabularies and encoding, and the embedded German→English corpus.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { seq2seq } from '../../engine/index.js';

const C = suite('corpus');
C('parsePairs: tutorial normalisation, attribution column ignored, --reverse, blank lines', () => {
  const text = "Go.\tVa !\tCC-BY 2.0 (France) Attribution: tatoeba.org #1\n\nI'm so tired!\tJe suis si fatigué !\r\n";
  assert.equal(seq2seq.parsePairs(text), [
    { src: 'go .', tgt: 'va !' },
    { src: 'i m so tired !', tgt: 'je suis si fatigue !' },
  ]);
  assert.equal(seq2seq.parsePairs(text, { reverse: true })[1], { src: 'je suis si fatigue !', tgt: 'i m so tired !' });
  assert.throws(() => seq2seq.parsePairs('hello world\n'), /line 1 has no tab/);
  assert.throws(() => seq2seq.parsePairs('a\t,,,\n'), /line 1 has an empty side/);
});
C('filterPairs: MAX_LENGTH and prefixes on the target side', () => {
  const pairs = [
    { src: 'a b', tgt: 'i am here .' },
    { src: 'a b c d e f g h i j', tgt: 'he is .' },
    { src: 'x', tgt: 'you go .' },
  ];
  assert.equal(seq2seq.filterPairs(pairs, { maxLen: 10 }).length, 2);
  assert.equal(
    seq2seq.filterPairs(pairs, { prefixes: seq2seq.TUTORIAL_PREFIXES }).map((p) => p.tgt),
    ['i am here .', 'he is .'],
  );
});
C('fnv1a matches the reference 32-bit FNV-1a', () => {
  assert.is(seq2seq.fnv1a(''), 0x811c9dc5);
  assert.is(seq2seq.fnv1a('a'), 0xe40c292c);
  assert.is(seq2seq.fnv1a('foobar'), 0xbf9cf968);
});
C('splitBySource: deterministic, grouped by source, independent of line order', () => {
  const pairs = Array.from({ length: 60 }, (_, i) => ({ src: `s ${i % 20}`, tgt: `t ${i}` }));
  const [rest, held] = seq2seq.splitBySource(pairs, 0.1);
  const heldSrc = new Set(held.map((p) => p.src));
  assert.is(heldSrc.size, 2);
  assert.is(held.length, 6);
  assert.ok(rest.every((p) => !heldSrc.has(p.src)));
  const [, held2] = seq2seq.splitBySource(pairs.slice().reverse(), 0.1);
  assert.equal(new Set(held2.map((p) => p.src)), heldSrc);
  assert.equal(
    seq2seq.groupBySource(held).map((g) => g.refs.length),
    [3, 3],
  );
});
C('vocabularies and encoding: specials first, <UNK> for unknown words, EOS / SOS', () => {
  const pairs = [
    { src: 'die katze', tgt: 'the cat' },
    { src: 'der hund', tgt: 'the dog' },
  ];
  const v = seq2seq.buildVocabs(pairs);
  assert.equal(v.tgt.itos.slice(0, 5), ['<PAD>', '<SOS>', '<EOS>', '<UNK>', 'the']);
  const [e] = seq2seq.encodePairs([{ src: 'die maus', tgt: 'the cat' }], v.src, v.tgt);
  assert.equal(e.src, [v.src.indexOf('die'), 3, 2]);
  assert.equal(e.tgt, [1, 4, v.tgt.indexOf('cat'), 2]);
});
C('the embedded German→English corpus', () => {
  const pairs = seq2seq.defaultCorpus();
  assert.ok(pairs.length >= 300, `${pairs.length} pairs`);
  assert.ok(pairs.some((p) => p.src === 'die katze sitzt auf dem tisch .' || (p.src.startsWith('die katze') && p.tgt.startsWith('the cat'))));
  assert.is(new Set(pairs.map((p) => p.src)).size, pairs.length, 'no duplicate source sentences');
  assert.ok(pairs.every((p) => /^[a-z.!? ]+$/.test(p.src) && /^[a-z.!? ]+$/.test(p.tgt)));
  assert.equal(seq2seq.defaultCorpus({ reverse: true })[0], { src: pairs[0].tgt, tgt: pairs[0].src });
});
C.run();
