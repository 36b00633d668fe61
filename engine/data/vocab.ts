// Vocab: token ↔ index tables with special tokens, built from token lists in Python's
// Counter.most_common order (count descending, ties in first-seen order).
import { checkOptions } from '../options.js';

/** The special tokens of a Vocab. */
export interface VocabOptions {
  /** Tokens placed first, in this order (default ['<PAD>', '<SOS>', '<EOS>', '<UNK>']). */
  specials?: string[];
  /** Where unknown tokens map (default '<UNK>' when it is among the specials, else none: encode throws). */
  unkToken?: string | null;
}

/** Vocab.build's options: the specials, and which counted tokens are kept. */
export interface VocabBuildOptions extends VocabOptions {
  /** Tokens seen fewer times are left out (default 1). */
  minFreq?: number;
  /** At most this many tokens in all, specials included. */
  maxSize?: number;
}

/** The specials a Vocab starts with unless told otherwise: padding 0, start 1, end 2, unknown 3. */
export const DEFAULT_SPECIALS = ['<PAD>', '<SOS>', '<EOS>', '<UNK>'];

/**
 * Token ↔ index tables (torchtext-style itos/stoi) with the special tokens first:
 * `Vocab.build(tokenLists, { minFreq: 2 })`, `encode(tokens)` → ids, `decode(ids)` → tokens.
 */
export class Vocab {
  /** Index → token (specials first). */
  readonly itos: string[];
  /** Token → index. */
  readonly stoi: Map<string, number>;
  /** The special tokens, in order (indices 0, 1, …). */
  readonly specials: string[];
  /** Where unknown tokens map, or null (then encode throws on one). */
  readonly unkToken: string | null;

  /** A vocabulary of `tokens` (specials first); duplicates are rejected. */
  constructor(tokens: readonly string[] = [], opts: VocabOptions = {}) {
    checkOptions('Vocab', opts, { specials: 'array', unkToken: 'string?', minFreq: 'any', maxSize: 'any' });
    const specials = opts.specials ?? DEFAULT_SPECIALS;
    this.specials = specials.slice();
    this.itos = [];
    this.stoi = new Map();
    for (const t of [...specials, ...tokens]) {
      if (typeof t !== 'string') throw new Error(`Vocab: tokens must be strings, got ${typeof t}`);
      if (this.stoi.has(t)) throw new Error(`Vocab: duplicate token ${JSON.stringify(t)}`);
      this.stoi.set(t, this.itos.length);
      this.itos.push(t);
    }
    const unk = opts.unkToken === undefined ? (specials.includes('<UNK>') ? '<UNK>' : null) : opts.unkToken;
    if (unk !== null && !this.stoi.has(unk)) throw new Error(`Vocab: unkToken ${JSON.stringify(unk)} is not in the vocabulary`);
    this.unkToken = unk;
  }

  /** Counts tokens over all lists and keeps those seen ≥ minFreq times, most frequent first (ties: first seen). */
  static build(tokenLists: Iterable<readonly string[]>, opts: VocabBuildOptions = {}): Vocab {
    const { minFreq = 1, maxSize } = checkOptions('Vocab.build', opts, { specials: 'array', unkToken: 'string?', minFreq: 'number', maxSize: 'int' });
    if (!(minFreq >= 1)) throw new Error(`Vocab.build: minFreq must be >= 1, got ${minFreq}`);
    const counts = new Map<string, number>(); // insertion order = first seen, like collections.Counter
    for (const list of tokenLists) for (const t of list) counts.set(t, (counts.get(t) ?? 0) + 1);
    const specials = opts.specials ?? DEFAULT_SPECIALS;
    // Array.prototype.sort is stable, like Python's sorted in Counter.most_common
    let ordered = [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .filter(([t, c]) => c >= minFreq && !specials.includes(t))
      .map(([t]) => t);
    if (maxSize !== undefined) ordered = ordered.slice(0, Math.max(0, maxSize - specials.length));
    return new Vocab(ordered, opts);
  }

  /** Number of tokens, specials included (the embedding's num_embeddings). */
  get length(): number {
    return this.itos.length;
  }

  /** Whether the token is in the vocabulary (unknown tokens are not). */
  has(token: string): boolean {
    return this.stoi.has(token);
  }

  /** The index of a token (the unk index for unknown tokens; throws when there is no unkToken). */
  indexOf(token: string): number {
    const i = this.stoi.get(token);
    if (i !== undefined) return i;
    if (this.unkToken === null) throw new Error(`Vocab: token ${JSON.stringify(token)} is not in the vocabulary and there is no unkToken`);
    return this.stoi.get(this.unkToken)!;
  }

  /** Indices of tokens, optionally wrapped in <SOS> … <EOS>. */
  encode(tokens: readonly string[], opts: { addSos?: boolean; addEos?: boolean } = {}): number[] {
    const ids = tokens.map((t) => this.indexOf(t));
    if (opts.addSos) ids.unshift(this.indexOf(this.special('<SOS>')));
    if (opts.addEos) ids.push(this.indexOf(this.special('<EOS>')));
    return ids;
  }

  /** Tokens of indices; skipSpecials drops the special tokens; stops at the first <EOS> with untilEos. */
  decode(ids: Iterable<number>, opts: { skipSpecials?: boolean; untilEos?: boolean } = {}): string[] {
    const out: string[] = [];
    if (ids === null || typeof ids !== 'object' || typeof (ids as Iterable<number>)[Symbol.iterator] !== 'function') {
      throw new Error(`Vocab.decode: expected a list of indices, got ${ids === null ? 'null' : typeof ids}`);
    }
    for (const i of ids) {
      if (!Number.isInteger(i) || i < 0 || i >= this.itos.length)
        throw new Error(`Vocab.decode: index ${i} is out of range for a vocabulary of ${this.itos.length}`);
      const t = this.itos[i];
      if (opts.untilEos && t === '<EOS>') break;
      if (opts.skipSpecials && this.specials.includes(t)) continue;
      out.push(t);
    }
    return out;
  }

  private special(name: string): string {
    if (!this.stoi.has(name)) throw new Error(`Vocab: ${name} is not in the vocabulary (specials ${JSON.stringify(this.specials)})`);
    return name;
  }

  /** { itos, specials, unkToken }: what fromJSON reads back (JSON.stringify calls it). */
  toJSON(): { itos: string[]; specials: string[]; unkToken: string | null } {
    return { itos: this.itos.slice(), specials: this.specials.slice(), unkToken: this.unkToken };
  }

  /** A Vocab from toJSON()'s object or its JSON text; throws when itos does not start with the specials. */
  static fromJSON(json: string | { itos: string[]; specials: string[]; unkToken: string | null }): Vocab {
    const o = typeof json === 'string' ? JSON.parse(json) : json;
    if (!o || !Array.isArray(o.itos) || !Array.isArray(o.specials)) throw new Error('Vocab.fromJSON: expected { itos, specials, unkToken }');
    const sp = o.specials as string[];
    if (!sp.every((t, i) => o.itos[i] === t)) throw new Error('Vocab.fromJSON: itos must start with the specials');
    return new Vocab(o.itos.slice(sp.length), { specials: sp, unkToken: o.unkToken ?? null });
  }
}
