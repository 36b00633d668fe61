// Attention modules for encoder–decoder models: Bahdanau (additive) and Luong (dot, general,
// concat), both `forward(query, keys, mask?) → [context, weights]`, built from the tape's ops.
import { cat } from '../ops/shape.js';
import { fmtShape, Tensor } from '../tensor.js';
import { Linear } from './layers.js';
import { Module } from './module.js';
import { checkOptions } from '../options.js';

/** What both attention modules share: a key cache computed once per source batch, and forward. */
export interface AttentionModule extends Module {
  /** The part of the score that depends on the keys only (reused by every decoder step), or null. */
  precompute(keys: Tensor): Tensor | null;
  /** query (B, Hq), keys (B, S, Hk), mask (B, S) of 0/1 or null, precomputed (from precompute) or null → [context (B, Hk), weights (B, S)]. */
  forward(query: Tensor, keys: Tensor, mask?: Tensor | null, precomputed?: Tensor | null): [Tensor, Tensor];
}

function checkInputs(where: string, query: Tensor, keys: Tensor, mask: Tensor | null | undefined, Hq: number, Hk: number): { B: number; S: number } {
  if (!(query instanceof Tensor) || query.ndim !== 2) {
    throw new Error(`${where}: query must be a (B, Hq) Tensor, got ${query instanceof Tensor ? `shape ${fmtShape(query.shape)}` : typeof query}`);
  }
  if (!(keys instanceof Tensor) || keys.ndim !== 3) {
    throw new Error(`${where}: keys must be a (B, S, Hk) Tensor, got ${keys instanceof Tensor ? `shape ${fmtShape(keys.shape)}` : typeof keys}`);
  }
  const [B, S, hk] = keys.shape;
  if (query.shape[0] !== B)
    throw new Error(
      `${where}: query has batch ${query.shape[0]}, keys have batch ${B} (query shape ${fmtShape(query.shape)}, keys shape ${fmtShape(keys.shape)})`,
    );
  if (query.shape[1] !== Hq) throw new Error(`${where}: query has ${query.shape[1]} features, expected ${Hq} (query shape ${fmtShape(query.shape)})`);
  if (hk !== Hk) throw new Error(`${where}: keys have ${hk} features, expected ${Hk} (keys shape ${fmtShape(keys.shape)})`);
  if (S === 0) throw new Error(`${where}: keys have zero source positions (keys shape ${fmtShape(keys.shape)})`);
  if (mask !== undefined && mask !== null) {
    if (!(mask instanceof Tensor) || mask.ndim !== 2 || mask.shape[0] !== B || mask.shape[1] !== S) {
      throw new Error(
        `${where}: mask must be a (B, S) = [${B}, ${S}] Tensor of 0/1, got ${mask instanceof Tensor ? `shape ${fmtShape(mask.shape)}` : typeof mask}`,
      );
    }
    const m = mask.data;
    for (let b = 0; b < B; b++) {
      let any = false;
      for (let s = 0; s < S; s++)
        if (m[b * S + s] !== 0) {
          any = true;
          break;
        }
      if (!any)
        throw new Error(`${where}: mask hides every source position of batch row ${b} (mask shape ${fmtShape(mask.shape)}); softmax would be undefined`);
    }
  }
  return { B, S };
}

/**
 * scores (B, S) → [context (B, Hk), weights (B, S)]: masked positions (mask = 0) get −∞ before the
 * softmax, so their weight is exactly 0; context = Σ_j weights_j · keys_j.
 */
function attend(scores: Tensor, keys: Tensor, mask: Tensor | null | undefined): [Tensor, Tensor] {
  const [B, S, Hk] = keys.shape;
  const masked = mask ? scores.maskedFill(mask.eq(0), -Infinity) : scores;
  const weights = masked.softmax(1);
  const context = weights.reshape([B, 1, S]).matmul(keys).reshape([B, Hk]);
  return [context, weights];
}

/** The options of BahdanauAttention. */
export interface BahdanauAttentionOptions {
  /** Hq: features of the query (the decoder state). */
  querySize: number;
  /** Hk: features of the keys (the encoder outputs; 2·H for a bidirectional encoder). */
  keySize: number;
  /** A: width of the hidden scoring layer (default querySize). */
  attnSize?: number;
}

/**
 * Additive attention (Bahdanau et al. 2015): score(s, h_j) = vᵀ tanh(W_a s + U_a h_j), the split
 * form of vᵀ tanh(W [s; h_j]). Parameters as in PyTorch's seq2seq tutorial: `Wa` Linear(Hq→A),
 * `Ua` Linear(Hk→A), `Va` Linear(A→1), all with bias.
 *
 * forward(query (B, Hq), keys (B, S, Hk), mask (B, S) of 0/1 or null) → [context (B, Hk), weights (B, S)].
 * `precompute(keys)` = U_a·keys (B, S, A), passed back as the 4th argument by decoders that attend
 * to the same keys at every step.
 */
export class BahdanauAttention extends Module implements AttentionModule {
  /** Hq: features of the query. */
  readonly querySize: number;
  /** Hk: features of the keys. */
  readonly keySize: number;
  /** A: width of the scoring layer. */
  readonly attnSize: number;
  /** W_a, Linear(Hq → A) applied to the query. */
  readonly Wa: Linear;
  /** U_a, Linear(Hk → A) applied to the keys. */
  readonly Ua: Linear;
  /** v, Linear(A → 1): the score. */
  readonly Va: Linear;
  constructor(opts: BahdanauAttentionOptions) {
    super();
    checkOptions('BahdanauAttention', opts, { querySize: 'int', keySize: 'int', attnSize: 'int' }, true);
    this.querySize = opts.querySize;
    this.keySize = opts.keySize;
    this.attnSize = opts.attnSize ?? opts.querySize;
    this.Wa = this.registerModule('Wa', new Linear({ inFeatures: this.querySize, outFeatures: this.attnSize }));
    this.Ua = this.registerModule('Ua', new Linear({ inFeatures: this.keySize, outFeatures: this.attnSize }));
    this.Va = this.registerModule('Va', new Linear({ inFeatures: this.attnSize, outFeatures: 1 }));
  }
  /** U_a·keys: keys (B, S, Hk) → (B, S, A), to pass to forward at every decoder step. */
  precompute(keys: Tensor): Tensor {
    return this.Ua.forward(keys);
  }
  /** query (B, Hq), keys (B, S, Hk), mask (B, S) of 0/1 (0 hides a position) or null, precomputed = precompute(keys) or null → [context (B, Hk), weights (B, S)]. */
  forward(query: Tensor, keys: Tensor, mask: Tensor | null = null, precomputed: Tensor | null = null): [Tensor, Tensor] {
    const where = 'BahdanauAttention.forward';
    const { B, S } = checkInputs(where, query, keys, mask, this.querySize, this.keySize);
    const uk = precomputed ?? this.precompute(keys);
    if (uk.ndim !== 3 || uk.shape[0] !== B || uk.shape[1] !== S || uk.shape[2] !== this.attnSize) {
      throw new Error(`${where}: precomputed keys must be (B, S, A) = [${B}, ${S}, ${this.attnSize}], got ${fmtShape(uk.shape)}`);
    }
    // vᵀ tanh(W_a s + U_a h_j): (B, 1, A) + (B, S, A) → (B, S, 1) → (B, S)
    const energy = this.Wa.forward(query).reshape([B, 1, this.attnSize]).add(uk).tanh();
    const scores = this.Va.forward(energy).reshape([B, S]);
    return attend(scores, keys, mask);
  }
}

/** Luong's score functions: 'dot' sᵀh_j, 'general' sᵀW_a h_j, 'concat' v_aᵀ tanh(W_a [s; h_j]). */
export type LuongMethod = 'dot' | 'general' | 'concat';

/** The options of LuongAttention. */
export interface LuongAttentionOptions {
  /** The score function: 'dot', 'general' or 'concat'. */
  method: LuongMethod;
  /** Hq: features of the query (the decoder state). */
  querySize: number;
  /** Default querySize; 'dot' needs keySize = querySize. */
  keySize?: number;
  /** Width of the hidden layer of 'concat' (default querySize). */
  attnSize?: number;
}

/**
 * Multiplicative attention (Luong et al. 2015), score(s, h_j) =
 *   dot:     sᵀ h_j                           (Hq = Hk)
 *   general: sᵀ W_a h_j                       `Wa` Linear(Hk→Hq, no bias)
 *   concat:  v_aᵀ tanh(W_a [s; h_j])          `Wa` Linear(Hq+Hk→A, no bias), `va` Linear(A→1, no bias)
 *
 * forward(query (B, Hq), keys (B, S, Hk), mask (B, S) of 0/1 or null) → [context (B, Hk), weights (B, S)].
 */
export class LuongAttention extends Module implements AttentionModule {
  /** The score function. */
  readonly method: LuongMethod;
  /** Hq: features of the query. */
  readonly querySize: number;
  /** Hk: features of the keys. */
  readonly keySize: number;
  /** A: width of the hidden layer of 'concat' (unused otherwise). */
  readonly attnSize: number;
  /** W_a: Linear(Hk → Hq) for 'general', Linear(Hq + Hk → A) for 'concat', both without bias; null for 'dot'. */
  readonly Wa: Linear | null;
  /** v_a, Linear(A → 1) without bias, for 'concat'; null otherwise. */
  readonly va: Linear | null;
  constructor(opts: LuongAttentionOptions) {
    super();
    checkOptions('LuongAttention', opts, { method: 'any', querySize: 'int', keySize: 'int', attnSize: 'int' }, true);
    const m = opts.method;
    if (m !== 'dot' && m !== 'general' && m !== 'concat') throw new Error(`LuongAttention: method must be 'dot', 'general' or 'concat', got ${String(m)}`);
    this.method = m;
    this.querySize = opts.querySize;
    this.keySize = opts.keySize ?? opts.querySize;
    this.attnSize = opts.attnSize ?? opts.querySize;
    if (m === 'dot' && this.keySize !== this.querySize) {
      throw new Error(`LuongAttention: 'dot' needs keySize = querySize, got ${this.keySize} and ${this.querySize} (use 'general' or 'concat')`);
    }
    this.Wa =
      m === 'general'
        ? this.registerModule('Wa', new Linear({ inFeatures: this.keySize, outFeatures: this.querySize, bias: false }))
        : m === 'concat'
          ? this.registerModule('Wa', new Linear({ inFeatures: this.querySize + this.keySize, outFeatures: this.attnSize, bias: false }))
          : null;
    this.va = m === 'concat' ? this.registerModule('va', new Linear({ inFeatures: this.attnSize, outFeatures: 1, bias: false })) : null;
  }
  /** 'general': W_a·keys (B, S, Hq); the other methods have nothing to cache. */
  precompute(keys: Tensor): Tensor | null {
    return this.method === 'general' ? this.Wa!.forward(keys) : null;
  }
  /** query (B, Hq), keys (B, S, Hk), mask (B, S) of 0/1 (0 hides a position) or null, precomputed = precompute(keys) or null → [context (B, Hk), weights (B, S)]. */
  forward(query: Tensor, keys: Tensor, mask: Tensor | null = null, precomputed: Tensor | null = null): [Tensor, Tensor] {
    const where = 'LuongAttention.forward';
    const { B, S } = checkInputs(where, query, keys, mask, this.querySize, this.keySize);
    let scores: Tensor;
    if (this.method === 'concat') {
      const q = query.reshape([B, 1, this.querySize]).expand([B, S, this.querySize]);
      scores = this.va!.forward(this.Wa!.forward(cat([q, keys], 2)).tanh()).reshape([B, S]);
    } else {
      const k = this.method === 'general' ? (precomputed ?? this.precompute(keys)!) : keys;
      if (k.ndim !== 3 || k.shape[0] !== B || k.shape[1] !== S || k.shape[2] !== this.querySize) {
        throw new Error(`${where}: precomputed keys must be (B, S, Hq) = [${B}, ${S}, ${this.querySize}], got ${fmtShape(k.shape)}`);
      }
      // (B, S, Hq)·(B, Hq, 1) → (B, S)
      scores = k.matmul(query.reshape([B, this.querySize, 1])).reshape([B, S]);
    }
    return attend(scores, keys, mask);
  }
}
