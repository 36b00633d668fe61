// One time step of each recurrent cell kind, its forward `step` and its `stepBackward` side by
// side: RNN (tanh, relu), LSTM (with its optional projection W_hr), GRU. A step covers rows
// r0 … r0 + bt of the packed layout (buffers.ts) and reads h_{t−1} from the running state f.hn;
// the time loop (loop.ts) keeps the state and the saved h_{t−1}. The weight products are the
// layer's, chosen once by timesWeight (../times-weight.ts).
import type { Kernels } from '../../backend/kernels.js';
import type { Product } from '../product-kernels.js';
import type { Bwd, Dims, Fwd, RnnKind } from './buffers.js';

/** The weight products of a step, forward: h·W_hhᵀ and (LSTM projection) m·W_hrᵀ. */
export interface StepProducts {
  /** null: h·W_hhᵀ is already in G (the fused step GEMV over [x │ h │ 1]) */
  hh: Product | null;
  hr: Product | null;
  /** b_hh (GRU adds it to h·W_hhᵀ inside r⊙(…)); 0 without bias */
  bHh: number;
}

/** The weight products of a step, backward: dG·W_hh and (LSTM projection) dh·W_hr. */
export interface StepProductsBack {
  hh: Product;
  hr: Product | null;
}

export interface Cell {
  /** gate blocks of H rows: 1 (RNN), 4 (LSTM: i f g o), 3 (GRU: r z n) */
  gates: number;
  /** b_hh is added per step inside the cell (GRU), not to G before the loop */
  hhBiasInStep: boolean;
  /** backward reads each step's output h (RNN: tanh′ = 1 − h², relu′ = [h > 0]), so the graph keeps it */
  backwardReadsH: boolean;
  /** h_t → f.h (rows r0 …), c_t → f.cn (LSTM); with graph, what backward needs per step */
  step(k: Kernels, d: Dims, f: Fwd, p: StepProducts, r0: number, bt: number, graph: boolean): void;
  /** from g.dh (dOut already added): g.dG (GRU: and g.dGh) rows, g.dh ← dh_{t−1}, g.dc ← dc_{t−1} */
  stepBackward(k: Kernels, d: Dims, f: Fwd, g: Bwd, p: StepProductsBack, r0: number, bt: number): void;
}

/** G = gates·H: the gate-row formula, written once. */
export function gateRows(kind: RnnKind, H: number): number {
  return CELLS[kind].gates * H;
}

/** Elman: h_t = act(G_t + h_{t−1}·W_hhᵀ); backward from the output h (tanh′ = 1 − h², relu′ = [h > 0]). */
function rnnCell(act: 'tanh' | 'relu'): Cell {
  return {
    gates: 1,
    hhBiasInStep: false,
    backwardReadsH: true,
    step(k, d, f, p, r0, bt) {
      const Gt = f.G + 4 * r0 * d.G;
      if (p.hh) p.hh(Gt, f.hn, bt, 1); // G_t += h_{t−1}·W_hhᵀ
      if (act === 'tanh') k.tanh_forward(f.h + 4 * r0 * d.P, Gt, bt * d.H);
      else k.relu_forward(f.h + 4 * r0 * d.P, Gt, bt * d.H);
    },
    stepBackward(k, d, f, g, p, r0, bt) {
      const dGt = g.dG + 4 * r0 * d.G;
      k.fill(dGt, 0, bt * d.H); // the activations' backward accumulates
      if (act === 'tanh') k.tanh_backward(dGt, f.h + 4 * r0 * d.P, g.dh, bt * d.H);
      else k.relu_backward(dGt, f.h + 4 * r0 * d.P, g.dh, bt * d.H);
      p.hh(g.dh, dGt, bt, 0); // dh_{t−1} = dG·W_hh
    },
  };
}

/** LSTM: c_t = f⊙c_{t−1} + i⊙g, h_t = o⊙tanh(c_t) (with projection: m = o⊙tanh(c_t), h_t = m·W_hrᵀ). */
const lstmCell: Cell = {
  gates: 4,
  hhBiasInStep: false,
  backwardReadsH: false,
  step(k, d, f, p, r0, bt, graph) {
    const { H, P } = d;
    const Gt = f.G + 4 * r0 * d.G;
    if (p.hh) p.hh(Gt, f.hn, bt, 1); // G_t += h_{t−1}·W_hhᵀ
    const ht = f.m ? f.m + 4 * r0 * H : f.h + 4 * r0 * P;
    if (graph) {
      k.copy(f.cPrev + 4 * r0 * H, f.cn, bt * H);
      k.lstm_cell_forward(ht, f.c + 4 * r0 * H, Gt, f.cn, bt, H);
      k.copy(f.cn, f.c + 4 * r0 * H, bt * H);
    } else {
      k.lstm_cell_forward(ht, f.cn, Gt, f.cn, bt, H); // c updated in place
    }
    if (p.hr) p.hr(f.h + 4 * r0 * P, ht, bt, 0); // h_t = m·W_hrᵀ
  },
  stepBackward(k, d, f, g, p, r0, bt) {
    const { H, P } = d;
    const dGt = g.dG + 4 * r0 * d.G;
    let dhCell = g.dh;
    if (p.hr) {
      // h = m·W_hrᵀ: dm = dh·W_hr (and dh kept for dW_hr)
      k.copy(g.dH + 4 * r0 * P, g.dh, bt * P);
      p.hr(g.dm, g.dh, bt, 0);
      dhCell = g.dm;
    }
    k.lstm_cell_backward(dGt, g.dc, f.G + 4 * r0 * d.G, f.c + 4 * r0 * H, f.cPrev + 4 * r0 * H, dhCell, g.dc, bt, H);
    p.hh(g.dh, dGt, bt, 0); // dh_{t−1} = dG·W_hh
  },
};

/** GRU: gh = h_{t−1}·W_hhᵀ + b_hh; n = tanh(gx_n + r⊙gh_n); h_t = (1−z)⊙n + z⊙h_{t−1}. */
const gruCell: Cell = {
  gates: 3,
  hhBiasInStep: true,
  backwardReadsH: false,
  step(k, d, f, p, r0, bt, graph) {
    p.hh!(f.gh, f.hn, bt, 0); // gh = h_{t−1}·W_hhᵀ (+ b_hh); never fused
    if (p.bHh) k.add_row_vector(f.gh, f.gh, p.bHh, bt, d.G);
    k.gru_cell_forward(f.h + 4 * r0 * d.P, graph ? f.gru + 4 * r0 * 4 * d.H : f.gru, f.G + 4 * r0 * d.G, f.gh, f.hn, bt, d.H);
  },
  stepBackward(k, d, f, g, p, r0, bt) {
    const dGht = g.dGh + 4 * r0 * d.G;
    k.gru_cell_backward(g.dG + 4 * r0 * d.G, dGht, g.dhp, f.gru + 4 * r0 * 4 * d.H, f.hPrev + 4 * r0 * d.P, g.dh, bt, d.H);
    // dh_{t−1} = z⊙dh + dgh·W_hh
    k.copy(g.dh, g.dhp, bt * d.P);
    p.hh(g.dh, dGht, bt, 1);
  },
};

export const CELLS: Record<RnnKind, Cell> = { rnn_tanh: rnnCell('tanh'), rnn_relu: rnnCell('relu'), lstm: lstmCell, gru: gruCell };
