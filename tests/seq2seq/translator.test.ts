// Bad input never crashes the translator: unknown words become <UNK>, empty and over-long
// sentences get a clear per-sentence error, corrupt or mismatched checkpoints a clear message;
// checkpoints round-trip; greedy = beam width 1; beam search handles EOS and batches.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { F, manualSeed, seq2seq } from '../../engine/index.js';

/** the same loss computed along different paths (packed, step by step, padded) */
const LOSS_RTOL = 1e-5;

function small(maxSrcLen = 8): seq2seq.Translator {
  manualSeed(1);
  const v = seq2seq.buildVocabs([
    { src: 'die katze schlaft .', tgt: 'the cat sleeps .' },
    { src: 'der hund', tgt: 'the dog' },
  ]);
  return seq2seq.Translator.create(v.src, v.tgt, { embSize: 8, hiddenSize: 6, decHiddenSize: 10, maxSrcLen, maxTgtLen: 6 });
}

const T = suite('Translator: bad input');
T('unknown words are read as <UNK> and reported', () => {
  const [r] = small().translate(['Die Zebra schläft!']);
  assert.equal(r.source, ['die', '<UNK>', 'schlaft', '<UNK>', '<EOS>']);
  assert.equal(r.unknown, ['zebra', '!']);
  assert.is(r.error, undefined);
  assert.is(r.attention.length, Math.min(6, r.tokens.length + 1));
  assert.ok(r.attention.every((row) => row.length === r.source.length));
});
T('an empty (or punctuation-only) sentence gets an error, the others are still translated', () => {
  const rs = small().translate(['', '   ', ',,,', 'der hund']);
  for (const r of rs.slice(0, 3)) {
    assert.is(r.error, 'empty sentence: nothing to translate');
    assert.equal(r.tokens, []);
  }
  assert.is(rs[3].error, undefined);
});
T("a sentence longer than the model's limit gets an error", () => {
  const rs = small(5).translate(['die katze die katze die katze', 'die katze']);
  assert.match(rs[0].error!, /sentence has 6 tokens; this model translates at most 4/);
  assert.is(rs[1].error, undefined);
  assert.throws(() => small(5).model.translate([[4, 4, 4, 4, 4, 4]]), /Seq2Seq.translate: source 0 has 6 tokens, longer than the model's limit of 5/);
  assert.throws(() => small().model.translate([[]]), /source 0 is empty/);
});
T('out-of-range ids are refused with a message, not read out of bounds', () => {
  assert.throws(() => small().model.translate([[999, 2]]), /index 999 is out of range for an embedding/);
});

const K = suite('Translator: checkpoints');
let dir = '';
K.before(() => {
  dir = mkdtempSync(join(tmpdir(), 'seqgrad-s2s-'));
});
K.after(() => rmSync(dir, { recursive: true, force: true }));
K('save → load gives the same translations and attention', async () => {
  const tr = small();
  await tr.save(dir);
  const back = await seq2seq.Translator.load(dir);
  assert.equal(back.model.cfg, tr.model.cfg);
  const a = tr.translate(['die katze schlaft .', 'der hund'], { beam: 3 });
  const b = back.translate(['die katze schlaft .', 'der hund'], { beam: 3 });
  assert.equal(
    b.map((r) => [r.text, r.attention]),
    a.map((r) => [r.text, r.attention]),
  );
});
K('corrupt, truncated, mismatched or missing files give a clear message', async () => {
  const tr = small();
  await tr.save(dir);
  const model = readFileSync(join(dir, seq2seq.MODEL_FILE));
  const vocab = readFileSync(join(dir, seq2seq.VOCAB_FILE), 'utf8');
  const expectLoad = async (re: RegExp) => {
    let err: Error | null = null;
    try {
      await seq2seq.Translator.load(dir);
    } catch (e) {
      err = e as Error;
    }
    assert.ok(err, 'load should fail');
    assert.match(err!.message, /^cannot load the translator in /);
    assert.match(err!.message, re);
  };
  writeFileSync(join(dir, seq2seq.MODEL_FILE), model.subarray(0, model.length - 10));
  await expectLoad(/safetensors: the data section has \d+ bytes but the tensors cover \d+|declares more data|out of range/);
  writeFileSync(join(dir, seq2seq.MODEL_FILE), Buffer.from('not a checkpoint'));
  await expectLoad(/safetensors: header length/);
  writeFileSync(join(dir, seq2seq.MODEL_FILE), model);
  writeFileSync(join(dir, seq2seq.VOCAB_FILE), '{"src": ');
  await expectLoad(/vocab.json is not valid JSON/);
  const v = JSON.parse(vocab);
  v.tgt.itos.push('extra');
  writeFileSync(join(dir, seq2seq.VOCAB_FILE), JSON.stringify(v));
  await expectLoad(/vocab.json has \d+\/\d+ tokens but the model was trained with/);
  rmSync(join(dir, seq2seq.VOCAB_FILE));
  await expectLoad(/missing file .*vocab.json/);
});

const D = suite('decoding');
D('greedy = beam width 1; beams are batched and independent of the batch', () => {
  const tr = small();
  const src = [
    [4, 5, 2],
    [6, 2],
    [5, 4, 6, 2],
  ];
  const g = tr.model.translate(src);
  const b1 = tr.model.beamSearch(src, { beamWidth: 1 });
  assert.equal(
    b1.map((r) => r.tokens),
    g.map((r) => r.tokens),
  );
  const b4 = tr.model.beamSearch(src, { beamWidth: 4, maxLen: 5 });
  const alone = src.map((s) => tr.model.beamSearch([s], { beamWidth: 4, maxLen: 5 })[0]);
  assert.equal(
    b4.map((r) => r.tokens),
    alone.map((r) => r.tokens),
  );
  for (const [i, r] of b4.entries()) {
    assert.ok(r.tokens.length <= 5 && r.tokens.every((t) => t !== 2), 'no EOS inside, within maxLen');
    assert.ok(r.attention.every((row) => row.length === src[i].length));
    // the beam's log-probability is at least greedy's
    assert.ok(r.logProb >= g[i].logProb - 1e-4 || r.tokens.length !== g[i].tokens.length);
  }
  assert.throws(() => tr.model.beamSearch(src, { beamWidth: 0 }), /beamWidth must be a positive integer/);
});
D('LSTM + Luong concat: beams reorder the cell state too; teacher forcing < 1 is seeded by the default generator', () => {
  manualSeed(2);
  const m = new seq2seq.Seq2Seq({
    srcVocabSize: 9,
    tgtVocabSize: 9,
    embSize: 6,
    hiddenSize: 4,
    decHiddenSize: 8,
    rnn: 'lstm',
    attention: 'concat',
    numLayers: 2,
  });
  const src = [
    [4, 5, 2],
    [6, 7, 8, 2],
  ];
  assert.equal(
    m.beamSearch(src, { beamWidth: 1 }).map((r) => r.tokens),
    m.translate(src).map((r) => r.tokens),
  );
  const b3 = m.beamSearch(src, { beamWidth: 3, maxLen: 4 });
  assert.equal(
    b3.map((r) => r.tokens),
    src.map((s) => m.beamSearch([s], { beamWidth: 3, maxLen: 4 })[0].tokens),
  );
  const { ids, lengths } = seq2seq.padIds(src, 0);
  const { ids: tgt } = seq2seq.padIds(
    [
      [1, 4, 5, 6, 2],
      [1, 7, 2],
    ],
    0,
  );
  m.train();
  manualSeed(5);
  const a = m.loss(ids, lengths, tgt, { teacherForcingRatio: 0.5 }).item();
  manualSeed(5);
  const b = m.loss(ids, lengths, tgt, { teacherForcingRatio: 0.5 }).item();
  assert.is(a, b);
  // three computations of the teacher-forced loss: packed by target length (ratio 1), step by
  // step with a coin per step that always says "teacher" (ratio 0.999999), and crossEntropy on the
  // padded forward's logits (padding ignored)
  const full = m.loss(ids, lengths, tgt).item();
  const viaSteps = m.loss(ids, lengths, tgt, { teacherForcingRatio: 0.999999 }).item();
  const { logits } = m.forward(ids, lengths, tgt);
  const [B, T1, V] = logits.shape;
  const next = Array.from({ length: B * T1 }, (_, i) => tgt.data[Math.floor(i / T1) * (T1 + 1) + (i % T1) + 1]);
  const viaForward = F.crossEntropy(logits.reshape([B * T1, V]), next, { ignoreIndex: 0 }).item();
  assert.ok(Number.isFinite(full) && full > 0, `loss ${full}`);
  assert.ok(Math.abs(viaSteps - full) <= LOSS_RTOL * full, `step by step ${viaSteps} vs packed ${full}`);
  assert.ok(Math.abs(viaForward - full) <= LOSS_RTOL * full, `crossEntropy(forward) ${viaForward} vs packed ${full}`);
  // ratio 0 feeds the model's own arg-max: a different loss unless every arg-max is the target
  const free = m.loss(ids, lengths, tgt, { teacherForcingRatio: 0 }).item();
  assert.ok(Number.isFinite(free) && free !== full, `free-running loss ${free}`);
});
T.run();
K.run();
D.run();
