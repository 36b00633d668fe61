// Translator: a Seq2Seq model with its source and target vocabularies — sentence in, tokens and
// attention out, bad input reported per sentence — and checkpoints as a folder holding
// model.safetensors (parameters + config in the metadata) and vocab.json.
import { checkOptions } from '../options.js';
import { Vocab } from '../data/vocab.js';
import { parseSafetensors, serializeSafetensors } from '../io/safetensors.js';
import { nodeFs, nodePath } from '../node-only.js';
import { tokenize } from './corpus.js';
import { fullConfig, Seq2Seq, type FullConfig, type Seq2SeqConfig } from './model.js';

/** Translator.translate's decoding settings. */
export interface TranslateOptions {
  /** Beam width (1 = greedy, the default). */
  beam?: number;
  /** Most tokens generated per sentence (default the model's maxTgtLen). */
  maxLen?: number;
  /** α of beam search's length normalisation logProb / len^α (default 1). */
  lengthPenalty?: number;
  /** Sentences decoded together (default 64). */
  batchSize?: number;
}

/** One translated sentence, with what the model saw and where it attended. */
export interface TranslationResult {
  /** The sentence as given. */
  input: string;
  /** Source tokens as the model sees them (unknown words as <UNK>), EOS last. */
  source: string[];
  /** Words of the input that are not in the source vocabulary (mapped to <UNK>). */
  unknown: string[];
  /** Output tokens, EOS excluded. */
  tokens: string[];
  /** The output tokens joined by spaces. */
  text: string;
  /** One row per output token plus EOS, over the source tokens. */
  attention: number[][];
  /** Set when the sentence could not be translated (empty, too long): tokens are then empty. */
  error?: string;
}

/** The parameters' file in a model directory (Translator.save / load). */
export const MODEL_FILE = 'model.safetensors';
/** The vocabularies' and config's file in a model directory. */
export const VOCAB_FILE = 'vocab.json';

/**
 * A Seq2Seq model with its source and target vocabularies: translate sentences (greedy or beam),
 * save and load a model directory (MODEL_FILE + VOCAB_FILE).
 */
export class Translator {
  /** The model. */
  readonly model: Seq2Seq;
  /** The source vocabulary (its length is model.cfg.srcVocabSize). */
  readonly srcVocab: Vocab;
  /** The target vocabulary (its length is model.cfg.tgtVocabSize). */
  readonly tgtVocab: Vocab;

  constructor(model: Seq2Seq, srcVocab: Vocab, tgtVocab: Vocab) {
    this.model = model;
    this.srcVocab = srcVocab;
    this.tgtVocab = tgtVocab;
    if (srcVocab.length !== model.cfg.srcVocabSize || tgtVocab.length !== model.cfg.tgtVocabSize) {
      throw new Error(
        `Translator: vocabularies of ${srcVocab.length}/${tgtVocab.length} tokens do not fit a model of ${model.cfg.srcVocabSize}/${model.cfg.tgtVocabSize}`,
      );
    }
  }

  /** A fresh model sized for the vocabularies (special ids taken from the target vocabulary). */
  static create(srcVocab: Vocab, tgtVocab: Vocab, config: Omit<Seq2SeqConfig, 'srcVocabSize' | 'tgtVocabSize'> = {}): Translator {
    const model = new Seq2Seq({
      ...config,
      srcVocabSize: srcVocab.length,
      tgtVocabSize: tgtVocab.length,
      padIdx: tgtVocab.indexOf('<PAD>'),
      sosIdx: tgtVocab.indexOf('<SOS>'),
      eosIdx: tgtVocab.indexOf('<EOS>'),
    });
    return new Translator(model, srcVocab, tgtVocab);
  }

  /** Tokenises and encodes a sentence (ids end with EOS); error set for empty or over-long input. */
  prepare(sentence: string): { source: string[]; ids: number[]; unknown: string[]; error?: string } {
    const words = tokenize(String(sentence ?? ''));
    const unknown = words.filter((w) => !this.srcVocab.has(w));
    const source = [...words.map((w) => (this.srcVocab.has(w) ? w : '<UNK>')), '<EOS>'];
    const ids = this.srcVocab.encode(words, { addEos: true });
    if (words.length === 0) return { source, ids, unknown, error: 'empty sentence: nothing to translate' };
    if (ids.length > this.model.cfg.maxSrcLen) {
      return { source, ids, unknown, error: `sentence has ${words.length} tokens; this model translates at most ${this.model.cfg.maxSrcLen - 1}` };
    }
    return { source, ids, unknown };
  }

  /** Translates sentences in batches (greedy, or beam search with opts.beam > 1); never throws on bad sentences. */
  translate(sentences: readonly string[], opts: TranslateOptions = {}): TranslationResult[] {
    if (!Array.isArray(sentences))
      throw new Error(`Translator.translate: sentences must be an array of strings, got ${sentences === null ? 'null' : typeof sentences}`);
    checkOptions('Translator.translate', opts, { beam: 'int', maxLen: 'int', lengthPenalty: 'number', batchSize: 'int' });
    const beam = opts.beam ?? 1;
    const bs = opts.batchSize ?? 64;
    const prepared = sentences.map((s) => ({ input: s, ...this.prepare(s) }));
    const results: TranslationResult[] = prepared.map((p) => ({
      input: p.input,
      source: p.source,
      unknown: p.unknown,
      tokens: [],
      text: '',
      attention: [],
      ...(p.error ? { error: p.error } : {}),
    }));
    const ok = prepared.map((_, i) => i).filter((i) => !prepared[i].error);
    for (let i = 0; i < ok.length; i += bs) {
      const idx = ok.slice(i, i + bs);
      const src = idx.map((j) => prepared[j].ids);
      const out =
        beam > 1
          ? this.model.beamSearch(src, { beamWidth: beam, maxLen: opts.maxLen, lengthPenalty: opts.lengthPenalty })
          : this.model.translate(src, { maxLen: opts.maxLen });
      idx.forEach((j, k) => {
        const tokens = this.tgtVocab.decode(out[k].tokens, { skipSpecials: false });
        Object.assign(results[j], { tokens, text: tokens.join(' '), attention: out[k].attention });
      });
    }
    return results;
  }

  /** The checkpoint as bytes: model.safetensors (config in the metadata) and vocab.json text. */
  serialize(extra: Record<string, string> = {}): { model: Uint8Array; vocab: string } {
    const model = serializeSafetensors(this.model.stateDict(), { format: 'pt', seq2seq_config: JSON.stringify(this.model.cfg), ...extra });
    const vocab = JSON.stringify({ src: this.srcVocab.toJSON(), tgt: this.tgtVocab.toJSON() });
    return { model, vocab };
  }

  /** Rebuilds a translator from checkpoint bytes; every inconsistency throws an Error saying what is wrong. */
  static deserialize(modelBytes: Uint8Array, vocabText: string): Translator {
    let vj: { src: unknown; tgt: unknown };
    try {
      vj = JSON.parse(vocabText);
    } catch (e) {
      throw new Error(`${VOCAB_FILE} is not valid JSON (${(e as Error).message})`);
    }
    if (!vj || typeof vj !== 'object' || !vj.src || !vj.tgt) throw new Error(`${VOCAB_FILE} must hold { src, tgt } vocabularies`);
    const srcVocab = Vocab.fromJSON(vj.src as never);
    const tgtVocab = Vocab.fromJSON(vj.tgt as never);
    const file = parseSafetensors(modelBytes);
    const raw = file.metadata.seq2seq_config;
    if (raw === undefined) throw new Error(`${MODEL_FILE} has no seq2seq_config metadata (not a seqgrad translator checkpoint)`);
    let cfg: FullConfig;
    try {
      cfg = fullConfig(JSON.parse(raw) as Seq2SeqConfig);
    } catch (e) {
      throw new Error(`${MODEL_FILE}: bad seq2seq_config (${(e as Error).message})`);
    }
    if (cfg.srcVocabSize !== srcVocab.length || cfg.tgtVocabSize !== tgtVocab.length) {
      throw new Error(`${VOCAB_FILE} has ${srcVocab.length}/${tgtVocab.length} tokens but the model was trained with ${cfg.srcVocabSize}/${cfg.tgtVocabSize}`);
    }
    const model = new Seq2Seq(cfg);
    model.loadStateDict(file.tensors);
    model.eval();
    return new Translator(model, srcVocab, tgtVocab);
  }

  /** Writes DIR/model.safetensors and DIR/vocab.json (Node). */
  async save(dir: string, extra: Record<string, string> = {}): Promise<void> {
    const { mkdir, writeFile, rename } = await nodeFs();
    const { join } = await nodePath();
    await mkdir(dir, { recursive: true });
    const { model, vocab } = this.serialize(extra);
    // write then rename, so an interrupted save never leaves a half-written checkpoint
    await writeFile(join(dir, `${MODEL_FILE}.tmp`), model);
    await writeFile(join(dir, `${VOCAB_FILE}.tmp`), vocab);
    await rename(join(dir, `${MODEL_FILE}.tmp`), join(dir, MODEL_FILE));
    await rename(join(dir, `${VOCAB_FILE}.tmp`), join(dir, VOCAB_FILE));
  }

  /** Loads DIR/model.safetensors + DIR/vocab.json; throws `cannot load the translator in DIR: …` (Node). */
  static async load(dir: string): Promise<Translator> {
    const { readFile } = await nodeFs();
    const { join } = await nodePath();
    try {
      const [m, v] = await Promise.all([readFile(join(dir, MODEL_FILE)), readFile(join(dir, VOCAB_FILE), 'utf8')]);
      return Translator.deserialize(new Uint8Array(m.buffer, m.byteOffset, m.byteLength), v);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const msg = err.code === 'ENOENT' ? `missing file ${err.path ?? ''}` : err.message;
      throw new Error(`cannot load the translator in ${dir}: ${msg}`);
    }
  }
}

export type { FullConfig };
