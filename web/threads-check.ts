// The thread pool checked where it runs (the playground's worker in a browser, or Node): a few
// training steps of a model whose recurrent loops and GEMMs go to the pool (Embedding →
// bidirectional LSTM → GRU → Linear, Adam) at each thread count, with an FNV-1a hash of its
// parameters and losses, the chunks the pool's workers ran, and the time.
import { getNumThreads, manualSeed, nn, optim, randint, setNumThreads, threadsAvailable, whenThreadsReady } from '../engine/index.js';
import { workerChunks } from '../engine/backend/threads.js';

export interface ThreadsRun {
  threads: number;
  hash: string;
  chunks: number;
  rowChunks: number;
  ms: number;
}
export interface ThreadsReport {
  available: boolean;
  defaultThreads: number;
  isolated: boolean | null;
  runs: ThreadsRun[];
}

function fnv(bytes: Uint8Array, h = 0x811c9dc5): number {
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
  return h;
}

/** STEPS training steps at each of `counts` threads (the default count restored after). */
export async function checkThreads(counts: readonly number[], steps = 5): Promise<ThreadsReport> {
  const initial = getNumThreads();
  const isolated = typeof crossOriginIsolated === 'boolean' ? crossOriginIsolated : null;
  const runs: ThreadsRun[] = [];
  for (const t of counts) {
    setNumThreads(t);
    await whenThreadsReady();
    const c0 = workerChunks(),
      r0 = workerChunks('rows');
    const t0 = performance.now();
    manualSeed(5);
    const emb = new nn.Embedding({ numEmbeddings: 50, embeddingDim: 32 });
    const lstm = new nn.LSTM({ inputSize: 32, hiddenSize: 96, bidirectional: true });
    const gru = new nn.GRU({ inputSize: 192, hiddenSize: 64 });
    const fc = new nn.Linear({ inFeatures: 64, outFeatures: 50 });
    const params = [...emb.parameters(), ...lstm.parameters(), ...gru.parameters(), ...fc.parameters()];
    const opt = new optim.Adam(params, { lr: 1e-2 });
    const ce = new nn.CrossEntropyLoss();
    const x = randint(0, 50, [20, 24]);
    const y = randint(0, 50, [20 * 24]);
    let h = 0x811c9dc5;
    for (let s = 0; s < steps; s++) {
      opt.zeroGrad();
      const [a] = lstm.forward(emb.forward(x));
      const [b] = gru.forward(a);
      const loss = ce.forward(fc.forward(b.reshape([20 * 24, 64])), y);
      loss.backward();
      opt.step();
      h = fnv(new Uint8Array(new Float32Array([loss.item()]).buffer), h);
    }
    for (const p of params) h = fnv(new Uint8Array(p.toArray().buffer), h);
    runs.push({
      threads: getNumThreads(),
      hash: h.toString(16).padStart(8, '0'),
      chunks: workerChunks() - c0,
      rowChunks: workerChunks('rows') - r0,
      ms: performance.now() - t0,
    });
    opt.dispose();
    for (const m of [emb, lstm, gru, fc]) m.dispose();
  }
  setNumThreads(initial);
  return { available: threadsAvailable, defaultThreads: initial, isolated, runs };
}
