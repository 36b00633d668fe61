// 001-2 (simulated gradient flow: stable, unstable, clipped): the printed lines, the two-panel
// figure, and with --series every plotted value against the article's program run with PyTorch.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../../examples/articles/001-2-gradient-clipping.js';
import { assertTranscript, reference, runPort } from './lib.js';

/**
 * The series agree to 7 significant digits on 240 of 250 points (228 with the kernels' non-FMA
 * build; W is the same, randn being torch's bit for bit) and within this relative tolerance
 * everywhere: torch's BLAS and its norm's reduction sum in another order than our kernels, one
 * float32 ulp that 50 products carry to the 7th digit (3.6e-7 at worst; 3.5e-6 for log10 of the
 * step-1 norm 0.983, whose log is near 0).
 */
const SERIES_RTOL = 1e-5;

const test = suite('001-2 gradient-clipping');

test("prints the reference transcript, with a pointer instead of the article's prose", async () => {
  assertTranscript((await runPort(main)).lines, reference('001-2'), '001-2');
});

test("writes the article's two panels: titles, axis labels and legends", async () => {
  const svg = (await runPort(main)).figures.get('001-2-gradient_flow.svg');
  assert.ok(svg, 'figure 001-2-gradient_flow.svg');
  for (const text of [
    'Gradient Magnitude Over Time',
    'Log Scale - Gradient Magnitude',
    'Time Step',
    'Gradient Norm',
    'Log10(Gradient Norm)',
    'Stable (small weights)',
    'Unstable (large weights)',
    'Clipped',
  ]) {
    assert.ok(svg.includes(`>${text}<`), `figure text ${text}`);
  }
});

test("--series: every plotted value equals PyTorch's within SERIES_RTOL; overflow (inf) and underflow (0) at the same steps", async () => {
  const got = (await runPort(main, ['--series'])).lines;
  const want = reference('001-2.series');
  assert.is(got.length, want.length, 'line count');
  const point = /^(\S+ step=\d+) value=(\S+)$/;
  let exact = 0;
  want.forEach((w, i) => {
    const wm = point.exec(w);
    if (!wm) return assert.is(got[i], w, `line ${i + 1}`);
    const gm = point.exec(got[i]);
    assert.ok(gm && gm[1] === wm[1], `line ${i + 1}: ${got[i]} vs ${w}`);
    if (gm![2] === wm[2]) {
      exact++;
      return;
    }
    const a = Number(gm![2].replace('inf', 'Infinity')),
      b = Number(wm[2].replace('inf', 'Infinity'));
    assert.ok(Number.isFinite(b) && b !== 0 && Math.abs(a - b) <= SERIES_RTOL * Math.abs(b), `line ${i + 1}: ${got[i]} vs ${w}`);
  });
  assert.ok(exact >= 225, `${exact} of ${want.length - 4} points exact`);
});

test.run();
