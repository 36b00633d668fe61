// The articles' programs, by id (`ARTICLE-K`, in the order they appear in ../shared/seeds/): the
// line range of each in its article and what it does. A port is the module in this folder whose
// `meta.id` is the id; the CLI and the tests find it by scanning. 000-3 and 001-4 print only prose
// or a text diagram and have no port: `seqgrad demo --list` points to their lines instead.
import type { ProgramOptions } from '../lib/args.js';

/** An article the project reproduces: its file under ../shared/seeds/ and its subject. */
export interface Article {
  key: string;
  file: string;
  subject: string;
}

export const ARTICLES: readonly Article[] = [
  { key: '000', file: '000_0d83b21974b9da88.txt', subject: 'RNN, LSTM, GRU and bidirectional RNN from scratch in numpy; gradient flow; PyTorch shapes' },
  {
    key: '001',
    file: '001_9700ed81899b3ed4.txt',
    subject: 'PyTorch: hand-written cells, vanishing/exploding gradients, seq2seq, attention, text classification, translation',
  },
  {
    key: '002',
    file: '002_b99330d79e838694.txt',
    subject: 'sine prediction (RNN), a classifier on random data (LSTM), time series (GRU), char-level generation (LSTM)',
  },
  { key: '003', file: '003_3114010e33895a21.txt', subject: 'RNN theory and a char-level RNN from two Linear layers' },
  { key: '004', file: '004_f0894e9dca8cd21e.txt', subject: 'the nn.RNN / nn.LSTM / nn.GRU API: arguments and shapes' },
];

/** One program of an article. `textOnly`: it prints prose or a diagram only, so it has no port. */
export interface Program {
  id: string;
  lines: [number, number];
  what: string;
  textOnly?: boolean;
}

export const PROGRAMS: readonly Program[] = [
  { id: '000-1', lines: [12, 52], what: 'examples of sequence data: a 3-panel figure' },
  { id: '000-2', lines: [67, 116], what: 'numpy SimpleRNN(10, 20, 5) with an output layer: three shapes' },
  { id: '000-3', lines: [120, 152], what: 'the unrolled RNN as a text diagram', textOnly: true },
  { id: '000-4', lines: [158, 200], what: 'gradient norm over 50 steps of g = Wᵀg·0.9 for three weight scales (log plot)' },
  { id: '000-5', lines: [213, 286], what: 'numpy LSTM(10, 20): three shapes' },
  { id: '000-6', lines: [290, 334], what: 'simulated LSTM gate values: three plots' },
  { id: '000-7', lines: [344, 404], what: 'numpy GRU(10, 20): two shapes' },
  { id: '000-8', lines: [415, 441], what: 'numpy bidirectional RNN from two SimpleRNNs: one shape' },
  { id: '000-9', lines: [445, 494], what: 'nn.RNN / bidirectional nn.LSTM / nn.GRU shapes; the SequenceClassifier parameter count' },
  { id: '001-1', lines: [17, 88], what: 'a hand-written RNN in torch (one step, a sequence) and nn.RNN: nine shapes' },
  { id: '001-2', lines: [113, 181], what: 'simulated gradient flow: stable, unstable and clipped (plots)' },
  { id: '001-3', lines: [199, 324], what: 'a hand-written LSTM cell; the nn.LSTMCell(10, 20) parameter count' },
  { id: '001-4', lines: [336, 363], what: 'RNN vs LSTM gradient flow as a text diagram', textOnly: true },
  { id: '001-5', lines: [380, 440], what: 'a hand-written GRU cell; LSTMCell vs GRUCell(100, 256) parameter counts' },
  { id: '001-6', lines: [452, 523], what: 'LSTM encoder, decoder and Seq2Seq with teacher forcing' },
  { id: '001-7', lines: [535, 632], what: 'Bahdanau attention, an attention decoder, an attention-matrix illustration' },
  { id: '001-8', lines: [638, 838], what: "LSTM text classification on the article's sentences: training, evaluation, predictions" },
  { id: '001-9', lines: [844, 1076], what: 'the seq2seq + attention translation program' },
  { id: '002-1', lines: [41, 144], what: 'sine-wave prediction with nn.RNN: training losses, a 50-step forecast' },
  { id: '002-2', lines: [190, 307], what: 'an LSTM sentiment classifier on random data: train/test split, accuracy' },
  { id: '002-3', lines: [336, 471], what: 'GRU time-series prediction on a noisy sine: scaling, training, test predictions' },
  { id: '002-4', lines: [510, 653], what: 'char-level LSTM text generation on the 人工智能 paragraph' },
  { id: '003-1', lines: [50, 64], what: 'an RNN from two Linear layers on [input; hidden]' },
  { id: '003-2', lines: [177, 179], what: 'data preparation for a Shakespeare LSTM (the article stops mid-line)' },
  { id: '004-1', lines: [74, 90], what: 'nn.RNN(5, 6, 1) on a (1, 3, 5) input with h0: output, hn' },
  { id: '004-2', lines: [146, 175], what: 'nn.LSTM(5, 6, 2) with h0, c0: output, hn, cn' },
  { id: '004-3', lines: [206, 225], what: 'nn.GRU(5, 6, 2) with h0: output, hn' },
];

/** What a port exports as `meta`. */
export interface PortMeta {
  /** The program's id, e.g. '002-1'. */
  id: string;
  /** A descriptive alias: `seqgrad demo sine-rnn` runs the same port. */
  name: string;
  /** One line on what it does. */
  title: string;
  /** Its command-line options (`seqgrad demo ID --help` lists them; any other is refused). */
  options: ProgramOptions;
  /** What was changed from the article's program and why (empty when it runs as written). */
  fixes: readonly string[];
}
