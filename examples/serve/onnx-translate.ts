// Greedy translation with ONNX Runtime alone (no seqgrad at run time), from the folder that
// `seqgrad translate export --model DIR --out OUT` writes (encoder.onnx, decoder_step.onnx,
// vocab.json, onnx-config.json; the export copies this file there as translate.mjs):
//   npm install onnxruntime-web && node OUT/translate.mjs OUT "ich bin müde ." "wir sind hier ."
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as ort from 'onnxruntime-web';

interface VocabJSON {
  itos: string[];
  specials: string[];
  unkToken: string | null;
}
interface Config {
  encoder: string;
  decoder: string;
  vocab: string;
  padIdx: number;
  sosIdx: number;
  eosIdx: number;
  maxSrcLen: number;
  maxTgtLen: number;
  encoderOutputs: string[];
  decoderInputs: string[];
  decoderOutputs: string[];
}

/** The tutorial's normalizeString, as the exported config describes it, split into tokens. */
export function tokenize(sentence: string): string[] {
  let t = sentence
    .toLowerCase()
    .trim()
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '');
  t = t
    .replace(/([.!?])/g, ' $1')
    .replace(/[^a-zA-Z.!?]+/g, ' ')
    .trim();
  return t.split(' ').filter((w) => w.length > 0);
}

const int64 = (values: number[], dims: number[]) =>
  new ort.Tensor(
    'int64',
    BigInt64Array.from(values, (v) => BigInt(v)),
    dims,
  );

export class OnnxTranslator {
  private constructor(
    readonly encoder: ort.InferenceSession,
    readonly decoder: ort.InferenceSession,
    readonly cfg: Config,
    readonly src: Map<string, number>,
    readonly unk: number,
    readonly tgt: string[],
  ) {}

  static async load(dir: string): Promise<OnnxTranslator> {
    ort.env.wasm.numThreads = 1;
    const cfg = JSON.parse(readFileSync(join(dir, 'onnx-config.json'), 'utf8')) as Config;
    const vocab = JSON.parse(readFileSync(join(dir, cfg.vocab), 'utf8')) as { src: VocabJSON; tgt: VocabJSON };
    const src = new Map(vocab.src.itos.map((w, i) => [w, i]));
    const encoder = await ort.InferenceSession.create(readFileSync(join(dir, cfg.encoder)));
    const decoder = await ort.InferenceSession.create(readFileSync(join(dir, cfg.decoder)));
    return new OnnxTranslator(encoder, decoder, cfg, src, src.get(vocab.src.unkToken ?? '<UNK>') ?? -1, vocab.tgt.itos);
  }

  /** Output tokens per sentence (EOS excluded); null for an empty or over-long sentence. */
  async translate(sentences: string[]): Promise<(string[] | null)[]> {
    const { cfg } = this;
    const ids = sentences.map((s) => [...tokenize(s).map((w) => this.src.get(w) ?? this.unk), cfg.eosIdx]);
    const ok = ids.map((_, i) => i).filter((i) => ids[i].length > 1 && ids[i].length <= cfg.maxSrcLen);
    const results: (string[] | null)[] = sentences.map(() => null);
    if (ok.length === 0) return results;
    const B = ok.length;
    const lengths = ok.map((i) => ids[i].length);
    const S = Math.max(...lengths);
    const padded = ok.flatMap((i) => [...ids[i], ...Array(S - ids[i].length).fill(cfg.padIdx)]);
    const enc = await this.encoder.run({ src: int64(padded, [B, S]), lengths: int64(lengths, [B]) });
    const mask = new ort.Tensor('float32', Float32Array.from(lengths.flatMap((l) => Array.from({ length: S }, (_, s) => (s < l ? 1 : 0)))), [B, S]);
    const state: Record<string, ort.Tensor> = { h: enc.h, ...(enc.c ? { c: enc.c } : {}) };
    const tokens: number[][] = ok.map(() => []);
    const done = new Array<boolean>(B).fill(false);
    let input = new Array<number>(B).fill(cfg.sosIdx);
    for (let t = 0; t < cfg.maxTgtLen && done.some((d) => !d); t++) {
      const feeds: Record<string, ort.Tensor> = { tokens: int64(input, [B]), keys: enc.keys, mask, ...state };
      if (enc.precomputed) feeds.precomputed = enc.precomputed;
      const out = await this.decoder.run(feeds);
      state.h = out.h_out;
      if (out.c_out) state.c = out.c_out;
      const logits = out.logits.data as Float32Array;
      const V = logits.length / B;
      input = input.map((_, b) => {
        let best = 0;
        for (let j = 1; j < V; j++) if (logits[b * V + j] > logits[b * V + best]) best = j;
        return best;
      });
      input.forEach((tok, b) => {
        if (done[b]) return;
        if (tok === cfg.eosIdx) done[b] = true;
        else tokens[b].push(tok);
      });
    }
    ok.forEach((i, b) => {
      results[i] = tokens[b].map((id) => this.tgt[id]);
    });
    return results;
  }
}

export async function main(argv: string[]): Promise<void> {
  const [dir, ...sentences] = argv;
  if (!dir || sentences.length === 0) {
    console.error('usage: node translate.mjs EXPORT_DIR "sentence" …');
    process.exitCode = 2;
    return;
  }
  const tr = await OnnxTranslator.load(dir);
  const out = await tr.translate(sentences);
  sentences.forEach((s, i) => console.log(`${s}\t${out[i] ? out[i]!.join(' ') : '[empty or too long]'}`));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main(process.argv.slice(2));
