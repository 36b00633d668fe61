// Parallel corpora for the translator: the Tatoeba / PyTorch-tutorial tab-separated format, the
// tutorial's normalisation and filters, a deterministic split grouped by source sentence,
// vocabularies, and encoding of sentences to id lists.
import { checkOptions } from '../options.js';
import { normalizeString } from '../data/text.js';
import { Vocab } from '../data/vocab.js';
import { DE_EN_TSV } from './corpus-de-en.gen.js';

/** A normalised pair: space-separated tokens on both sides. */
export interface Pair {
  /** The source sentence, normalised (tokens joined by spaces). */
  src: string;
  /** The target sentence, normalised. */
  tgt: string;
}

/** The tutorial's eng_prefixes (filterPair keeps pairs whose English side starts with one). */
export const TUTORIAL_PREFIXES = ['i am ', 'i m ', 'he is', 'he s ', 'she is', 'she s ', 'you are', 'you re ', 'we are', 'we re ', 'they are', 'they re '];

/** Tokens of a sentence after normalizeString: words and . ! ? as separate tokens, accents stripped. */
export function tokenize(sentence: string): string[] {
  return normalizeString(sentence)
    .split(' ')
    .filter((t) => t.length > 0);
}

/** parsePairs' and defaultCorpus's options. */
export interface ParseOptions {
  /** Swap the columns (the first column is the source otherwise). */
  reverse?: boolean;
}

/**
 * Reads tab-separated lines `source<TAB>target[<TAB>anything]` (Tatoeba's attribution column is
 * ignored), normalised like the tutorial. Blank lines are skipped; a line without a tab, or with an
 * empty side, throws with its line number.
 */
export function parsePairs(text: string, opts: ParseOptions = {}): Pair[] {
  checkOptions('parsePairs', opts, { reverse: 'boolean' });
  const out: Pair[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const cols = line.split('\t');
    if (cols.length < 2) throw new Error(`parsePairs: line ${i + 1} has no tab (expected source<TAB>target): ${JSON.stringify(line.slice(0, 60))}`);
    let src = normalizeString(cols[0]);
    let tgt = normalizeString(cols[1]);
    if (opts.reverse) [src, tgt] = [tgt, src];
    if (src === '' || tgt === '') throw new Error(`parsePairs: line ${i + 1} has an empty side after normalisation: ${JSON.stringify(line.slice(0, 60))}`);
    out.push({ src, tgt });
  });
  return out;
}

/**
 * The embedded German→English corpus, normalised; reverse for English→German. Its 354 short pairs
 * (corpus-de-en.tsv, embedded at build time) were written for seqgrad, not taken from any dataset,
 * in the style of "die Katze sitzt auf dem Tisch": 12 subjects × place, object, adjective and food
 * patterns, pronoun sentences, negations and questions, so that attention has words to align.
 */
export function defaultCorpus(opts: ParseOptions = {}): Pair[] {
  return parsePairs(DE_EN_TSV, opts);
}

/** Which pairs filterPairs keeps (the tutorial's filterPairs). */
export interface FilterOptions {
  /** Keep pairs with fewer than maxLen tokens on both sides (the tutorial's MAX_LENGTH test). */
  maxLen?: number;
  /** Keep pairs whose target starts with one of these (the tutorial tests its English side). */
  prefixes?: readonly string[];
}

/** The pairs that pass every given test of `opts` (none given: all). */
export function filterPairs(pairs: readonly Pair[], opts: FilterOptions = {}): Pair[] {
  checkOptions('filterPairs', opts, { maxLen: 'int', prefixes: 'array' });
  return pairs.filter((p) => {
    if (opts.maxLen !== undefined && (p.src.split(' ').length >= opts.maxLen || p.tgt.split(' ').length >= opts.maxLen)) return false;
    if (opts.prefixes && !opts.prefixes.some((x) => p.tgt.startsWith(x))) return false;
    return true;
  });
}

/** 32-bit FNV-1a of a string's UTF-16 code units (the same in Python: see scripts/seq2seq-pytorch.py). */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * Splits pairs into [rest, heldOut] grouped by source sentence: the distinct sources sorted by
 * (fnv1a(source + salt), source), the first round(fraction · count) held out with all their
 * references. Deterministic, independent of line order, and reproducible in Python.
 */
export function splitBySource<P extends Pair>(pairs: readonly P[], fraction: number, salt = ''): [P[], P[]] {
  if (!(fraction >= 0 && fraction < 1)) throw new Error(`splitBySource: fraction must be in [0, 1), got ${fraction}`);
  const sources = [...new Set(pairs.map((p) => p.src))];
  const key = new Map(sources.map((s) => [s, fnv1a(s + salt)]));
  sources.sort((a, b) => key.get(a)! - key.get(b)! || (a < b ? -1 : a > b ? 1 : 0));
  const held = new Set(sources.slice(0, Math.round(fraction * sources.length)));
  return [pairs.filter((p) => !held.has(p.src)), pairs.filter((p) => held.has(p.src))];
}

/** References grouped by source sentence, in first-seen order: [{ src, refs: [tgt, …] }]. */
export function groupBySource(pairs: readonly Pair[]): { src: string; refs: string[] }[] {
  const m = new Map<string, string[]>();
  for (const p of pairs) {
    const r = m.get(p.src);
    if (r) {
      if (!r.includes(p.tgt)) r.push(p.tgt);
    } else m.set(p.src, [p.tgt]);
  }
  return [...m].map(([src, refs]) => ({ src, refs }));
}

/** Source and target vocabularies of the pairs (specials <PAD> <SOS> <EOS> <UNK> = 0 … 3). */
export function buildVocabs(pairs: readonly Pair[], minFreq = 1): { src: Vocab; tgt: Vocab } {
  return {
    src: Vocab.build(
      pairs.map((p) => p.src.split(' ')),
      { minFreq },
    ),
    tgt: Vocab.build(
      pairs.map((p) => p.tgt.split(' ')),
      { minFreq },
    ),
  };
}

/** An encoded pair: source ids + EOS; target SOS + ids + EOS. */
export interface EncodedPair {
  /** Source ids + EOS (S). */
  src: number[];
  /** SOS + target ids + EOS (T + 1). */
  tgt: number[];
}

/** Each pair as ids of the vocabularies (unknown tokens as <UNK>): source + EOS, SOS + target + EOS. */
export function encodePairs(pairs: readonly Pair[], src: Vocab, tgt: Vocab): EncodedPair[] {
  return pairs.map((p) => ({
    src: src.encode(p.src.split(' '), { addEos: true }),
    tgt: tgt.encode(p.tgt.split(' '), { addSos: true, addEos: true }),
  }));
}
