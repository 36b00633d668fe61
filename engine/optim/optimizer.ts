// Optimizers with PyTorch's semantics (SGD, Adam, AdamW, RMSprop): param groups, zeroGrad, step
// (one in-place kernel per parameter tensor, state in the wasm heap), stateDict / loadStateDict.
import { K } from '../backend/index.js';
import { fmtShape, type Parameter, Tensor, WasmBlock } from '../tensor.js';
import { checkOptions as checkKeys } from '../options.js';
import { asParameter } from './leaf.js';

export type Hyper = Record<string, number | boolean | number[]>;
export interface ParamGroup<H extends Hyper> {
  params: Parameter[];
  options: H;
}
/** A param group: its parameters and any hyper-parameter that overrides the defaults. */
export type GroupSpec<H> = { params: Tensor[] } & { [K in keyof H as string extends K ? never : K]?: H[K] };

/**
 * Base of the optimizers, as torch.optim.Optimizer: parameter groups, each with its own
 * hyper-parameters; `zeroGrad()`, `step()` (updates every parameter whose `.grad` is set),
 * `stateDict()` / `loadStateDict()` with PyTorch's layout, `dispose()`.
 */
export abstract class Optimizer<H extends Hyper> {
  /** The groups: each one's parameters and its hyper-parameters (edit `options.lr` to change the rate, as schedulers do). */
  readonly paramGroups: ParamGroup<H>[];
  /** Per-parameter state: step count and named wasm buffers. */
  protected state = new Map<Parameter, { step: number; bufs: Record<string, WasmBlock> }>();

  /** The optimizer's name in errors, and its check of one group's settings (throws PyTorch's ValueError text). */
  private readonly name: string;
  private readonly checker: { check(o: H): void };

  constructor(params: Tensor[] | GroupSpec<H>[], defaults: H, name: string, checkOptions: (o: H) => void = () => {}) {
    this.name = name;
    this.checker = { check: checkOptions };
    if (!Array.isArray(params))
      throw new Error(`${name}: params must be an array of Parameters or of param groups, got ${params === null ? 'null' : typeof params}`);
    const first = params[0] as unknown;
    const isGroups = first !== null && typeof first === 'object' && !(first instanceof Tensor) && !Array.isArray(first) && !ArrayBuffer.isView(first);
    const groups = (isGroups ? params : [{ params }]) as GroupSpec<H>[];
    for (const [i, g] of groups.entries()) {
      if (g === null || typeof g !== 'object' || !Array.isArray(g.params))
        throw new Error(`${name}: param group ${i} must be an object whose params is an array of Parameters`);
    }
    if (groups.length === 0 || groups.every((g) => g.params.length === 0)) throw new Error(`${name}: optimizer got an empty parameter list`);
    const seen = new Set<Parameter>();
    this.paramGroups = groups.map((g, gi) => {
      const inGroup = new Set<Parameter>();
      for (const t of g.params) {
        const p = asParameter(name, t); // NOTE: any leaf tensor, as PyTorch: a plain one becomes a Parameter in place (optim/leaf.ts)
        if (seen.has(p)) throw new Error(`${name}: some parameters appear in more than one parameter group (one of shape ${fmtShape(p.shape)})`);
        inGroup.add(p);
      }
      for (const p of inGroup) seen.add(p);
      const { params: ps, ...rest } = g;
      checkKeys(`${name}: param group ${gi}`, rest, Object.fromEntries(Object.keys(defaults).map((k) => [k, 'any' as const])));
      return { params: ps as Parameter[], options: { ...defaults, ...rest } as H };
    });
    this.paramGroups.forEach((g, i) => this.checkGroup(g.options, i));
  }

  /** Runs the settings check, naming the group when there are several. */
  private checkGroup(o: H, i: number): void {
    try {
      this.checker.check(o);
    } catch (e) {
      throw new Error(`${this.name}: ${this.paramGroups.length > 1 ? `param group ${i}: ` : ''}${(e as Error).message}`);
    }
  }

  /** Sets every gradient to zero (setToNone: to null, like PyTorch 2's default). */
  zeroGrad(setToNone = false): void {
    for (const g of this.paramGroups)
      for (const p of g.params) {
        p._live('zeroGrad');
        if (setToNone) p.grad = null;
        else if (p._gradBlock && p._gradDefined) K().fill(p._gradBlock.ptr, 0, p.size);
      }
  }

  protected stateOf(p: Parameter, names: string[]): { step: number; bufs: Record<string, WasmBlock> } {
    let st = this.state.get(p);
    if (!st) {
      st = { step: 0, bufs: {} };
      for (const n of names) st.bufs[n] = new WasmBlock(p.size);
      this.state.set(p, st);
    }
    return st;
  }

  /** Updates every parameter that has a gradient. */
  step(): void {
    for (const g of this.paramGroups) {
      for (const p of g.params) {
        p._live('step');
        if (!p._gradBlock || !p._gradDefined) continue;
        this.update(p, p._gradBlock.ptr, g.options);
        p._block!.bump();
      }
    }
  }

  protected abstract update(p: Parameter, grad: number, o: H): void;

  /** State (step counts and buffers, by parameter index) and the groups' hyper-parameters. */
  stateDict(): { state: Record<number, { step: number; [buf: string]: number | Float32Array }>; paramGroups: (H & { params: number[] })[] } {
    const all = this.paramGroups.flatMap((g) => g.params);
    const state: Record<number, { step: number; [buf: string]: number | Float32Array }> = {};
    all.forEach((p, i) => {
      const st = this.state.get(p);
      if (!st) return;
      const entry: { step: number; [buf: string]: number | Float32Array } = { step: st.step };
      for (const [n, b] of Object.entries(st.bufs)) entry[n] = b.view().slice();
      state[i] = entry;
    });
    let offset = 0;
    const paramGroups = this.paramGroups.map((g) => {
      const ids = g.params.map((_, j) => offset + j);
      offset += g.params.length;
      return { ...g.options, params: ids };
    });
    return { state, paramGroups };
  }

  /** Restores a stateDict() of an optimizer over parameters of the same shapes, in the same order. */
  loadStateDict(sd: ReturnType<Optimizer<H>['stateDict']>): void {
    if (sd.paramGroups.length !== this.paramGroups.length)
      throw new Error(`loadStateDict: saved ${sd.paramGroups.length} param groups, optimizer has ${this.paramGroups.length}`);
    const all = this.paramGroups.flatMap((g) => g.params);
    // every group's new settings are checked before any is applied
    const merged = sd.paramGroups.map((sg, i) => {
      if (sg.params.length !== this.paramGroups[i].params.length)
        throw new Error(`loadStateDict: param group ${i} has ${sg.params.length} parameters saved, ${this.paramGroups[i].params.length} in the optimizer`);
      const { params: _ids, ...opts } = sg;
      const o = { ...this.paramGroups[i].options, ...(opts as unknown as H) };
      this.checkGroup(o, i);
      return o;
    });
    merged.forEach((o, i) => {
      this.paramGroups[i].options = o;
    });
    for (const [key, entry] of Object.entries(sd.state)) {
      const p = all[Number(key)];
      if (!p) throw new Error(`loadStateDict: state for parameter ${key} but the optimizer has ${all.length}`);
      const names = Object.keys(entry).filter((n) => n !== 'step');
      const st = this.stateOf(p, names);
      st.step = entry.step;
      for (const n of names) {
        const v = entry[n] as Float32Array;
        if (v.length !== p.size)
          throw new Error(`loadStateDict: buffer ${n} of parameter ${key} has ${v.length} values, the parameter ${fmtShape(p.shape)} has ${p.size}`);
        (st.bufs[n] ??= new WasmBlock(p.size)).view().set(v);
      }
    }
  }

  /** Frees the state buffers. */
  dispose(): void {
    for (const st of this.state.values()) for (const b of Object.values(st.bufs)) b.dispose();
    this.state.clear();
  }
}

// PyTorch's ValueError texts (torch/optim/*.py), applied to every param group. NOTE: stricter than
// PyTorch in two ways: non-finite values are refused too (an lr of Infinity or NaN would only turn
// the weights to NaN), and every group is checked, not only the defaults.
function finiteAtLeast0(what: string, v: unknown): void {
  if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) throw new Error(`Invalid ${what}: ${String(v)}`);
}
function checkLr(o: { lr: number }): void {
  finiteAtLeast0('learning rate', o.lr);
}

/** torch.optim.SGD's settings, camelCase. */
export interface SGDOptions extends Hyper {
  /** Learning rate (required). */
  lr: number;
  /** Momentum factor (default 0: plain SGD). */
  momentum: number;
  /** Dampening of the momentum (default 0). */
  dampening: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Nesterov momentum (default false; needs momentum > 0 and dampening 0). */
  nesterov: boolean;
}

/**
 * Stochastic gradient descent with optional momentum, dampening, weight decay and Nesterov, as
 * torch.optim.SGD: `new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 })`.
 */
export class SGD extends Optimizer<SGDOptions> {
  constructor(params: Tensor[] | GroupSpec<SGDOptions>[], opts: Partial<SGDOptions> & { lr: number }) {
    super(
      params,
      {
        momentum: 0,
        dampening: 0,
        weightDecay: 0,
        nesterov: false,
        ...checkKeys('SGD', opts, { lr: 'any', momentum: 'any', dampening: 'any', weightDecay: 'any', nesterov: 'any' }),
      },
      'SGD',
      (o) => {
        checkLr(o);
        finiteAtLeast0('momentum value', o.momentum);
        finiteAtLeast0('weight_decay value', o.weightDecay);
        if (typeof o.dampening !== 'number' || !Number.isFinite(o.dampening)) throw new Error(`Invalid dampening value: ${String(o.dampening)}`);
        if (o.nesterov && (!(o.momentum > 0) || o.dampening !== 0)) throw new Error('Nesterov momentum requires a momentum and zero dampening');
      },
    );
  }
  protected update(p: Parameter, g: number, o: SGDOptions): void {
    const st = this.stateOf(p, o.momentum !== 0 ? ['momentumBuffer'] : []);
    const first = st.step === 0 ? 1 : 0;
    st.step++;
    K().sgd_step(p._block!.ptr, g, st.bufs.momentumBuffer?.ptr ?? 0, p.size, o.lr, o.momentum, o.dampening, o.weightDecay, o.nesterov ? 1 : 0, first);
  }
}

/** torch.optim.Adam's (and AdamW's) settings, camelCase. */
export interface AdamOptions extends Hyper {
  /** Learning rate (default 1e-3). */
  lr: number;
  /** [β1, β2]: decay rates of the first and second moment averages (default [0.9, 0.999]). */
  betas: number[];
  /** Added to the denominator (default 1e-8). */
  eps: number;
  /** Weight decay: L2 on the gradient for Adam, decoupled for AdamW (default 0, AdamW 1e-2). */
  weightDecay: number;
  /** The AMSGrad variant: the running maximum of the second moment (default false). */
  amsgrad: boolean;
}

/**
 * Adam (Kingma & Ba), as torch.optim.Adam, bias-corrected:
 * `new optim.Adam(model.parameters(), { lr: 1e-3 })`.
 */
export class Adam extends Optimizer<AdamOptions> {
  protected decoupled = false;
  constructor(params: Tensor[] | GroupSpec<AdamOptions>[], opts: Partial<AdamOptions> = {}, defaults: Partial<AdamOptions> = {}, name = 'Adam') {
    super(
      params,
      {
        lr: 1e-3,
        betas: [0.9, 0.999],
        eps: 1e-8,
        weightDecay: 0,
        amsgrad: false,
        ...defaults,
        ...checkKeys(name, opts, { lr: 'any', betas: 'any', eps: 'any', weightDecay: 'any', amsgrad: 'any' }),
      },
      name,
      (o) => {
        checkLr(o);
        finiteAtLeast0('epsilon value', o.eps);
        if (!Array.isArray(o.betas) || o.betas.length !== 2) throw new Error(`Invalid betas: expected two numbers, got ${JSON.stringify(o.betas)}`);
        o.betas.forEach((b, i) => {
          if (!(b >= 0 && b < 1)) throw new Error(`Invalid beta parameter at index ${i}: ${String(b)}`);
        });
        finiteAtLeast0('weight_decay value', o.weightDecay);
      },
    );
  }
  protected update(p: Parameter, g: number, o: AdamOptions): void {
    const st = this.stateOf(p, o.amsgrad ? ['expAvg', 'expAvgSq', 'maxExpAvgSq'] : ['expAvg', 'expAvgSq']);
    st.step++;
    const [b1, b2] = o.betas;
    const stepSize = o.lr / (1 - b1 ** st.step);
    const bc2Sqrt = Math.sqrt(1 - b2 ** st.step);
    K().adam_step(
      p._block!.ptr,
      g,
      st.bufs.expAvg.ptr,
      st.bufs.expAvgSq.ptr,
      st.bufs.maxExpAvgSq?.ptr ?? 0,
      p.size,
      o.lr,
      b1,
      b2,
      o.eps,
      o.weightDecay,
      stepSize,
      bc2Sqrt,
      o.amsgrad ? 1 : 0,
      this.decoupled ? 1 : 0,
    );
  }
}

/** Adam with decoupled weight decay (default 1e-2), like torch.optim.AdamW. */
export class AdamW extends Adam {
  constructor(params: Tensor[] | GroupSpec<AdamOptions>[], opts: Partial<AdamOptions> = {}) {
    super(params, opts, { weightDecay: 1e-2 }, 'AdamW');
    this.decoupled = true;
  }
}

/** torch.optim.RMSprop's settings, camelCase. */
export interface RMSpropOptions extends Hyper {
  /** Learning rate (default 1e-2). */
  lr: number;
  /** Smoothing constant of the squared-gradient average (default 0.99). */
  alpha: number;
  /** Added to the denominator (default 1e-8). */
  eps: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Momentum factor (default 0). */
  momentum: number;
  /** Normalise by the centred second moment, an estimate of the variance (default false). */
  centered: boolean;
}

/** RMSprop, as torch.optim.RMSprop: `new optim.RMSprop(model.parameters(), { lr: 1e-2 })`. */
export class RMSprop extends Optimizer<RMSpropOptions> {
  constructor(params: Tensor[] | GroupSpec<RMSpropOptions>[], opts: Partial<RMSpropOptions> = {}) {
    super(
      params,
      {
        lr: 1e-2,
        alpha: 0.99,
        eps: 1e-8,
        weightDecay: 0,
        momentum: 0,
        centered: false,
        ...checkKeys('RMSprop', opts, { lr: 'any', alpha: 'any', eps: 'any', weightDecay: 'any', momentum: 'any', centered: 'any' }),
      },
      'RMSprop',
      (o) => {
        checkLr(o);
        finiteAtLeast0('epsilon value', o.eps);
        finiteAtLeast0('momentum value', o.momentum);
        finiteAtLeast0('weight_decay value', o.weightDecay);
        finiteAtLeast0('alpha value', o.alpha);
      },
    );
  }
  protected update(p: Parameter, g: number, o: RMSpropOptions): void {
    const names = ['squareAvg'];
    if (o.momentum > 0) names.push('momentumBuffer');
    if (o.centered) names.push('gradAvg');
    const st = this.stateOf(p, names);
    st.step++;
    K().rmsprop_step(
      p._block!.ptr,
      g,
      st.bufs.squareAvg.ptr,
      st.bufs.momentumBuffer?.ptr ?? 0,
      st.bufs.gradAvg?.ptr ?? 0,
      p.size,
      o.lr,
      o.alpha,
      o.eps,
      o.weightDecay,
      o.momentum,
      o.centered ? 1 : 0,
    );
  }
}
