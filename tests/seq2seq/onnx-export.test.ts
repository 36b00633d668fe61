// The translator exported for serving (engine/seq2seq/export.ts, `seqgrad translate export`):
// greedy decoding through ONNX Runtime alone (examples/serve/onnx-translate.ts, the translate.mjs the
// export writes) gives seqgrad's translations, on 50 sentences of a trained GRU + Bahdanau model
// and on the LSTM and Luong variants; the per-sentence latency of both is printed with ONNX_REPORT=1.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../cli/translate.js';
import * as ortRt from 'onnxruntime-web';
import { manualSeed, noGrad, seq2seq, type Tensor } from '../../engine/index.js';
import { OnnxTranslator } from '../../examples/serve/onnx-translate.js';

const here = fileURLToPath(new URL('.', import.meta.url));
// under dist/ so that the written translate.mjs resolves onnxruntime-web from the repository's node_modules
const work = join(here, 'tmp-onnx-export');

const pairs = seq2seq.defaultCorpus();
const sentences = seq2seq
  .groupBySource(pairs)
  .slice(0, 50)
  .map((g) => g.src);

function trained(rnn: seq2seq.RnnType, attention: seq2seq.AttentionType, epochs: number, more: Partial<seq2seq.Seq2SeqConfig> = {}): seq2seq.Translator {
  manualSeed(0);
  const v = seq2seq.buildVocabs(pairs);
  const tr = seq2seq.Translator.create(v.src, v.tgt, { embSize: 32, hiddenSize: 32, rnn, attention, maxTgtLen: 20, ...more });
  if (epochs > 0) seq2seq.trainSeq2Seq(tr.model, seq2seq.encodePairs(pairs, v.src, v.tgt), { epochs, batchSize: 32, lr: 0.01 });
  return tr;
}

async function quietly<R>(fn: () => Promise<R>): Promise<R> {
  const log = console.log;
  console.log = () => {};
  try {
    return await fn();
  } finally {
    console.log = log;
  }
}

const E = suite('seqgrad translate export → ONNX Runtime greedy decoding');
E.before(() => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
});
E.after(() => rmSync(work, { recursive: true, force: true }));

E('GRU + Bahdanau, trained: the same translations as seqgrad on 50 sentences; per-sentence latency', async () => {
  const tr = trained('gru', 'bahdanau', 8);
  const model = join(work, 'gru-model');
  const out = join(work, 'gru-onnx');
  await tr.save(model);
  process.exitCode = 0;
  await quietly(() => main(['export', '--model', model, '--out', out]));
  assert.is(Number(process.exitCode ?? 0), 0);
  for (const f of ['encoder.onnx', 'decoder_step.onnx', 'vocab.json', 'onnx-config.json', 'translate.mjs']) assert.ok(existsSync(join(out, f)), `${f} written`);

  const ort = await OnnxTranslator.load(out);
  const want = tr.translate(sentences).map((r) => r.tokens.join(' '));
  const got = (await ort.translate(sentences)).map((t) => t!.join(' '));
  assert.is(new Set(want).size, 50, 'the trained model translates the 50 sentences differently');
  assert.equal(got, want);

  // one sentence at a time, as a server answering requests
  let t0 = performance.now();
  for (const s of sentences) tr.translate([s]);
  const seqgradMs = (performance.now() - t0) / sentences.length;
  t0 = performance.now();
  for (const s of sentences) await ort.translate([s]);
  const ortMs = (performance.now() - t0) / sentences.length;
  if (process.env.ONNX_REPORT)
    console.log(`per-sentence greedy latency: seqgrad ${seqgradMs.toFixed(2)} ms, ONNX Runtime (wasm, 1 thread) ${ortMs.toFixed(2)} ms`);

  // the written script runs on its own
  const r = spawnSync(process.execPath, [join(out, 'translate.mjs'), out, sentences[0], ''], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, `${sentences[0]}\t${want[0]}\n\t[empty or too long]\n`);
});

for (const [rnn, attention] of [
  ['lstm', 'general'],
  ['lstm', 'concat'],
  ['gru', 'dot'],
] as const) {
  E(`${rnn.toUpperCase()} + ${attention}: ONNX Runtime greedy decoding equals seqgrad's on 50 sentences`, async () => {
    const tr = trained(rnn, attention, 1);
    const out = join(work, `${rnn}-${attention}`);
    const ex = seq2seq.exportTranslatorOnnx(tr);
    mkdirSync(out, { recursive: true });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(out, 'encoder.onnx'), ex.encoder);
    writeFileSync(join(out, 'decoder_step.onnx'), ex.decoder);
    writeFileSync(join(out, 'vocab.json'), tr.serialize().vocab);
    writeFileSync(join(out, 'onnx-config.json'), JSON.stringify(ex.config));
    const ort = await OnnxTranslator.load(out);
    const got = (await ort.translate(sentences)).map((t) => t!.join(' '));
    assert.equal(
      got,
      tr.translate(sentences).map((r) => r.tokens.join(' ')),
    );
  });
}

/** max |a − b| over two arrays of the same length */
function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.is(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

for (const [rnn, attention, layers] of [
  ['gru', 'bahdanau', 1],
  ['lstm', 'general', 1],
  ['lstm', 'bahdanau', 2],
] as const) {
  E(
    `${rnn.toUpperCase()} (${layers} encoder layer${layers > 1 ? 's, dropout 0.2' : ''}) + ${attention}: the encoder and decoder-step graphs give seqgrad's outputs within 1e-5 (batch 4, source lengths 2…7)`,
    async () => {
      const tr = trained(rnn, attention, 0, { numLayers: layers, dropout: layers > 1 ? 0.2 : 0 });
      tr.model.eval();
      const ex = seq2seq.exportTranslatorOnnx(tr);
      const m = tr.model;
      const src = [
        [4, 5, 6, 7, 8, 9, 2],
        [10, 2],
        [11, 12, 13, 2],
        [14, 15, 16, 17, 2],
      ];
      const { ids, lengths } = seq2seq.padIds(src, m.cfg.padIdx);
      const enc = noGrad(() => m.encoder.forward(ids, lengths));
      const pre = noGrad(() => m.decoder.attention.precompute(enc.outputs));
      const tokens = [1, 20, 21, 2];
      const step = noGrad(() => m.decoder.forward(tokens, enc.state, enc.outputs, enc.mask, pre));
      const encS = await ortRt.InferenceSession.create(ex.encoder);
      const decS = await ortRt.InferenceSession.create(ex.decoder);
      const i64 = (v: number[], d: number[]) =>
        new ortRt.Tensor(
          'int64',
          BigInt64Array.from(v, (x) => BigInt(x)),
          d,
        );
      const f32 = (t: Tensor) => new ortRt.Tensor('float32', t.toArray(), t.shape);
      const eo = await encS.run({ src: i64(Array.from(ids.data), ids.shape), lengths: i64(lengths, [4]) });
      let worst = Math.max(maxDiff(eo.keys.data as Float32Array, enc.outputs.data), maxDiff(eo.h.data as Float32Array, enc.state.h.data));
      if (pre) worst = Math.max(worst, maxDiff(eo.precomputed.data as Float32Array, pre.data));
      if (enc.state.c) worst = Math.max(worst, maxDiff(eo.c.data as Float32Array, enc.state.c.data));
      const feeds: Record<string, ortRt.Tensor> = { tokens: i64(tokens, [4]), h: f32(enc.state.h), keys: f32(enc.outputs), mask: f32(enc.mask) };
      if (enc.state.c) feeds.c = f32(enc.state.c);
      if (pre) feeds.precomputed = f32(pre);
      const d = await decS.run(feeds);
      worst = Math.max(
        worst,
        maxDiff(d.logits.data as Float32Array, step.logits.data),
        maxDiff(d.weights.data as Float32Array, step.weights.data),
        maxDiff(d.h_out.data as Float32Array, step.state.h.data),
      );
      if (step.state.c) worst = Math.max(worst, maxDiff(d.c_out.data as Float32Array, step.state.c.data));
      assert.ok(worst <= 1e-5, `max |ORT − seqgrad| ${worst.toExponential(2)}`);
      if (process.env.ONNX_REPORT) console.log(`translator graphs ${rnn} ×${layers} + ${attention}: max |ORT − seqgrad| ${worst.toExponential(2)}`);
    },
  );
}

E('export of a missing model is a usage error', async () => {
  const err: string[] = [];
  const error = console.error;
  console.error = (...a: unknown[]) => {
    err.push(a.join(' '));
  };
  try {
    await main(['export', '--model', join(work, 'nothing'), '--out', join(work, 'x')]);
  } finally {
    console.error = error;
  }
  assert.is(Number(process.exitCode), 2);
  process.exitCode = 0;
  assert.match(err.join('\n'), /cannot load the translator/);
});

E.run();
