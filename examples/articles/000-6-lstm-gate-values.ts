// Port of article 000, lines 290–334 (program 000-6): what LSTM gates do, on made-up gate values
// over 20 steps: a forget gate at 0.9 that drops to 0.1 at steps 5–7, an input gate at 0.1 that
// opens to 0.9 at steps 10–12, an output gate 0.5 + 0.3·sin(t/3); three stacked plots, each
// filled down to 0 (000-6-lstm-gates.svg). No randomness; it prints nothing (--series: the gates).
//   seqgrad demo 000-6 [--series] [--out DIR]
import { parseArgs } from '../lib/args.js';
import { np } from '../lib/numpy.js';
import { figure, printSeries, setOutDir, silently } from '../lib/output.js';
import { plt } from '../lib/pyplot.js';
import { program as program0005, replay as replay0005 } from './000-5-numpy-lstm.js';
import type { PortMeta } from './index.js';

export const meta: PortMeta = {
  id: '000-6',
  name: 'lstm-gate-values',
  title: 'simulated forget, input and output gate values over 20 steps: three plots',
  options: {
    series: 'also print the values the figures plot, as `name step=N value=V` lines',
    out: 'DIR: where the SVG figures go (out/)',
  },
  fixes: [],
};

function visualize_lstm_gates(series: boolean): void {
  const seq_len = 20;
  const t = np.arange(seq_len);

  const forget_gate = np.ones(seq_len).mul(0.9);
  forget_gate.setSlice(5, 8, 0.1); // forget at a few steps

  const input_gate = np.ones(seq_len).mul(0.1);
  input_gate.setSlice(10, 13, 0.9); // write at a few steps

  const output_gate = np.sin(t.div(3)).mul(0.3).add(0.5);
  if (series) {
    printSeries('forget_gate', forget_gate.data);
    printSeries('input_gate', input_gate.data);
    printSeries('output_gate', output_gate.data);
  }

  const [fig, axes] = plt.subplots(3, 1, { figsize: [12, 8] });
  const steps = t.toArray();

  let ax = axes[0];
  ax.plot(steps, forget_gate.toArray(), 'b-', { linewidth: 2 });
  ax.fill_between(steps, 0, forget_gate.toArray(), { alpha: 0.3 });
  ax.set_ylabel('遗忘门 $f_t$');
  ax.set_title('LSTM门控值示例');
  ax.set_ylim(0, 1.1);
  ax.grid(true, { alpha: 0.3 });

  ax = axes[1];
  ax.plot(steps, input_gate.toArray(), 'g-', { linewidth: 2 });
  ax.fill_between(steps, 0, input_gate.toArray(), { alpha: 0.3, color: 'green' });
  ax.set_ylabel('输入门 $i_t$');
  ax.set_ylim(0, 1.1);
  ax.grid(true, { alpha: 0.3 });

  ax = axes[2];
  ax.plot(steps, output_gate.toArray(), 'r-', { linewidth: 2 });
  ax.fill_between(steps, 0, output_gate.toArray(), { alpha: 0.3, color: 'red' });
  ax.set_ylabel('输出门 $o_t$');
  ax.set_xlabel('时间步');
  ax.set_ylim(0, 1.1);
  ax.grid(true, { alpha: 0.3 });

  fig.tight_layout();
  figure('000-6-lstm-gates.svg', fig.svg()); // plt.show()
}

/** The article's block; `series` prints the three gates (--series). */
export function program(series = false): void {
  visualize_lstm_gates(series);
}

/** Replays the article's earlier blocks (000-1 … 000-5) on the shared generator. */
export async function replay(): Promise<void> {
  await replay0005();
  await silently(() => program0005());
}

export async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  if (typeof args.out === 'string') setOutDir(args.out);
  // no replay: this block draws nothing, so the blocks before it cannot change what it shows
  program(args.series === true);
}
