// Demo: neural machine translation with attention (the project's flagship, beyond the articles). A bidirectional
// GRU encoder, Bahdanau attention and a GRU decoder learn the embedded German→English corpus in
// seconds; held-out sentences are scored with BLEU, a few translations are printed (greedy and
// beam search), and the attention of "die katze sitzt auf dem tisch ." is drawn as a heat-map.
//   node dist/examples/translation.js [--epochs N] [--beam N] [--out DIR] [--data pairs.tsv [--reverse]]
import { readFileSync } from 'node:fs';
import { manualSeed, seq2seq } from '../engine/index.js';
import { intArg, isMain, parseArgs, progress } from './lib/args.js';
import { writeHeatmap } from './lib/heatmap.js';

export const meta = {
  name: 'translation',
  title: 'Seq2seq translation with attention: German→English, BLEU on held-out sentences, attention heat-map (SVG)',
  options: {
    epochs: 'N: training epochs (30)',
    beam: 'N: beam width (4)',
    out: 'DIR: where the SVG figures go (out/)',
    data: 'FILE: tab-separated pairs instead of the embedded corpus',
    reverse: 'swap the columns of --data',
  },
};

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const args = parseArgs(argv);
  const EPOCHS = intArg(args, 'epochs', 30);
  const BEAM = intArg(args, 'beam', 4);
  const OUT = typeof args.out === 'string' ? args.out : 'out';
  const reverse = args.reverse === true;

  manualSeed(0);
  const pairs = typeof args.data === 'string' ? seq2seq.parsePairs(readFileSync(args.data, 'utf8'), { reverse }) : seq2seq.defaultCorpus({ reverse });
  // 10% of the source sentences (with all their translations) are never seen in training
  const [train, test] = seq2seq.splitBySource(pairs, 0.1);
  const v = seq2seq.buildVocabs(train);
  console.log(
    `${typeof args.data === 'string' ? args.data : 'embedded German→English corpus'}: ${pairs.length} pairs, ${train.length} for training, ${test.length} held out`,
  );
  console.log(`vocabulary: ${v.src.length} source, ${v.tgt.length} target tokens`);

  const tr = seq2seq.Translator.create(v.src, v.tgt, { embSize: 32, hiddenSize: 32, decHiddenSize: 64, rnn: 'gru', attention: 'bahdanau' });
  console.log(
    `model: Embedding(${v.src.length}, 32) → bidirectional GRU(32) → Bahdanau attention → GRUCell(64) → Linear(${v.tgt.length}); ${tr.model.numParameters()} parameters`,
  );
  const t0 = Date.now();
  seq2seq.trainSeq2Seq(tr.model, seq2seq.encodePairs(train, v.src, v.tgt), {
    epochs: EPOCHS,
    lr: 3e-3,
    batchSize: 32,
    seed: 0,
    onStep: (s) => progress(`epoch ${s.epoch}/${EPOCHS}`, s.step, s.stepsPerEpoch, `loss ${s.loss.toFixed(3)}`, t0),
    onEpoch: (e) => {
      if (e.epoch % 5 === 0 || e.epoch === EPOCHS) console.log(`Epoch [${e.epoch}/${EPOCHS}], Loss: ${e.trainLoss.toFixed(4)}`);
    },
  });
  console.log(`training took ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const groups = seq2seq.groupBySource(test);
  const refs = groups.map((g) => g.refs.map((r) => r.split(' ')));
  for (const beam of [1, BEAM]) {
    const hyps = tr
      .translate(
        groups.map((g) => g.src),
        { beam },
      )
      .map((r) => r.tokens);
    const b = seq2seq.corpusBleu(hyps, refs);
    console.log(
      `held-out ${beam > 1 ? `beam ${beam}` : 'greedy'}: BLEU = ${(100 * b.bleu).toFixed(1)}, exact match ${(100 * seq2seq.exactMatch(hyps, refs)).toFixed(0)}% (${groups.length} sentences)`,
    );
  }
  console.log('\nheld-out sentences (never seen in training):');
  for (const r of tr.translate(
    groups.slice(0, 6).map((g) => g.src),
    { beam: BEAM },
  )) {
    const ref = groups.find((g) => g.src === r.input)!.refs[0];
    console.log(`  ${r.input.padEnd(36)} → ${r.text.padEnd(34)} (reference: ${ref})`);
  }
  const demo =
    reverse || typeof args.data === 'string'
      ? [groups[0].src]
      : [
          'die katze sitzt auf dem tisch .',
          'der hund schlaft unter dem baum .',
          'die frau trinkt den kaffee .',
          'wir sind mude .',
          'die zebra sitzt auf dem tisch .',
        ];
  console.log('\nmore:');
  for (const r of tr.translate(demo, { beam: BEAM }))
    console.log(`  ${r.input.padEnd(36)} → ${r.text}${r.unknown.length ? `   (unknown: ${r.unknown.join(', ')} → <UNK>)` : ''}`);

  const [r] = tr.translate([demo[0]]);
  const path = writeHeatmap(`${OUT}/translation-attention.svg`, r.attention, [...r.tokens, '<EOS>'].slice(0, r.attention.length), r.source, {
    title: `Attention: ${r.input} → ${r.text}`,
    xLabel: 'source (German)',
    yLabel: 'translation (English)',
  });
  console.log(`\nattention of "${r.input}":`);
  const w = r.source.reduce((m, s) => Math.max(m, s.length), 5);
  console.log(`  ${''.padEnd(8)}${r.source.map((s) => s.padStart(w + 1)).join('')}`);
  r.attention.forEach((row, i) => console.log(`  ${([...r.tokens, '<EOS>'][i] ?? '').padEnd(8)}${row.map((x) => x.toFixed(2).padStart(w + 1)).join('')}`));
  console.log(`heat-map written to ${path}`);
}

if (isMain(import.meta.url)) await main();
