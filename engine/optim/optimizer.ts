// Optimizers with PyTorch's semantics (SGD, Adam, AdamW, RMSprop): param groups, zeroGrad, step
// (one in-place kernel per parameter tensor, state in the wasm heap), stateDict / loadStateDict.
import { K } from '../backend/index.js';
import { fmtShape, Parameter, Tensor, WasmBlock } from '../tensor.js';

export type Hyper = Record<string, number | boolean | number[]>;
export interface ParamGroup<H extends Hyper> { params: Parameter[]; options: H }
/** A param group: its parameters and any hyper-parameter that overrides the defaults. */
export type GroupSpec<H> = { params: Parameter[] } & { [K in keyof H as string extends K ? never : K]?: H[K] };

export abstract class Optimizer<H extends Hyper> {
  readonly paramGroups: ParamGroup<H>[];
  /** Per-parameter state: step count and named wasm buffers. */
  protected state = new Map<Parameter, { step: number; bufs: Record<string, WasmBlock> }>();

  constructor(params: Parameter[] | GroupSpec<H>[], defaults: H, name: string) {
    const groups = (params.length > 0 && !(params[0] instanceof Tensor) ? params : [{ params }]) as GroupSpec<H>[];
    if (groups.length === 0 || groups.every((g) => g.params.length === 0)) throw new Error(`${name}: optimizer got an empty parameter list`);
    this.paramGroups = groups.map((g) => {
      for (const p of g.params) {
        if (!(p instanceof Parameter)) throw new Error(`${name}: can only optimize Parameters (module.parameters()), got a ${(p as unknown as object)?.constructor?.name ?? typeof p}`);
      }
      const { params: ps, ...rest } = g;
      return { params: ps, options: { ...defaults, ...rest } as H };
    });
  }

  /** Sets every gradient to zero (setToNone: to null, like PyTorch 2's default). */
  zeroGrad(setToNone = false): void {
    for (const g of this.paramGroups) for (const p of g.params) {
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

  loadStateDict(sd: ReturnType<Optimizer<H>['stateDict']>): void {
    if (sd.paramGroups.length !== this.paramGroups.length) throw new Error(`loadStateDict: saved ${sd.paramGroups.length} param groups, optimizer has ${this.paramGroups.length}`);
    const all = this.paramGroups.flatMap((g) => g.params);
    sd.paramGroups.forEach((sg, i) => {
      if (sg.params.length !== this.paramGroups[i].params.length) throw new Error(`loadStateDict: param group ${i} has ${sg.params.length} parameters saved, ${this.paramGroups[i].params.length} in the optimizer`);
      const { params: _ids, ...opts } = sg;
      this.paramGroups[i].options = { ...this.paramGroups[i].options, ...(opts as unknown as H) };
    });
    for (const [key, entry] of Object.entries(sd.state)) {
      const p = all[Number(key)];
      if (!p) throw new Error(`loadStateDict: state for parameter ${key} but the optimizer has ${all.length}`);
      const names = Object.keys(entry).filter((n) => n !== 'step');
      const st = this.stateOf(p, names);
      st.step = entry.step;
      for (const n of names) {
        const v = entry[n] as Float32Array;
        if (v.length !== p.size) throw new Error(`loadStateDict: buffer ${n} of parameter ${key} has ${v.length} values, the parameter ${fmtShape(p.shape)} has ${p.size}`);
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

export interface SGDOptions extends Hyper { lr: number; momentum: number; dampening: number; weightDecay: number; nesterov: boolean }

export class SGD extends Optimizer<SGDOptions> {
  constructor(params: Parameter[] | GroupSpec<SGDOptions>[], opts: Partial<SGDOptions> & { lr: number }) {
    super(params, { momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, ...opts }, 'SGD');
    if (!(opts.lr >= 0)) throw new Error(`SGD: invalid learning rate ${opts.lr}`);
    if (opts.nesterov && (!(opts.momentum! > 0) || (opts.dampening ?? 0) !== 0)) throw new Error('SGD: nesterov momentum requires a momentum and zero dampening');
  }
  protected update(p: Parameter, g: number, o: SGDOptions): void {
    const st = this.stateOf(p, o.momentum !== 0 ? ['momentumBuffer'] : []);
    const first = st.step === 0 ? 1 : 0;
    st.step++;
    K().sgd_step(p._block!.ptr, g, st.bufs.momentumBuffer?.ptr ?? 0, p.size, o.lr, o.momentum, o.dampening, o.weightDecay, o.nesterov ? 1 : 0, first);
  }
}

export interface AdamOptions extends Hyper { lr: number; betas: number[]; eps: number; weightDecay: number; amsgrad: boolean }

export class Adam extends Optimizer<AdamOptions> {
  protected decoupled = false;
  constructor(params: Parameter[] | GroupSpec<AdamOptions>[], opts: Partial<AdamOptions> = {}, defaults: Partial<AdamOptions> = {}, name = 'Adam') {
    super(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, ...defaults, ...opts }, name);
    const o = this.paramGroups[0].options;
    if (!(o.lr >= 0)) throw new Error(`${name}: invalid learning rate ${o.lr}`);
    if (!(o.betas[0] >= 0 && o.betas[0] < 1) || !(o.betas[1] >= 0 && o.betas[1] < 1)) throw new Error(`${name}: invalid betas ${fmtShape(o.betas)}`);
    if (!(o.eps >= 0)) throw new Error(`${name}: invalid epsilon ${o.eps}`);
  }
  protected update(p: Parameter, g: number, o: AdamOptions): void {
    const st = this.stateOf(p, o.amsgrad ? ['expAvg', 'expAvgSq', 'maxExpAvgSq'] : ['expAvg', 'expAvgSq']);
    st.step++;
    const [b1, b2] = o.betas;
    const stepSize = o.lr / (1 - b1 ** st.step);
    const bc2Sqrt = Math.sqrt(1 - b2 ** st.step);
    K().adam_step(p._block!.ptr, g, st.bufs.expAvg.ptr, st.bufs.expAvgSq.ptr, st.bufs.maxExpAvgSq?.ptr ?? 0, p.size,
      o.lr, b1, b2, o.eps, o.weightDecay, stepSize, bc2Sqrt, o.amsgrad ? 1 : 0, this.decoupled ? 1 : 0);
  }
}

/** Adam with decoupled weight decay (default 1e-2), like torch.optim.AdamW. */
export class AdamW extends Adam {
  constructor(params: Parameter[] | GroupSpec<AdamOptions>[], opts: Partial<AdamOptions> = {}) {
    super(params, opts, { weightDecay: 1e-2 }, 'AdamW');
    this.decoupled = true;
  }
}

export interface RMSpropOptions extends Hyper { lr: number; alpha: number; eps: number; weightDecay: number; momentum: number; centered: boolean }

export class RMSprop extends Optimizer<RMSpropOptions> {
  constructor(params: Parameter[] | GroupSpec<RMSpropOptions>[], opts: Partial<RMSpropOptions> = {}) {
    super(params, { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, ...opts }, 'RMSprop');
  }
  protected update(p: Parameter, g: number, o: RMSpropOptions): void {
    const names = ['squareAvg'];
    if (o.momentum > 0) names.push('momentumBuffer');
    if (o.centered) names.push('gradAvg');
    const st = this.stateOf(p, names);
    st.step++;
    K().rmsprop_step(p._block!.ptr, g, st.bufs.squareAvg.ptr, st.bufs.momentumBuffer?.ptr ?? 0, st.bufs.gradAvg?.ptr ?? 0, p.size,
      o.lr, o.alpha, o.eps, o.weightDecay, o.momentum, o.centered ? 1 : 0);
  }
}
