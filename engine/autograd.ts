// The tape: graph recording for ops, backward() as a reverse topological walk, noGrad(), and the
// kernel scope through which every op moves its data in and out of the wasm scratch arena.
import { K } from './backend/index.js';
import { heap } from './backend/wasm.js';
import { markScratch, newF32Array, recycleF32Array, releaseScratch, scratchBytes, takeF32Array } from './memory.js';
import { fmtShape, Parameter, Tensor, type Node } from './tensor.js';

let gradEnabled = true;

/**
 * Runs fn with the mode set, restoring the previous one when fn returns or throws, or, when fn
 * returns a promise (an async callback), when that promise settles.
 * NOTE: the mode is one global flag (PyTorch's is thread-local): while an async callback awaits,
 * other async work sees the mode too. Restoring at the first await instead, as a plain try/finally
 * would, silently records graphs in the rest of the callback; restoring at settlement is what a
 * callback that awaits (a UI yield between generation steps) means. Don't interleave a noGrad
 * async callback with training in another async task.
 */
function withGradMode<T>(mode: boolean, fn: () => T, where: string): T {
  if (typeof fn !== 'function') throw new Error(`${where}: expected a callback, as ${where}(() => model.forward(x)), got ${fn === null ? 'null' : typeof fn}`);
  const prev = gradEnabled;
  gradEnabled = mode;
  let out: T;
  try {
    out = fn();
  } catch (e) {
    gradEnabled = prev;
    throw e;
  }
  if (out !== null && typeof out === 'object' && typeof (out as { then?: unknown }).then === 'function') {
    return Promise.resolve(out).finally(() => {
      gradEnabled = prev;
    }) as T;
  }
  gradEnabled = prev;
  return out;
}

/** Runs fn with gradient recording off (like `with torch.no_grad():`); an async fn keeps it off until its promise settles. */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn, 'noGrad');
}

/** Runs fn with gradient recording on (inside a noGrad, like torch.enable_grad); an async fn likewise. */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode(true, fn, 'enableGrad');
}

/** Whether ops are recorded for backward now: false inside noGrad (torch.is_grad_enabled). */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Whether an op over these inputs (null: an absent optional input) must be recorded. */
export function needsGraph(inputs: readonly (Tensor | null)[]): boolean {
  if (!gradEnabled) return false;
  for (const t of inputs) if (t?.requiresGrad) return true;
  return false;
}

/**
 * Records `out` as made by `op` from `inputs`; `backward(dy)` accumulates into the inputs'
 * gradients (through a KernelScope's gradOf). Does nothing when no input requires grad.
 * `release` runs when the graph is freed (after a backward() without retainGraph): the op gives
 * back what its closure saved (recycleF32Array).
 */
export function record(out: Tensor, op: string, inputs: Tensor[], backward: (dy: Float32Array) => void, release?: () => void): Tensor {
  if (!needsGraph(inputs)) return out;
  let versions: number[] | null = null;
  for (let i = 0; i < inputs.length; i++) {
    const b = inputs[i]._block;
    if (b) (versions ??= new Array<number>(inputs.length).fill(-1))[i] = b.version;
  }
  out.requiresGrad = true;
  out._node = { op, inputs, backward, versions, release: release ?? null } satisfies Node;
  return out;
}

/** The dy of the closure running now when backward() owns it (not the root's seed): it may pass it on. */
let passable: Float32Array | null = null;
let passed = false;

/**
 * In a backward closure: whether x is an op's result (not a leaf) that has received no gradient
 * yet, so that its gradient can be set from JS instead of accumulated by a kernel (view ops).
 */
function firstGradientOf(x: Tensor): boolean {
  return replaying !== null && x._node !== null && x._gradAcc === null;
}

/**
 * In a backward closure: makes dy (same elements, same order: a reshape) x's gradient as it is,
 * without a copy, when x has none yet and dy is backward()'s own; false: accumulate as usual.
 */
export function passGradient(x: Tensor, dy: Float32Array): boolean {
  if (dy !== passable || dy.length !== x.size || !firstGradientOf(x)) return false;
  x._gradAcc = dy;
  passed = true;
  return true;
}

/**
 * In a backward closure: adds dy into x's gradient at [offset, offset + dy.length) from JS (dy is a
 * contiguous view of x) when x is an op's result — its first gradient a new array zeroed around
 * dy, a later one added element by element (one float32 add each, as the strided kernel's) — and
 * returns true; false for a leaf, whose gradient a kernel scope accumulates.
 */
export function addGradientAt(x: Tensor, dy: Float32Array, offset: number): boolean {
  if (replaying === null || x._node === null) return false;
  const g = x._gradAcc;
  if (g) {
    for (let i = 0; i < dy.length; i++) g[offset + i] += dy[i];
    return true;
  }
  const fresh = takeF32Array(x.size);
  fresh.fill(0, 0, offset);
  fresh.fill(0, offset + dy.length);
  fresh.set(dy, offset);
  x._gradAcc = fresh;
  return true;
}

/** The node whose backward closure is running (its kernel scopes check the versions it saved). */
let replaying: Node | null = null;

/**
 * PyTorch's stale-graph error: t (an input of node, read in place by its backward) was written
 * (optimizer step, loadStateDict) after the forward that recorded node.
 */
function checkVersion(node: Node, t: Tensor): void {
  const i = node.inputs.indexOf(t);
  const b = t._block!;
  const saved = i >= 0 && node.versions ? node.versions[i] : -1;
  if (saved < 0 || b.version === saved) return;
  throw new Error(
    `backward (through ${node.op}): one of the variables needed for gradient computation has been modified by an inplace operation: ` +
      `[${b.label}] is at version ${b.version}; expected version ${saved} instead (an optimizer step, loadStateDict or init between this forward and backward())`,
  );
}

// ---------------------------------------------------------------------------------------------
// Kernel scope: pointers into the scratch arena for one op (forward or backward). Gradient
// targets of JS-backed tensors are copied in on first use and written back when the scope closes.

export class KernelScope {
  /** created on the first gradOf: forward scopes (most of them) never need it */
  private gradTargets: Map<Tensor, number> | null = null;

  /** The op this scope runs for (errors name it): the node's op in backward, else 'forward'. */
  readonly op: string;
  constructor(op?: string) {
    this.op = op ?? (replaying ? `backward (through ${replaying.op})` : 'forward');
  }

  /** Pointer to t's values: its own block for wasm-backed tensors (checked: alive, and not written since the forward of a backward), else a scratch copy. */
  in(t: Tensor): number {
    const b = t._block;
    if (b) {
      b.check(this.op);
      if (replaying) checkVersion(replaying, t);
      return b.ptr;
    }
    return this.array(t._js!);
  }

  /** Scratch copy of a JS array. */
  array(a: Float32Array): number {
    const ptr = scratchBytes(a.length * 4, this.op);
    heap.f32().set(a, ptr >> 2);
    return ptr;
  }

  /** Scratch copy of integers (i32). */
  ints(a: ArrayLike<number>): number {
    const ptr = scratchBytes(a.length * 4, this.op);
    heap.i32().set(a, ptr >> 2);
    return ptr;
  }

  /** Uninitialised scratch for n floats (op: who needs it, for errors; default the scope's). */
  out(n: number, op = this.op): number {
    return scratchBytes(n * 4, op);
  }

  /** Zeroed scratch for n floats. */
  zeros(n: number, op = this.op): number {
    const ptr = scratchBytes(n * 4, op);
    heap.f32().fill(0, ptr >> 2, (ptr >> 2) + n);
    return ptr;
  }

  /** A JS copy of n floats at ptr. */
  read(ptr: number, n: number): Float32Array {
    const a = newF32Array(n);
    a.set(heap.f32().subarray(ptr >> 2, (ptr >> 2) + n));
    return a;
  }

  /** Like read, into a recycled array (takeF32Array): for what only the op's backward reads, given back by its release. */
  readRecycled(ptr: number, n: number): Float32Array {
    const a = takeF32Array(n);
    a.set(heap.f32().subarray(ptr >> 2, (ptr >> 2) + n));
    return a;
  }

  /**
   * The pointer that t's gradient accumulates into: a parameter's grad block directly, else a
   * scratch buffer holding the gradient so far (written back when the scope closes).
   */
  gradOf(t: Tensor): number {
    this.gradTargets ??= new Map();
    const known = this.gradTargets.get(t);
    if (known !== undefined) return known;
    let ptr: number;
    if (t instanceof Parameter) {
      ptr = t._gradTarget(this.op).ptr;
    } else {
      const prev = t._node === null ? (t._grad?.data ?? null) : t._gradAcc;
      ptr = prev ? this.array(prev) : this.zeros(t.size);
    }
    this.gradTargets.set(t, ptr);
    return ptr;
  }

  /** Writes scratch gradient targets back into their tensors. */
  close(): void {
    if (!this.gradTargets) return;
    for (const [t, ptr] of this.gradTargets) {
      if (t instanceof Parameter) continue;
      if (t._node === null) {
        const g = this.read(ptr, t.size);
        if (t._grad?._js) t._grad._js.set(g);
        else t._grad = new Tensor(g, t.shape.slice());
      } else {
        // an intermediate's gradient is seen only by backward(), which hands it to the node's
        // closure and recycles it after; one it had (copied in by gradOf) takes the sum in place
        if (t._gradAcc) t._gradAcc.set(heap.f32().subarray(ptr >> 2, (ptr >> 2) + t.size));
        else t._gradAcc = this.readRecycled(ptr, t.size);
      }
    }
  }
}

/** Runs fn with a kernel scope: arena allocations die and gradient targets are written back at the end. */
export function kernel<T>(fn: (s: KernelScope, k: ReturnType<typeof K>) => T, op?: string): T {
  const mark = markScratch();
  const s = new KernelScope(op);
  try {
    const r = fn(s, K());
    s.close();
    return r;
  } finally {
    releaseScratch(mark, s.op);
  }
}

// ---------------------------------------------------------------------------------------------
// backward()

/**
 * Reverse-mode sweep from `root`: gradients accumulate (+=) into every leaf's .grad
 * (parameters: straight into their wasm grad blocks). The graph is freed afterwards unless
 * retainGraph.
 */
export function backward(root: Tensor, gradient?: Tensor, retainGraph = false): void {
  if (!root.requiresGrad) {
    throw new Error('backward: element 0 of tensors does not require grad and does not have a grad_fn');
  }
  let seed: Float32Array;
  if (gradient === undefined) {
    if (root.size !== 1) {
      throw new Error(`backward: grad can be implicitly created only for scalar outputs (output shape ${fmtShape(root.shape)}); pass a gradient`);
    }
    seed = new Float32Array(1).fill(1);
  } else {
    if (gradient.size !== root.size || gradient.shape.length !== root.shape.length || gradient.shape.some((d, i) => d !== root.shape[i])) {
      throw new Error(`backward: gradient has shape ${fmtShape(gradient.shape)}, output has shape ${fmtShape(root.shape)}`);
    }
    seed = gradient.toArray();
  }
  if (root._node && root._node.backward === null) throw freedError(root._node);

  // 1. topological order of the tensors that need a gradient (iterative DFS, post-order)
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  const stack: [Tensor, number][] = [[root, 0]];
  seen.add(root);
  while (stack.length) {
    const top = stack[stack.length - 1];
    const [t, i] = top;
    const inputs = t._node?.inputs ?? [];
    if (i < inputs.length) {
      top[1]++;
      const u = inputs[i];
      if (u.requiresGrad && !seen.has(u)) {
        seen.add(u);
        stack.push([u, 0]);
      }
    } else {
      stack.pop();
      order.push(t);
    }
  }

  // a disposed parameter anywhere in the graph fails the whole backward before any gradient moves
  // (a partial sweep would leave other leaves' gradients half accumulated, and the graph freed)
  for (const t of order) if (t._node === null && t._block) t._block.check('backward');

  // 2. walk it in reverse: each node sends its output's gradient to its inputs
  if (root._node) root._gradAcc = seed;
  else kernel((s, k) => k.axpy(s.gradOf(root), s.array(seed), 1, root.size));
  for (let i = order.length - 1; i >= 0; i--) {
    const t = order[i];
    const node = t._node;
    if (!node) continue;
    if (node.backward === null) throw freedError(node);
    const dy = t._gradAcc;
    t._gradAcc = null;
    if (dy) {
      replaying = node;
      passable = t !== root ? dy : null;
      passed = false;
      try {
        node.backward(dy);
      } finally {
        replaying = null;
        passable = null;
      }
      // NOTE: a backward closure reads dy while it runs (copies it into its scratch) and keeps
      // nothing of it, unless it passed dy on (passGradient); the root's is the seed
      if (t !== root && !passed) recycleF32Array(dy);
    }
    if (!retainGraph) {
      // free what the closure saved and the links, so a dropped loss releases its whole graph
      node.backward = null;
      node.inputs = [];
      const release = node.release;
      node.release = null;
      release?.();
    }
  }
}

function freedError(node: Node): Error {
  return new Error(
    `backward: trying to backward through the graph a second time (through ${node.op}), ` +
      'or to use saved results after they were freed; pass retainGraph = true to the first backward() if you need it twice',
  );
}
