// Article 000's ports against the reference transcripts of the article's own code
// (scripts/articles/a000.py → tests/fixtures/articles/000-*.txt): the printed lines, the plotted
// series (--series) and, for the numpy blocks that print only shapes, a few float64 values (--check)
// that depend on the weights' scale, the shared generator's replay of the earlier blocks, and the math.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main as main0001 } from '../../../examples/articles/000-1-sequence-data.js';
import { main as main0002 } from '../../../examples/articles/000-2-numpy-simple-rnn.js';
import { main as main0004 } from '../../../examples/articles/000-4-gradient-norms.js';
import { main as main0005 } from '../../../examples/articles/000-5-numpy-lstm.js';
import { main as main0006 } from '../../../examples/articles/000-6-lstm-gate-values.js';
import { main as main0007 } from '../../../examples/articles/000-7-numpy-gru.js';
import { main as main0008 } from '../../../examples/articles/000-8-numpy-birnn.js';
import { main as main0009 } from '../../../examples/articles/000-9-torch-rnn-shapes.js';
import { assertTranscript, reference, runPort } from './lib.js';

/** Every string must occur in the SVG (titles, axis labels, legend entries). */
function assertTexts(svg: string | undefined, texts: string[], label: string): void {
  assert.ok(svg, `${label}: figure written`);
  for (const t of texts) assert.ok(svg!.includes(t), `${label}: the figure shows ${JSON.stringify(t)}`);
}

/** The number of panels with a frame (axes that are not turned off). */
const frames = (svg: string) => (svg.match(/fill="none" stroke="black" stroke-width="0.8"/g) ?? []).length;

const plots: [string, (argv: string[]) => Promise<void>, string, string[], number][] = [
  ['000-1', main0001, '000-1-sequences.svg', ['文本序列', '时间序列', '音频波形', '时间步', '采样点', '振幅'], 2],
  ['000-4', main0004, '000-4-gradient-norms.svg', ['RNN梯度消失/爆炸', '时间步', '梯度范数', 'W scale=0.5', 'W scale=1.0', 'W scale=1.5'], 1],
  ['000-6', main0006, '000-6-lstm-gates.svg', ['LSTM门控值示例', '遗忘门', '输入门', '输出门', '>f</tspan>', '>o</tspan>'], 3],
];

for (const [id, main, file, texts, panels] of plots) {
  const test = suite(id);
  test('prints nothing, as the article; writes the figure with its panels, titles and labels', async () => {
    const t = await runPort(main);
    assert.equal(t.lines, []);
    assert.equal([...t.figures.keys()], [file]);
    const svg = t.figures.get(file)!;
    assertTexts(svg, texts, id);
    assert.is(frames(svg), panels, `${id}: panels drawn with axes`);
    assert.not.match(svg, /NaN|Infinity/, `${id}: every coordinate finite`);
  });
  test('--series prints every plotted series as the article computes it', async () => {
    assertTranscript((await runPort(main, ['--series'])).lines, reference(`${id}.series`), `${id} --series`);
  });
  if (id === '000-4') {
    test("--check: gradient_flow_rnn (defined, never called by the article) returns numpy's norms and spectral radius", async () => {
      assertTranscript((await runPort(main, ['--check'])).lines, reference('000-4.check'), '000-4 --check');
    });
  }
  test.run();
}

const numpyBlocks: [string, (argv: string[]) => Promise<void>][] = [
  ['000-2', main0002],
  ['000-5', main0005],
  ['000-7', main0007],
  ['000-8', main0008],
];

for (const [id, main] of numpyBlocks) {
  const test = suite(id);
  test("prints the article's lines", async () => {
    assertTranscript((await runPort(main)).lines, reference(id), id);
  });
  test("--check: the float64 values equal numpy's after replaying the blocks before it", async () => {
    assertTranscript((await runPort(main, ['--check'])).lines, reference(`${id}.check`), `${id} --check`);
  });
  test.run();
}

const torchShapes = suite('000-9');
torchShapes("prints the three output sizes and the classifier's 2,071,554 parameters", async () => {
  assertTranscript((await runPort(main0009)).lines, reference('000-9'), '000-9');
});
torchShapes.run();
