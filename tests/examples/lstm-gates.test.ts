// lstm-gates: the sigmoid/tanh table against numpy, and the marker-memory LSTM against PyTorch
// (scripts/demos-a.py: same data from RandomState(0), same init after manual_seed(42), Adam):
// losses and the recomputed gates i, f, g, o, c, h after 2 epochs (the demo's short mode) and 300.
import { existsSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { gateTable, gateTrace, main, markerData, train, traceSequence } from '../../examples/lstm-gates.js';
import { assertShape, captureLog, demosA, lineMatching, tmpOut } from './demos-a-lib.js';
import { assertClose } from '../lib/assert-close.js';

/** float32 σ / tanh against numpy's float64 */
const TABLE_RTOL = 1e-6;
const TABLE_ATOL = 1e-7;
/** 2 Adam steps: float32 PyTorch and seqgrad agree to ~1e-7 (measured abs 6e-8) */
const SHORT_RTOL = 1e-4;
const SHORT_ATOL = 1e-6;
/** 300 Adam steps: rounding differences grow along the trajectory (measured abs ≤ 9e-4 on gates) */
const FULL_ATOL = 5e-3;
const FULL_LOSS_RTOL = 0.05;
/** values printed with 4 decimals: half a unit of the last digit, plus float32 slack */
const PRINT_ATOL = 5e-5 + 1e-6;

const test = suite('lstm-gates');
const ref = demosA().lstm_gates;
const names = ['i', 'f', 'g', 'o', 'c', 'h'] as const;

test('σ(z) and tanh(z) table equals numpy', () => {
  const t = gateTable();
  assert.equal(t.z, ref.short.table.z);
  assertClose(t.sigmoid, ref.short.table.sigmoid, { rtol: TABLE_RTOL, atol: TABLE_ATOL }, 'sigmoid');
  assertClose(t.tanh, ref.short.table.tanh, { rtol: TABLE_RTOL, atol: TABLE_ATOL }, 'tanh');
});

test('marker data equals numpy RandomState(0)', () => {
  const data = markerData(ref.short.config.n, ref.short.config.seqLen);
  assert.is(traceSequence(data), ref.short.data.seq);
  assert.equal(data.k.slice(0, 8), ref.short.data.k);
  assertClose(data.y.data.subarray(0, 8), ref.short.data.y, { rtol: 0, atol: 1e-7 }, 'targets');
  assertClose(data.x.select(0, ref.short.data.seq).data, ref.short.data.xSeq.data, { rtol: 0, atol: 1e-7 }, 'traced sequence');
});

for (const [key, what] of [
  ['short', '2 epochs'],
  ['full', '300 epochs'],
] as const) {
  test(`after ${what}: losses and the gates of the traced sequence equal PyTorch`, () => {
    const R = ref[key];
    const data = markerData(R.config.n, R.config.seqLen);
    const { model, losses } = train(data, R.config.epochs, R.config.hiddenSize);
    if (key === 'short') assertClose(losses, R.losses, { rtol: SHORT_RTOL, atol: 0 }, 'losses');
    else assertClose([losses[losses.length - 1]], [R.losses[R.losses.length - 1]], { rtol: FULL_LOSS_RTOL, atol: 0 }, 'final loss');
    const tr = gateTrace(model.lstm, data.x.select(0, R.data.seq));
    for (const n of names) {
      assertShape(tr[n].shape, R.trace[n].shape, n);
      if (key === 'short') assertClose(tr[n].data, R.trace[n].data, { rtol: SHORT_RTOL, atol: SHORT_ATOL }, `gate ${n}`);
      else assertClose(tr[n].data, R.trace[n].data, { rtol: 0, atol: FULL_ATOL }, `gate ${n}`);
    }
    // the recomputed h is nn.LSTM's output
    const [out] = model.lstm.forward(data.x.select(0, R.data.seq).unsqueeze(0));
    assertClose(out.data, tr.h.data, { rtol: 0, atol: 1e-6 }, 'h vs nn.LSTM output');
    model.dispose();
  });
}

test('main --epochs 2 prints the table, the losses, the worked update, the predictions and the gate table (values vs numpy / PyTorch / closed form); writes two SVGs', async () => {
  const out = tmpOut('lstm-gates');
  const lines = await captureLog(() => main(['--epochs', '2', '--out', out]));
  const row = lineMatching(lines, /^ {3}1 {6}(\S+) {3}(\S+)$/);
  assertClose([Number(row[1]), Number(row[2])], [ref.short.table.sigmoid[7], ref.short.table.tanh[7]], { rtol: 0, atol: 5e-5 }, 'printed z = 1 row');
  const loss = lineMatching(lines, /^Epoch \[2\/2\], Loss: (\S+)$/);
  assertClose([Number(loss[1])], [ref.short.losses[1]], { rtol: 0, atol: 1e-6 }, 'printed epoch-2 loss');
  const match = lineMatching(lines, /h matches nn\.LSTM's output to (\S+)$/);
  assert.ok(Number(match[1]) < 1e-5, `recomputed h vs nn.LSTM: ${match[1]}`);
  for (const f of ['lstm-gates-activations.svg', 'lstm-gates-trace.svg']) assert.ok(existsSync(`${out}/${f}`), f);

  // the worked update: c_t = f·0.8 + i·g, h_t = o·tanh(c_t), closed form
  for (const [name, f, i, g, o] of [
    ['keep (remember)', 0.99, 0.01, -0.5, 0.9],
    ['overwrite', 0.01, 0.99, -0.5, 0.9],
    ['forget', 0.01, 0.01, -0.5, 0.9],
    ['accumulate', 0.99, 0.99, -0.5, 0.9],
    ['keep, hide', 0.99, 0.01, -0.5, 0.01],
  ] as const) {
    const cells = lineMatching(lines, new RegExp(`^${name.replace(/[()]/g, '\\$&')} +(\\S+) +(\\S+) +(\\S+) +(\\S+) +(\\S+) +(\\S+)$`));
    const c = f * 0.8 + i * g;
    assertClose(cells.slice(1).map(Number), [f, i, g, o, c, o * Math.tanh(c)], { rtol: 0, atol: PRINT_ATOL }, `worked update '${name}'`);
  }
  // the predictions of the first 8 sequences after 2 epochs, against PyTorch
  const head = lines.findIndex((l) => /^seq +marker step +target +prediction$/.test(l));
  assert.ok(head >= 0, 'the prediction table is printed');
  const preds = lines.slice(head + 2, head + 10).map((l) => l.trim().split(/\s+/).map(Number));
  assert.equal(
    preds.map((r) => r[1]),
    ref.short.data.k,
    'marker steps',
  );
  assertClose(
    preds.map((r) => r[2]),
    ref.short.data.y,
    { rtol: 0, atol: PRINT_ATOL },
    'printed targets',
  );
  assertClose(
    preds.map((r) => r[3]),
    ref.short.predictions,
    { rtol: 0, atol: PRINT_ATOL },
    'printed predictions',
  );
  // the gate table of the memory unit over the traced sequence, against PyTorch's gates
  assert.is(Number(lineMatching(lines, /^gates of sequence (\d+) recomputed/)[1]), ref.short.data.seq);
  const unit = Number(lineMatching(lines, /^memory unit: (\d+) /)[1]);
  const top = lines.findIndex((l) => /^t +v_t +m_t +i +f +g +o +c +h$/.test(l));
  assert.ok(top >= 0 && unit >= 0 && unit < ref.short.config.hiddenSize, 'the gate table is printed');
  const T = ref.short.config.seqLen;
  const H = ref.short.config.hiddenSize;
  const rows = lines.slice(top + 2, top + 2 + T).map((l) => l.trim().split(/\s+/).map(Number));
  assert.equal(
    rows.map((r) => r[0]),
    Array.from({ length: T }, (_, t) => t),
    'one row per step',
  );
  assertClose(
    rows.map((r) => r[1]),
    Array.from({ length: T }, (_, t) => ref.short.data.xSeq.data[2 * t]),
    { rtol: 0, atol: PRINT_ATOL },
    'printed v_t',
  );
  names.forEach((n, col) => {
    const want = Array.from({ length: T }, (_, t) => ref.short.trace[n].data[t * H + unit]);
    assertClose(
      rows.map((r) => r[3 + col]),
      want,
      { rtol: 0, atol: PRINT_ATOL },
      `printed gate ${n} of unit ${unit}`,
    );
  });
});

test.run();
