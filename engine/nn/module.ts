// Module: the base of every layer. Parameters and submodules are registered by name in order,
// so namedParameters() and stateDict() give PyTorch's keys (`0.weight`, `lstm.weight_ih_l0`, …).
import { fmtShape, Parameter, Tensor } from '../tensor.js';

export type StateDict = Record<string, Tensor>;

export abstract class Module {
  training = true;
  private readonly _parameters = new Map<string, Parameter | null>();
  private readonly _modules = new Map<string, Module>();

  /** Registers (or replaces) a parameter under `name`; null registers an absent one (bias = false). */
  protected registerParameter<P extends Parameter | null>(name: string, p: P): P {
    p?._name(`${this.constructor.name}.${name}`);
    this._parameters.set(name, p);
    return p;
  }

  /** Registers a submodule under `name`. */
  registerModule<M extends Module>(name: string, m: M): M {
    this._modules.set(name, m);
    return m;
  }

  *namedChildren(): Generator<[string, Module]> {
    yield* this._modules.entries();
  }

  /** [name, module] for this module and every descendant, depth first ('' is this one). */
  namedModules(prefix = ''): [string, Module][] {
    const out: [string, Module][] = [[prefix, this]];
    for (const [name, m] of this._modules) out.push(...m.namedModules(prefix ? `${prefix}.${name}` : name));
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

  parameters(): Parameter[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** Sets training mode here and in every submodule (dropout is active only in training). */
  train(mode = true): this {
    for (const [, m] of this.namedModules()) m.training = mode;
    return this;
  }

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
  loadStateDict(state: Record<string, Tensor | { shape: number[]; data: ArrayLike<number> }>, strict = true): { missingKeys: string[]; unexpectedKeys: string[] } {
    const params = new Map(this.namedParameters());
    for (const p of params.values()) p._live('loadStateDict');
    const missingKeys = [...params.keys()].filter((k) => !(k in state));
    const unexpectedKeys = Object.keys(state).filter((k) => !params.has(k));
    if (strict && (missingKeys.length || unexpectedKeys.length)) {
      throw new Error(`loadStateDict: error(s) in loading state_dict for ${this.constructor.name}:` +
        (missingKeys.length ? ` missing key(s): ${missingKeys.map((k) => `"${k}"`).join(', ')}.` : '') +
        (unexpectedKeys.length ? ` unexpected key(s): ${unexpectedKeys.map((k) => `"${k}"`).join(', ')}.` : ''));
    }
    for (const [name, p] of params) {
      const v = state[name];
      if (!v) continue;
      const shape = v.shape;
      const data = v instanceof Tensor ? v._read('loadStateDict') : v.data; // a read: no stamp bump on v's storage
      if (shape.length !== p.shape.length || shape.some((d, i) => d !== p.shape[i]) || data.length !== p.size) {
        throw new Error(`loadStateDict: size mismatch for ${name}: copying a param with shape ${fmtShape(shape)} from checkpoint, the shape in current model is ${fmtShape(p.shape)}`);
      }
      p._block!.written('loadStateDict').set(data); // a write autograd sees: a graph made before is stale
    }
    return { missingKeys, unexpectedKeys };
  }

  /** Frees the wasm memory of every parameter; the module is unusable afterwards. */
  dispose(): void {
    for (const p of this.parameters()) p.dispose();
  }

  numParameters(): number {
    return this.parameters().reduce((n, p) => n + p.size, 0);
  }
}

/** Checks that x is a Tensor with the expected last dim; names the module and the shapes. */
export function expectFeatures(where: string, x: unknown, features: number, what = 'features'): Tensor {
  if (!(x instanceof Tensor)) throw new Error(`${where}: input must be a Tensor, got ${x === null ? 'null' : typeof x}`);
  const last = x.shape[x.shape.length - 1];
  if (x.ndim === 0 || last !== features) {
    throw new Error(`${where}: input has ${x.ndim === 0 ? 0 : last} ${what}, expected ${features} (input shape ${fmtShape(x.shape)})`);
  }
  return x;
}
