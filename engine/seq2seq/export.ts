// The translator for serving: the encoder and one decoder step (attention included) as two ONNX
// graphs, and a config that tells a runtime how to drive them (special ids, input and output
// names, the normalisation). Greedy decoding with ONNX Runtime alone: examples/serve/onnx-translate.ts.
import { noGrad } from '../autograd.js';
import { tensor } from '../creation.js';
import { exportOnnx } from '../io/onnx-export.js';
import type { AttentionModule } from '../nn/attention.js';
import { Module } from '../nn/module.js';
import type { Tensor } from '../tensor.js';
import type { AttentionDecoder, Encoder } from './model.js';
import type { Translator } from './translator.js';

/** What a runtime needs besides the graphs and vocab.json. */
export interface OnnxTranslatorConfig {
  /** Marks the file as this format. */
  format: 'seqgrad-onnx-translator';
  /** The format's version. */
  version: 1;
  /** File name of the encoder graph (encoder.onnx). */
  encoder: string;
  /** File name of the one-step decoder graph (decoder_step.onnx). */
  decoder: string;
  /** File name of the vocabularies (vocab.json: { src, tgt } as Vocab.toJSON). */
  vocab: string;
  /** The cell: with 'lstm' the state is h and c. */
  rnn: 'gru' | 'lstm';
  /** The attention the decoder graph contains. */
  attention: string;
  /** Padding id of src. */
  padIdx: number;
  /** The first decoder input. */
  sosIdx: number;
  /** Decoding stops when it is generated. */
  eosIdx: number;
  /** Longest source in tokens, EOS included. */
  maxSrcLen: number;
  /** Generated tokens at most (EOS excluded). */
  maxTgtLen: number;
  /** encoder: src (B, S) int64 ids padded with padIdx, each ending in EOS; lengths (B) int64 */
  encoderInputs: string[];
  /** keys (B, S, Hk); precomputed attention keys (B, S, A) when the attention has them; h (B, Hdec); c (B, Hdec) for an LSTM */
  encoderOutputs: string[];
  /** tokens (B) int64 previous tokens (SOS first); h, c; keys; mask (B, S) float 1 on real source positions; precomputed */
  decoderInputs: string[];
  /** logits (B, V); weights (B, S) attention; h, c: the next state */
  decoderOutputs: string[];
  /** How to turn a sentence into source tokens, in words (the corpus's normalizeString). */
  normalize: string;
}

/** Encoder outputs and the attention's key cache, as one graph of (src, lengths). */
class EncoderGraph extends Module {
  constructor(
    readonly encoder: Encoder,
    readonly attention: AttentionModule,
  ) {
    super();
    this.registerModule('encoder', encoder);
    this.registerModule('attention', attention);
  }
  forward(src: Tensor, lengths: number[]): Tensor[] {
    const e = this.encoder.forward(src, lengths);
    const pre = this.attention.precompute(e.outputs);
    return [e.outputs, ...(pre ? [pre] : []), e.state.h, ...(e.state.c ? [e.state.c] : [])];
  }
}

/** One decoder step as a graph: (tokens, h[, c], keys, mask[, precomputed]) → (logits, weights, h[, c]). */
class DecoderStepGraph extends Module {
  constructor(
    readonly decoder: AttentionDecoder,
    readonly lstm: boolean,
    readonly hasPre: boolean,
  ) {
    super();
    this.registerModule('decoder', decoder);
  }
  forward(...args: Tensor[]): Tensor[] {
    let i = 0;
    const tokens = args[i++];
    const h = args[i++];
    const c = this.lstm ? args[i++] : null;
    const keys = args[i++];
    const mask = args[i++];
    const pre = this.hasPre ? args[i++] : null;
    const r = this.decoder.forward(tokens as unknown as ArrayLike<number>, { h, c }, keys, mask, pre);
    return [r.logits, r.weights, r.state.h, ...(r.state.c ? [r.state.c] : [])];
  }
}

/** The two graphs (traced on a batch of 3 sources of length 5) and the config naming their inputs and outputs. */
export function exportTranslatorOnnx(tr: Translator): { encoder: Uint8Array; decoder: Uint8Array; config: OnnxTranslatorConfig } {
  const m = tr.model;
  const cfg = m.cfg;
  const lstm = cfg.rnn === 'lstm';
  const hasPre = cfg.attention === 'bahdanau' || cfg.attention === 'general';
  // example sizes for the dynamic axes that no layer size is likely to equal: batch 13, source length 11
  const B = 13;
  const S = 11;
  const tok = Math.min(cfg.eosIdx + 1, cfg.srcVocabSize - 1, cfg.tgtVocabSize - 1);
  const lengths = Array.from({ length: B }, (_, b) => S - (b % 6));
  const src = tensor(
    lengths.flatMap((l) => Array.from({ length: S }, (_, s) => (s < l - 1 ? tok : s === l - 1 ? cfg.eosIdx : cfg.padIdx))),
    [B, S],
  );
  const encOut = ['keys', ...(hasPre ? ['precomputed'] : []), 'h', ...(lstm ? ['c'] : [])];
  const encoder = exportOnnx(new EncoderGraph(m.encoder, m.decoder.attention), [src, lengths], {
    inputNames: ['src', 'lengths'],
    outputNames: encOut,
    dynamicAxes: { src: { 0: 'batch', 1: 'src_len' }, lengths: { 0: 'batch' } },
    graphName: 'encoder',
  });

  const Hd = cfg.decHiddenSize;
  const Hk = m.decoder.keySize;
  const state = () =>
    tensor(
      Array.from({ length: B * Hd }, (_, i) => Math.sin(i)),
      [B, Hd],
    );
  const keys = tensor(
    Array.from({ length: B * S * Hk }, (_, i) => Math.cos(i)),
    [B, S, Hk],
  );
  const mask = tensor(
    lengths.flatMap((l) => Array.from({ length: S }, (_, s) => (s < l ? 1 : 0))),
    [B, S],
  );
  const pre = noGrad(() => m.decoder.attention.precompute(keys));
  const tokens = tensor(
    Array.from({ length: B }, (_, b) => [cfg.sosIdx, tok, cfg.eosIdx][b % 3]),
    [B],
  );
  const decIn = ['tokens', 'h', ...(lstm ? ['c'] : []), 'keys', 'mask', ...(hasPre ? ['precomputed'] : [])];
  const decOut = ['logits', 'weights', 'h_out', ...(lstm ? ['c_out'] : [])];
  const examples = [tokens, state(), ...(lstm ? [state()] : []), keys, mask, ...(hasPre ? [pre!] : [])];
  const dyn: Record<string, Record<number, string>> = {
    tokens: { 0: 'batch' },
    h: { 0: 'batch' },
    c: { 0: 'batch' },
    keys: { 0: 'batch', 1: 'src_len' },
    mask: { 0: 'batch', 1: 'src_len' },
    precomputed: { 0: 'batch', 1: 'src_len' },
  };
  const decoder = exportOnnx(new DecoderStepGraph(m.decoder, lstm, hasPre), examples, {
    inputNames: decIn,
    outputNames: decOut,
    dynamicAxes: Object.fromEntries(decIn.map((n) => [n, dyn[n]])),
    graphName: 'decoder_step',
  });
  return {
    encoder,
    decoder,
    config: {
      format: 'seqgrad-onnx-translator',
      version: 1,
      encoder: 'encoder.onnx',
      decoder: 'decoder_step.onnx',
      vocab: 'vocab.json',
      rnn: cfg.rnn,
      attention: cfg.attention,
      padIdx: cfg.padIdx,
      sosIdx: cfg.sosIdx,
      eosIdx: cfg.eosIdx,
      maxSrcLen: cfg.maxSrcLen,
      maxTgtLen: cfg.maxTgtLen,
      encoderInputs: ['src', 'lengths'],
      encoderOutputs: encOut,
      decoderInputs: decIn,
      decoderOutputs: decOut,
      normalize:
        'lowercase, trim, NFD with combining marks removed, a space before each of . ! ?, every other run of characters outside a-z . ! ? one space, trim; tokens split on spaces; words not in vocab.src are <UNK>; <EOS> appended',
    },
  };
}
