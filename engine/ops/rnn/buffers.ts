// The buffers of one direction of one recurrent layer: the forward's (kept for backward when a
// graph is recorded) and the backward's, one struct each with one shape per field, allocated in
// the op's kernel scope. Letters: N packed rows (Σ batch sizes; step t holds rows off[t] …
// off[t] + bs[t]), B batch (rows of the first step), I input, H hidden, P output width (projSize
// or H), G gate rows (cells.ts: gateRows).
import type { KernelScope } from '../../autograd.js';
import { recycleF32Array } from '../../memory.js';

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

/** What backward needs of one direction's forward, read out of the heap (the op's scratch dies with its scope). */
export type Saved = { [F in 'G' | 'h' | 'hPrev' | 'c' | 'cPrev' | 'm' | 'gru']: Float32Array | null };

/** Allocates one direction's forward buffers; h, hn, cn are given (they are slices of the op's result or the stack's scratch). */
export function forwardBuffers(s: KernelScope, kind: RnnKind, d: Dims, proj: boolean, graph: boolean, h: number, hn: number, cn: number): Fwd {
  const lstm = kind === 'lstm';
  const gru = kind === 'gru';
  return {
    G: s.out(d.N * d.G),
    h,
    hn,
    cn,
    hPrev: graph ? s.out(d.N * d.P) : 0,
    c: lstm && graph ? s.out(d.N * d.H) : 0,
    cPrev: lstm && graph ? s.out(d.N * d.H) : 0,
    m: proj ? s.out(d.N * d.H) : 0,
    gru: gru ? s.out((graph ? d.N : d.B) * 4 * d.H) : 0,
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
 * Reads what backward needs; `h` (RNN only: tanh/relu backward from the output) may be given as a
 * view of the result. Everything else is read into recycled arrays: see unsave.
 */
export function save(s: KernelScope, kind: RnnKind, d: Dims, f: Fwd, h: Float32Array | null): Saved {
  const read = (p: number, n: number) => (p ? s.readRecycled(p, n) : null);
  const rnn = kind === 'rnn_tanh' || kind === 'rnn_relu';
  return {
    G: read(f.G, d.N * d.G),
    hPrev: read(f.hPrev, d.N * d.P),
    c: read(f.c, d.N * d.H),
    cPrev: read(f.cPrev, d.N * d.H),
    m: read(f.m, d.N * d.H),
    gru: read(f.gru, d.N * 4 * d.H),
    h: rnn ? (h ?? read(f.h, d.N * d.P)) : null,
  };
}

/** Gives save's arrays back for reuse once the graph is freed (`fromResult`: h is a view of the op's result, not ours). */
export function unsave(v: Saved, fromResult: boolean): void {
  for (const key of ['G', 'hPrev', 'c', 'cPrev', 'm', 'gru', 'h'] as const) {
    const a = v[key];
    if (a && !(key === 'h' && fromResult)) recycleF32Array(a);
  }
}

/** The saved forward back in the backward's scope (hn, cn and gh are not needed there). */
export function restore(s: KernelScope, v: Saved): Fwd {
  const put = (a: Float32Array | null) => (a ? s.array(a) : 0);
  return { G: put(v.G), h: put(v.h), hPrev: put(v.hPrev), c: put(v.c), cPrev: put(v.cPrev), m: put(v.m), gru: put(v.gru), gh: 0, hn: 0, cn: 0 };
}
