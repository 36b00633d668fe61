// The translator exported for serving (engine/seq2seq/export.ts, `seqgrad translate export`):
// greedy decoding through ONNX Runtime alone (examples/onnx-translate.ts, the translate.mjs the
// export writes) gives seqgrad's translations, on 50 sentences of a trained GRU + Bahdanau model
// and on the LSTM and Luong variants; the per-sentence latency of both is printed with ONNX_REPORT=1.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../cli/translate.js';
import { manualSeed, seq2seq } from '../../engine/index.js';
import { OnnxTranslator } from '../../examples/onnx-translate.js';

const here = fileURLToPath(new URL('.', import.meta.url));
// under dist/ so that the written translate.mjs resolves onnxruntime-web from the repository's node_modules
const work = join(here, 'tmp-onnx-export');

const pairs = seq2seq.defaultCorpus();
const sentences = seq2seq.groupBySource(pairs).slice(0, 50).map((g) => g.src);

function trained(rnn: seq2seq.RnnType, attention: seq2seq.AttentionType, epochs: number): seq2seq.Translator {
  manualSeed(0);
  const v = seq2seq.buildVocabs(pairs);
  const tr = seq2seq.Translator.create(v.src, v.tgt, { embSize: 32, hiddenSize: 32, rnn, attention, maxTgtLen: 20 });
  if (epochs > 0) seq2seq.trainSeq2Seq(tr.model, seq2seq.encodePairs(pairs, v.src, v.tgt), { epochs, batchSize: 32, lr: 0.01 });
  return tr;
}

async function quietly<R>(fn: () => Promise<R>): Promise<R> {
  const log = console.log;
  console.log = () => {};
  try { return await fn(); } finally { console.log = log; }
}

const E = suite('seqgrad translate export → ONNX Runtime greedy decoding');
E.before(() => { rmSync(work, { recursive: true, force: true }); mkdirSync(work, { recursive: true }); });
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
  if (process.env.ONNX_REPORT) console.log(`per-sentence greedy latency: seqgrad ${seqgradMs.toFixed(2)} ms, ONNX Runtime (wasm, 1 thread) ${ortMs.toFixed(2)} ms`);

  // the written script runs on its own
  const r = spawnSync(process.execPath, [join(out, 'translate.mjs'), out, sentences[0], ''], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, `${sentences[0]}\t${want[0]}\n\t[empty or too long]\n`);
});

for (const [rnn, attention] of [['lstm', 'general'], ['lstm', 'concat'], ['gru', 'dot']] as const) {
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
    assert.equal(got, tr.translate(sentences).map((r) => r.tokens.join(' ')));
  });
}

E('export of a missing model is a usage error', async () => {
  const err: string[] = [];
  const error = console.error;
  console.error = (...a: unknown[]) => { err.push(a.join(' ')); };
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
