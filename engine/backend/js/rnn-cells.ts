// Naive-JS twins of kernels-as/rnn-cells.ts: the fused LSTM / GRU cell pointwise kernels as plain loops
// (f64 arithmetic, f32 storage). Buffer shapes as in kernels-as/rnn-cells.ts; index = ptr >> 2.
import type { RnnCellKernels } from '../kernels.js';
import type { HeapViews } from '../wasm.js';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export function rnnCellsJs(heap: HeapViews): RnnCellKernels {
  return {
    lstm_cell_forward(h, c, gates, cPrev, B, H) {
      const f32 = heap.f32();
      for (let b = 0; b < B; b++) {
        for (let j = 0; j < H; j++) {
          const gi = (gates >> 2) + b * 4 * H + j;
          const k = b * H + j;
          const i = sigmoid(f32[gi]);
          const f = sigmoid(f32[gi + H]);
          const g = Math.tanh(f32[gi + 2 * H]);
          const o = sigmoid(f32[gi + 3 * H]);
          f32[gi] = i;
          f32[gi + H] = f;
          f32[gi + 2 * H] = g;
          f32[gi + 3 * H] = o;
          // c = f⊙cPrev + i⊙g ; h = o⊙tanh(c)
          const cn = f * f32[(cPrev >> 2) + k] + i * g;
          f32[(c >> 2) + k] = cn;
          f32[(h >> 2) + k] = o * Math.tanh(f32[(c >> 2) + k]);
        }
      }
    },
    lstm_cell_backward(dgates, dcPrev, gates, c, cPrev, dh, dc, B, H) {
      const f32 = heap.f32();
      for (let b = 0; b < B; b++) {
        for (let j = 0; j < H; j++) {
          const gi = (gates >> 2) + b * 4 * H + j;
          const di = (dgates >> 2) + b * 4 * H + j;
          const k = b * H + j;
          const i = f32[gi],
            f = f32[gi + H],
            g = f32[gi + 2 * H],
            o = f32[gi + 3 * H];
          const tc = Math.tanh(f32[(c >> 2) + k]);
          const dhv = f32[(dh >> 2) + k];
          // h = o⊙tanh(c): total dc = dc + dh⊙o⊙(1 − tanh²c)
          const dct = f32[(dc >> 2) + k] + dhv * o * (1 - tc * tc);
          // c = f⊙cPrev + i⊙g
          f32[di] = dct * g * i * (1 - i);
          f32[di + H] = dct * f32[(cPrev >> 2) + k] * f * (1 - f);
          f32[di + 2 * H] = dct * i * (1 - g * g);
          f32[di + 3 * H] = dhv * tc * o * (1 - o);
          f32[(dcPrev >> 2) + k] = dct * f;
        }
      }
    },
    gru_cell_forward(h, saved, gx, gh, hPrev, B, H) {
      const f32 = heap.f32();
      for (let b = 0; b < B; b++) {
        for (let j = 0; j < H; j++) {
          const x3 = (gx >> 2) + b * 3 * H + j;
          const h3 = (gh >> 2) + b * 3 * H + j;
          const s4 = (saved >> 2) + b * 4 * H + j;
          const k = b * H + j;
          const r = sigmoid(f32[x3] + f32[h3]);
          const z = sigmoid(f32[x3 + H] + f32[h3 + H]);
          const ghn = f32[h3 + 2 * H];
          const n = Math.tanh(f32[x3 + 2 * H] + r * ghn);
          f32[s4] = r;
          f32[s4 + H] = z;
          f32[s4 + 2 * H] = n;
          f32[s4 + 3 * H] = ghn;
          // h = (1 − z)⊙n + z⊙hPrev
          f32[(h >> 2) + k] = (1 - z) * n + z * f32[(hPrev >> 2) + k];
        }
      }
    },
    gru_cell_backward(dgx, dgh, dhPrev, saved, hPrev, dh, B, H) {
      const f32 = heap.f32();
      for (let b = 0; b < B; b++) {
        for (let j = 0; j < H; j++) {
          const s4 = (saved >> 2) + b * 4 * H + j;
          const x3 = (dgx >> 2) + b * 3 * H + j;
          const h3 = (dgh >> 2) + b * 3 * H + j;
          const k = b * H + j;
          const r = f32[s4],
            z = f32[s4 + H],
            n = f32[s4 + 2 * H],
            ghn = f32[s4 + 3 * H];
          const dhv = f32[(dh >> 2) + k];
          // h = (1 − z)⊙n + z⊙hPrev
          const dN = dhv * (1 - z) * (1 - n * n);
          const dZ = dhv * (f32[(hPrev >> 2) + k] - n) * z * (1 - z);
          // n = tanh(gx_n + r⊙gh_n)
          const dR = dN * ghn * r * (1 - r);
          f32[x3] = dR;
          f32[x3 + H] = dZ;
          f32[x3 + 2 * H] = dN;
          f32[h3] = dR;
          f32[h3 + H] = dZ;
          f32[h3 + 2 * H] = dN * r;
          f32[(dhPrev >> 2) + k] = dhv * z;
        }
      }
    },
  };
}
