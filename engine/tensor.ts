// Tensor: a float32 contiguous array with a shape, its gradient and the graph node that made it.
// Storage is a GC-managed Float32Array, or a block of the wasm heap for parameters (and tensors
// that borrow a parameter's block, such as its reshape), see ARCHITECTURE.md "Memory".
import { heap } from './backend/wasm.js';
import { allocF32, freeBytes } from './memory.js';

/** A graph node: the inputs of the op that made a tensor and the closure that sends its gradient back. */
export interface Node {
  op: string;
  inputs: Tensor[];
  /** dy: gradient of the output (JS copy); accumulates into the inputs' gradients. null once freed. */
  backward: ((dy: Float32Array) => void) | null;
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

const registry = typeof FinalizationRegistry !== 'undefined'
  ? new FinalizationRegistry<number>((ptr) => { try { freeBytes(ptr); } catch { /* already freed */ } })
  : null;

/** A block of the wasm heap owned by a parameter (or its grad / optimizer state). */
export class WasmBlock {
  ptr: number;
  readonly length: number;
  constructor(length: number) {
    this.length = length;
    this.ptr = allocF32(length);
    registry?.register(this, this.ptr, this);
  }
  /** A live view of the block (stale after the heap grows: take a new one each time). */
  view(): Float32Array {
    if (this.ptr < 0) throw new Error('WasmBlock: used after dispose()');
    return heap.f32().subarray(this.ptr >> 2, (this.ptr >> 2) + this.length);
  }
  dispose(): void {
    if (this.ptr < 0) return;
    registry?.unregister(this);
    freeBytes(this.ptr);
    this.ptr = -1;
  }
}

export class Tensor {
  readonly shape: Shape;
  readonly size: number;
  /** JS storage (most tensors) … */
  _js: Float32Array | null;
  /** … or a wasm block (parameters, their grads, and tensors that borrow a parameter's block). */
  _block: WasmBlock | null;
  requiresGrad: boolean;
  /** The op that made this tensor (null for leaves and for tensors made without grad). */
  _node: Node | null = null;
  /** Gradient accumulated during backward() for a non-leaf tensor; dropped afterwards. */
  _gradAcc: Float32Array | null = null;
  _grad: Tensor | null = null;
  /** Bumped by in-place updates (optimizer steps) so a stale graph can be detected. */
  _version = 0;
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
    if (have !== this.size) throw new Error(`Tensor: storage has ${have} elements, shape ${fmtShape(shape)} needs ${this.size}`);
    this.requiresGrad = requiresGrad;
  }

  get ndim(): number {
    return this.shape.length;
  }

  /**
   * The values. For JS-backed tensors the array itself; for wasm-backed tensors a live view. An
   * op result of 17–1024 floats is a view into a shared slab (like a small Node Buffer): use
   * byteOffset/byteLength with .buffer, or toArray() for an array of its own.
   */
  get data(): Float32Array {
    return this._js ?? this._block!.view();
  }

  /** True for tensors with no creator (user-made or parameters). */
  get isLeaf(): boolean {
    return this._node === null;
  }

  get grad(): Tensor | null {
    if (this._gradBlock) return this._gradDefined ? new Tensor(this._gradBlock, this.shape) : null;
    return this._grad;
  }

  set grad(g: Tensor | null) {
    if (g !== null && !(g instanceof Tensor)) throw new Error('Tensor.grad: assigned value must be a Tensor or null');
    if (g !== null && (g.shape.length !== this.shape.length || g.shape.some((d, i) => d !== this.shape[i]))) {
      throw new Error(`Tensor.grad: assigned grad of shape ${fmtShape(g.shape)} to a tensor of shape ${fmtShape(this.shape)}`);
    }
    if (this._gradBlock) {
      if (g === null) { this._gradDefined = false; return; }
      if (g._block !== this._gradBlock) this._gradBlock.view().set(g.data);
      this._gradDefined = true;
      return;
    }
    this._grad = g;
  }

  /** A Float32Array copy of the values. */
  toArray(): Float32Array {
    return this.data.slice();
  }

  /** The value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new Error(`item: a Tensor with ${this.size} elements (shape ${fmtShape(this.shape)}) cannot be converted to a number`);
    return this.data[0];
  }

  /** Nested arrays, like PyTorch's tolist(). */
  tolist(): number | unknown[] {
    const d = this.data;
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

  toString(): string {
    return `tensor(${JSON.stringify(this.tolist())}${this.requiresGrad ? ', requiresGrad=true' : ''})`;
  }
}

/**
 * t's values for a backward closure to keep: a JS-backed tensor's own array (tensors are never
 * written in place, so no copy is needed), a copy for wasm-backed ones (parameters change in place).
 */
export function snapshot(t: Tensor): Float32Array {
  return t._js ?? t._block!.view().slice();
}

/** A leaf tensor whose values (and gradient) live in the wasm heap for the owning module's life. */
export class Parameter extends Tensor {
  constructor(shape: Shape, values?: ArrayLike<number>, requiresGrad = true) {
    const block = new WasmBlock(sizeOf(checkShape('Parameter', shape)));
    super(block, shape, requiresGrad);
    if (values) {
      if (values.length !== this.size) throw new Error(`Parameter: got ${values.length} values for shape ${fmtShape(shape)}`);
      block.view().set(values);
    }
  }

  /**
   * A live view of the values. Writing through it changes the parameter in place, so every
   * access counts as a modification (bumps _version: caches derived from the values, such as
   * packed recurrent weights, are rebuilt).
   */
  override get data(): Float32Array {
    this._version++;
    return this._block!.view();
  }

  /** The gradient block, allocated on first use; zero-filled when the grad was undefined. */
  _gradTarget(): WasmBlock {
    if (!this._gradBlock) this._gradBlock = new WasmBlock(this.size);
    if (!this._gradDefined) {
      this._gradBlock.view().fill(0);
      this._gradDefined = true;
    }
    return this._gradBlock;
  }

  /**
   * Copies derived from the values (packed weights, ops/packed-weights.ts), by layout name, with
   * the _version they were made from; freed with the parameter.
   */
  _derived: Map<string, { version: number; block: WasmBlock }> | null = null;

  /** Frees the wasm blocks (values, gradient, derived copies); the parameter is unusable afterwards. */
  dispose(): void {
    this._block?.dispose();
    this._gradBlock?.dispose();
    if (this._derived) for (const d of this._derived.values()) d.block.dispose();
    this._derived = null;
  }
}
