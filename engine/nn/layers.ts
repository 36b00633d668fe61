// Basic layers with PyTorch's parameters, init and semantics: Linear, Embedding, Dropout,
// Sequential, ModuleList, ModuleDict, and the loss modules.
import { binaryCrossEntropyWithLogits, crossEntropy, dropout, embedding, l1Loss, linear, mseLoss, nllLoss, type BCEWithLogitsOptions, type CrossEntropyOptions, type Reduction } from '../ops/nn.js';
import { Parameter, Tensor } from '../tensor.js';
import { kaimingUniform_, normal_, uniform_ } from './init.js';
import { Module, pyRepr } from './module.js';
import { checkOptions } from '../options.js';

function positiveInt(where: string, name: string, v: unknown): number {
  if (!Number.isInteger(v) || (v as number) <= 0) throw new Error(`${where}: ${name} must be a positive integer, got ${String(v)}`);
  return v as number;
}

export interface LinearOptions { inFeatures: number; outFeatures: number; bias?: boolean }

/** y = x·Wᵀ + b. Input (…, inFeatures) → (…, outFeatures). W (out, in) ~ U(±1/√in), b likewise. */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly weight: Parameter;
  readonly bias: Parameter | null;
  constructor(opts: LinearOptions) {
    super();
    checkOptions('Linear', opts, { inFeatures: 'int', outFeatures: 'int', bias: 'boolean' }, true);
    this.inFeatures = positiveInt('Linear', 'inFeatures', opts.inFeatures);
    this.outFeatures = positiveInt('Linear', 'outFeatures', opts.outFeatures);
    this.weight = this.registerParameter('weight', new Parameter([this.outFeatures, this.inFeatures]));
    this.bias = this.registerParameter('bias', opts.bias === false ? null : new Parameter([this.outFeatures]));
    kaimingUniform_(this.weight, Math.sqrt(5));
    if (this.bias) {
      const bound = 1 / Math.sqrt(this.inFeatures);
      uniform_(this.bias, -bound, bound);
    }
  }
  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias, 'Linear.forward');
  }
  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${pyRepr(this.bias !== null)}`;
  }
}

export interface EmbeddingOptions { numEmbeddings: number; embeddingDim: number; paddingIdx?: number | null }

/** Lookup table: integer indices of any shape → (…, embeddingDim). Weight ~ N(0, 1), padding row zero. */
export class Embedding extends Module {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly paddingIdx: number | null;
  readonly weight: Parameter;
  constructor(opts: EmbeddingOptions) {
    super();
    checkOptions('Embedding', opts, { numEmbeddings: 'int', embeddingDim: 'int', paddingIdx: 'int?' }, true);
    this.numEmbeddings = positiveInt('Embedding', 'numEmbeddings', opts.numEmbeddings);
    this.embeddingDim = positiveInt('Embedding', 'embeddingDim', opts.embeddingDim);
    let pad = opts.paddingIdx ?? null;
    if (pad !== null) {
      if (!Number.isInteger(pad) || pad < -this.numEmbeddings || pad >= this.numEmbeddings) {
        throw new Error(`Embedding: paddingIdx ${pad} must be within num_embeddings (${this.numEmbeddings})`);
      }
      if (pad < 0) pad += this.numEmbeddings;
    }
    this.paddingIdx = pad;
    this.weight = this.registerParameter('weight', new Parameter([this.numEmbeddings, this.embeddingDim]));
    normal_(this.weight);
    if (pad !== null) this.weight.data.fill(0, pad * this.embeddingDim, (pad + 1) * this.embeddingDim);
  }
  forward(indices: ArrayLike<number> | Tensor): Tensor {
    return embedding(indices, this.weight, this.paddingIdx, 'Embedding.forward');
  }
  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx === null ? '' : `, padding_idx=${this.paddingIdx}`}`;
  }
}

/** Inverted dropout in training mode, identity in eval mode: `new Dropout({ p })` or `new Dropout(p)`. */
export class Dropout extends Module {
  readonly p: number;
  constructor(opts: number | { p?: number } = 0.5) {
    super();
    const p = typeof opts === 'number' ? opts : checkOptions('Dropout', opts, { p: 'number' }).p ?? 0.5;
    this.p = p;
    if (!(p >= 0 && p <= 1)) throw new Error(`Dropout: probability has to be between 0 and 1, but got ${p}`);
  }
  forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.training);
  }
  override extraRepr(): string {
    return `p=${pyRepr(this.p, true)}, inplace=False`;
  }
}

type Callable = Module & { forward(x: Tensor): Tensor };

/** Runs its modules in order; keys '0', '1', … as in PyTorch. */
export class Sequential extends Module {
  readonly layers: Callable[];
  constructor(...layers: Callable[]) {
    super();
    layers.forEach((m, i) => {
      if (!(m instanceof Module) || typeof (m as Partial<Callable>).forward !== 'function') throw new Error(`Sequential: argument ${i} must be a Module with forward(x), got ${m === null ? 'null' : typeof m === 'object' ? `a ${(m as object).constructor?.name ?? 'object'}` : typeof m}`);
    });
    this.layers = layers;
    layers.forEach((m, i) => this.registerModule(String(i), m));
  }
  forward(x: Tensor): Tensor {
    for (const m of this.layers) x = m.forward(x);
    return x;
  }
}

/** A list of modules registered as '0', '1', …. */
export class ModuleList<M extends Module = Module> extends Module {
  private readonly items: M[] = [];
  constructor(modules: M[] = []) {
    super();
    for (const m of modules) this.append(m);
  }
  append(m: M): this {
    if (!(m instanceof Module)) throw new Error(`ModuleList.append: expected a Module, got ${m === null ? 'null' : typeof m === 'object' ? `a ${(m as object).constructor?.name ?? 'object'}` : typeof m} (at index ${this.items.length})`);
    this.registerModule(String(this.items.length), m);
    this.items.push(m);
    return this;
  }
  get length(): number { return this.items.length; }
  at(i: number): M { return this.items[i < 0 ? i + this.items.length : i]; }
  [Symbol.iterator](): Iterator<M> { return this.items[Symbol.iterator](); }
}

/** Modules by name, registered under their keys in insertion order (PyTorch's nn.ModuleDict). */
export class ModuleDict<M extends Module = Module> extends Module {
  private readonly items = new Map<string, M>();
  constructor(modules: Record<string, M> | Iterable<[string, M]> = {}) {
    super();
    const entries = Symbol.iterator in Object(modules) ? modules as Iterable<[string, M]> : Object.entries(modules);
    for (const [k, m] of entries) this.set(k, m);
  }
  /** Adds or replaces the module under key (PyTorch's `d[key] = m`). */
  set(key: string, m: M): this {
    if (typeof key !== 'string') throw new Error(`ModuleDict.set: key must be a string, got ${typeof key}`);
    if (!(m instanceof Module)) throw new Error(`ModuleDict.set: '${key}' must be a Module, got ${m === null ? 'null' : typeof m}`);
    this.registerModule(key, m);
    this.items.set(key, m);
    return this;
  }
  /** The module under key (PyTorch's `d[key]`); throws naming the known keys when absent. */
  get(key: string): M {
    const m = this.items.get(key);
    if (!m) throw new Error(`ModuleDict.get: no module '${key}' (keys: ${[...this.items.keys()].join(', ') || 'none'})`);
    return m;
  }
  has(key: string): boolean { return this.items.has(key); }
  keys(): IterableIterator<string> { return this.items.keys(); }
  values(): IterableIterator<M> { return this.items.values(); }
  entries(): IterableIterator<[string, M]> { return this.items.entries(); }
  get length(): number { return this.items.size; }
  /** Iterates the keys, as PyTorch's ModuleDict. */
  [Symbol.iterator](): Iterator<string> { return this.items.keys(); }
}

/** log(softmax(x)) along dim: `new LogSoftmax({ dim: 1 })` (PyTorch's nn.LogSoftmax(dim=1)). */
export class LogSoftmax extends Module {
  readonly dim: number;
  constructor(opts: { dim: number }) {
    super();
    this.dim = checkOptions('LogSoftmax', opts, { dim: 'int' }, true).dim;
    if (!Number.isInteger(this.dim)) throw new Error('LogSoftmax: dim is required, as new LogSoftmax({ dim: 1 })');
  }
  forward(x: Tensor): Tensor { return x.logSoftmax(this.dim); }
}

/** softmax(x) along dim: `new Softmax({ dim: 1 })`. */
export class Softmax extends Module {
  readonly dim: number;
  constructor(opts: { dim: number }) {
    super();
    this.dim = checkOptions('Softmax', opts, { dim: 'int' }, true).dim;
    if (!Number.isInteger(this.dim)) throw new Error('Softmax: dim is required, as new Softmax({ dim: 1 })');
  }
  forward(x: Tensor): Tensor { return x.softmax(this.dim); }
}

export class Tanh extends Module { forward(x: Tensor): Tensor { return x.tanh(); } }
export class ReLU extends Module { forward(x: Tensor): Tensor { return x.relu(); } }
export class Sigmoid extends Module { forward(x: Tensor): Tensor { return x.sigmoid(); } }

/** Cross-entropy on logits (N, C), (N, C, d…) or (C) with class-index targets (N), (N, d…) or (). */
export class CrossEntropyLoss extends Module {
  constructor(readonly opts: CrossEntropyOptions = {}) { super(); checkOptions('CrossEntropyLoss', opts, { weight: 'object?', ignoreIndex: 'int', reduction: ['mean', 'sum', 'none'], labelSmoothing: 'number' }); }
  forward(input: Tensor, target: ArrayLike<number> | Tensor): Tensor {
    return crossEntropy(input, target, this.opts, 'CrossEntropyLoss.forward');
  }
}

/** Negative log-likelihood on log-probabilities (N, C), (N, C, d…) or (C). */
export class NLLLoss extends Module {
  constructor(readonly opts: Omit<CrossEntropyOptions, 'labelSmoothing'> = {}) { super(); checkOptions('NLLLoss', opts, { weight: 'object?', ignoreIndex: 'int', reduction: ['mean', 'sum', 'none'] }); }
  forward(input: Tensor, target: ArrayLike<number> | Tensor): Tensor {
    return nllLoss(input, target, this.opts, 'NLLLoss.forward');
  }
}

/** Mean (or summed, or elementwise) squared error; input and target of the same shape. */
export class MSELoss extends Module {
  constructor(readonly opts: { reduction?: Reduction } = {}) { super(); checkOptions('MSELoss', opts, { reduction: ['mean', 'sum', 'none'] }); }
  forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, this.opts, 'MSELoss.forward');
  }
}

/** Mean (or summed, or elementwise) absolute error. */
export class L1Loss extends Module {
  constructor(readonly opts: { reduction?: Reduction } = {}) { super(); checkOptions('L1Loss', opts, { reduction: ['mean', 'sum', 'none'] }); }
  forward(input: Tensor, target: Tensor): Tensor {
    return l1Loss(input, target, this.opts, 'L1Loss.forward');
  }
}

/** Binary cross-entropy on logits with optional weight (broadcast) and posWeight (over the last dim). */
export class BCEWithLogitsLoss extends Module {
  constructor(readonly opts: BCEWithLogitsOptions = {}) { super(); checkOptions('BCEWithLogitsLoss', opts, { weight: 'object?', posWeight: 'object?', reduction: ['mean', 'sum', 'none'] }); }
  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(input, target, this.opts, 'BCEWithLogitsLoss.forward');
  }
}
