// The time loop of one recurrent layer over pointers, inside the caller's kernel scope:
// layerForward and, right under it, layerBackward (every direction of the layer; the op in op.ts
// wraps them in one autodiff node). Forward: one product for the input projection of all steps,
// then the time loop (slices.ts: per step the cell, cells.ts: its h·W_hhᵀ and pointwise kernel).
// Backward: the time loop of the cell's backward (its dG·W_hh); after it one GEMM each for dX,
// dW_ih, dW_hh, dW_hr. The time loops of all directions, each over blocks of batch rows, run at
// once on the thread pool when the layer is big enough (backend/threads.ts recurrentBlocks), else
// one after the other on the calling thread: the same values either way. The directions of a
// bidirectional layer write their h side by side into one [N, D·P] output.
import type { KernelScope } from '../../autograd.js';
import { gemmWorkBytes, type Kernels } from '../../backend/kernels.js';
import type { Tensor } from '../../tensor.js';
import { stepWeight, timesWeight } from '../times-weight.js';
import { gatherStrided, writeStrided } from '../layout.js';
import { recurrentBlocks, runRecurrentJob } from '../../backend/threads.js';
import { backwardBuffers, forwardBuffers, restore, type Dims, type Fwd, type RnnKind, type Saved } from './buffers.js';
import { CELLS } from './cells.js';
import { backwardRows, forwardRows, writeRowsJob, type RowsDirection } from './slices.js';

export interface RnnLayerWeights {
  wIh: Tensor; // [G, I]
  wHh: Tensor; // [G, P]
  bIh: Tensor | null; // [G]
  bHh: Tensor | null; // [G]
  wHr: Tensor | null; // [P, H] (LSTM projection)
}

/** The packed layout of one layer: batch sizes per step and each step's first row. */
export interface Steps {
  bs: readonly number[]; // [T] non-increasing
  off: number[]; // [T + 1] row offsets: step t holds rows off[t] … off[t + 1]
}

export function steps(batchSizes: readonly number[]): Steps {
  const off = new Array<number>(batchSizes.length + 1);
  off[0] = 0;
  for (let t = 0; t < batchSizes.length; t++) off[t + 1] = off[t] + batchSizes[t];
  return { bs: batchSizes, off };
}

/**
 * Forward of every direction of one layer: x [N, I]; h0 [D, B, P], c0 [D, B, H] (0: zeros);
 * writes out [N, D·P] (direction d in columns d·P …), hn [D, B, P], cn [D, B, H] (LSTM).
 * Returns each direction's buffers (what backward reads, when graph: from `keep` when given, see
 * buffers.ts KeptBlocks).
 */
export function layerForward(
  s: KernelScope,
  k: Kernels,
  kind: RnnKind,
  d: Dims,
  st: Steps,
  ws: readonly RnnLayerWeights[],
  x: number,
  h0: number,
  c0: number,
  out: number,
  hn: number,
  cn: number,
  graph: boolean,
  keep: ((n: number) => number) | null = null,
): Fwd[] {
  const { N, B, T, P, H, D } = d;
  const cell = CELLS[kind];
  const dirs: RowsDirection[] = [];
  for (let dir = 0; dir < D; dir++) {
    const w = ws[dir];
    const f = forwardBuffers(s, kind, d, w.wHr !== null, graph, D === 1 ? out : 0, hn + 4 * dir * B * P, cn ? cn + 4 * dir * B * H : 0, keep);
    if (h0) k.copy(f.hn, h0 + 4 * dir * B * P, B * P);
    else k.fill(f.hn, 0, B * P);
    if (cn) {
      if (c0) k.copy(f.cn, c0 + 4 * dir * B * H, B * H);
      else k.fill(f.cn, 0, B * H);
    }
    // G = x·W_ihᵀ + b_ih (+ b_hh unless the cell adds it per step), or all gates of the one step
    // of one row from ONE GEMV over [x │ h0 │ 1]
    const fused = stepWeight(s, k, w, { rows: N, uses: T, graph, hhBiasInStep: cell.hhBiasInStep });
    if (fused) {
      fused(f.G, x, f.hn);
    } else {
      timesWeight(s, k, w.wIh, { rows: N, uses: 1, recurrent: false, graph })(f.G, x, N, 0);
      if (w.bIh) k.add_row_vector(f.G, f.G, s.in(w.bIh), N, d.G);
      if (w.bHh && !cell.hhBiasInStep) k.add_row_vector(f.G, f.G, s.in(w.bHh), N, d.G);
    }
    const use = { rows: B, uses: T, recurrent: true, graph };
    const hh = fused ? null : timesWeight(s, k, w.wHh, use);
    const hr = w.wHr ? timesWeight(s, k, w.wHr, use) : null;
    const bHh = w.bHh && cell.hhBiasInStep ? s.in(w.bHh) : 0;
    dirs.push({ f, g: null, hh, hr, bHh });
  }
  // the time loop: on the pool, directions × row blocks at once; else one direction after the other
  const blocks = recurrentBlocks(k, D, B, T * B * d.G * P);
  if (blocks) runRecurrentJob(D * blocks, (desc) => writeRowsJob(desc, kind, false, graph, d, blocks, stepsPointer(s, st), dirs));
  else for (let dir = 0; dir < D; dir++) forwardRows(k, kind, d, st.bs, st.off, dir, dirs[dir].f, dirs[dir], graph, 0, B);
  if (D > 1) for (let dir = 0; dir < D; dir++) writeStrided(s, k, 'rnn', out, dirs[dir].f.h, [N, P], [D * P, 1], dir * P);
  return dirs.map((x) => x.f);
}

/**
 * Backward of layerForward: dflat = [dOut [N, D·P] │ dhn [D, B, P] │ dcn [D, B, H]] (pointer);
 * accumulates into the gradients of x, h0, c0 and the weights (those that require grad). keptX:
 * x's copy kept in the heap since the forward (0: copy it in again).
 */
export function layerBackward(
  s: KernelScope,
  k: Kernels,
  kind: RnnKind,
  d: Dims,
  st: Steps,
  ws: readonly RnnLayerWeights[],
  x: Tensor,
  h0: Tensor | null,
  c0: Tensor | null,
  saved: readonly Saved[],
  dflat: number,
  keptX = 0,
): void {
  const { N, B, T, I, P, H, D } = d;
  const cell = CELLS[kind];
  const dhn = dflat + 4 * N * D * P;
  const dcn = dhn + 4 * D * B * P;
  // the gradient targets and x before the directions' buffers
  const grad = (t: Tensor | null) => (t?.requiresGrad ? s.gradOf(t) : 0);
  const [dx, dh0, dc0] = [grad(x), grad(h0), grad(c0)];
  const px = !ws.some((w) => w.wIh.requiresGrad) ? 0 : keptX || s.in(x);
  const dws = ws.map((w) => ({ wIh: grad(w.wIh), wHh: grad(w.wHh), bIh: grad(w.bIh), bHh: grad(w.bHh), wHr: grad(w.wHr) }));
  // every direction's buffers and products first, so that their time loops can run at once
  const dirs: RowsDirection[] = [];
  for (let dir = 0; dir < D; dir++) {
    const w = ws[dir];
    const f = restore(s, kind, saved[dir]);
    const dOut = D === 1 ? dflat : gatherStrided(s, k, 'rnn', dflat, [N, P], [D * P, 1], dir * P);
    const g = backwardBuffers(s, kind, d, w.wHr !== null, dOut);
    k.copy(g.dh, dhn + 4 * dir * B * P, B * P);
    if (g.dc) k.copy(g.dc, dcn + 4 * dir * B * H, B * H);
    const use = { rows: B, uses: T, recurrent: true, graph: true, op: 'N' as const };
    dirs.push({ f, g, hh: timesWeight(s, k, w.wHh, use), hr: w.wHr ? timesWeight(s, k, w.wHr, use) : null, bHh: 0 });
  }
  const blocks = recurrentBlocks(k, D, B, T * B * d.G * P);
  if (blocks) runRecurrentJob(D * blocks, (desc) => writeRowsJob(desc, kind, true, true, d, blocks, stepsPointer(s, st), dirs));
  else for (let dir = 0; dir < D; dir++) backwardRows(k, kind, d, st.bs, st.off, dir, dirs[dir].f, dirs[dir].g!, { hh: dirs[dir].hh!, hr: dirs[dir].hr }, 0, B);
  for (let dir = 0; dir < D; dir++) {
    const w = ws[dir];
    const f = dirs[dir].f,
      g = dirs[dir].g!;
    if (dh0) k.axpy(dh0 + 4 * dir * B * P, g.dh, 1, B * P);
    if (dc0) k.axpy(dc0 + 4 * dir * B * H, g.dc, 1, B * H);
    // dX += dG·W_ih ; dW_ih += dGᵀ·X ; dW_hh += dRecᵀ·hPrev ; db_ih += Σ dG ; db_hh += Σ dRec ; dW_hr += dHᵀ·m
    const dG = g.dG;
    const dRec = cell.hhBiasInStep ? g.dGh : dG; // gradient of the h·W_hhᵀ (+ b_hh) term
    const G = d.G;
    const dw = dws[dir];
    if (dx) timesWeight(s, k, w.wIh, { rows: N, uses: 1, recurrent: false, graph: true, op: 'N' })(dx, dG, N, 1);
    if (dw.wIh) k.sgemm(dw.wIh, dG, px, s.out(gemmWorkBytes(G, I, N) / 4), G, I, N, G, I, I, 1, 0, 1);
    if (dw.wHh) k.sgemm(dw.wHh, dRec, f.hPrev, s.out(gemmWorkBytes(G, P, N) / 4), G, P, N, G, P, P, 1, 0, 1);
    if (dw.bIh) k.sum_rows(dw.bIh, dG, N, G);
    if (dw.bHh) k.sum_rows(dw.bHh, dRec, N, G);
    if (dw.wHr) k.sgemm(dw.wHr, g.dH, f.m, s.out(gemmWorkBytes(P, H, N) / 4), P, H, N, P, H, H, 1, 0, 1);
  }
}

/** bs[T] then off[T + 1] as Int32 in the scope's scratch: what a pool worker reads the packed layout from. */
function stepsPointer(s: KernelScope, st: Steps): number {
  return s.ints([...st.bs, ...st.off]);
}
