// Port of article 000, lines 12–52 (program 000-1): three kinds of sequence data side by side: a
// text panel, a short time series drawn with markers, and 100 samples of a sine over [0, 4π] as
// audio. It seeds numpy's generator (np.random.seed(42): the other numpy blocks of the article
// replay this one) and prints nothing; the figure goes to 000-1-sequences.svg.
// The article's text list holds six empty strings (its characters did not survive), so the text
// panel shows only its title, as the article's own program draws it.
//   seqgrad demo 000-1 [--series] [--out DIR]
import { parseArgs } from '../lib/args.js';
import { np } from '../lib/numpy.js';
import { figure, printSeries, setOutDir } from '../lib/output.js';
import { plt } from '../lib/pyplot.js';
import type { PortMeta } from './index.js';

export const meta: PortMeta = {
  id: '000-1',
  name: 'sequence-data',
  title: 'examples of sequence data (text, a time series, a sine as audio): a 3-panel figure',
  options: {
    series: 'also print the values the figures plot, as `name step=N value=V` lines',
    out: 'DIR: where the SVG figures go (out/)',
  },
  fixes: [],
};

/** The article's block; `series` prints the plotted arrays (--series). */
export function program(series = false): void {
  np.random.seed(42);

  const sequences = {
    文本: ['', '', '', '', '', ''],
    时间序列: [1.2, 1.5, 1.3, 1.8, 2.1, 2.0],
    音频: np.sin(np.linspace(0, 4 * np.pi, 100)),
  };

  const [fig, axes] = plt.subplots(1, 3, { figsize: [15, 4] });

  let ax = axes[0];
  sequences['文本'].forEach((char, i) => ax.text(i, 0.5, char, { fontsize: 20, ha: 'center' }));
  ax.set_xlim(-0.5, 5.5);
  ax.set_ylim(0, 1);
  ax.set_title('文本序列');
  ax.axis('off');

  ax = axes[1];
  ax.plot(sequences['时间序列'], 'bo-', { markersize: 10 });
  ax.set_title('时间序列');
  ax.set_xlabel('时间步');
  ax.set_ylabel('');
  ax.grid(true, { alpha: 0.3 });

  ax = axes[2];
  ax.plot(sequences['音频'].toArray());
  ax.set_title('音频波形');
  ax.set_xlabel('采样点');
  ax.set_ylabel('振幅');
  ax.grid(true, { alpha: 0.3 });

  fig.tight_layout();
  if (series) {
    printSeries("sequences['时间序列']", sequences['时间序列']);
    printSeries("sequences['音频']", sequences['音频'].data);
  }
  figure('000-1-sequences.svg', fig.svg()); // plt.show()
}

export async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  if (typeof args.out === 'string') setOutDir(args.out);
  program(args.series === true);
}
