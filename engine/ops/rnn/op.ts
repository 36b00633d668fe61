// The fused recurrent op: a whole RNN/LSTM/GRU stack over a (packed) sequence, and one step of a
// cell. Each layer (all its directions) is ONE autodiff op whose result [out │ hn │ cn] the op
// itself returns as named views; without a graph the whole stack runs in one kernel scope. Whether
// a graph is recorded is decided here, once per call, and handed down.
import { isGradEnabled, kernel, needsGraph, record } from '../../autograd.js';
import { fmtShape, Tensor } from '../../tensor.js';
import { dropout } from '../layers.js';
import { cat, reshape, slice } from '../shape.js';
import { KeptBlocks, save, unsave, type Dims, type Fwd, type RnnKind, type Saved } from './buffers.js';
import { CELLS, gateRows } from './cells.js';
import { layerBackward, layerForward, steps, type RnnLayerWeights, type Steps } from './loop.js';

export type { RnnKind } from './buffers.js';
export type { RnnLayerWeights } from './loop.js';
export { gateRows } from './cells.js';

/** What the op returns: out [N, D·P], hn [L·D, B, P], cn [L·D, B, H] (LSTM, else null). */
export interface RnnResult {
  out: Tensor;
  hn: Tensor;
  cn: Tensor | null;
}

// a graph collected without backward gives its kept blocks back; nothing may throw out of a
// finalizer (a guard-mode overrun found here is still counted in guardStats)
const unreleased =
  typeof FinalizationRegistry !== 'undefined'
    ? new FinalizationRegistry<KeptBlocks>((kept) => {
        try {
          kept.release();
        } catch {
          /* counted by guard mode */
        }
      })
    : null;

function weightList(ws: readonly RnnLayerWeights[]): Tensor[] {
  const list: Tensor[] = [];
  for (const w of ws) for (const t of [w.wIh, w.wHh, w.bIh, w.bHh, w.wHr]) if (t) list.push(t);
  return list;
}

/** Whether any weight requires grad (with grad enabled): the allocation-free half of needsGraph. */
function anyRequiresGrad(layers: readonly (readonly RnnLayerWeights[])[]): boolean {
  if (!isGradEnabled()) return false;
  for (const ws of layers) {
    for (const w of ws) if (w.wIh.requiresGrad || w.wHh.requiresGrad || w.bIh?.requiresGrad || w.bHh?.requiresGrad || w.wHr?.requiresGrad) return true;
  }
  return false;
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

function dimsOf(kind: RnnKind, N: number, I: number, batchSizes: readonly number[], ws: readonly RnnLayerWeights[], H: number): Dims {
  const P = ws[0].wHr ? ws[0].wHr.shape[0] : H;
  return { N, B: batchSizes[0] ?? 0, T: batchSizes.length, I, H, P, G: gateRows(kind, H), D: ws.length };
}

/**
 * A recurrent stack: x [N, I] packed by `batchSizes` (non-increasing, sum N; an unpacked [T, B, I]
 * input is the case bs = [B, …, B]); h0 [L·D, B, P] and c0 [L·D, B, H] (LSTM), null for zeros;
 * layers[l][d] the weights of layer l, direction d (1: reverse, each sequence starting at its own
 * last step); dropout p between layers (training only, 0 for none).
 */
export function rnn(
  kind: RnnKind,
  x: Tensor,
  batchSizes: readonly number[],
  h0: Tensor | null,
  c0: Tensor | null,
  layers: readonly (readonly RnnLayerWeights[])[],
  H: number,
  dropoutP = 0,
): RnnResult {
  checkBatchSizes(kind, batchSizes, x.shape[0]);
  const graph = needsGraph([x, h0, c0]) || anyRequiresGrad(layers);
  if (!graph && dropoutP === 0) return rnnStackInference(kind, x, batchSizes, h0, c0, layers, H);
  const L = layers.length;
  const D = layers[0].length;
  const st = steps(batchSizes);
  const per: RnnResult[] = [];
  let input = x;
  for (let l = 0; l < L; l++) {
    const state = (t: Tensor | null) => (t && L > 1 ? slice(t, 0, l * D, (l + 1) * D) : t);
    const r = rnnLayer(kind, input, st, state(h0), state(c0), layers[l], H, graph);
    per.push(r);
    input = l < L - 1 && dropoutP > 0 ? dropout(r.out, dropoutP, true) : r.out;
  }
  const cns = per.map((r) => r.cn!);
  return {
    out: per[L - 1].out,
    hn:
      L === 1
        ? per[0].hn
        : cat(
            per.map((r) => r.hn),
            0,
          ),
    cn: kind !== 'lstm' ? null : L === 1 ? cns[0] : cat(cns, 0),
  };
}

/** One step of a cell: x [B, I], h [B, H], c [B, H] (LSTM; null: zeros) → out = h' [B, H], hn, cn [1, B, H]. */
export function rnnCell(kind: RnnKind, x: Tensor, h: Tensor | null, c: Tensor | null, w: RnnLayerWeights, H: number): RnnResult {
  const B = x.shape[0];
  const graph = needsGraph([x, h, c]) || anyRequiresGrad([[w]]);
  const state = (t: Tensor | null) => t && reshape(t, [1, B, H]);
  return rnnLayer(kind, x, steps([B]), state(h), state(c), [w], H, graph);
}

/**
 * One layer, every direction, as ONE autodiff op; h0 [D, B, P], c0 [D, B, H] or null (zeros).
 * The op's value is the flat [out (N·D·P) │ hn (D·B·P) │ cn (D·B·H)], so one node carries the
 * gradients of all three; it returns them as views.
 */
function rnnLayer(
  kind: RnnKind,
  x: Tensor,
  st: Steps,
  h0: Tensor | null,
  c0: Tensor | null,
  ws: readonly RnnLayerWeights[],
  H: number,
  graph: boolean,
): RnnResult {
  const [N, I] = x.shape;
  const d = dimsOf(kind, N, I, st.bs, ws, H);
  const { B, P, D, G } = d;
  for (const w of ws) {
    if (w.wIh.shape[0] !== G || w.wIh.shape[1] !== I) throw new Error(`${kind}: weight_ih has shape ${fmtShape(w.wIh.shape)}, expected [${G}, ${I}]`);
  }
  if (h0 && h0.size !== D * B * P) throw new Error(`${kind}: h0 has shape ${fmtShape(h0.shape)}, expected [${D}, ${B}, ${P}]`);
  const lstm = kind === 'lstm';
  const nOut = N * D * P;
  const nHn = D * B * P;
  const total = nOut + nHn + (lstm ? D * B * H : 0);
  let saved: Saved[] = [];
  const kept = graph ? KeptBlocks.open() : null;
  // backward's dW_ih = dGᵀ·x reads x again: a JS-backed x (never written) is copied in once, kept
  let keptX = 0;
  const flat = kernel((s, k) => {
    const res = s.out(total);
    let px: number;
    if (kept && x._js && ws.some((w) => w.wIh.requiresGrad)) px = keptX = kept.copyOf(x._js);
    else px = s.in(x);
    let fs: Fwd[];
    try {
      fs = layerForward(
        s,
        k,
        kind,
        d,
        st,
        ws,
        px,
        h0 ? s.in(h0) : 0,
        c0 ? s.in(c0) : 0,
        res,
        res + 4 * nOut,
        lstm ? res + 4 * (nOut + nHn) : 0,
        graph,
        kept?.alloc,
      );
    } catch (e) {
      kept?.release();
      throw e;
    }
    const flat = s.read(res, total);
    // (one direction: the RNN's saved output is the head of the result, not read twice)
    if (graph) saved = fs.map((f) => save(s, kind, d, f, D === 1 && CELLS[kind].backwardReadsH ? flat.subarray(0, nOut) : null, kept !== null));
    return flat;
  }, kind);
  const inputs = [x, ...(h0 ? [h0] : []), ...(c0 ? [c0] : []), ...weightList(ws)];
  const y = record(
    new Tensor(flat, [total]),
    kind,
    inputs,
    (dflat) =>
      kernel((s, k) => {
        layerBackward(s, k, kind, d, st, ws, x, h0, c0, saved, s.array(dflat), keptX);
      }),
    () => {
      for (const v of saved) unsave(v);
      saved = [];
      if (kept) {
        unreleased?.unregister(kept);
        kept.release();
      }
    },
  );
  // a graph dropped without backward gives its kept blocks back when it is collected
  if (kept) unreleased?.register(y, kept, kept);
  return views(y, d, lstm);
}

/** out [N, D·P], hn [D, B, P], cn [D, B, H] of a layer's flat result. */
function views(y: Tensor, d: Dims, lstm: boolean): RnnResult {
  const { N, B, P, H, D } = d;
  const nOut = N * D * P;
  const nHn = D * B * P;
  return {
    out: reshape(slice(y, 0, 0, nOut), [N, D * P]),
    hn: reshape(slice(y, 0, nOut, nOut + nHn), [D, B, P]),
    cn: lstm ? reshape(slice(y, 0, nOut + nHn, nOut + nHn + D * B * H), [D, B, H]) : null,
  };
}

/**
 * Inference (no graph) through the whole stack in ONE kernel scope: the input is copied in once,
 * the layers hand their outputs to each other in scratch, and out, hn and cn are read once.
 */
function rnnStackInference(
  kind: RnnKind,
  x: Tensor,
  batchSizes: readonly number[],
  h0: Tensor | null,
  c0: Tensor | null,
  layers: readonly (readonly RnnLayerWeights[])[],
  H: number,
): RnnResult {
  const L = layers.length;
  const st = steps(batchSizes);
  const d0 = dimsOf(kind, x.shape[0], x.shape[1], batchSizes, layers[0], H);
  const { N, B, P, D } = d0;
  const lstm = kind === 'lstm';
  const nOut = N * D * P;
  const nHn = L * D * B * P;
  const nCn = lstm ? L * D * B * H : 0;
  if (h0 && h0.size !== nHn) throw new Error(`${kind}: h0 has shape ${fmtShape(h0.shape)}, expected [${L * D}, ${B}, ${P}]`);
  if (c0 && c0.size !== nCn) throw new Error(`${kind}: c0 has shape ${fmtShape(c0.shape)}, expected [${L * D}, ${B}, ${H}]`);
  const r = kernel((s, k) => {
    // out │ hn │ cn in one block: one read, three views
    const all = s.out(nOut + nHn + nCn);
    const ph0 = h0 ? s.in(h0) : 0;
    const pc0 = c0 ? s.in(c0) : 0;
    let input = s.in(x);
    for (let l = 0; l < L; l++) {
      const d = l === 0 ? d0 : { ...d0, I: D * P };
      const out = l === L - 1 ? all : s.out(nOut);
      layerForward(
        s,
        k,
        kind,
        d,
        st,
        layers[l],
        input,
        ph0 && ph0 + 4 * l * D * B * P,
        pc0 && pc0 + 4 * l * D * B * H,
        out,
        all + 4 * (nOut + l * D * B * P),
        lstm ? all + 4 * (nOut + nHn + l * D * B * H) : 0,
        false,
      );
      input = out;
    }
    return s.read(all, nOut + nHn + nCn);
  }, kind);
  return {
    out: new Tensor(r.subarray(0, nOut), [N, D * P]),
    hn: new Tensor(r.subarray(nOut, nOut + nHn), [L * D, B, P]),
    cn: lstm ? new Tensor(r.subarray(nOut + nHn), [L * D, B, H]) : null,
  };
}
