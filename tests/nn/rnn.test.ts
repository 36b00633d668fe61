// RNN / LSTM / GRU layers and cells against PyTorch 1.13 (fixtures from scripts/gen-fixtures-rnn.py):
// outputs, hn, cn and the gradients of x, h0, c0 and every parameter, on both backends.
import { suite } from 'uvu';
import { nonEmpty } from '../fixture.js';
import { nn, noGrad, setBackend, type Tensor, tensor, type BackendName } from '../../engine/index.js';
import { assertClose } from '../lib/assert-close.js';
import { buildCell, buildLayer, type CellRecord, cells, constant, type Grads, type LayerRecord, layers, type T } from './rnn-fixtures.js';

const RTOL = 1e-4;
const ATOL = 1e-5;
const TOL = { rtol: RTOL, atol: ATOL };

const leaf = (t: NonNullable<T>) => tensor(t.data, t.shape, { requiresGrad: true });

function weightedSum(parts: [Tensor, NonNullable<T>][]): Tensor {
  let loss: Tensor | null = null;
  for (const [t, w] of parts) {
    const term = t.mul(constant(w)).sum();
    loss = loss ? loss.add(term) : term;
  }
  return loss!;
}

/** Backpropagates Σ parts·weights and compares the gradients of x, h0, c0 and every parameter; frees the module. */
function backwardAndCheck(tag: string, parts: [Tensor, NonNullable<T>][], m: nn.Module, x: Tensor, h0: Tensor | null, c0: Tensor | null, grads: Grads): void {
  weightedSum(parts).backward();
  assertClose(x.grad?.toArray(), grads.x.data, TOL, `${tag} grad x`);
  if (h0 && grads.h0) assertClose(h0.grad?.toArray(), grads.h0.data, TOL, `${tag} grad h0`);
  if (c0 && grads.c0) assertClose(c0.grad?.toArray(), grads.c0.data, TOL, `${tag} grad c0`);
  const named = new Map(m.namedParameters());
  for (const [name, g] of Object.entries(grads.params)) assertClose(named.get(name)?.grad?.toArray(), g.data, TOL, `${tag} grad ${name}`);
  m.dispose();
}

function runLayer(rec: LayerRecord, backend: BackendName): void {
  setBackend(backend);
  const c = rec.config;
  const m = buildLayer(c);
  m.loadStateDict(rec.params);
  const x = leaf(rec.inputs.x);
  const h0 = rec.inputs.h0 ? leaf(rec.inputs.h0) : null;
  const c0 = rec.inputs.c0 ? leaf(rec.inputs.c0) : null;
  const input = c.packed ? nn.utils.rnn.packPaddedSequence(x, rec.inputs.lengths!, { batchFirst: c.batchFirst, enforceSorted: false }) : x;
  const tag = `${rec.name} [${backend}]`;
  // inference path (no graph: the whole stack in one kernel scope)
  noGrad(() => {
    const T = c.batchFirst ? rec.inputs.x.shape[1] : rec.inputs.x.shape[0];
    const unpack = (o: unknown) =>
      c.packed ? nn.utils.rnn.padPackedSequence(o as nn.PackedSequence, { batchFirst: c.batchFirst, totalLength: T })[0] : (o as Tensor);
    if (m instanceof nn.LSTM) {
      const [o, [h, cc]] = m.forward(input as Tensor, h0 ? [h0, c0!] : null);
      assertClose(unpack(o).toArray(), rec.outputs.out.data, TOL, `${tag} no-grad out`);
      assertClose(h.toArray(), rec.outputs.hn.data, TOL, `${tag} no-grad hn`);
      assertClose(cc.toArray(), rec.outputs.cn!.data, TOL, `${tag} no-grad cn`);
    } else {
      const [o, h] = (m as nn.RNN).forward(input as Tensor, h0);
      assertClose(unpack(o).toArray(), rec.outputs.out.data, TOL, `${tag} no-grad out`);
      assertClose(h.toArray(), rec.outputs.hn.data, TOL, `${tag} no-grad hn`);
    }
  });
  let out: Tensor;
  let hn: Tensor;
  let cn: Tensor | null = null;
  if (m instanceof nn.LSTM) {
    const [o, [h, cc]] = m.forward(input as Tensor, h0 ? [h0, c0!] : null);
    [out, hn, cn] = [o as Tensor, h, cc];
  } else {
    const [o, h] = (m as nn.RNN).forward(input as Tensor, h0);
    [out, hn] = [o as Tensor, h];
  }
  if (c.packed) {
    const T = c.batchFirst ? rec.inputs.x.shape[1] : rec.inputs.x.shape[0];
    out = nn.utils.rnn.padPackedSequence(out as unknown as nn.PackedSequence, { batchFirst: c.batchFirst, totalLength: T })[0];
  }
  assertClose(out.toArray(), rec.outputs.out.data, TOL, `${tag} out`);
  assertClose(hn.toArray(), rec.outputs.hn.data, TOL, `${tag} hn`);
  if (rec.outputs.cn) assertClose(cn?.toArray(), rec.outputs.cn.data, TOL, `${tag} cn`);
  const parts: [Tensor, NonNullable<T>][] = [
    [out, rec.lossWeights.out],
    [hn, rec.lossWeights.hn],
  ];
  if (cn && rec.lossWeights.cn) parts.push([cn, rec.lossWeights.cn]);
  backwardAndCheck(tag, parts, m, x, h0, c0, rec.grads);
}

function runCell(rec: CellRecord, backend: BackendName): void {
  setBackend(backend);
  const c = rec.config;
  const m = buildCell(c);
  m.loadStateDict(rec.params);
  const x = leaf(rec.inputs.x);
  const h0 = rec.inputs.h0 ? leaf(rec.inputs.h0) : null;
  const c0 = rec.inputs.c0 ? leaf(rec.inputs.c0) : null;
  const tag = `${rec.name} [${backend}]`;
  // without a graph (nothing saved for backward; batch 1 takes the packed GEMVs)
  noGrad(() => {
    const [hg, cg] = m instanceof nn.LSTMCell ? m.forward(x, h0 ? [h0, c0!] : null) : [(m as nn.GRUCell).forward(x, h0), null];
    assertClose(hg.toArray(), rec.outputs.h.data, TOL, `${tag} no-grad h`);
    if (rec.outputs.c) assertClose(cg?.toArray(), rec.outputs.c.data, TOL, `${tag} no-grad c`);
  });
  let h: Tensor;
  let cc: Tensor | null = null;
  if (m instanceof nn.LSTMCell) [h, cc] = m.forward(x, h0 ? [h0, c0!] : null);
  else h = (m as nn.GRUCell).forward(x, h0);
  assertClose(h.toArray(), rec.outputs.h.data, TOL, `${tag} h`);
  if (rec.outputs.c) assertClose(cc?.toArray(), rec.outputs.c.data, TOL, `${tag} c`);
  const parts: [Tensor, NonNullable<T>][] = [[h, rec.lossWeights.h]];
  if (cc && rec.lossWeights.c) parts.push([cc, rec.lossWeights.c]);
  backwardAndCheck(tag, parts, m, x, h0, c0, rec.grads);
}

for (const kind of ['RNN', 'LSTM', 'GRU'] as const) {
  const s = suite(`${kind} parity`);
  for (const rec of nonEmpty(
    layers.filter((r) => r.config.kind === kind),
    `rnn/layers.json: ${kind} records`,
  )) {
    for (const be of ['wasm', 'js'] as const) s(`${rec.name} [${be}]`, () => runLayer(rec, be));
  }
  s.after(() => setBackend('wasm'));
  s.run();
}

const cellSuite = suite('cells parity');
for (const rec of cells) for (const be of ['wasm', 'js'] as const) cellSuite(`${rec.name} [${be}]`, () => runCell(rec, be));
cellSuite.after(() => setBackend('wasm'));
cellSuite.run();
