// Basic layers with PyTorch's parameters, init and semantics: Linear, Embedding, Dropout,
// Sequential, ModuleList, ModuleDict, and the loss modules.
import { dropout, embedding, linear } from '../ops/layers.js';
import {
  binaryCrossEntropyWithLogits,
  crossEntropy,
  l1Loss,
  mseLoss,
  nllLoss,
  type BCEWithLogitsOptions,
  type CrossEntropyOptions,
  type Reduction,
} from '../ops/losses.js';
import { Parameter, type Tensor } from '../tensor.js';
import { kaimingUniform_, normal_, uniform_ } from './init.js';
import { Module, pyRepr } from './module.js';
import { checkOptions } from '../options.js';

function positiveInt(where: string, name: string, v: unknown): number {
  if (!Number.isInteger(v) || (v as number) <= 0) throw new Error(`${where}: ${name} must be a positive integer, got ${String(v)}`);
  return v as number;
}

export interface LinearOptions {
  inFeatures: number;
  outFeatures: number;
  bias?: boolean;
}

/** y = x·Wᵀ + b. Input (…, inFeatures) → (…, outFeatures). W (out, in) ~ U(±1/√in), b likewise. */
export class Linear extends Module {
  /** The size of the last input dim (in_features). */
  readonly inFeatures: number;
  /** The size of the last output dim (out_features). */
  readonly outFeatures: number;
  /** W, [outFeatures, inFeatures]. */
  readonly weight: Parameter;
  /** b, [outFeatures]; null with bias: false. */
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
  /** x (…, inFeatures) → x·Wᵀ + b (…, outFeatures). */
  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias, 'Linear.forward');
  }
  /** `in_features=…, out_features=…, bias=True`, as PyTorch's repr. */
  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${pyRepr(this.bias !== null)}`;
  }
}

export interface EmbeddingOptions {
  numEmbeddings: number;
  embeddingDim: number;
  paddingIdx?: number | null;
}

/** Lookup table: integer indices of any shape → (…, embeddingDim). Weight ~ N(0, 1), padding row zero. */
export class Embedding extends Module {
  /** The number of rows, V (num_embeddings). */
  readonly numEmbeddings: number;
  /** The size of each vector, H (embedding_dim). */
  readonly embeddingDim: number;
  /** The row kept at zero and given no gradient (padding_idx, made non-negative), or null. */
  readonly paddingIdx: number | null;
  /** The table, [V, H]. */
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
  /** Integer indices of any shape, e.g. (T, B) → the rows (T, B, H). */
  forward(indices: ArrayLike<number> | Tensor): Tensor {
    return embedding(indices, this.weight, this.paddingIdx, 'Embedding.forward');
  }
  /** `V, H` and `padding_idx=…` when set, as PyTorch's repr. */
  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx === null ? '' : `, padding_idx=${this.paddingIdx}`}`;
  }
}

/** Inverted dropout in training mode, identity in eval mode: `new Dropout({ p })` or `new Dropout(p)`. */
export class Dropout extends Module {
  /** The probability of zeroing an element (default 0.5). */
  readonly p: number;
  constructor(opts: number | { p?: number } = 0.5) {
    super();
    const p = typeof opts === 'number' ? opts : (checkOptions('Dropout', opts, { p: 'number' }).p ?? 0.5);
    this.p = p;
    if (!(p >= 0 && p <= 1)) throw new Error(`Dropout: probability has to be between 0 and 1, but got ${p}`);
  }
  /** x of any shape → same shape: in training each element zeroed with probability p, the rest scaled by 1/(1 − p). */
  forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.training);
  }
  /** `p=0.5, inplace=False`, as PyTorch's repr. */
  override extraRepr(): string {
    return `p=${pyRepr(this.p, true)}, inplace=False`;
  }
}

type Callable = Module & { forward(x: Tensor): Tensor };

/** Runs its modules in order; keys '0', '1', … as in PyTorch. */
export class Sequential extends Module {
  /** The modules, in call order. */
  readonly layers: Callable[];
  constructor(...layers: Callable[]) {
    super();
    layers.forEach((m, i) => {
      if (!(m instanceof Module) || typeof (m as Partial<Callable>).forward !== 'function')
        throw new Error(
          `Sequential: argument ${i} must be a Module with forward(x), got ${m === null ? 'null' : typeof m === 'object' ? `a ${(m as object).constructor?.name ?? 'object'}` : typeof m}`,
        );
    });
    this.layers = layers;
    layers.forEach((m, i) => this.registerModule(String(i), m));
  }
  /** Feeds x through each module in turn; the shapes are those of the modules. */
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
  /** Adds m at the end, registered under the next index. */
  append(m: M): this {
    if (!(m instanceof Module))
      throw new Error(
        `ModuleList.append: expected a Module, got ${m === null ? 'null' : typeof m === 'object' ? `a ${(m as object).constructor?.name ?? 'object'}` : typeof m} (at index ${this.items.length})`,
      );
    this.registerModule(String(this.items.length), m);
    this.items.push(m);
    return this;
  }
  /** The number of modules (len(l)). */
  get length(): number {
    return this.items.length;
  }
  /** The module at index i (negative counts from the end; l[i] in PyTorch). */
  at(i: number): M {
    return this.items[i < 0 ? i + this.items.length : i];
  }
  [Symbol.iterator](): Iterator<M> {
    return this.items[Symbol.iterator]();
  }
}

/** Modules by name, registered under their keys in insertion order (PyTorch's nn.ModuleDict). */
export class ModuleDict<M extends Module = Module> extends Module {
  private readonly items = new Map<string, M>();
  constructor(modules: Record<string, M> | Iterable<[string, M]> = {}) {
    super();
    const entries = Symbol.iterator in Object(modules) ? (modules as Iterable<[string, M]>) : Object.entries(modules);
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
  /** Whether a module is stored under key (`key in d`). */
  has(key: string): boolean {
    return this.items.has(key);
  }
  /** The keys in insertion order. */
  keys(): IterableIterator<string> {
    return this.items.keys();
  }
  /** The modules in insertion order. */
  values(): IterableIterator<M> {
    return this.items.values();
  }
  /** [key, module] in insertion order (PyTorch's items()). */
  entries(): IterableIterator<[string, M]> {
    return this.items.entries();
  }
  /** The number of modules (len(d)). */
  get length(): number {
    return this.items.size;
  }
  /** Iterates the keys, as PyTorch's ModuleDict. */
  [Symbol.iterator](): Iterator<string> {
    return this.items.keys();
  }
}

/** log(softmax(x)) along dim: `new LogSoftmax({ dim: 1 })` (PyTorch's nn.LogSoftmax(dim=1)). */
export class LogSoftmax extends Module {
  /** The dim normalized over. */
  readonly dim: number;
  constructor(opts: { dim: number }) {
    super();
    this.dim = checkOptions('LogSoftmax', opts, { dim: 'int' }, true).dim;
    if (!Number.isInteger(this.dim)) throw new Error('LogSoftmax: dim is required, as new LogSoftmax({ dim: 1 })');
  }
  /** x of any shape → log-probabilities of the same shape. */
  forward(x: Tensor): Tensor {
    return x.logSoftmax(this.dim);
  }
}

/** softmax(x) along dim: `new Softmax({ dim: 1 })`. */
export class Softmax extends Module {
  /** The dim normalized over. */
  readonly dim: number;
  constructor(opts: { dim: number }) {
    super();
    this.dim = checkOptions('Softmax', opts, { dim: 'int' }, true).dim;
    if (!Number.isInteger(this.dim)) throw new Error('Softmax: dim is required, as new Softmax({ dim: 1 })');
  }
  /** x of any shape → probabilities of the same shape. */
  forward(x: Tensor): Tensor {
    return x.softmax(this.dim);
  }
}

/** Elementwise tanh as a module (nn.Tanh). */
export class Tanh extends Module {
  /** x → tanh(x), same shape. */
  forward(x: Tensor): Tensor {
    return x.tanh();
  }
}
/** Elementwise max(x, 0) as a module (nn.ReLU). */
export class ReLU extends Module {
  /** x → max(x, 0), same shape. */
  forward(x: Tensor): Tensor {
    return x.relu();
  }
}
/** Elementwise 1 / (1 + e^−x) as a module (nn.Sigmoid). */
export class Sigmoid extends Module {
  /** x → sigmoid(x), same shape. */
  forward(x: Tensor): Tensor {
    return x.sigmoid();
  }
}

/** Cross-entropy on logits (N, C), (N, C, d…) or (C) with class-index targets (N), (N, d…) or (). */
export class CrossEntropyLoss extends Module {
  constructor(
    /** weight [C], ignoreIndex (default −100), reduction ('mean' | 'sum' | 'none'), labelSmoothing (0). */
    readonly opts: CrossEntropyOptions = {},
  ) {
    super();
    checkOptions('CrossEntropyLoss', opts, { weight: 'object?', ignoreIndex: 'int', reduction: ['mean', 'sum', 'none'], labelSmoothing: 'number' });
  }
  /** Logits (N, C) with targets (N), (N, C, d…) with (N, d…), or (C) with () → the loss ([] unless reduction 'none': the target's shape). */
  forward(input: Tensor, target: ArrayLike<number> | Tensor): Tensor {
    return crossEntropy(input, target, this.opts, 'CrossEntropyLoss.forward');
  }
}

/** Negative log-likelihood on log-probabilities (N, C), (N, C, d…) or (C). */
export class NLLLoss extends Module {
  constructor(
    /** weight [C], ignoreIndex (default −100), reduction ('mean' | 'sum' | 'none'). */
    readonly opts: Omit<CrossEntropyOptions, 'labelSmoothing'> = {},
  ) {
    super();
    checkOptions('NLLLoss', opts, { weight: 'object?', ignoreIndex: 'int', reduction: ['mean', 'sum', 'none'] });
  }
  /** Log-probabilities (N, C) with targets (N), (N, C, d…) with (N, d…), or (C) with () → the loss ([] unless reduction 'none'). */
  forward(input: Tensor, target: ArrayLike<number> | Tensor): Tensor {
    return nllLoss(input, target, this.opts, 'NLLLoss.forward');
  }
}

/** Mean (or summed, or elementwise) squared error; input and target of the same shape. */
export class MSELoss extends Module {
  constructor(
    /** reduction: 'mean' (default) | 'sum' | 'none'. */
    readonly opts: { reduction?: Reduction } = {},
  ) {
    super();
    checkOptions('MSELoss', opts, { reduction: ['mean', 'sum', 'none'] });
  }
  /** input and target of the same shape → mean((input − target)²) ([], or that shape with reduction 'none'). */
  forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, this.opts, 'MSELoss.forward');
  }
}

/** Mean (or summed, or elementwise) absolute error. */
export class L1Loss extends Module {
  constructor(
    /** reduction: 'mean' (default) | 'sum' | 'none'. */
    readonly opts: { reduction?: Reduction } = {},
  ) {
    super();
    checkOptions('L1Loss', opts, { reduction: ['mean', 'sum', 'none'] });
  }
  /** input and target of the same shape → mean(|input − target|) ([], or that shape with reduction 'none'). */
  forward(input: Tensor, target: Tensor): Tensor {
    return l1Loss(input, target, this.opts, 'L1Loss.forward');
  }
}

/** Binary cross-entropy on logits with optional weight (broadcast) and posWeight (over the last dim). */
export class BCEWithLogitsLoss extends Module {
  constructor(
    /** weight (broadcast to the input), posWeight [C] (over the last dim), reduction ('mean' | 'sum' | 'none'). */
    readonly opts: BCEWithLogitsOptions = {},
  ) {
    super();
    checkOptions('BCEWithLogitsLoss', opts, { weight: 'object?', posWeight: 'object?', reduction: ['mean', 'sum', 'none'] });
  }
  /** Logits and 0/1 (or soft) targets of the same shape → the loss ([], or that shape with reduction 'none'). */
  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(input, target, this.opts, 'BCEWithLogitsLoss.forward');
  }
}
