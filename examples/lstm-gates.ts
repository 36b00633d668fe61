// Demo (the project's own, beyond the articles): what the LSTM gates do. The sigmoid/tanh curves and a
// table of their values, a worked cell update for keep / overwrite / forget gate settings, then a
// real LSTM trained on a toy memory task (remember the value shown when the marker is on) whose
// gates i, f, g, o are recomputed step by step from its weights with tensor ops and plotted.
// Same seeds as scripts/demos-a.py: data from np.random.RandomState(0), init after manual_seed(42).
//   node dist/examples/lstm-gates.js [--epochs N] [--out DIR]
import { manualSeed, nn, noGrad, optim, random, tensor, type Tensor } from '../engine/index.js';
import { intArg, isMain, parseArgs, progress } from './lib/args.js';
import { textTable } from './lib/pyfmt.js';
import { writeChart } from './lib/svg.js';

export const meta = {
  name: 'lstm-gates',
  title: "LSTM gates: sigmoid/tanh curves, a gate table, and a trained LSTM's i/f/g/o per step (SVG)",
  options: { epochs: 'N: training epochs (300)', out: 'DIR: where the SVG figures go (out/)' },
};

/** The z values of the printed table (the same as the Python's). */
export const TABLE_Z = [-6, -4, -2, -1, -0.5, 0, 0.5, 1, 2, 4, 6];

/** σ(z) and tanh(z) at TABLE_Z, with seqgrad's ops. */
export function gateTable(): { z: number[]; sigmoid: number[]; tanh: number[] } {
  const z = tensor(TABLE_Z, [TABLE_Z.length]);
  return { z: TABLE_Z, sigmoid: Array.from(z.sigmoid().data), tanh: Array.from(z.tanh().data) };
}

export interface MarkerData {
  x: Tensor;
  y: Tensor;
  k: number[];
  values: number[];
}

/**
 * The marker-memory task: x_t = [v_t, m_t], v ~ U(−1, 1) at every step, m one-hot at a random step
 * k; the target is v_k. rs = RandomState(0); values = rs.uniform(−1, 1, (n, T)); k = rs.randint(0, T, n).
 */
export function markerData(n = 512, T = 20, seed = 0): MarkerData {
  const rs = new random.numpy.RandomState(seed);
  const values = rs.uniform(-1, 1, [n, T]);
  const k = rs.randint(0, T, n);
  const x = new Float32Array(n * T * 2);
  const y = new Float32Array(n);
  for (let b = 0; b < n; b++) {
    for (let t = 0; t < T; t++) {
      x[(b * T + t) * 2] = values[b * T + t];
      x[(b * T + t) * 2 + 1] = t === k[b] ? 1 : 0;
    }
    y[b] = values[b * T + k[b]];
  }
  return { x: tensor(x, [n, T, 2]), y: tensor(y, [n, 1]), k, values };
}

/** LSTM(2 → H) over (B, T, 2), the last step's h → Linear(H, 1). */
export class GateLSTM extends nn.Module {
  lstm: nn.LSTM;
  fc: nn.Linear;
  constructor(inputSize = 2, hiddenSize = 8) {
    super();
    this.lstm = this.registerModule('lstm', new nn.LSTM({ inputSize, hiddenSize, batchFirst: true }));
    this.fc = this.registerModule('fc', new nn.Linear({ inFeatures: hiddenSize, outFeatures: 1 }));
  }
  forward(x: Tensor): Tensor {
    const [out] = this.lstm.forward(x);
    return this.fc.forward(out.select(1, -1));
  }
}

/** manualSeed(42), GateLSTM, Adam(lr 0.02), MSE, full batch; returns the model and the per-epoch losses. */
export function train(
  data: MarkerData,
  epochs: number,
  hiddenSize = 8,
  onEpoch?: (epoch: number, loss: number) => void,
): { model: GateLSTM; losses: number[] } {
  manualSeed(42);
  const model = new GateLSTM(2, hiddenSize);
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.02 });
  const criterion = new nn.MSELoss();
  const losses: number[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    optimizer.zeroGrad();
    const loss = criterion.forward(model.forward(data.x), data.y);
    loss.backward();
    optimizer.step();
    losses.push(loss.item());
    onEpoch?.(epoch, loss.item());
  }
  return { model, losses };
}

export interface GateTrace {
  i: Tensor;
  f: Tensor;
  g: Tensor;
  o: Tensor;
  c: Tensor;
  h: Tensor;
}

/**
 * Recomputes the gates of one sequence x (T, I) from the LSTM's weights (PyTorch's gate order
 * i, f, g, o): gates = x_t·W_ihᵀ + h·W_hhᵀ + b_ih + b_hh. Each result is (T, H).
 */
export function gateTrace(lstm: nn.LSTM, x: Tensor): GateTrace {
  const p = Object.fromEntries(lstm.namedParameters());
  const W_ih = p.weight_ih_l0;
  const W_hh = p.weight_hh_l0;
  const b = p.bias_ih_l0.add(p.bias_hh_l0);
  const H = lstm.hiddenSize;
  const T = x.shape[0];
  return noGrad(() => {
    let h = tensor(new Float32Array(H), [1, H]);
    let c = tensor(new Float32Array(H), [1, H]);
    const tr: Record<keyof GateTrace, Tensor[]> = { i: [], f: [], g: [], o: [], c: [], h: [] };
    for (let t = 0; t < T; t++) {
      const gates = x
        .slice(0, t, t + 1)
        .matmul(W_ih.transpose(0, 1))
        .add(h.matmul(W_hh.transpose(0, 1)))
        .add(b);
      const [iz, fz, gz, oz] = gates.chunk(4, 1);
      const i = iz.sigmoid(),
        f = fz.sigmoid(),
        g = gz.tanh(),
        o = oz.sigmoid();
      c = f.mul(c).add(i.mul(g));
      h = o.mul(c.tanh());
      tr.i.push(i);
      tr.f.push(f);
      tr.g.push(g);
      tr.o.push(o);
      tr.c.push(c);
      tr.h.push(h);
    }
    const cat0 = (ts: Tensor[]) => tensor(Float32Array.from(ts.flatMap((v) => Array.from(v.data))), [T, H]);
    return { i: cat0(tr.i), f: cat0(tr.f), g: cat0(tr.g), o: cat0(tr.o), c: cat0(tr.c), h: cat0(tr.h) };
  });
}

/** The first sequence whose marker is at t ≤ 4 (0 if none): its value must be kept for 15+ steps. */
export function traceSequence(data: MarkerData): number {
  return Math.max(
    0,
    data.k.findIndex((k) => k <= 4),
  );
}

/** The hidden unit whose final cell state tracks the target best (|Pearson r| over the first n sequences). */
export function memoryUnit(model: GateLSTM, data: MarkerData, n = 128): { unit: number; r: number } {
  const [, [, cn]] = noGrad(() => model.lstm.forward(data.x.slice(0, 0, n)));
  const H = model.lstm.hiddenSize;
  const y = Array.from(data.y.data.subarray(0, n));
  let best = { unit: 0, r: 0 };
  for (let j = 0; j < H; j++) {
    const c = Array.from({ length: n }, (_, b) => cn.data[b * H + j]);
    const mc = c.reduce((a, v) => a + v, 0) / n;
    const my = y.reduce((a, v) => a + v, 0) / n;
    let sxy = 0,
      sxx = 0,
      syy = 0;
    for (let b = 0; b < n; b++) {
      sxy += (c[b] - mc) * (y[b] - my);
      sxx += (c[b] - mc) ** 2;
      syy += (y[b] - my) ** 2;
    }
    const r = sxy / Math.sqrt(sxx * syy || 1);
    if (Math.abs(r) > Math.abs(best.r)) best = { unit: j, r };
  }
  return best;
}

const f4 = (v: number) => v.toFixed(4);

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const args = parseArgs(argv);
  const EPOCHS = intArg(args, 'epochs', 300);
  const OUT = typeof args.out === 'string' ? args.out : 'out';

  // 1) the two squashing functions and what a gate value means
  console.log('1) the gate nonlinearities: σ(z) = 1 / (1 + e^−z) ∈ (0, 1) for gates, tanh(z) ∈ (−1, 1) for values');
  const tab = gateTable();
  console.log(
    textTable(
      ['z', 'sigmoid(z)', 'tanh(z)'],
      tab.z.map((z, n) => [z, f4(tab.sigmoid[n]), f4(tab.tanh[n])]),
    ),
  );
  console.log('forget gate f: 1 keeps the old cell state c_{t-1}, 0 erases it');
  console.log('input gate  i: how much of the candidate g = tanh(·) is written into the cell');
  console.log('output gate o: how much of tanh(c_t) is exposed as the hidden state h_t');
  console.log('\nworked update from c_{t-1} = 0.8 (c_t = f·c_{t-1} + i·g, h_t = o·tanh(c_t)):');
  const cases: [string, number, number, number, number][] = [
    ['keep (remember)', 0.99, 0.01, -0.5, 0.9],
    ['overwrite', 0.01, 0.99, -0.5, 0.9],
    ['forget', 0.01, 0.01, -0.5, 0.9],
    ['accumulate', 0.99, 0.99, -0.5, 0.9],
    ['keep, hide', 0.99, 0.01, -0.5, 0.01],
  ];
  console.log(
    textTable(
      ['gates', 'f', 'i', 'g', 'o', 'c_t', 'h_t'],
      cases.map(([name, f, i, g, o]) => {
        const c = f * 0.8 + i * g;
        return [name, f, i, g, o, f4(c), f4(o * Math.tanh(c))];
      }),
    ),
  );
  const zs = Array.from({ length: 121 }, (_, n) => -6 + n * 0.1);
  const zt = tensor(zs, [zs.length]);
  const sig = Array.from(zt.sigmoid().data);
  const th = Array.from(zt.tanh().data);
  const p1 = writeChart(
    `${OUT}/lstm-gates-activations.svg`,
    [
      { name: 'sigmoid(z): gates i, f, o', x: zs, y: sig },
      { name: 'tanh(z): candidate g, tanh(c)', x: zs, y: th },
      { name: "sigmoid'(z) = σ(1 − σ), max 0.25", x: zs, y: sig.map((s) => s * (1 - s)), dashed: true },
      { name: "tanh'(z) = 1 − tanh², max 1", x: zs, y: th.map((t) => 1 - t * t), dashed: true },
    ],
    { title: 'The LSTM nonlinearities and their derivatives', xLabel: 'z', yLabel: 'value', legend: 'top-left', legendBox: true },
  );

  // 2) a trained LSTM's gates
  const N = 512,
    T = 20,
    H = 8;
  const data = markerData(N, T);
  console.log(`\n2) toy memory task: x_t = [value v_t ~ U(-1, 1), marker m_t]; the target is the value at the marker step`);
  console.log(`   ${N} sequences of ${T} steps (np.random.RandomState(0)), LSTM(2 → ${H}) + Linear(${H}, 1), Adam lr 0.02, MSE, ${EPOCHS} full-batch epochs`);
  const t0 = Date.now();
  const { model, losses } = train(data, EPOCHS, H, (epoch, loss) => {
    progress('training', epoch, EPOCHS, `loss ${loss.toFixed(6)}`, t0);
    if (epoch === 1 || epoch % 25 === 0 || epoch === EPOCHS) console.log(`Epoch [${epoch}/${EPOCHS}], Loss: ${loss.toFixed(6)}`);
  });
  console.log(`training took ${((Date.now() - t0) / 1000).toFixed(1)} s (baseline: predicting 0 gives MSE ≈ 0.333)`);
  const pred = noGrad(() => model.forward(data.x.slice(0, 0, 8)));
  console.log(
    textTable(
      ['seq', 'marker step', 'target', 'prediction'],
      Array.from({ length: 8 }, (_, b) => [b, data.k[b], f4(data.y.data[b]), f4(pred.data[b])]),
    ),
  );

  const seq = traceSequence(data); // the first sequence whose marker comes early: a value kept for 15+ steps
  const k = data.k[seq];
  const x0 = data.x.select(0, seq); // (T, 2)
  const tr = gateTrace(model.lstm, x0);
  const [out0] = noGrad(() => model.lstm.forward(x0.unsqueeze(0)));
  let maxDiff = 0;
  out0.data.forEach((v, n) => {
    maxDiff = Math.max(maxDiff, Math.abs(v - tr.h.data[n]));
  });
  console.log(`\ngates of sequence ${seq} recomputed from weight_ih_l0 / weight_hh_l0 / biases; h matches nn.LSTM's output to ${maxDiff.toExponential(1)}`);
  const { unit, r } = memoryUnit(model, data);
  console.log(`memory unit: ${unit} (its final cell state vs the target: r = ${r.toFixed(3)}); marker at t = ${k}, value ${f4(data.y.data[seq])}`);
  const at = (t: Tensor, s: number) => t.data[s * H + unit];
  console.log(
    textTable(
      ['t', 'v_t', 'm_t', 'i', 'f', 'g', 'o', 'c', 'h'],
      Array.from({ length: T }, (_, s) => [
        s,
        f4(x0.data[2 * s]),
        x0.data[2 * s + 1],
        f4(at(tr.i, s)),
        f4(at(tr.f, s)),
        f4(at(tr.g, s)),
        f4(at(tr.o, s)),
        f4(at(tr.c, s)),
        f4(at(tr.h, s)),
      ]),
    ),
  );
  const mean = (t: Tensor, s: number) => {
    let a = 0;
    for (let j = 0; j < H; j++) a += t.data[s * H + j];
    return a / H;
  };
  const steps = Array.from({ length: T }, (_, s) => s);
  const others = steps.filter((s) => s !== k);
  const avg = (t: Tensor) => others.reduce((a, s) => a + mean(t, s), 0) / others.length;
  console.log(
    `mean over the ${H} units at the marker step: i ${f4(mean(tr.i, k))}, f ${f4(mean(tr.f, k))}; at the other steps: i ${f4(avg(tr.i))}, f ${f4(avg(tr.f))}`,
  );
  const p2 = writeChart(
    `${OUT}/lstm-gates-trace.svg`,
    [
      { name: `input gate i (unit ${unit})`, x: steps, y: steps.map((s) => at(tr.i, s)), color: '#2ca02c' },
      { name: `forget gate f (unit ${unit})`, x: steps, y: steps.map((s) => at(tr.f, s)), color: '#d62728' },
      { name: `output gate o (unit ${unit})`, x: steps, y: steps.map((s) => at(tr.o, s)), color: '#ff7f0e' },
      { name: `cell state c (unit ${unit})`, x: steps, y: steps.map((s) => at(tr.c, s)), color: '#1f77b4' },
      { name: 'input value v_t', x: steps, y: steps.map((s) => x0.data[2 * s]), color: '#999999', dashed: true },
      { name: 'marker m_t', x: steps, y: steps.map((s) => x0.data[2 * s + 1]), color: '#000000', dashed: true },
    ],
    {
      title: `A trained LSTM's gates over sequence ${seq} (marker at t = ${k}, target ${f4(data.y.data[seq])})`,
      xLabel: 'time step t',
      yLabel: 'gate / state value',
      legend: 'bottom-left',
      legendBox: true,
    },
  );
  console.log(`\nplots written to ${p1} and ${p2}`);
  console.log(`final loss: ${losses[losses.length - 1].toFixed(6)}`);
}

if (isMain(import.meta.url)) await main();
