// numpy-rnn: seqgrad's redo of the from-scratch numpy forward passes against the numpy code itself
// (scripts/demos-a.py, float64): shapes, and every output / h / c value to 1e-6 relative.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main, runAll } from '../../examples/numpy-rnn.js';
import { assertClose, assertShape, captureLog, demosA, lineMatching, tmpOut, type Stored } from './demos-a-lib.js';
import { existsSync } from 'node:fs';

/** float32 arithmetic against numpy's float64: 1e-6 of the value, or of the tensor's largest value
 *  for elements near zero (a float32 dot product of 30 terms is exact to ~1e-7 of its terms). */
const RTOL = 1e-6;

const test = suite('numpy-rnn');
const ref = demosA().numpy_rnn;

test('every output equals the numpy code (1e-6 relative)', () => {
  const r = runAll();
  const cases: [string, { shape: number[]; data: ArrayLike<number> }, Stored][] = [
    ['x', r.x, ref.x],
    ['rnn.output', r.rnn.output, ref.rnn.output], ['rnn.h', r.rnn.h, ref.rnn.h],
    ['lstm.output', r.lstm.output, ref.lstm.output], ['lstm.h', r.lstm.h, ref.lstm.h], ['lstm.c', r.lstm.c, ref.lstm.c],
    ['gru.output', r.gru.output, ref.gru.output], ['gru.h', r.gru.h, ref.gru.h],
    ['birnn.output', r.birnn.output, ref.birnn.output], ['birnn.hForward', r.birnn.hForward, ref.birnn.hForward],
    ['birnn.hBackward', r.birnn.hBackward, ref.birnn.hBackward],
  ];
  for (const [name, got, want] of cases) {
    assertShape(got.shape, want.shape, name);
    const scale = Math.max(...want.data.map(Math.abs));
    const worst = assertClose(got.data, want.data, RTOL, RTOL * scale, name);
    if (process.env.SEQGRAD_VERBOSE) console.log(`${name}: worst relative error ${worst.toExponential(2)}`);
  }
});

test('main prints the numpy shapes and writes the plot', async () => {
  const out = tmpOut('numpy-rnn');
  const lines = await captureLog(() => main(['--out', out]));
  assert.is(lineMatching(lines, /^input x shape: (.*?)  /)[1], '(15, 3, 10)');
  const shapes = lines.filter((l) => l.startsWith('output shape: ')).map((l) => l.slice(14, l.indexOf(')') + 1));
  assert.equal(shapes, [ref.rnn.output, ref.lstm.output, ref.gru.output, ref.birnn.output].map((s: Stored) => `(${s.shape.join(', ')})`));
  assert.is(lineMatching(lines, /^h shape: (.*?), c shape: (.*)$/)[2], `(${ref.lstm.c.shape.join(', ')})`);
  const printed = lineMatching(lines, /^output\[-1, 0, :5\] = \[(.*)\]$/)[1].trim().split(/\s+/).map(Number);
  const o = ref.rnn.output as Stored;
  const last0 = o.data.slice((o.shape[0] - 1) * o.shape[1] * o.shape[2], (o.shape[0] - 1) * o.shape[1] * o.shape[2] + 5);
  assertClose(printed, last0, 0, 1e-8, 'printed rnn output[-1, 0, :5]');
  assert.ok(existsSync(`${out}/numpy-rnn.svg`));
});

test.run();
