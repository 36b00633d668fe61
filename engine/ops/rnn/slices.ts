// The time loop of one direction of a recurrent layer over a block of batch rows, forward and
// backward, and the descriptor that lets a thread pool worker run it. Rows of a batch never meet
// inside the loop (h·W_hhᵀ, the cell and dG·W_hh are row by row; the weight gradients are summed
// over rows after the loop), so a layer's directions × row blocks run on separate threads with
// no barrier, and every value is computed as by the one-thread loop: sgemm_packed's summation
// order per output element does not depend on how many rows it is given, the cells' kernels run
// row by row. Pure (no allocation, no tensors): pool workers import it.
//
// A block [ra, rb) of the B rows reads and writes rows off[t] + ra … of the packed buffers and
// rows ra … of the running state (hn, cn; backward dh, dc, dm, dhp) and of the per-step scratch
// (GRU: gh, and gru without a graph).
import type { Kernels } from '../../backend/kernels.js';
import { type Product, productOf, type ProductSpec } from '../product-kernels.js';
import type { Bwd, Dims, Fwd, RnnKind } from './buffers.js';
import { CELLS, type StepProducts, type StepProductsBack } from './cells.js';

/** A direction's forward from step to step over rows [ra, rb): h, c and the saved values of those rows. */
export function forwardRows(
  k: Kernels,
  kind: RnnKind,
  d: Dims,
  bs: ArrayLike<number>,
  off: ArrayLike<number>,
  dir: number,
  f: Fwd,
  p: StepProducts,
  graph: boolean,
  ra: number,
  rb: number,
): void {
  const { T, P, H, G } = d;
  const cell = CELLS[kind];
  const fr: Fwd =
    ra === 0
      ? f
      : {
          ...f,
          hn: f.hn + 4 * ra * P,
          cn: f.cn && f.cn + 4 * ra * H,
          gh: f.gh && f.gh + 4 * ra * G,
          gru: f.gru && !graph ? f.gru + 4 * ra * 4 * H : f.gru,
        };
  for (let i = 0; i < T; i++) {
    const t = dir === 1 ? T - 1 - i : i; // the reverse direction runs from the last step
    const bt = Math.min(bs[t], rb) - ra;
    if (bt <= 0) continue; // the block's sequences have not started (reverse) or have ended
    const r0 = off[t] + ra;
    if (graph) k.copy(f.hPrev + 4 * r0 * P, fr.hn, bt * P);
    cell.step(k, d, fr, p, r0, bt, graph);
    k.copy(fr.hn, f.h + 4 * r0 * P, bt * P);
  }
}

/** A direction's backward from step to step over rows [ra, rb): dG (GRU: dGh, LSTM projection: dH) of those rows. */
export function backwardRows(
  k: Kernels,
  kind: RnnKind,
  d: Dims,
  bs: ArrayLike<number>,
  off: ArrayLike<number>,
  dir: number,
  f: Fwd,
  g: Bwd,
  p: StepProductsBack,
  ra: number,
  rb: number,
): void {
  const { T, P, H } = d;
  const cell = CELLS[kind];
  const gr: Bwd =
    ra === 0
      ? g
      : {
          ...g,
          dh: g.dh + 4 * ra * P,
          dc: g.dc && g.dc + 4 * ra * H,
          dm: g.dm && g.dm + 4 * ra * H,
          dhp: g.dhp && g.dhp + 4 * ra * P,
        };
  for (let i = T - 1; i >= 0; i--) {
    const t = dir === 1 ? T - 1 - i : i;
    const bt = Math.min(bs[t], rb) - ra;
    if (bt <= 0) continue;
    const r0 = off[t] + ra;
    k.axpy(gr.dh, g.dOut + 4 * r0 * P, 1, bt * P); // dh = dOut[t] + dh from step t+1 (or dhn)
    cell.stepBackward(k, d, f, gr, p, r0, bt);
  }
}

// ---------------------------------------------------------------------------------------------
// The job descriptor (Float64, in the pool's control block after [op, task, units, chunks]):
//
//   [4]  kind (KINDS index), backward, graph, D, blocks (row blocks per direction), N, B, T, I, H, P, G,
//        steps (pointer to Int32 bs[T] then off[T + 1] in the wasm heap)
//   then per direction (D of them), DIRECTION_FIELDS doubles:
//        Fwd pointers (FWD_FIELDS), Bwd pointers (BWD_FIELDS; 0 forward), hh spec [4], hr spec [4], bHh
// Chunk i runs direction ⌊i / blocks⌋ over row block i mod blocks (whole groups of 4 rows).

const KINDS: readonly RnnKind[] = ['rnn_tanh', 'rnn_relu', 'lstm', 'gru'];
const FWD_FIELDS = ['G', 'h', 'hPrev', 'c', 'cPrev', 'm', 'gru', 'gh', 'hn', 'cn'] as const;
const BWD_FIELDS = ['dOut', 'dh', 'dc', 'dG', 'dGh', 'dH', 'dm', 'dhp'] as const;
const HEADER = 17;
const DIRECTION_FIELDS = FWD_FIELDS.length + BWD_FIELDS.length + 9;
const NONE: ProductSpec = [0, 0, 0, 0];

/** A step product with its description (times-weight.ts SpecifiedProduct), which a worker rebuilds it from. */
type Specified = Product & { spec: ProductSpec };

/**
 * One direction of a layer's time loop: its buffers (g: backward's, null forward) and its step
 * products (hh null: the fused step GEMV already put h·W_hhᵀ in G; backward always has hh).
 */
export interface RowsDirection {
  f: Fwd;
  g: Bwd | null;
  hh: Specified | null;
  hr: Specified | null;
  bHh: number;
}

/** Rows [ra, rb) of row block `b` of `blocks` over B rows: whole groups of 4 rows. */
function rowBlock(B: number, blocks: number, b: number): [number, number] {
  const groups = Math.ceil(B / 4);
  return [4 * Math.floor((b * groups) / blocks), Math.min(B, 4 * Math.floor(((b + 1) * groups) / blocks))];
}

/** Writes a job into `desc` from index 4 (the caller fills [0 … 3]). */
export function writeRowsJob(
  desc: Float64Array,
  kind: RnnKind,
  backward: boolean,
  graph: boolean,
  d: Dims,
  blocks: number,
  steps: number,
  dirs: readonly RowsDirection[],
): void {
  if (HEADER + dirs.length * DIRECTION_FIELDS > desc.length) throw new Error(`rnn: a job of ${dirs.length} directions does not fit the pool's descriptor`);
  let at = 4;
  for (const v of [KINDS.indexOf(kind), backward ? 1 : 0, graph ? 1 : 0, d.D, blocks, d.N, d.B, d.T, d.I, d.H, d.P, d.G, steps]) desc[at++] = v;
  for (const x of dirs) {
    for (const key of FWD_FIELDS) desc[at++] = x.f[key];
    for (const key of BWD_FIELDS) desc[at++] = x.g ? x.g[key] : 0;
    for (const v of x.hh?.spec ?? NONE) desc[at++] = v;
    for (const v of x.hr?.spec ?? NONE) desc[at++] = v;
    desc[at++] = x.bHh;
  }
}

/** Runs chunk `i` of the job in `desc` with this thread's kernels and `work` (a pool scratch block). */
export function runRowsChunk(k: Kernels, desc: Float64Array, i: number, work: number, i32: Int32Array): void {
  const kind = KINDS[desc[4]],
    backward = desc[5] === 1,
    graph = desc[6] === 1,
    D = desc[7],
    blocks = desc[8];
  const d: Dims = { N: desc[9], B: desc[10], T: desc[11], I: desc[12], H: desc[13], P: desc[14], G: desc[15], D };
  const steps = desc[16] / 4;
  const bs = i32.subarray(steps, steps + d.T),
    off = i32.subarray(steps + d.T, steps + 2 * d.T + 1);
  const dir = Math.floor(i / blocks);
  const [ra, rb] = rowBlock(d.B, blocks, i % blocks);
  if (dir >= D || rb <= ra) return;
  let at = HEADER + dir * DIRECTION_FIELDS;
  const f = {} as Fwd,
    g = {} as Bwd;
  for (const key of FWD_FIELDS) f[key] = desc[at++];
  for (const key of BWD_FIELDS) g[key] = desc[at++];
  const hh = Array.from(desc.subarray(at, at + 4)) as unknown as ProductSpec,
    hr = Array.from(desc.subarray(at + 4, at + 8)) as unknown as ProductSpec;
  const bHh = desc[at + 8];
  // the two products of a step run one after the other: they share the scratch
  const hhP = hh[0] ? productOf(k, hh, work) : null,
    hrP = hr[0] ? productOf(k, hr, work) : null;
  if (backward) backwardRows(k, kind, d, bs, off, dir, f, g, { hh: hhP!, hr: hrP }, ra, rb);
  else forwardRows(k, kind, d, bs, off, dir, f, { hh: hhP, hr: hrP, bHh }, graph, ra, rb);
}
