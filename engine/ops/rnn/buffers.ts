// The buffers of one direction of one recurrent layer: the forward's (kept for backward when a
// graph is recorded) and the backward's, one struct each with one shape per field, allocated in
// the op's kernel scope. Letters: N packed rows (Σ batch sizes; step t holds rows off[t] …
// off[t] + bs[t]), B batch (rows of the first step), I input, H hidden, P output width (projSize
// or H), G gate rows (cells.ts: gateRows).
import type { KernelScope } from '../../autograd.js';
import { heap } from '../../backend/wasm.js';
import { allocBytes, freeBytes, recycleF32Array } from '../../memory.js';
import { CELLS } from './cells.js';

export type RnnKind = 'rnn_tanh' | 'rnn_relu' | 'lstm' | 'gru';

/** Dimensions of one layer. */
export interface Dims {
  N: number; // packed rows: Σ batchSizes
  B: number; // batch: rows of the first step
  T: number; // steps
  I: number; // input features
  H: number; // hidden size
  P: number; // output width: projSize, or H
  G: number; // gate rows
  D: number; // directions: 1, or 2 (bidirectional)
}

/** One direction's forward buffers (pointers; 0: absent for this kind, or without a graph). */
export interface Fwd {
  G: number; //     [N, G]   x·W_ihᵀ + biases, then the activated gates (RNN: pre-activations)
  h: number; //     [N, P]   h of every step: this direction's output
  hPrev: number; // [N, P]   the h each step started from (for dW_hh; GRU's backward) — graph
  c: number; //     [N, H]   LSTM: c of every step — graph
  cPrev: number; // [N, H]   LSTM: the c each step started from — graph
  m: number; //     [N, H]   LSTM with projection: o⊙tanh(c) before W_hr
  gru: number; //   [N, 4H]  GRU: r, z, n, gh_n of every step (without a graph: [B, 4H], one step's)
  gh: number; //    [B, G]   GRU: h·W_hhᵀ + b_hh of the current step
  hn: number; //    [B, P]   running h; rows ≥ bs[t] keep the state of finished sequences; ends as hn
  cn: number; //    [B, H]   LSTM: running c; ends as cn
}

/** One direction's backward buffers. */
export interface Bwd {
  dOut: number; // [N, P]  gradient of this direction's output
  dh: number; //   [B, P]  running dh: dhn, then dh_{t−1} step by step; ends as dh0
  dc: number; //   [B, H]  LSTM: running dc: dcn, then dc_{t−1}; ends as dc0
  dG: number; //   [N, G]  gradients of the pre-activations (GRU: of x·W_ihᵀ + b_ih)
  dGh: number; //  [N, G]  GRU: gradient of h·W_hhᵀ + b_hh
  dH: number; //   [N, P]  LSTM with projection: dh of every step (for dW_hr)
  dm: number; //   [B, H]  LSTM with projection: dm = dh·W_hr
  dhp: number; //  [B, P]  GRU: the direct part of dh_{t−1}, z⊙dh
}

type SavedField = 'G' | 'h' | 'hPrev' | 'c' | 'cPrev' | 'm' | 'gru';

/**
 * What backward needs of one direction's forward: the forward's own buffers, kept in the heap
 * (`kept`: allocated by a KeptBlocks, no copy either way), or copies read out of the op's scratch
 * (`arrays`: when the heap already holds KEPT_SAVED_BYTES for graphs not yet released). An RNN
 * with one direction reads h from the head of the op's result (`h`).
 */
export interface Saved {
  kept: Fwd | null;
  arrays: { [F in SavedField]: Float32Array | null } | null;
  h: Float32Array | null;
}

/**
 * Above this many bytes of saved buffers held in the heap by graphs that have not been released
 * (a backward without retainGraph releases them), a layer copies what it saves out of the heap
 * instead: a loop that records graphs and never calls backward (evaluation without noGrad) cannot
 * grow the heap by more than this and one layer. Graphs collected unreleased give theirs back via
 * a FinalizationRegistry (which runs only when the loop yields to the event loop, hence the cap).
 */
export const KEPT_SAVED_BYTES = 128 << 20;
let keptCap = KEPT_SAVED_BYTES;
let keptTotal = 0;

/** Bytes of saved buffers in the heap (tests). */
export function keptSavedBytes(): number {
  return keptTotal;
}

/** Sets the cap (tests: 0 takes the copying path); returns the previous one. */
export function setKeptSavedCap(bytes: number): number {
  const was = keptCap;
  keptCap = bytes;
  return was;
}

/** The heap blocks one recurrent op keeps for its backward, freed together by release(). */
export class KeptBlocks {
  private ptrs: number[] = [];
  private bytes = 0;
  /** A new set, or null when KEPT_SAVED_BYTES are already held. */
  static open(): KeptBlocks | null {
    return keptTotal < keptCap ? new KeptBlocks() : null;
  }
  /** n floats (uninitialised) that live until release(). */
  readonly alloc = (n: number): number => {
    const ptr = allocBytes(n * 4, 'rnn: a buffer saved for backward');
    this.ptrs.push(ptr);
    this.bytes += n * 4;
    keptTotal += n * 4;
    return ptr;
  };
  /** A copy of `a` that lives until release(). */
  copyOf(a: Float32Array): number {
    const ptr = this.alloc(a.length);
    heap.f32().set(a, ptr >> 2);
    return ptr;
  }
  /** Frees every block (all of them, even when guard mode reports an overrun in one: it throws after). */
  release(): void {
    const ptrs = this.ptrs;
    keptTotal -= this.bytes;
    this.ptrs = [];
    this.bytes = 0;
    let overrun: unknown = null;
    for (const p of ptrs) {
      try {
        freeBytes(p);
      } catch (e) {
        overrun ??= e;
      }
    }
    if (overrun) throw overrun;
  }
}

/**
 * Allocates one direction's forward buffers; hn, cn are given (slices of the op's result or the
 * stack's scratch), h too unless 0 (then allocated: a direction of a bidirectional layer). What
 * backward reads comes from `keep` when given (KeptBlocks.alloc), else from the scope's scratch.
 */
export function forwardBuffers(
  s: KernelScope,
  kind: RnnKind,
  d: Dims,
  proj: boolean,
  graph: boolean,
  h: number,
  hn: number,
  cn: number,
  keep: ((n: number) => number) | null,
): Fwd {
  const lstm = kind === 'lstm';
  const gru = kind === 'gru';
  const rnn = CELLS[kind].backwardReadsH;
  const scratch = (n: number) => s.out(n);
  const saved = keep ?? scratch;
  return {
    G: (graph ? saved : scratch)(d.N * d.G),
    h: h || (rnn && graph ? saved : scratch)(d.N * d.P),
    hn,
    cn,
    hPrev: graph ? saved(d.N * d.P) : 0,
    c: lstm && graph ? saved(d.N * d.H) : 0,
    cPrev: lstm && graph ? saved(d.N * d.H) : 0,
    m: proj ? (graph ? saved : scratch)(d.N * d.H) : 0,
    gru: gru ? (graph ? saved(d.N * 4 * d.H) : s.out(d.B * 4 * d.H)) : 0,
    gh: gru ? s.out(d.B * d.G) : 0,
  };
}

/** Allocates one direction's backward buffers around its output gradient dOut. */
export function backwardBuffers(s: KernelScope, kind: RnnKind, d: Dims, proj: boolean, dOut: number): Bwd {
  const gru = kind === 'gru';
  return {
    dOut,
    dh: s.out(d.B * d.P),
    dc: kind === 'lstm' ? s.out(d.B * d.H) : 0,
    dG: s.out(d.N * d.G),
    dGh: gru ? s.out(d.N * d.G) : 0,
    dH: proj ? s.out(d.N * d.P) : 0,
    dm: proj ? s.out(d.B * d.H) : 0,
    dhp: gru ? s.out(d.B * d.P) : 0,
  };
}

/**
 * What backward needs of f: f itself when its buffers were kept (`kept`), else copies read into
 * recycled arrays (see unsave). `h` (RNN with one direction: tanh/relu backward from the output)
 * is a view of the result.
 */
export function save(s: KernelScope, kind: RnnKind, d: Dims, f: Fwd, h: Float32Array | null, kept: boolean): Saved {
  if (kept) return { kept: f, arrays: null, h };
  const read = (p: number, n: number) => (p ? s.readRecycled(p, n) : null);
  const rnn = CELLS[kind].backwardReadsH;
  const arrays = {
    G: read(f.G, d.N * d.G),
    hPrev: read(f.hPrev, d.N * d.P),
    c: read(f.c, d.N * d.H),
    cPrev: read(f.cPrev, d.N * d.H),
    m: read(f.m, d.N * d.H),
    gru: read(f.gru, d.N * 4 * d.H),
    h: rnn && !h ? read(f.h, d.N * d.P) : null,
  };
  return { kept: null, arrays, h };
}

/** Gives save's copies back for reuse once the graph is freed (the kept blocks are freed by their KeptBlocks). */
export function unsave(v: Saved): void {
  for (const a of Object.values(v.arrays ?? {})) if (a) recycleF32Array(a);
}

/** The saved forward in the backward's scope (hn, cn and gh are not needed there; h only by an RNN). */
export function restore(s: KernelScope, kind: RnnKind, v: Saved): Fwd {
  const rnn = CELLS[kind].backwardReadsH;
  const put = (a: Float32Array | null) => (a ? s.array(a) : 0);
  const h = v.h ? s.array(v.h) : 0;
  if (v.kept) return { ...v.kept, h: rnn ? h || v.kept.h : 0, gh: 0, hn: 0, cn: 0 };
  const a = v.arrays!;
  return { G: put(a.G), h: h || put(a.h), hPrev: put(a.hPrev), c: put(a.c), cPrev: put(a.cPrev), m: put(a.m), gru: put(a.gru), gh: 0, hn: 0, cn: 0 };
}
