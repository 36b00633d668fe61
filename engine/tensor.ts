// Tensor: a float32 contiguous array with a shape, its gradient and the graph node that made it.
// Storage is a GC-managed Float32Array, or a block of the wasm heap for parameters (and tensors
// that borrow a parameter's block, such as its reshape), see docs/ARCHITECTURE.md "Memory: three tiers".
import { checkNotDetached, heap } from './backend/wasm.js';
import { allocF32, freeBytes } from './memory.js';
import { tracer } from './trace.js';
import { installMethods } from './ops/methods.js';

/** A graph node: the inputs of the op that made a tensor and the closure that sends its gradient back. */
export interface Node {
  op: string;
  inputs: Tensor[];
  /** dy: gradient of the output (JS copy); accumulates into the inputs' gradients. null once freed. */
  backward: ((dy: Float32Array) => void) | null;
  /**
   * The storage version of each input at record time (wasm-backed inputs only; else −1, and null
   * when no input is wasm-backed): a backward that reads an input's block in place checks it.
   */
  versions: number[] | null;
  /** Gives back what backward saved (recycled arrays) when the graph is freed; null once run, or when none. */
  release: (() => void) | null;
}

export type Shape = number[];

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * The most elements a tensor may hold: 2^28 floats (1 GiB). An op has its inputs and outputs in
 * the 4 GiB wasm32 memory at once, so larger tensors could never be computed with; sizes above it
 * are refused before anything is allocated.
 */
export const MAX_ELEMENTS = 2 ** 28;

/** Throws unless a count of elements is within MAX_ELEMENTS (what: how the count came about). */
export function checkElements(op: string, n: number, what: string): void {
  if (!(n <= MAX_ELEMENTS)) throw new Error(`${op}: ${what} has ${n} elements, above the limit of ${MAX_ELEMENTS} (2^28) elements per tensor`);
}

/** Validates a shape: non-negative integers whose product is within MAX_ELEMENTS. */
export function checkShape(op: string, shape: readonly number[]): number[] {
  if (!Array.isArray(shape)) throw new Error(`${op}: shape must be an array of integers, got ${String(shape)}`);
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new Error(`${op}: invalid shape ${fmtShape(shape)}: dimensions must be non-negative integers`);
  }
  checkElements(op, sizeOf(shape), `shape ${fmtShape(shape)}`);
  return shape.slice();
}

const registry =
  typeof FinalizationRegistry !== 'undefined'
    ? new FinalizationRegistry<number>((ptr) => {
        try {
          freeBytes(ptr);
        } catch {
          /* already freed */
        }
      })
    : null;

/**
 * A block of the wasm heap owned by a parameter (or its grad / optimizer state / packed copies),
 * the storage every view of it (detach, reshape, the grad getter) shares, with its counters.
 */
export class WasmBlock {
  ptr: number;
  readonly length: number;
  /**
   * PyTorch's version counter, shared by every tensor on this storage: bumped by the writes
   * autograd must see (optimizer steps, loadStateDict, init). A backward that reads the values in
   * place checks it against the version its forward saw (autograd.ts). NOTE: writes through
   * `.data` are not counted, as PyTorch's `.data` (a read is not a write).
   */
  version = 0;
  /**
   * version + every mutable view handed out by `.data`: what caches derived from the values
   * (packed weights) are keyed on, so that a write through any view rebuilds them. Only grows.
   */
  stamp = 0;
  /** What the block holds, for errors: 'parameter Linear.weight of shape [2, 3]'. */
  label: string;
  constructor(length: number, label = 'a wasm block') {
    this.length = length;
    this.label = label;
    this.ptr = allocF32(length, label);
    registry?.register(this, this.ptr, this);
  }
  /** Throws the `used after dispose()` Error (naming op and block) when the block was freed. */
  check(op: string): void {
    if (this.ptr < 0) throw new Error(`${op}: ${this.label} used after dispose()`);
  }
  /** A live view of the block (stale after the heap grows: take a new one each time). */
  view(op = 'seqgrad'): Float32Array {
    this.check(op);
    return heap.f32().subarray(this.ptr >> 2, (this.ptr >> 2) + this.length);
  }
  /** Counts a write that autograd must see (an in-place update by a kernel). */
  bump(): void {
    this.version++;
    this.stamp++;
  }
  /** A view for a write that autograd sees (bumps the version). */
  written(op: string): Float32Array {
    const v = this.view(op);
    this.bump();
    return v;
  }
  dispose(): void {
    if (this.ptr < 0) return;
    registry?.unregister(this);
    freeBytes(this.ptr);
    this.ptr = -1;
  }
}

/**
 * An n-dimensional float32 array with its gradient and the graph node that made it (torch.Tensor,
 * float32 only, contiguous). Make one with tensor(), zeros(), randn(), …; the ops are its methods
 * (x.matmul(w), x.softmax(-1), …) and functions of the same names.
 */
export class Tensor {
  /** The dims, e.g. [T, B, H] (PyTorch's x.shape / x.size()); [] for a 0-dim tensor. */
  readonly shape: Shape;
  /** The number of elements, the product of shape (PyTorch's x.numel(); not x.size()). */
  readonly size: number;
  /** JS storage (most tensors) … */
  _js: Float32Array | null;
  /** … or a wasm block (parameters, their grads, and tensors that borrow a parameter's block). */
  _block: WasmBlock | null;
  /** Whether backward() computes a gradient for it (requires_grad); ops on such tensors are recorded. */
  requiresGrad: boolean;
  /** The op that made this tensor (null for leaves and for tensors made without grad). */
  _node: Node | null = null;
  /** Gradient accumulated during backward() for a non-leaf tensor; dropped afterwards. */
  _gradAcc: Float32Array | null = null;
  _grad: Tensor | null = null;
  /** Non-null for parameters: the wasm block their gradient accumulates into. */
  _gradBlock: WasmBlock | null = null;
  _gradDefined = false;

  constructor(storage: Float32Array | WasmBlock, shape: Shape, requiresGrad = false) {
    this.shape = shape;
    this.size = sizeOf(shape);
    if (storage instanceof WasmBlock) {
      this._js = null;
      this._block = storage;
    } else {
      this._js = storage;
      this._block = null;
    }
    const have = storage.length;
    if (have === 0) checkNotDetached('Tensor', storage);
    if (have !== this.size) throw new Error(`Tensor: storage has ${have} elements, shape ${fmtShape(shape)} needs ${this.size}`);
    this.requiresGrad = requiresGrad;
    if (tracer) tracer.born(this);
  }

  /** The storage's version counter (WasmBlock.version; JS storage is never written in place: 0). */
  get _version(): number {
    return this._block ? this._block.version : 0;
  }

  /** The number of dims, shape.length (x.dim() in PyTorch). */
  get ndim(): number {
    return this.shape.length;
  }

  /**
   * The values. For JS-backed tensors the array itself; for wasm-backed tensors (parameters, their
   * gradients, and views of them: detach, reshape) a view of the wasm memory, made fresh by each
   * read of `.data`. An op result of 17–1024 floats is a view into a shared slab (like a small Node
   * Buffer): use byteOffset/byteLength with .buffer, or toArray() for an array of its own.
   *
   * Writing through the view of a wasm-backed tensor changes the parameter in place: handing the
   * view out bumps the storage's stamp, so that packed copies are rebuilt on their next use (a read
   * of `.data` costs one repack; toArray(), item() and tolist() read without it). Autograd does not
   * see such writes, as PyTorch's `.data`.
   *
   * NOTE: across memory growth. Any allocation may grow the wasm memory (a new parameter, an op
   * that needs more scratch, an optimizer's first step). What a KEPT view then does depends on
   * the memory: where it is shared (Node, and cross-origin-isolated pages: the thread pool's
   * memory) the view stays valid and keeps aliasing the tensor's block; where it is not (a page
   * without isolation, or without SharedArrayBuffer) the JS engine detaches every earlier view: a
   * kept view becomes an empty array (length 0, reads give undefined, writes are dropped).
   * `.data` itself never returns such an array (each read takes a view of the current memory),
   * and the engine refuses a detached view handed back to it (tensor(), new Tensor,
   * new Parameter) with an Error. Portable code keeps the tensor, not its `.data`; for a write,
   * take `.data` right before it (a write through a view kept across a forward that used a packed
   * copy is not seen by that copy either).
   */
  get data(): Float32Array {
    if (this._js) return this._js;
    const b = this._block!;
    const v = b.view('data');
    b.stamp++;
    return v;
  }

  /** The values for reading (no stamp bump): own array or a live view of the block. */
  _read(op: string): Float32Array {
    return this._js ?? this._block!.view(op);
  }

  /** True for tensors with no creator (user-made or parameters). */
  get isLeaf(): boolean {
    return this._node === null;
  }

  /**
   * The gradient accumulated by backward(), x.shape, or null before any; assignable (a tensor of
   * x.shape, or null), and an assigned grad is what step() and clipGradNorm use, as in PyTorch.
   */
  get grad(): Tensor | null {
    this._block?.check('grad');
    if (this._gradBlock) return this._gradDefined ? new Tensor(this._gradBlock, this.shape) : null;
    return this._grad;
  }

  set grad(g: Tensor | null) {
    this._block?.check('grad');
    if (g !== null && !(g instanceof Tensor)) throw new Error('Tensor.grad: assigned value must be a Tensor or null');
    if (g !== null && (g.shape.length !== this.shape.length || g.shape.some((d, i) => d !== this.shape[i]))) {
      throw new Error(`Tensor.grad: assigned grad of shape ${fmtShape(g.shape)} to a tensor of shape ${fmtShape(this.shape)}`);
    }
    if (this._gradBlock) {
      if (g === null) {
        this._gradDefined = false;
        return;
      }
      if (g._block !== this._gradBlock) this._gradBlock.view('grad').set(g._read('grad'));
      this._gradDefined = true;
      return;
    }
    this._grad = g;
  }

  /** A Float32Array copy of the values. */
  toArray(): Float32Array {
    return this._read('toArray').slice();
  }

  /** The value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new Error(`item: a Tensor with ${this.size} elements (shape ${fmtShape(this.shape)}) cannot be converted to a number`);
    return this._read('item')[0];
  }

  /** Nested arrays, like PyTorch's tolist(). */
  tolist(): number | unknown[] {
    const d = this._read('tolist');
    if (this.shape.length === 0) return d[0];
    const build = (dim: number, offset: number): unknown[] => {
      const n = this.shape[dim];
      const stride = sizeOf(this.shape.slice(dim + 1));
      const out: unknown[] = [];
      for (let i = 0; i < n; i++) out.push(dim === this.shape.length - 1 ? d[offset + i] : build(dim + 1, offset + i * stride));
      return out;
    };
    return build(0, 0);
  }

  /** `tensor([[1,2],[3,4]])` with `, requiresGrad=true` when set. */
  toString(): string {
    return `tensor(${JSON.stringify(this.tolist())}${this.requiresGrad ? ', requiresGrad=true' : ''})`;
  }

  /**
   * `${t}` and String(t) give toString(); arithmetic and comparison operators throw instead of
   * silently computing with a string (`epochLoss += loss` would concatenate: PyTorch's operators
   * have no JavaScript counterpart).
   */
  [Symbol.toPrimitive](hint: string): string {
    if (hint === 'string') return this.toString();
    throw new Error(
      `Tensor: JavaScript operators (+, -, *, /, <, +=) don't apply to tensors (shape ${fmtShape(this.shape)}); use x.add(y), x.sub(y), x.mul(y), x.div(y), x.lt(y), or x.item() for the number of a one-element tensor`,
    );
  }
}

/**
 * t's values for a backward closure to keep: a JS-backed tensor's own array (tensors are never
 * written in place, so no copy is needed), a copy for wasm-backed ones (parameters change in place).
 * NOTE: such a backward computes the gradient at the values its forward saw, so a write in between
 * does not make it stale (PyTorch would raise; only in-place reads are checked, autograd.ts).
 */
export function snapshot(t: Tensor): Float32Array {
  return t._js ?? t._block!.view().slice();
}

/** A leaf tensor whose values (and gradient) live in the wasm heap for the owning module's life. */
export class Parameter extends Tensor {
  /** new Parameter(shape, values?) or, as PyTorch's nn.Parameter(t), new Parameter(tensor): a copy of its values. */
  constructor(shapeOrTensor: Shape | Tensor, values?: ArrayLike<number>, requiresGrad = true) {
    const src = shapeOrTensor instanceof Tensor ? shapeOrTensor : null;
    const shape = src ? src.shape.slice() : (shapeOrTensor as Shape);
    if (src) values = src._read('Parameter');
    const block = new WasmBlock(sizeOf(checkShape('Parameter', shape)), `parameter of shape ${fmtShape(shape)}`);
    super(block, shape, requiresGrad);
    if (values) {
      checkNotDetached('Parameter', values);
      if (values.length !== this.size) throw new Error(`Parameter: got ${values.length} values for shape ${fmtShape(shape)}`);
      block.view().set(values);
    }
  }

  /** Names the parameter in errors (Module.registerParameter: 'Linear.weight'). */
  _name(name: string): void {
    this._block!.label = `parameter ${name} of shape ${fmtShape(this.shape)}`;
    if (this._gradBlock) this._gradBlock.label = `gradient of ${this._block!.label}`;
  }

  /** Throws the `used after dispose()` Error naming op and parameter; returns the parameter. */
  _live(op: string): this {
    this._block!.check(op);
    return this;
  }

  override get grad(): Tensor | null {
    return super.grad;
  }

  /** A grad assigned by the user (`p.grad = t`) is copied into the grad block, allocated if needed: clipping and optimizers read it there. */
  override set grad(g: Tensor | null) {
    if (g !== null && !this._gradBlock && this._block!.ptr >= 0) this._gradBlock = new WasmBlock(this.size);
    super.grad = g;
  }

  /** The gradient block, allocated on first use; zero-filled when the grad was undefined. */
  _gradTarget(op = 'backward'): WasmBlock {
    this._live(op); // never revive the gradient of a disposed parameter
    if (!this._gradBlock) this._gradBlock = new WasmBlock(this.size, `gradient of ${this._block!.label}`);
    if (!this._gradDefined) {
      this._gradBlock.view(op).fill(0);
      this._gradDefined = true;
    }
    return this._gradBlock;
  }

  /**
   * Copies derived from the values (packed weights, ops/times-weight.ts), by layout name, with
   * the storage stamp they were made from; freed with the parameter.
   */
  _derived: Map<string, { version: number; block: WasmBlock }> | null = null;

  /** Frees the wasm blocks (values, gradient, derived copies); the parameter is unusable afterwards. */
  dispose(): void {
    this._block?.dispose();
    this._gradBlock?.dispose();
    this._gradDefined = false;
    if (this._derived) for (const d of this._derived.values()) d.block.dispose();
    this._derived = null;
  }
}

// The PyTorch-style methods (x.add(y), x.reshape(…), …), here so that importing Tensor from
// anywhere installs them (ops/methods.ts).
installMethods(Tensor);
