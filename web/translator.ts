// The playground's translator, shared by the page's worker and the Node side of the browser tests:
// the seq2seq + attention model of examples/translation.ts trained on the embedded German→English
// corpus (or a TSV), and the checkpoint as one safetensors file (the vocabularies in its metadata).
import { io, manualSeed, seq2seq } from '../engine/index.js';
import { heatmapSvg } from '../examples/lib/heatmap.js';
import type { TranslationView } from './protocol.js';

/** The model of examples/translation.ts: bidirectional GRU encoder, Bahdanau attention, GRU decoder. */
const CONFIG = { embSize: 32, hiddenSize: 32, decHiddenSize: 64, rnn: 'gru', attention: 'bahdanau' } as const;

export interface Trained {
  tr: seq2seq.Translator;
  pairs: number;
  losses: number[];
}

/** Trains a fresh translator (seed 0) on `tsv` (source<TAB>target lines) or the embedded corpus, every pair. */
export function trainTranslator(epochs: number, tsv?: string, onEpoch?: (epoch: number, loss: number) => void): Trained {
  manualSeed(0);
  const pairs = tsv === undefined ? seq2seq.defaultCorpus() : seq2seq.parsePairs(tsv);
  if (pairs.length === 0) throw new Error('translator: the TSV has no source<TAB>target pairs');
  const v = seq2seq.buildVocabs(pairs);
  const tr = seq2seq.Translator.create(v.src, v.tgt, CONFIG);
  const losses: number[] = [];
  seq2seq.trainSeq2Seq(tr.model, seq2seq.encodePairs(pairs, v.src, v.tgt), {
    epochs,
    lr: 3e-3,
    batchSize: 32,
    seed: 0,
    onEpoch: (e) => {
      losses.push(e.trainLoss);
      onEpoch?.(e.epoch, e.trainLoss);
    },
  });
  tr.model.eval();
  return { tr, pairs: pairs.length, losses };
}

/** One sentence translated, with its attention (rows: output tokens and <EOS>; columns: source tokens) and heat-map. */
export function translateView(tr: seq2seq.Translator, sentence: string, beam = 1): TranslationView {
  const [r] = tr.translate([sentence], { beam });
  const rows = [...r.tokens, '<EOS>'].slice(0, r.attention.length);
  const svg = r.error
    ? ''
    : heatmapSvg(r.attention, rows, r.source, {
        title: `Attention: ${r.input} → ${r.text}`,
        xLabel: 'source (German)',
        yLabel: 'translation (English)',
      });
  return { input: r.input, text: r.text, source: r.source, tokens: r.tokens, attention: r.attention, unknown: r.unknown, error: r.error, svg };
}

/** The translator as one safetensors file: the weights, the config and (metadata `vocab`) both vocabularies. */
export function saveTranslator(tr: seq2seq.Translator): Uint8Array {
  const { vocab } = tr.serialize();
  return tr.serialize({ vocab }).model;
}

/** A translator from the bytes saveTranslator made (in the page or in Node). */
export function loadTranslator(bytes: Uint8Array): seq2seq.Translator {
  const vocab = io.parseSafetensors(bytes).metadata.vocab;
  if (vocab === undefined) throw new Error('loadTranslator: the safetensors file has no `vocab` metadata (not saved by the playground)');
  return seq2seq.Translator.deserialize(bytes, vocab);
}
