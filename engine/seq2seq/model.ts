// The seq2seq translator: a bidirectional recurrent Encoder over packed source batches, an
// AttentionDecoder step (embed → attend → cell on [embedding; context] → Linear on [output; context]),
// and Seq2Seq with teacher-forced training, batched greedy decoding and batched beam search.
import { checkOptions } from '../options.js';
import { noGrad } from '../autograd.js';
import { tensor } from '../creation.js';
import { BahdanauAttention, LuongAttention, type AttentionModule } from '../nn/attention.js';
import { Dropout, Embedding, Linear } from '../nn/layers.js';
import { Module } from '../nn/module.js';
import { packPaddedSequence, padPackedSequence, type PackedSequence } from '../nn/packed-sequence.js';
import { GRU, GRUCell, LSTM, LSTMCell } from '../nn/rnn.js';
import { crossEntropy } from '../ops/losses.js';
import { cat, stack } from '../ops/shape.js';
import { defaultGenerator } from '../random/torch.js';
import { fmtShape, Tensor } from '../tensor.js';

/** The recurrent cell of encoder and decoder. */
export type RnnType = 'gru' | 'lstm';
/** The decoder's attention: Bahdanau's additive, or one of Luong's scores (dot, general, concat). */
export type AttentionType = 'bahdanau' | 'dot' | 'general' | 'concat';

/** The shape of a Seq2Seq model: sizes, cell, attention and special token ids. */
export interface Seq2SeqConfig {
  /** V_src: source vocabulary size (the source Vocab's length). */
  srcVocabSize: number;
  /** V: target vocabulary size (the target Vocab's length). */
  tgtVocabSize: number;
  /** Embedding width of both sides (default 128). */
  embSize?: number;
  /** Encoder hidden size per direction (default 128). */
  hiddenSize?: number;
  /** Decoder hidden size (default 2·hiddenSize for a bidirectional encoder, else hiddenSize). */
  decHiddenSize?: number;
  /** Encoder layers (default 1). */
  numLayers?: number;
  /** Default true. */
  bidirectional?: boolean;
  /** The cell of encoder and decoder (default 'gru'). */
  rnn?: RnnType;
  /** The decoder's attention (default 'bahdanau'). */
  attention?: AttentionType;
  /** Dropout on the embeddings and between encoder layers (default 0). */
  dropout?: number;
  /** Special token ids (default PAD 0, SOS 1, EOS 2, the order of data.DEFAULT_SPECIALS). */
  padIdx?: number;
  /** Start-of-sentence id: the decoder's first input (default 1). */
  sosIdx?: number;
  /** End-of-sentence id: decoding stops when it is generated (default 2). */
  eosIdx?: number;
  /** Longest source (tokens, EOS included) the model accepts (default 50). */
  maxSrcLen?: number;
  /** Default limit of generated tokens (default 50). */
  maxTgtLen?: number;
}

/** The config with every default filled in (what checkpoints store). */
export type FullConfig = Required<Seq2SeqConfig>;

/** The config with every default filled in; throws on a size that is not a positive integer or an unknown rnn/attention. */
export function fullConfig(c: Seq2SeqConfig): FullConfig {
  checkOptions(
    'Seq2Seq config',
    c,
    {
      srcVocabSize: 'int',
      tgtVocabSize: 'int',
      embSize: 'int',
      hiddenSize: 'int',
      decHiddenSize: 'int',
      numLayers: 'int',
      bidirectional: 'boolean',
      rnn: ['gru', 'lstm'],
      attention: ['bahdanau', 'dot', 'general', 'concat'],
      dropout: 'number',
      padIdx: 'int',
      sosIdx: 'int',
      eosIdx: 'int',
      maxSrcLen: 'int',
      maxTgtLen: 'int',
    },
    true,
  );
  const bidirectional = c.bidirectional ?? true;
  const hiddenSize = c.hiddenSize ?? 128;
  const cfg: FullConfig = {
    srcVocabSize: c.srcVocabSize,
    tgtVocabSize: c.tgtVocabSize,
    embSize: c.embSize ?? 128,
    hiddenSize,
    decHiddenSize: c.decHiddenSize ?? (bidirectional ? 2 : 1) * hiddenSize,
    numLayers: c.numLayers ?? 1,
    bidirectional,
    rnn: c.rnn ?? 'gru',
    attention: c.attention ?? 'bahdanau',
    dropout: c.dropout ?? 0,
    padIdx: c.padIdx ?? 0,
    sosIdx: c.sosIdx ?? 1,
    eosIdx: c.eosIdx ?? 2,
    maxSrcLen: c.maxSrcLen ?? 50,
    maxTgtLen: c.maxTgtLen ?? 50,
  };
  for (const k of ['srcVocabSize', 'tgtVocabSize', 'embSize', 'hiddenSize', 'decHiddenSize', 'numLayers', 'maxSrcLen', 'maxTgtLen'] as const) {
    if (!Number.isInteger(cfg[k]) || cfg[k] <= 0) throw new Error(`Seq2Seq: config.${k} must be a positive integer, got ${String(cfg[k])}`);
  }
  if (cfg.rnn !== 'gru' && cfg.rnn !== 'lstm') throw new Error(`Seq2Seq: config.rnn must be 'gru' or 'lstm', got ${String(cfg.rnn)}`);
  if (!['bahdanau', 'dot', 'general', 'concat'].includes(cfg.attention))
    throw new Error(`Seq2Seq: config.attention must be 'bahdanau', 'dot', 'general' or 'concat', got ${String(cfg.attention)}`);
  return cfg;
}

/** A decoder state: h (B, Hdec) and, for an LSTM decoder, c (B, Hdec). */
export interface DecoderState {
  /** Hidden state (B, Hdec). */
  h: Tensor;
  /** Cell state (B, Hdec) of an LSTM decoder; null for a GRU. */
  c: Tensor | null;
}

/** What Encoder.forward returns: the keys for attention, the decoder's initial state, the source mask. */
export interface EncoderOutput {
  /** (B, S, dirs·H): padded positions are zero. */
  outputs: Tensor;
  /** The decoder's initial state, bridged: tanh(Linear([h_fwd; h_bwd])) of the last layer. */
  state: DecoderState;
  /** (B, S) of 0/1: 1 on real source positions. */
  mask: Tensor;
}

/** Pads id lists into a (B, S) tensor; returns it with the lengths. */
export function padIds(seqs: readonly (readonly number[])[], padIdx: number, width?: number): { ids: Tensor; lengths: number[] } {
  const B = seqs.length;
  const S = width ?? seqs.reduce((m, s) => Math.max(m, s.length), 0);
  const out = new Float32Array(B * S).fill(padIdx);
  seqs.forEach((s, b) => {
    for (let t = 0; t < s.length; t++) out[b * S + t] = s[t];
  });
  return { ids: tensor(out, [B, S]), lengths: seqs.map((s) => s.length) };
}

function lengthMask(lengths: readonly number[], S: number): Tensor {
  const m = new Float32Array(lengths.length * S);
  lengths.forEach((l, b) => m.fill(1, b * S, b * S + l));
  return tensor(m, [lengths.length, S]);
}

/**
 * Embedding (paddingIdx) → bidirectional multi-layer GRU/LSTM over a PackedSequence (enforceSorted
 * false) → outputs (B, S, dirs·H); the last layer's final states [h_fwd; h_bwd] bridged to the
 * decoder's size with Linear + tanh (`fc`; `fcCell` for the LSTM cell state).
 */
export class Encoder extends Module {
  /** Source token embeddings (V_src, E), padding row padIdx. */
  readonly embedding: Embedding;
  /** The recurrent stack: E → H per direction. */
  readonly rnn: GRU | LSTM;
  /** The bridge of hidden states: Linear(dirs·H → Hdec), then tanh. */
  readonly fc: Linear;
  /** The bridge of LSTM cell states (null for a GRU). */
  readonly fcCell: Linear | null;
  /** Dropout on the embeddings. */
  readonly drop: Dropout;
  /** The full config (defaults filled in). */
  readonly cfg: FullConfig;
  constructor(cfg: FullConfig) {
    super();
    this.cfg = cfg;
    const dirs = cfg.bidirectional ? 2 : 1;
    this.embedding = this.registerModule('embedding', new Embedding({ numEmbeddings: cfg.srcVocabSize, embeddingDim: cfg.embSize, paddingIdx: cfg.padIdx }));
    const ro = {
      inputSize: cfg.embSize,
      hiddenSize: cfg.hiddenSize,
      numLayers: cfg.numLayers,
      bidirectional: cfg.bidirectional,
      batchFirst: true,
      dropout: cfg.numLayers > 1 ? cfg.dropout : 0,
    };
    this.rnn = this.registerModule('rnn', cfg.rnn === 'lstm' ? new LSTM(ro) : new GRU(ro));
    this.fc = this.registerModule('fc', new Linear({ inFeatures: dirs * cfg.hiddenSize, outFeatures: cfg.decHiddenSize }));
    this.fcCell = cfg.rnn === 'lstm' ? this.registerModule('fcCell', new Linear({ inFeatures: dirs * cfg.hiddenSize, outFeatures: cfg.decHiddenSize })) : null;
    this.drop = this.registerModule('drop', new Dropout(cfg.dropout));
  }

  /** src (B, S) token ids padded with padIdx, lengths (B) ≥ 1 in any order. */
  forward(src: Tensor, lengths: readonly number[]): EncoderOutput {
    if (!(src instanceof Tensor) || src.ndim !== 2)
      throw new Error(`Encoder.forward: src must be a (B, S) Tensor of token ids, got ${src instanceof Tensor ? `shape ${fmtShape(src.shape)}` : typeof src}`);
    const [B, S] = src.shape;
    if (lengths.length !== B) throw new Error(`Encoder.forward: got ${lengths.length} lengths for a batch of ${B} (src shape ${fmtShape(src.shape)})`);
    const emb = this.drop.forward(this.embedding.forward(src));
    const packed = packPaddedSequence(emb, lengths, { batchFirst: true, enforceSorted: false });
    const lastTwo = (hn: Tensor) => (this.cfg.bidirectional ? cat([hn.select(0, -2), hn.select(0, -1)], 1) : hn.select(0, -1));
    let outPacked: PackedSequence;
    let h: Tensor;
    let c: Tensor | null = null;
    if (this.rnn instanceof LSTM) {
      const [o, [hn, cn]] = this.rnn.forward(packed);
      outPacked = o;
      h = this.fc.forward(lastTwo(hn)).tanh();
      c = this.fcCell!.forward(lastTwo(cn)).tanh();
    } else {
      const [o, hn] = this.rnn.forward(packed);
      outPacked = o;
      h = this.fc.forward(lastTwo(hn)).tanh();
    }
    const [outputs] = padPackedSequence(outPacked, { batchFirst: true, totalLength: S });
    return { outputs, state: { h, c }, mask: lengthMask(lengths, S) };
  }
}

function makeAttention(cfg: FullConfig): AttentionModule {
  const keySize = (cfg.bidirectional ? 2 : 1) * cfg.hiddenSize;
  if (cfg.attention === 'bahdanau') return new BahdanauAttention({ querySize: cfg.decHiddenSize, keySize, attnSize: cfg.decHiddenSize });
  return new LuongAttention({ method: cfg.attention, querySize: cfg.decHiddenSize, keySize, attnSize: cfg.decHiddenSize });
}

export interface StepOutput {
  state: DecoderState;
  context: Tensor;
  weights: Tensor;
}

/**
 * One decoder step: embed the previous token → attend with the previous state as query → cell on
 * [embedding; context] → (out) Linear on [output; context]. `step` returns the new state and the
 * context; `project` maps [h; context] to vocabulary logits (split so training projects all steps
 * with one GEMM).
 */
export class AttentionDecoder extends Module {
  /** Target token embeddings (V, E), padding row padIdx. */
  readonly embedding: Embedding;
  /** The attention over the encoder outputs (query: the previous state). */
  readonly attention: AttentionModule;
  /** The cell: [embedding; context] (E + Hk) → Hdec. */
  readonly rnn: GRUCell | LSTMCell;
  /** The output layer: [h; context] (Hdec + Hk) → V logits. */
  readonly out: Linear;
  /** Dropout on the embeddings. */
  readonly drop: Dropout;
  /** Hk: features of the keys (dirs·H). */
  readonly keySize: number;
  /** The full config (defaults filled in). */
  readonly cfg: FullConfig;
  constructor(cfg: FullConfig) {
    super();
    this.cfg = cfg;
    this.keySize = (cfg.bidirectional ? 2 : 1) * cfg.hiddenSize;
    this.embedding = this.registerModule('embedding', new Embedding({ numEmbeddings: cfg.tgtVocabSize, embeddingDim: cfg.embSize, paddingIdx: cfg.padIdx }));
    this.attention = this.registerModule('attention', makeAttention(cfg));
    const co = { inputSize: cfg.embSize + this.keySize, hiddenSize: cfg.decHiddenSize };
    this.rnn = this.registerModule('rnn', cfg.rnn === 'lstm' ? new LSTMCell(co) : new GRUCell(co));
    this.out = this.registerModule('out', new Linear({ inFeatures: cfg.decHiddenSize + this.keySize, outFeatures: cfg.tgtVocabSize }));
    this.drop = this.registerModule('drop', new Dropout(cfg.dropout));
  }

  /** input (B) previous token ids; keys (B, S, Hk); mask (B, S); precomputed from attention.precompute(keys). */
  step(input: ArrayLike<number>, state: DecoderState, keys: Tensor, mask: Tensor | null, precomputed: Tensor | null = null): StepOutput {
    const emb = this.drop.forward(this.embedding.forward(input));
    const [context, weights] = this.attention.forward(state.h, keys, mask, precomputed);
    const x = cat([emb, context], 1);
    let next: DecoderState;
    if (this.rnn instanceof LSTMCell) {
      const [h, c] = this.rnn.forward(x, [state.h, state.c!]);
      next = { h, c };
    } else {
      next = { h: this.rnn.forward(x, state.h), c: null };
    }
    return { state: next, context, weights };
  }

  /** Logits (…, V) from h (…, Hdec) and context (…, Hk). */
  project(h: Tensor, context: Tensor): Tensor {
    return this.out.forward(cat([h, context], h.ndim - 1));
  }

  /** step + project: logits (B, V). */
  forward(
    input: ArrayLike<number>,
    state: DecoderState,
    keys: Tensor,
    mask: Tensor | null,
    precomputed: Tensor | null = null,
  ): StepOutput & { logits: Tensor } {
    const r = this.step(input, state, keys, mask, precomputed);
    return { ...r, logits: this.project(r.state.h, r.context) };
  }
}

/** One decoded sentence: token ids, attention rows and score. */
export interface Translation {
  /** Generated token ids, EOS excluded. */
  tokens: number[];
  /** One row per generated token (EOS included, last), each over the source positions (length = source length). */
  attention: number[][];
  /** Sum of log-probabilities (EOS included when emitted). */
  logProb: number;
}

/** Teacher-forcing ratio 1 (default) feeds the reference; below 1 each step draws torch.rand(1) from the default generator. */
export interface ForwardOptions {
  /** Probability of feeding the reference token rather than the model's own prediction (default 1). */
  teacherForcingRatio?: number;
}
/** Decoding limits. */
export interface DecodeOptions {
  /** Most tokens generated per sentence, EOS included (default cfg.maxTgtLen). */
  maxLen?: number;
}
/**
 * The widest beam beamSearch accepts. The work per step grows with batch × beamWidth rows (beam
 * 10,000 took 44 s on one sentence); beams beyond a few dozen no longer change the result.
 */
export const MAX_BEAM_WIDTH = 256;

/** Beam search settings. */
export interface BeamOptions extends DecodeOptions {
  /** Hypotheses kept per sentence (default 5; at most MAX_BEAM_WIDTH). */
  beamWidth?: number;
  /** α of the finished score logProb / len^α (default 1; 0: no normalisation). */
  lengthPenalty?: number;
}

/** Encoder + attention decoder. State-dict keys: `encoder.…`, `decoder.…` (PyTorch-style names). */
export class Seq2Seq extends Module {
  /** The full config (defaults filled in). */
  readonly cfg: FullConfig;
  /** The encoder (state-dict prefix `encoder.`). */
  readonly encoder: Encoder;
  /** The attention decoder (state-dict prefix `decoder.`). */
  readonly decoder: AttentionDecoder;
  constructor(config: Seq2SeqConfig) {
    super();
    this.cfg = fullConfig(config);
    this.encoder = this.registerModule('encoder', new Encoder(this.cfg));
    this.decoder = this.registerModule('decoder', new AttentionDecoder(this.cfg));
  }

  /**
   * Training pass. src (B, S) ids padded with padIdx, srcLengths (B); tgt (B, T) = SOS … EOS
   * padded. Returns logits (B, T−1, V) predicting tgt[:, 1:], and the attention weights (B, T−1, S).
   */
  forward(src: Tensor, srcLengths: readonly number[], tgt: Tensor, opts: ForwardOptions = {}): { logits: Tensor; attention: Tensor } {
    const ratio = checkOptions('Seq2Seq.forward', opts, { teacherForcingRatio: 'number' }).teacherForcingRatio ?? 1;
    if (!(src instanceof Tensor) || src.ndim !== 2)
      throw new Error(
        `Seq2Seq.forward: src must be a (B, S) Tensor of token ids, got ${src instanceof Tensor ? fmtShape(src.shape) : src === null ? 'null' : typeof src}`,
      );
    if (!(tgt instanceof Tensor) || tgt.ndim !== 2 || tgt.shape[0] !== src.shape[0] || tgt.shape[1] < 2) {
      throw new Error(
        `Seq2Seq.forward: tgt must be (B, T ≥ 2) = SOS … EOS, got ${tgt instanceof Tensor ? fmtShape(tgt.shape) : typeof tgt} for src ${fmtShape(src.shape)}`,
      );
    }
    this.checkLengths('Seq2Seq.forward', srcLengths);
    const [B, T] = tgt.shape;
    const enc = this.encoder.forward(src, srcLengths);
    const pre = this.decoder.attention.precompute(enc.outputs);
    const td = tgt.data;
    let state = enc.state;
    const hs: Tensor[] = [];
    const ctxs: Tensor[] = [];
    const ws: Tensor[] = [];
    const perStep: Tensor[] = [];
    let input: number[] = Array.from({ length: B }, (_, b) => td[b * T]);
    for (let t = 0; t < T - 1; t++) {
      const r = this.decoder.step(input, state, enc.outputs, enc.mask, pre);
      state = r.state;
      ws.push(r.weights);
      let teacher = true;
      if (ratio < 1 && t < T - 2) teacher = ratio > 0 && defaultGenerator.uniform(new Float32Array(1), 0, 1)[0] < ratio;
      if (ratio < 1) {
        const logits = this.decoder.project(r.state.h, r.context);
        perStep.push(logits);
        if (!teacher) {
          input = argmaxRows(logits.data, B, this.cfg.tgtVocabSize);
          continue;
        }
      } else {
        hs.push(r.state.h);
        ctxs.push(r.context);
      }
      input = Array.from({ length: B }, (_, b) => td[b * T + t + 1]);
    }
    // all steps through the output layer at once: (B, T−1, Hdec + Hk) → (B, T−1, V)
    const logits = ratio < 1 ? stack(perStep, 1) : this.decoder.project(stack(hs, 1), stack(ctxs, 1));
    return { logits, attention: stack(ws, 1) };
  }

  /**
   * Mean cross-entropy of the predictions of tgt[:, 1:], padding ignored — the value of
   * crossEntropy(forward(…).logits, tgt[:, 1:], ignoreIndex = pad), computed without the padding:
   * with teacher forcing the batch is ordered by target length (longest first) and step t runs the
   * decoder only on the rows whose target is still running (like a PackedSequence), and the output
   * layer sees only the real target positions. Targets are padded at the end only.
   */
  loss(src: Tensor, srcLengths: readonly number[], tgt: Tensor, opts: ForwardOptions = {}): Tensor {
    const ratio = opts.teacherForcingRatio ?? 1;
    if (!(src instanceof Tensor) || src.ndim !== 2)
      throw new Error(
        `Seq2Seq.loss: src must be a (B, S) Tensor of token ids, got ${src instanceof Tensor ? fmtShape(src.shape) : src === null ? 'null' : typeof src}`,
      );
    if (!(tgt instanceof Tensor) || tgt.ndim !== 2)
      throw new Error(`Seq2Seq.loss: tgt must be a (B, T) Tensor of token ids, got ${tgt === null ? 'null' : typeof tgt}`);
    const [B, T] = tgt.shape;
    const V = this.cfg.tgtVocabSize;
    const pad = this.cfg.padIdx;
    const td = tgt.data;
    if (ratio < 1) {
      const { logits } = this.forward(src, srcLengths, tgt, opts);
      const target = new Float32Array(B * (T - 1));
      for (let b = 0; b < B; b++) for (let t = 1; t < T; t++) target[b * (T - 1) + t - 1] = td[b * T + t];
      return crossEntropy(logits.reshape([B * (T - 1), V]), target, { ignoreIndex: pad });
    }
    if (!(tgt instanceof Tensor) || tgt.ndim !== 2 || tgt.shape[0] !== src.shape[0] || T < 2) {
      throw new Error(
        `Seq2Seq.loss: tgt must be (B, T ≥ 2) = SOS … EOS, got ${tgt instanceof Tensor ? fmtShape(tgt.shape) : typeof tgt} for src ${fmtShape(src.shape)}`,
      );
    }
    this.checkLengths('Seq2Seq.loss', srcLengths);
    // target lengths (SOS … EOS) and the batch order longest first (stable)
    const tlen = Array.from({ length: B }, (_, b) => {
      let n = T;
      while (n > 0 && td[b * T + n - 1] === pad) n--;
      return n;
    });
    const order = tlen.map((_, b) => b).sort((a, b) => tlen[b] - tlen[a] || a - b);
    const sorted = order.every((o, i) => o === i);
    const enc = this.encoder.forward(sorted ? src : src.indexSelect(0, order), sorted ? srcLengths : order.map((o) => srcLengths[o]));
    let keys = enc.outputs;
    let mask: Tensor = enc.mask;
    let pre = this.decoder.attention.precompute(keys);
    let state = enc.state;
    let rows = B;
    const hs: Tensor[] = [];
    const ctxs: Tensor[] = [];
    const target: number[] = [];
    const steps = tlen[order[0]] - 1;
    for (let t = 0; t < steps; t++) {
      let bt = rows;
      while (bt > 0 && tlen[order[bt - 1]] - 1 <= t) bt--;
      if (bt < rows) {
        // finished targets leave the batch: keep the first bt rows of everything that is per row
        const keep = (x: Tensor) => x.slice(0, 0, bt);
        keys = keep(keys);
        mask = keep(mask);
        if (pre) pre = keep(pre);
        state = { h: keep(state.h), c: state.c ? keep(state.c) : null };
        rows = bt;
      }
      const input = order.slice(0, bt).map((b) => td[b * T + t]);
      const r = this.decoder.step(input, state, keys, mask, pre);
      state = r.state;
      hs.push(r.state.h);
      ctxs.push(r.context);
      for (let i = 0; i < bt; i++) target.push(td[order[i] * T + t + 1]);
    }
    // every real target position through the output layer at once: (N, Hdec + Hk) → (N, V)
    const logits = this.decoder.project(cat(hs, 0), cat(ctxs, 0));
    return crossEntropy(logits, target, { ignoreIndex: pad });
  }

  private checkLengths(where: string, lengths: readonly number[]): void {
    lengths.forEach((l, i) => {
      if (!Number.isInteger(l) || l < 1) throw new Error(`${where}: source ${i} is empty (length ${l}); nothing to translate`);
      if (l > this.cfg.maxSrcLen) throw new Error(`${where}: source ${i} has ${l} tokens, longer than the model's limit of ${this.cfg.maxSrcLen}`);
    });
  }

  private encodeBatch(where: string, src: readonly (readonly number[])[]): EncoderOutput {
    if (!Array.isArray(src) || src.length === 0 || !src.every((s) => Array.isArray(s)))
      throw new Error(`${where}: expected a non-empty list of token-id lists`);
    this.checkLengths(
      where,
      src.map((s) => s.length),
    );
    // ids as numbers, before the float32 tensor (where 2^32 + 1 would read as 2^32, null as 0)
    const V = this.cfg.srcVocabSize;
    src.forEach((s, i) => {
      for (const id of s) {
        if (typeof id !== 'number' || !Number.isInteger(id)) throw new Error(`${where}: source ${i}: token ids must be integers, got ${String(id)}`);
        if (id < 0 || id >= V) throw new Error(`${where}: source ${i}: index ${id} is out of range for an embedding of ${V} rows (the source vocabulary)`);
      }
    });
    const { ids, lengths } = padIds(src, this.cfg.padIdx);
    return this.encoder.forward(ids, lengths);
  }

  /** Greedy decoding of a batch of sources (id lists, EOS included as in training); stops at EOS or maxLen. */
  translate(src: readonly (readonly number[])[], opts: DecodeOptions = {}): Translation[] {
    const maxLen = checkOptions('Seq2Seq.translate', opts, { maxLen: 'int' }).maxLen ?? this.cfg.maxTgtLen;
    const wasTraining = this.training;
    this.eval();
    try {
      return noGrad(() => {
        const enc = this.encodeBatch('Seq2Seq.translate', src);
        const B = src.length;
        const S = enc.outputs.shape[1];
        const V = this.cfg.tgtVocabSize;
        const pre = this.decoder.attention.precompute(enc.outputs);
        const res: Translation[] = src.map(() => ({ tokens: [], attention: [], logProb: 0 }));
        const done = new Array<boolean>(B).fill(false);
        let input = new Array<number>(B).fill(this.cfg.sosIdx);
        let state = enc.state;
        for (let t = 0; t < maxLen && done.some((d) => !d); t++) {
          const r = this.decoder.forward(input, state, enc.outputs, enc.mask, pre);
          state = r.state;
          const logp = r.logits.logSoftmax(1).data;
          const w = r.weights.data;
          input = argmaxRows(logp, B, V);
          for (let b = 0; b < B; b++) {
            if (done[b]) continue;
            const tok = input[b];
            res[b].logProb += logp[b * V + tok];
            res[b].attention.push(Array.from(w.subarray(b * S, b * S + src[b].length)));
            if (tok === this.cfg.eosIdx) done[b] = true;
            else res[b].tokens.push(tok);
          }
        }
        return res;
      });
    } finally {
      this.train(wasTraining);
    }
  }

  /**
   * Beam search over a batch of sources: B·K hypotheses decoded together. A hypothesis that emits
   * EOS is finished with score logProb / len^lengthPenalty (len counts EOS, as Hugging Face's
   * BeamHypotheses); a source is done when it has beamWidth finished hypotheses or at maxLen
   * (the live beams are then finished as they stand). Returns the best hypothesis per source.
   */
  beamSearch(src: readonly (readonly number[])[], opts: BeamOptions = {}): Translation[] {
    checkOptions('Seq2Seq.beamSearch', opts, { beamWidth: 'int', lengthPenalty: 'number', maxLen: 'int' });
    const K = opts.beamWidth ?? 5;
    const alpha = opts.lengthPenalty ?? 1;
    const maxLen = opts.maxLen ?? this.cfg.maxTgtLen;
    if (!Number.isInteger(K) || K < 1 || K > MAX_BEAM_WIDTH)
      throw new Error(`Seq2Seq.beamSearch: beamWidth must be a positive integer ≤ ${MAX_BEAM_WIDTH} (MAX_BEAM_WIDTH), got ${K}`);
    const wasTraining = this.training;
    this.eval();
    try {
      return noGrad(() => {
        const enc = this.encodeBatch('Seq2Seq.beamSearch', src);
        const B = src.length;
        const S = enc.outputs.shape[1];
        const V = this.cfg.tgtVocabSize;
        const eos = this.cfg.eosIdx;
        // rows b·K + k
        const rep = Array.from({ length: B * K }, (_, i) => Math.floor(i / K));
        const keys = enc.outputs.indexSelect(0, rep);
        const mask = enc.mask.indexSelect(0, rep);
        const pre = this.decoder.attention.precompute(keys);
        let state: DecoderState = { h: enc.state.h.indexSelect(0, rep), c: enc.state.c ? enc.state.c.indexSelect(0, rep) : null };
        interface Hyp {
          tokens: number[];
          attention: number[][];
          logProb: number;
        }
        let beams: Hyp[] = Array.from({ length: B * K }, () => ({ tokens: [], attention: [], logProb: 0 }));
        const scores = new Float64Array(B * K).fill(-Infinity);
        for (let b = 0; b < B; b++) scores[b * K] = 0; // only the first beam is live at the start
        const finished: { hyp: Hyp; score: number }[][] = Array.from({ length: B }, () => []);
        const done = new Array<boolean>(B).fill(false);
        let input = new Array<number>(B * K).fill(this.cfg.sosIdx);
        const lp = (len: number) => len ** alpha;
        for (let t = 0; t < maxLen && done.some((d) => !d); t++) {
          const r = this.decoder.forward(input, state, keys, mask, pre);
          const logp = r.logits.logSoftmax(1).data;
          const w = r.weights.data;
          const parents = new Array<number>(B * K);
          const nextInput = new Array<number>(B * K);
          const nextBeams: Hyp[] = new Array(B * K);
          const nextScores = new Float64Array(B * K).fill(-Infinity);
          for (let b = 0; b < B; b++) {
            const len = src[b].length;
            if (done[b]) {
              for (let k = 0; k < K; k++) {
                parents[b * K + k] = b * K;
                nextInput[b * K + k] = eos;
                nextBeams[b * K + k] = beams[b * K];
              }
              continue;
            }
            // the best 2K (score, row, token) among the K·V continuations
            const top = topContinuations(logp, scores, b * K, K, V, 2 * K);
            let n = 0;
            for (let rank = 0; rank < top.length && n < K; rank++) {
              const { row, tok, score } = top[rank];
              const parent = beams[row];
              const attn = [...parent.attention, Array.from(w.subarray(row * S, row * S + len))];
              if (tok === eos) {
                if (rank < K)
                  finished[b].push({ hyp: { tokens: parent.tokens, attention: attn, logProb: score }, score: score / lp(parent.tokens.length + 1) });
                continue;
              }
              const i = b * K + n;
              parents[i] = row;
              nextInput[i] = tok;
              nextScores[i] = score;
              nextBeams[i] = { tokens: [...parent.tokens, tok], attention: attn, logProb: score };
              n++;
            }
            for (; n < K; n++) {
              parents[b * K + n] = b * K;
              nextInput[b * K + n] = eos;
              nextBeams[b * K + n] = beams[b * K];
            }
            if (finished[b].length >= K) done[b] = true;
          }
          beams = nextBeams;
          scores.set(nextScores);
          input = nextInput;
          state = { h: r.state.h.indexSelect(0, parents), c: r.state.c ? r.state.c.indexSelect(0, parents) : null };
        }
        return src.map((_, b) => {
          const cands = finished[b].slice();
          if (!done[b]) {
            for (let k = 0; k < K; k++) {
              const i = b * K + k;
              if (scores[i] > -Infinity) cands.push({ hyp: beams[i], score: scores[i] / lp(Math.max(1, beams[i].tokens.length)) });
            }
          }
          cands.sort((x, y) => y.score - x.score);
          const best = cands[0].hyp;
          return { tokens: best.tokens.slice(), attention: best.attention, logProb: best.logProb };
        });
      });
    } finally {
      this.train(wasTraining);
    }
  }
}

/** Index of the largest value of each row of a (rows, cols) array (first on ties). */
export function argmaxRows(x: ArrayLike<number>, rows: number, cols: number): number[] {
  const out = new Array<number>(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    let bv = -Infinity;
    for (let j = 0; j < cols; j++) {
      const v = x[r * cols + j];
      if (v > bv) {
        bv = v;
        best = j;
      }
    }
    out[r] = best;
  }
  return out;
}

/** The n best (beam score + log p) continuations of rows r0 … r0+K−1, best first (ties: lower row, then lower token). */
function topContinuations(
  logp: ArrayLike<number>,
  scores: Float64Array,
  r0: number,
  K: number,
  V: number,
  n: number,
): { row: number; tok: number; score: number }[] {
  const top: { row: number; tok: number; score: number }[] = [];
  for (let k = 0; k < K; k++) {
    const row = r0 + k;
    const base = scores[row];
    if (base === -Infinity) continue;
    for (let v = 0; v < V; v++) {
      const s = base + logp[row * V + v];
      if (top.length === n && s <= top[n - 1].score) continue;
      let i = top.length < n ? top.length : n - 1;
      if (top.length < n) top.push({ row, tok: v, score: s });
      else top[i] = { row, tok: v, score: s };
      while (i > 0 && top[i - 1].score < s) {
        const tmp = top[i - 1];
        top[i - 1] = top[i];
        top[i] = tmp;
        i--;
      }
    }
  }
  return top;
}
