// The five recurrent benchmark workloads of issue 3 (W1–W5), built seeded and returned as step()
// closures (zeroGrad + forward + backward + Adam step, or one no-grad generation step for W4);
// shared by bench/rnn.bench.ts and any test. scripts/bench-pytorch.py builds the same five.
import { cat, manualSeed, nn, noGrad, optim, randint, randn, Tensor, tensor } from '../engine/index.js';

export type WorkloadId = 'W1' | 'W2' | 'W3' | 'W4' | 'W5';
export const WORKLOAD_IDS: readonly WorkloadId[] = ['W1', 'W2', 'W3', 'W4', 'W5'];

/** The step split into its phases, so a profiler can time each one (step() runs them in order). */
export interface Phases {
  zeroGrad(): void;
  /** Returns the loss (W4: the top layer's h). */
  forward(): Tensor;
  backward(loss: Tensor): void;
  update(): void;
}

export interface Workload {
  id: WorkloadId;
  title: string;
  /** One full step; returns the loss (W4: a value of the new state) so the work is observable. */
  step(): number;
  phases: Phases;
  /** Multiply-add FLOPs of the GEMMs in one step (2·M·N·K each; pointwise work ignored). */
  flops: number;
  /** The target and PyTorch 1.13 time measured earlier (ms per step). */
  targetMs: number;
  pytorchEarlierMs: number;
}

/** GEMM FLOPs of one direction of one LSTM/GRU layer over N = T·B rows (forward, or ×3 with backward). */
function rnnFlops(N: number, Gr: number, I: number, H: number, train: boolean): number {
  const fwd = 2 * N * Gr * (I + H);
  return train ? 3 * fwd : fwd;
}
function linearFlops(rows: number, out: number, inF: number, train: boolean): number {
  return (train ? 3 : 1) * 2 * rows * out * inF;
}

/** A training step from a loss function: optimizer.zeroGrad(), loss.backward(), optimizer.step(). */
function trainStep(params: nn.Module, forward: () => Tensor): { step: () => number; phases: Phases } {
  const opt = new optim.Adam(params.parameters(), { lr: 1e-3 });
  const phases: Phases = {
    zeroGrad: () => opt.zeroGrad(),
    forward,
    backward: (loss) => loss.backward(),
    update: () => opt.step(),
  };
  const step = () => {
    phases.zeroGrad();
    const loss = phases.forward();
    phases.backward(loss);
    phases.update();
    return loss.item();
  };
  return { step, phases };
}

class Holder extends nn.Module {
  constructor(mods: Record<string, nn.Module>) {
    super();
    for (const [k, m] of Object.entries(mods)) this.registerModule(k, m);
  }
}

/** W1: Embedding(43,128) → 2-layer bidirectional LSTM(128→64) → Linear(128,2) on [hn[-2]; hn[-1]], B=16, T=20, CE. */
function w1(): Workload {
  const V = 43,
    E = 128,
    H = 64,
    T = 20,
    B = 16;
  const emb = new nn.Embedding({ numEmbeddings: V, embeddingDim: E });
  const lstm = new nn.LSTM({ inputSize: E, hiddenSize: H, numLayers: 2, bidirectional: true });
  const fc = new nn.Linear({ inFeatures: 2 * H, outFeatures: 2 });
  const lossFn = new nn.CrossEntropyLoss();
  const tokens = randint(0, V, [T, B]);
  const labels = randint(0, 2, [B]);
  const { step, phases } = trainStep(new Holder({ emb, lstm, fc }), () => {
    const [, [hn]] = lstm.forward(emb.forward(tokens));
    // the top layer's forward and reverse final states side by side: torch.cat((hn[-2], hn[-1]), 1)
    const both = cat([hn.select(0, -2), hn.select(0, -1)], 1);
    return lossFn.forward(fc.forward(both), labels);
  });
  const N = T * B;
  const flops = 2 * rnnFlops(N, 4 * H, E, H, true) + 2 * rnnFlops(N, 4 * H, 2 * H, H, true) + linearFlops(B, 2, 2 * H, true);
  return { id: 'W1', title: 'Emb(43,128) → 2-layer biLSTM(64) → Linear(128,2), B=16 T=20, CE', step, phases, flops, targetMs: 15, pytorchEarlierMs: 46 };
}

/** W2: Embedding(91,128) → 2-layer LSTM(128) → Linear(128,91) on the last step, B=64, T=20, CE. */
function w2(): Workload {
  const V = 91,
    E = 128,
    H = 128,
    T = 20,
    B = 64;
  const emb = new nn.Embedding({ numEmbeddings: V, embeddingDim: E });
  const lstm = new nn.LSTM({ inputSize: E, hiddenSize: H, numLayers: 2 });
  const fc = new nn.Linear({ inFeatures: H, outFeatures: V });
  const lossFn = new nn.CrossEntropyLoss();
  const tokens = randint(0, V, [T, B]);
  const labels = randint(0, V, [B]);
  const { step, phases } = trainStep(new Holder({ emb, lstm, fc }), () => {
    const [out] = lstm.forward(emb.forward(tokens));
    return lossFn.forward(fc.forward(out.select(0, T - 1)), labels);
  });
  const N = T * B;
  const flops = rnnFlops(N, 4 * H, E, H, true) + rnnFlops(N, 4 * H, H, H, true) + linearFlops(B, V, H, true);
  return {
    id: 'W2',
    title: 'Emb(91,128) → 2-layer LSTM(128) → Linear(128,91) last step, B=64 T=20, CE',
    step,
    phases,
    flops,
    targetMs: 70,
    pytorchEarlierMs: 140,
  };
}

/** W3: LSTM(256→256), B=32, T=50, MSE on all outputs. */
function w3(): Workload {
  const I = 256,
    H = 256,
    T = 50,
    B = 32;
  const lstm = new nn.LSTM({ inputSize: I, hiddenSize: H });
  const lossFn = new nn.MSELoss();
  const x = randn([T, B, I]);
  const target = randn([T, B, H]);
  const { step, phases } = trainStep(lstm, () => lossFn.forward(lstm.forward(x)[0], target));
  return {
    id: 'W3',
    title: 'LSTM(256→256), B=32 T=50, MSE on all outputs',
    step,
    phases,
    flops: rnnFlops(T * B, 4 * H, I, H, true),
    targetMs: 250,
    pytorchEarlierMs: 256,
  };
}

/**
 * W4: one generation step of a 2-layer LSTM(128) at batch 1, no grad: the embedding of one token
 * goes through the LSTM with the (h, c) carried from the previous step.
 */
function w4(): Workload {
  const V = 91,
    E = 128,
    H = 128;
  const emb = new nn.Embedding({ numEmbeddings: V, embeddingDim: E });
  const lstm = new nn.LSTM({ inputSize: E, hiddenSize: H, numLayers: 2 });
  emb.eval();
  lstm.eval();
  let state: [Tensor, Tensor] = [tensor(new Float32Array(2 * H), [2, 1, H]), tensor(new Float32Array(2 * H), [2, 1, H])];
  let token = 1;
  let last: Tensor = state[0];
  const forward = () =>
    noGrad(() => {
      // a fixed token sequence stands in for sampling, so the step does the same work every time
      token = (token * 31 + 7) % V;
      const [out, s] = lstm.forward(emb.forward(tensor([token], [1, 1])), state);
      state = s;
      last = out;
      return out;
    });
  const phases: Phases = { zeroGrad: () => {}, forward, backward: () => {}, update: () => {} };
  const step = () => {
    forward();
    return last.data[0];
  };
  return {
    id: 'W4',
    title: 'generation step: Emb → 2-layer LSTM(128), batch 1, carried state, no grad',
    step,
    phases,
    flops: rnnFlops(1, 4 * H, E, H, false) + rnnFlops(1, 4 * H, H, H, false),
    targetMs: 0.04,
    pytorchEarlierMs: 0.26,
  };
}

/** W5: 2-layer GRU(1→32) → Linear(32,1) on the last step, B=64, T=20, MSE. */
function w5(): Workload {
  const H = 32,
    T = 20,
    B = 64;
  const gru = new nn.GRU({ inputSize: 1, hiddenSize: H, numLayers: 2 });
  const fc = new nn.Linear({ inFeatures: H, outFeatures: 1 });
  const lossFn = new nn.MSELoss();
  const x = randn([T, B, 1]);
  const y = randn([B, 1]);
  const { step, phases } = trainStep(new Holder({ gru, fc }), () => {
    const [out] = gru.forward(x);
    return lossFn.forward(fc.forward(out.select(0, T - 1)), y);
  });
  const N = T * B;
  const flops = rnnFlops(N, 3 * H, 1, H, true) + rnnFlops(N, 3 * H, H, H, true) + linearFlops(B, 1, H, true);
  return { id: 'W5', title: '2-layer GRU(1→32) → Linear(32,1) last step, B=64 T=20, MSE', step, phases, flops, targetMs: 5, pytorchEarlierMs: 15 };
}

const builders: Record<WorkloadId, () => Workload> = { W1: w1, W2: w2, W3: w3, W4: w4, W5: w5 };

/** Builds workload `id` with the default generator seeded to `seed` (same parameters every time). */
export function buildWorkload(id: WorkloadId, seed = 0): Workload {
  const build = builders[id];
  if (!build) throw new Error(`buildWorkload: unknown workload '${String(id)}' (expected one of ${WORKLOAD_IDS.join(', ')})`);
  manualSeed(seed);
  return build();
}
