// Module: the base of every layer. Parameters and submodules are registered by name in order,
// so namedParameters() and stateDict() give PyTorch's keys (`0.weight`, `lstm.weight_ih_l0`, …).
// A Module or Parameter assigned to a field (`this.gru = new nn.GRU(…)`) registers itself, as
// PyTorch's __setattr__ does; registerModule / registerParameter remain for computed names.
import { describeNonTensor } from '../options.js';
import { fmtShape, Parameter, Tensor } from '../tensor.js';

/** Parameters by PyTorch's dotted names (`lstm.weight_ih_l0`, `0.bias`), as stateDict() returns and loadStateDict() takes. */
export type StateDict = Record<string, Tensor>;

function has<V>(map: Map<string, V>, v: V): boolean {
  for (const x of map.values()) if (x === v) return true;
  return false;
}

/**
 * The base of every layer (torch.nn.Module): subclass it, assign submodules and Parameters to
 * fields (or registerModule / registerParameter), and write forward(). Fields register in
 * assignment order under PyTorch's dotted names.
 */
export abstract class Module {
  /** True in training mode (the default), false after eval(); dropout is active only in training. */
  training = true;
  private readonly _parameters = new Map<string, Parameter | null>();
  private readonly _modules = new Map<string, Module>();

  /** Registers (or replaces) a parameter under `name`; null registers an absent one (bias = false). */
  registerParameter<P extends Parameter | null>(name: string, p: P): P {
    this._syncFields(p);
    p?._name(`${this.constructor.name}.${name}`);
    this._parameters.set(name, p);
    return p;
  }

  /** Registers a submodule under `name`. */
  registerModule<M extends Module>(name: string, m: M): M {
    this._syncFields(m);
    this._modules.set(name, m);
    return m;
  }

  /**
   * Registers the Modules and Parameters held by own fields, in the fields' order, before anything
   * reads the registry (and before each explicit registration, so that the two interleave in
   * assignment order). A field set to another Module/Parameter replaces the entry in place (as
   * PyTorch's __setattr__); one set to null or undefined removes it (a Parameter: registered as
   * absent, PyTorch's `self.bias = None`).
   * NOTE: a scan rather than a Proxy: subclass fields are defined on the object after super()
   * returns, so only a Proxy returned from this constructor could see each assignment, and that
   * would put a trap on every property read of every module. The scan sees the same fields, in
   * the same order, when it matters: at registration and enumeration time.
   * NOTE: a field holding what is already registered under another name (`this.lstm = lstm` next
   * to `registerModule('rnn', lstm)`) adds no second name: the explicit name is the one used
   * (PyTorch would list both in state_dict()).
   */
  private _syncFields(registering: unknown = null): void {
    for (const key of Object.keys(this)) {
      if (key === '_parameters' || key === '_modules') continue;
      const v = (this as unknown as Record<string, unknown>)[key];
      if (v === registering && v !== null) continue;
      if (v instanceof Parameter) {
        if (this._parameters.get(key) !== v && !has(this._parameters, v)) {
          v._name(`${this.constructor.name}.${key}`);
          this._parameters.set(key, v);
        }
      } else if (v instanceof Module) {
        if (v !== this && this._modules.get(key) !== v && !has(this._modules, v)) this._modules.set(key, v);
      } else if (v === null || v === undefined) {
        if (this._modules.has(key)) this._modules.delete(key);
        if (this._parameters.get(key)) this._parameters.set(key, null);
      }
    }
  }

  /** [name, module] for the direct submodules, in registration order (named_children). */
  *namedChildren(): Generator<[string, Module]> {
    this._syncFields();
    yield* this._modules.entries();
  }

  /** [name, module] for this module and every descendant, depth first ('' is this one), each once. */
  namedModules(prefix = '', memo = new Set<Module>()): [string, Module][] {
    if (memo.has(this)) return [];
    memo.add(this);
    this._syncFields();
    const out: [string, Module][] = [[prefix, this]];
    for (const [name, m] of this._modules) out.push(...m.namedModules(prefix ? `${prefix}.${name}` : name, memo));
    return out;
  }

  /** [dotted name, parameter] in registration order, like PyTorch's named_parameters(). */
  namedParameters(prefix = ''): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    const seen = new Set<Parameter>();
    for (const [mp, m] of this.namedModules(prefix)) {
      for (const [name, p] of m._parameters) {
        if (p === null || seen.has(p)) continue;
        seen.add(p);
        out.push([mp ? `${mp}.${name}` : name, p]);
      }
    }
    return out;
  }

  /** PyTorch's extra_repr: this module's configuration in its repr ('' by default). */
  extraRepr(): string {
    return '';
  }

  /**
   * PyTorch's repr: `Name(extraRepr)`, or with submodules one `(name): repr` line each, indented
   * by two: `LSTM(10, 20, num_layers=2, batch_first=True)`, `Sequential(\n  (0): Linear(…)\n)`.
   */
  toString(): string {
    const extra = this.extraRepr();
    const lines = extra ? extra.split('\n') : [];
    const children = [...this._modules].map(([name, m]) => `(${name}): ${m.toString().split('\n').join('\n  ')}`);
    const name = this.constructor.name;
    if (lines.length === 1 && children.length === 0) return `${name}(${lines[0]})`;
    const all = [...lines, ...children];
    return all.length ? `${name}(\n  ${all.join('\n  ')}\n)` : `${name}()`;
  }

  /** Every parameter of this module and its descendants, each once, in namedParameters() order. */
  parameters(): Parameter[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** Sets training mode here and in every submodule (dropout is active only in training). */
  train(mode = true): this {
    for (const [, m] of this.namedModules()) m.training = mode;
    return this;
  }

  /** train(false): evaluation mode here and in every submodule (dropout off). */
  eval(): this {
    return this.train(false);
  }

  /** Zeroes every parameter's gradient (set to null with setToNone, like PyTorch 2's default). */
  zeroGrad(setToNone = false): void {
    for (const p of this.parameters()) {
      p._live('zeroGrad');
      if (setToNone) p.grad = null;
      else if (p._gradBlock && p._gradDefined) p._gradBlock.view().fill(0);
    }
  }

  /** Copies of every parameter keyed by PyTorch's names. */
  stateDict(): StateDict {
    const out: StateDict = {};
    for (const [name, p] of this.namedParameters()) out[name] = new Tensor(p._live('stateDict').toArray(), p.shape.slice());
    return out;
  }

  /**
   * Loads values by name. strict: every key must match a parameter and every parameter must be
   * given. Shapes must agree. Returns the missing and unexpected keys (non-strict).
   */
  loadStateDict(
    state: Record<string, Tensor | { shape: number[]; data: ArrayLike<number> }>,
    strict = true,
  ): { missingKeys: string[]; unexpectedKeys: string[] } {
    const where = `loadStateDict: error(s) in loading state_dict for ${this.constructor.name}:`;
    if (state === null || typeof state !== 'object')
      throw new Error(`${where} expected a state dict (an object of tensors by name), got ${state === null ? 'null' : typeof state}`);
    const params = new Map(this.namedParameters());
    for (const p of params.values()) p._live('loadStateDict');
    const has = (k: string) => Object.hasOwn(state, k);
    const missingKeys = [...params.keys()].filter((k) => !has(k));
    const unexpectedKeys = Object.keys(state).filter((k) => !params.has(k));
    if (strict && (missingKeys.length || unexpectedKeys.length)) {
      throw new Error(
        where +
          (missingKeys.length ? ` missing key(s): ${missingKeys.map((k) => `"${k}"`).join(', ')}.` : '') +
          (unexpectedKeys.length ? ` unexpected key(s): ${unexpectedKeys.map((k) => `"${k}"`).join(', ')}.` : ''),
      );
    }
    // NOTE: every entry is checked before any parameter is written, and a present entry that is
    // not a tensor is an error whether strict or not (PyTorch: "expected torch.Tensor or
    // Tensor-like object from checkpoint but received …")
    const updates: [Parameter, ArrayLike<number>][] = [];
    for (const [name, p] of params) {
      if (!has(name)) continue;
      const v = state[name] as unknown;
      const shape = (v as { shape?: unknown } | null)?.shape;
      const data = v instanceof Tensor ? v._read('loadStateDict') : (v as { data?: unknown } | null)?.data; // a read: no stamp bump on v's storage
      const tensorLike =
        v instanceof Tensor || (v !== null && typeof v === 'object' && Array.isArray(shape) && (ArrayBuffer.isView(data) || Array.isArray(data)));
      if (!tensorLike) {
        throw new Error(
          `${where} while copying the parameter named "${name}", expected a Tensor (or { shape, data }) from the checkpoint but received ${v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object without shape and data' : typeof v}`,
        );
      }
      const sh = shape as number[];
      const d = data as ArrayLike<number>;
      if (sh.length !== p.shape.length || sh.some((x, i) => x !== p.shape[i]) || d.length !== p.size) {
        throw new Error(
          `loadStateDict: size mismatch for ${name}: copying a param with shape ${fmtShape(sh)} from checkpoint, the shape in current model is ${fmtShape(p.shape)}`,
        );
      }
      updates.push([p, d]);
    }
    for (const [p, d] of updates) p._block!.written('loadStateDict').set(d); // a write autograd sees: a graph made before is stale
    return { missingKeys, unexpectedKeys };
  }

  /** Frees the wasm memory of every parameter; the module is unusable afterwards. */
  dispose(): void {
    for (const p of this.parameters()) p.dispose();
  }

  /** The total number of parameter elements (sum(p.numel() for p in parameters()) in PyTorch). */
  numParameters(): number {
    return this.parameters().reduce((n, p) => n + p.size, 0);
  }
}

/** Checks that x is a Tensor with the expected last dim; names the module and the shapes. */
export function expectFeatures(where: string, x: unknown, features: number, what = 'features'): Tensor {
  if (!(x instanceof Tensor)) throw new Error(`${where}: input must be a Tensor, got ${describeNonTensor(x)}`);
  const last = x.shape[x.shape.length - 1];
  if (x.ndim === 0 || last !== features) {
    throw new Error(`${where}: input has ${x.ndim === 0 ? 0 : last} ${what}, expected ${features} (input shape ${fmtShape(x.shape)})`);
  }
  return x;
}

/** A value as Python prints it in a repr: True/False, None, 0.5, 1.0 (a float option). */
export function pyRepr(v: boolean | number | null, float = false): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return float && Number.isInteger(v) ? v.toFixed(1) : String(v);
}
