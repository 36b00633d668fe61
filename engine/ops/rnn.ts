// The fused recurrent layer op: one direction of one RNN/LSTM/GRU layer over a (packed) sequence
// is ONE autodiff op. Forward: one GEMM for the input projection of all steps, then per step one
// GEMM with the packed recurrent weight and one fused pointwise kernel. Backward: per step the
// pointwise backward and one GEMM for dh[t−1]; after the loop one GEMM each for dW_ih, dW_hh, dX.
//
// | buffer          | shape     | contents                                                  |
// |-----------------|-----------|-----------------------------------------------------------|
// | x               | [N, I]    | packed time-major rows: step t holds rows off[t] … +bs[t]  |
// | G (gates)       | [N, Gr]   | Gr = 4H (LSTM), 3H (GRU), H (RNN): x·W_ihᵀ + biases, then activated |
// | out             | [N, P]    | h of every step (P = projSize or H)                        |
// | hPrev           | [N, P]    | the h each step started from (for dW_hh)                   |
// | c, cPrev        | [N, H]    | LSTM cell states                                          |
// | m               | [N, H]    | LSTM with projection: o⊙tanh(c) before W_hr                |
// | state, cstate   | [B, P/H]  | running h/c: rows ≥ bs[t] keep the state of finished (or not yet started) sequences |
import { kernel, needsGraph, record, type KernelScope } from '../autograd.js';
import { gemmPackedWorkBytes, gemmWorkBytes, type Kernels } from '../backend/kernels.js';
import { fmtShape, Tensor } from '../tensor.js';
import { packedWeight, stepGemvK, stepGemvWeight, timesWt } from './packed-weights.js';
import { writeStrided } from './util.js';

export type RnnKind = 'rnn_tanh' | 'rnn_relu' | 'lstm' | 'gru';

export interface RnnLayerWeights {
  wIh: Tensor; // [Gr, I]
  wHh: Tensor; // [Gr, P]
  bIh: Tensor | null; // [Gr]
  bHh: Tensor | null; // [Gr]
  wHr: Tensor | null; // [P, H] (LSTM projection)
}

/**
 * The kernels' pointer extents come from batchSizes: they must be positive integers, non-increasing,
 * summing to the N rows of x (PackedSequence checks this where it is made; this is the net for
 * anything that reaches the op another way).
 */
function checkBatchSizes(op: string, batchSizes: readonly number[], N: number): void {
  let rows = 0;
  for (let t = 0; t < batchSizes.length; t++) {
    const b = batchSizes[t];
    if (!Number.isInteger(b) || b <= 0 || (t > 0 && b > batchSizes[t - 1])) {
      throw new Error(`${op}: batch sizes must be positive, non-increasing integers, got ${b} at step ${t} (${batchSizes.length} steps)`);
    }
    rows += b;
  }
  if (rows !== N) throw new Error(`${op}: batch sizes describe ${rows} rows, the input has ${N}`);
}

/** Rows offsets of each step in the packed layout. */
function offsets(batchSizes: readonly number[]): number[] {
  const off = new Array<number>(batchSizes.length + 1);
  off[0] = 0;
  for (let t = 0; t < batchSizes.length; t++) off[t + 1] = off[t] + batchSizes[t];
  return off;
}

function gateRows(kind: RnnKind, H: number): number {
  return kind === 'lstm' ? 4 * H : kind === 'gru' ? 3 * H : H;
}

/** Scratch buffers of one layer-direction forward, kept for backward. */
interface ForwardBufs { res: number; G: number; hPrev: number; c: number; cPrev: number; m: number; gsave: number }

/**
 * The forward of one direction of one layer over pointers, inside the caller's kernel scope:
 * px [N, I], ph0 [B, P], pc0 [B, H] (0 = zeros). Writes [out | hn | cn] at the returned res.
 */
function layerForward(s: KernelScope, k: Kernels, kind: RnnKind, px: number, N: number, I: number, batchSizes: readonly number[],
  ph0: number, pc0: number, w: RnnLayerWeights, H: number, reverse: boolean, save = true): ForwardBufs {
  const B = batchSizes.length ? batchSizes[0] : 0;
  const T = batchSizes.length;
  const P = w.wHr ? w.wHr.shape[0] : H;
  const Gr = gateRows(kind, H);
  const lstm = kind === 'lstm';
  const gru = kind === 'gru';
  const off = offsets(batchSizes);
  const total = N * P + B * P + (lstm ? B * H : 0);
  const G = s.out(N * Gr);
  const pbHh = w.bHh ? s.in(w.bHh) : 0;
  // NOTE: packed GEMV copies pay off when they serve again before the weights change: always
  // without a graph (generation), within one training forward only when W_hh/W_hr serve T > 1 steps
  const reuse = !save || T > 1;
  // one step of one row without a graph (a generation step, LSTM/RNN): every gate from ONE GEMV
  // over [x | h0 | 1]
  const stepW = N === 1 && !gru && !save ? stepGemvWeight(s, k, w.wIh, w.wHh, w.bIh, w.bHh) : 0;
  if (stepW) {
    const K = stepGemvK(I, P, w.bIh !== null || w.bHh !== null);
    const xh = s.out(K);
    k.copy(xh, px, I);
    k.copy(xh + 4 * I, ph0, P);
    if (K > I + P) k.fill(xh + 4 * (I + P), 1, 1);
    k.sgemv_packed(G, xh, stepW, Gr, K, 0);
  } else {
    // G = x·W_ihᵀ + b_ih (+ b_hh, except GRU where b_hh stays inside r⊙(…))
    timesWt(s, k, G, px, w.wIh, s.in(w.wIh), 0, N, 0, !save);
    if (w.bIh) k.add_row_vector(G, G, s.in(w.bIh), N, Gr);
    if (w.bHh && !gru) k.add_row_vector(G, G, pbHh, N, Gr);
  }
  // W_hhᵀ packed once for all steps
  // NOTE: below 4 rows (generation, batch 1–3) GEMVs beat the packed GEMM: batch 1 uses the
  // GEMV-packed W_hh (cached like the GEMM-packed one), batch 2–3 the direct x·Wᵀ of sgemm
  const direct = B < 4;
  const Whp = direct ? 0 : packedWeight(s, k, w.wHh, P, Gr, P, 1);
  const pWhh = s.in(w.wHh);
  // (the direct GEMVs below 4 rows need no work; the packed GEMM and the W_hr product do)
  const work = s.out(Math.max(gemmPackedWorkBytes(B, P), gemmWorkBytes(B, P, H, 0, 1)) / 4);
  // out | state | cstate are laid out as the op's flat result [out, hn, cn]: the running state
  // ends as hn/cn in place, and one read returns all three
  const res = s.out(total);
  const out = res;
  const state = res + 4 * N * P;
  // what backward needs (h_{t−1}, c_{t−1} and c of every step) is kept only when save is set
  const hPrev = save ? s.out(N * P) : 0;
  k.copy(state, ph0, B * P);
  const c = lstm && save ? s.out(N * H) : 0;
  const cPrev = lstm && save ? s.out(N * H) : 0;
  const cstate = lstm ? res + 4 * (N * P + B * P) : 0;
  if (lstm) {
    if (pc0) k.copy(cstate, pc0, B * H);
    else k.fill(cstate, 0, B * H);
  }
  const m = w.wHr ? s.out(N * H) : 0;
  const pWhr = w.wHr ? s.in(w.wHr) : 0;
  const gh = gru ? s.out(B * Gr) : 0;
  const gsave = gru ? s.out((save ? N : B) * 4 * H) : 0; // without save: one step's gates, reused
  for (let i = 0; i < T; i++) {
    const t = reverse ? T - 1 - i : i;
    const bt = batchSizes[t];
    const r0 = off[t];
    const Gt = G + 4 * r0 * Gr;
    if (save) k.copy(hPrev + 4 * r0 * P, state, bt * P);
    if (gru) {
      // gh = h·W_hhᵀ + b_hh; h = (1−z)⊙n + z⊙h_prev
      if (direct) timesWt(s, k, gh, state, w.wHh, pWhh, work, bt, 0, reuse);
      else k.sgemm_packed(gh, state, Whp, work, bt, Gr, P, P, Gr, 0, 0);
      if (w.bHh) k.add_row_vector(gh, gh, pbHh, bt, Gr);
      k.gru_cell_forward(out + 4 * r0 * P, save ? gsave + 4 * r0 * 4 * H : gsave, Gt, gh, state, bt, H);
    } else {
      // G_t += h·W_hhᵀ (already in G with stepW)
      if (!stepW) {
        if (direct) timesWt(s, k, Gt, state, w.wHh, pWhh, work, bt, 1, reuse);
        else k.sgemm_packed(Gt, state, Whp, work, bt, Gr, P, P, Gr, 0, 1);
      }
      if (lstm) {
        const ht = w.wHr ? m + 4 * r0 * H : out + 4 * r0 * P;
        if (save) {
          k.copy(cPrev + 4 * r0 * H, cstate, bt * H);
          k.lstm_cell_forward(ht, c + 4 * r0 * H, Gt, cstate, bt, H);
          k.copy(cstate, c + 4 * r0 * H, bt * H);
        } else {
          k.lstm_cell_forward(ht, cstate, Gt, cstate, bt, H); // c updated in place
        }
        // h = W_hr·m
        if (w.wHr) timesWt(s, k, out + 4 * r0 * P, ht, w.wHr, pWhr, work, bt, 0, reuse);
      } else if (kind === 'rnn_tanh') {
        k.tanh_forward(out + 4 * r0 * P, Gt, bt * H);
      } else {
        k.relu_forward(out + 4 * r0 * P, Gt, bt * H);
      }
    }
    k.copy(state, out + 4 * r0 * P, bt * P);
  }
  return { res, G, hPrev, c, cPrev, m, gsave };
}

/**
 * One direction of one recurrent layer. x [N, I] packed by `batchSizes` (non-increasing, sum N;
 * an unpacked [T, B, I] input is the case bs = [B, …, B]); h0 [B, P]; c0 [B, H] (LSTM).
 * reverse: runs from the last step to the first, each sequence starting at its own last step.
 * Returns one flat tensor [out (N·P) | hn (B·P) | cn (B·H, LSTM)] so a single node carries the
 * gradients of all three; the caller slices it.
 */
export function rnnLayer(kind: RnnKind, x: Tensor, batchSizes: readonly number[], h0: Tensor, c0: Tensor | null,
  w: RnnLayerWeights, H: number, reverse: boolean): Tensor {
  const N = x.shape[0];
  const I = x.shape[1];
  const B = batchSizes.length ? batchSizes[0] : 0;
  const T = batchSizes.length;
  const P = w.wHr ? w.wHr.shape[0] : H;
  const Gr = gateRows(kind, H);
  const lstm = kind === 'lstm';
  const gru = kind === 'gru';
  if (w.wIh.shape[0] !== Gr || w.wIh.shape[1] !== I) throw new Error(`rnnLayer: weight_ih has shape ${fmtShape(w.wIh.shape)}, expected [${Gr}, ${I}]`);
  checkBatchSizes('rnnLayer', batchSizes, N);
  if (h0.size !== B * P) throw new Error(`rnnLayer: h0 has shape ${fmtShape(h0.shape)}, expected [${B}, ${P}]`);
  const off = offsets(batchSizes);
  const steps = reverse ? [...Array(T).keys()].reverse() : [...Array(T).keys()];
  const cnSize = lstm ? B * H : 0;
  const total = N * P + B * P + cnSize;

  let saved: { G: Float32Array; hPrev: Float32Array; c: Float32Array | null; cPrev: Float32Array | null; m: Float32Array | null; out: Float32Array; gru: Float32Array | null } | null = null;

  const inputs = [x, h0, ...(c0 ? [c0] : []), w.wIh, w.wHh, ...(w.bIh ? [w.bIh] : []), ...(w.bHh ? [w.bHh] : []), ...(w.wHr ? [w.wHr] : [])];
  const needGrad = needsGraph(inputs);
  const flat = kernel((s, k) => {
    // without a graph nothing is kept for backward (and batch-1 steps take the packed GEMVs)
    const f = layerForward(s, k, kind, s.in(x), N, I, batchSizes, s.in(h0), c0 ? s.in(c0) : 0, w, H, reverse, needGrad);
    const { res, G, hPrev, c, cPrev, m, gsave } = f;
    const flat = s.read(res, total);
    if (needGrad) {
      saved = {
        // out is the head of the op's own result: kept as a view, not read twice
        G: s.read(G, N * Gr), hPrev: s.read(hPrev, N * P), out: flat.subarray(0, N * P),
        c: lstm ? s.read(c, N * H) : null, cPrev: lstm ? s.read(cPrev, N * H) : null,
        m: w.wHr ? s.read(m, N * H) : null, gru: gru ? s.read(gsave, N * 4 * H) : null,
      };
    }
    return flat;
  }, kind);

  return record(new Tensor(flat, [total]), kind, inputs, (dflat) => kernel((s, k) => {
    const sv = saved!;
    const pdflat = s.array(dflat);
    const dOut = pdflat;
    const dstate = s.out(B * P);
    k.copy(dstate, pdflat + 4 * N * P, B * P); // dhn
    const dcstate = lstm ? s.out(B * H) : 0;
    if (lstm) k.copy(dcstate, pdflat + 4 * (N * P + B * P), B * H); // dcn
    const G = s.array(sv.G);
    const hPrev = s.array(sv.hPrev);
    const outp = !lstm && !gru ? s.array(sv.out) : 0; // RNN: tanh/relu backward from the output
    const c = sv.c ? s.array(sv.c) : 0;
    const cPrev = sv.cPrev ? s.array(sv.cPrev) : 0;
    const m = sv.m ? s.array(sv.m) : 0;
    const gsave = sv.gru ? s.array(sv.gru) : 0;
    const pWhr = w.wHr ? s.in(w.wHr) : 0;
    // dG: gradients of the pre-activations (GRU: of gx), dGh (GRU: of gh)
    const dG = s.out(N * Gr);
    const dGh = gru ? s.out(N * Gr) : 0;
    const dH = w.wHr ? s.out(N * P) : 0; // total dh per step, for dW_hr
    const dm = w.wHr ? s.out(B * H) : 0;
    const dhp = gru ? s.out(B * P) : 0;
    // W_hh (not transposed) packed for dh_prev = dG·W_hh
    const Wp = packedWeight(s, k, w.wHh, Gr, P, P, 0);
    const work = s.out(Math.max(gemmPackedWorkBytes(B, Gr), gemmWorkBytes(B, H, P)) / 4);
    for (let i = steps.length - 1; i >= 0; i--) {
      const t = steps[i];
      const bt = batchSizes[t];
      const r0 = off[t];
      // dh = dOut[t] + dh from step t+1 (or dhn)
      k.axpy(dstate, dOut + 4 * r0 * P, 1, bt * P);
      const dGt = dG + 4 * r0 * Gr;
      if (lstm) {
        let dhCell = dstate;
        if (w.wHr) {
          // h = W_hr·m: dm = dh·W_hr
          k.copy(dH + 4 * r0 * P, dstate, bt * P);
          k.sgemm(dm, dstate, pWhr, work, bt, H, P, P, H, H, 0, 0, 0);
          dhCell = dm;
        }
        k.lstm_cell_backward(dGt, dcstate, G + 4 * r0 * Gr, c + 4 * r0 * H, cPrev + 4 * r0 * H, dhCell, dcstate, bt, H);
        // dh_prev = dG·W_hh
        k.sgemm_packed(dstate, dGt, Wp, work, bt, P, Gr, Gr, P, 0, 0);
      } else if (gru) {
        k.gru_cell_backward(dGt, dGh + 4 * r0 * Gr, dhp, gsave + 4 * r0 * 4 * H, hPrev + 4 * r0 * P, dstate, bt, H);
        k.copy(dstate, dhp, bt * P);
        k.sgemm_packed(dstate, dGh + 4 * r0 * Gr, Wp, work, bt, P, Gr, Gr, P, 0, 1);
      } else {
        k.fill(dGt, 0, bt * H);
        if (kind === 'rnn_tanh') k.tanh_backward(dGt, outp + 4 * r0 * P, dstate, bt * H);
        else k.relu_backward(dGt, outp + 4 * r0 * P, dstate, bt * H);
        k.sgemm_packed(dstate, dGt, Wp, work, bt, P, Gr, Gr, P, 0, 0);
      }
    }
    const dRec = gru ? dGh : dG; // gradient of the h·W_hhᵀ (+ b_hh) term
    if (h0.requiresGrad) k.axpy(s.gradOf(h0), dstate, 1, B * P);
    if (c0 && c0.requiresGrad) k.axpy(s.gradOf(c0), dcstate, 1, B * H);
    // dX += dG·W_ih ; dW_ih += dGᵀ·X ; dW_hh += dRecᵀ·hPrev ; db_ih += Σ dG ; db_hh += Σ dRec ; dW_hr += dHᵀ·m
    if (x.requiresGrad) k.sgemm(s.gradOf(x), dG, s.in(w.wIh), s.out(gemmWorkBytes(N, I, Gr) / 4), N, I, Gr, Gr, I, I, 0, 0, 1);
    if (w.wIh.requiresGrad) k.sgemm(s.gradOf(w.wIh), dG, s.in(x), s.out(gemmWorkBytes(Gr, I, N) / 4), Gr, I, N, Gr, I, I, 1, 0, 1);
    if (w.wHh.requiresGrad) k.sgemm(s.gradOf(w.wHh), dRec, hPrev, s.out(gemmWorkBytes(Gr, P, N) / 4), Gr, P, N, Gr, P, P, 1, 0, 1);
    if (w.bIh?.requiresGrad) k.sum_rows(s.gradOf(w.bIh), dG, N, Gr);
    if (w.bHh?.requiresGrad) k.sum_rows(s.gradOf(w.bHh), dRec, N, Gr);
    if (w.wHr?.requiresGrad) k.sgemm(s.gradOf(w.wHr), dH, m, s.out(gemmWorkBytes(P, H, N) / 4), P, H, N, P, H, H, 1, 0, 1);
  }));
}


/**
 * Inference (no graph) through a whole stack of layers × directions in ONE kernel scope: the input
 * is copied in once, the layers hand their outputs to each other in scratch, and out, hn and cn
 * are read once. x [N, I] packed by batchSizes; h0 [L·D, B, P] and c0 [L·D, B, H] or null.
 * Returns out [N, D·P], hn [L·D·B·P], cn [L·D·B·H] (LSTM) as flat arrays.
 */
export function rnnStackInference(kind: RnnKind, x: Tensor, batchSizes: readonly number[], h0: Tensor | null, c0: Tensor | null,
  layers: RnnLayerWeights[][], H: number): { out: Float32Array; hn: Float32Array; cn: Float32Array | null } {
  const N = x.shape[0];
  const B = batchSizes.length ? batchSizes[0] : 0;
  const dirs = layers[0].length;
  const P = layers[0][0].wHr ? layers[0][0].wHr.shape[0] : H;
  const lstm = kind === 'lstm';
  const L = layers.length;
  const nOut = N * dirs * P;
  const nHn = L * dirs * B * P;
  const nCn = lstm ? L * dirs * B * H : 0;
  checkBatchSizes('rnnStackInference', batchSizes, N);
  if (h0 && h0.size !== nHn) throw new Error(`rnnStackInference: h0 has shape ${fmtShape(h0.shape)}, expected [${L * dirs}, ${B}, ${P}]`);
  if (c0 && c0.size !== nCn) throw new Error(`rnnStackInference: c0 has shape ${fmtShape(c0.shape)}, expected [${L * dirs}, ${B}, ${H}]`);
  return kernel((s, k) => {
    // out | hn | cn in one block: one read, three views
    const all = s.out(nOut + nHn + nCn);
    const hn = all + 4 * nOut;
    const cn = lstm ? hn + 4 * nHn : 0;
    const ph0 = h0 ? s.in(h0) : 0;
    const pc0 = c0 ? s.in(c0) : 0;
    const zerosH = ph0 && (pc0 || !lstm) ? 0 : s.zeros(B * Math.max(P, H));
    let input = s.in(x);
    let I = x.shape[1];
    for (let l = 0; l < L; l++) {
      const layerOut = dirs === 1 ? 0 : s.out(N * dirs * P);
      let single = 0;
      for (let d = 0; d < dirs; d++) {
        const idx = l * dirs + d;
        const f = layerForward(s, k, kind, input, N, I, batchSizes, ph0 ? ph0 + 4 * idx * B * P : zerosH,
          lstm ? (pc0 ? pc0 + 4 * idx * B * H : zerosH) : 0, layers[l][d], H, d === 1, false);
        k.copy(hn + 4 * idx * B * P, f.res + 4 * N * P, B * P);
        if (lstm) k.copy(cn + 4 * idx * B * H, f.res + 4 * (N * P + B * P), B * H);
        // directions side by side in the layer output [N, D·P]
        if (dirs === 1) single = f.res;
        else writeStrided(s, k, 'rnn', layerOut, f.res, [N, P], [dirs * P, 1], d * P);
      }
      input = dirs === 1 ? single : layerOut;
      I = dirs * P;
    }
    k.copy(all, input, nOut);
    const r = s.read(all, nOut + nHn + nCn);
    return { out: r.subarray(0, nOut), hn: r.subarray(nOut, nOut + nHn), cn: lstm ? r.subarray(nOut + nHn) : null };
  }, kind);
}
