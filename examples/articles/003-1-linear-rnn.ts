// Port of program 003-1 (../shared/seeds/003_3114010e33895a21.txt, lines 50–64): an RNN module
// built from two Linear layers on the concatenation [input; hidden]: i2h gives the new hidden
// state, i2o the output (no nonlinearity on either, as written). The program only defines the
// class; it creates nothing and prints nothing, and so does the port (its tests call the class
// the way scripts/articles/a003.py's 'forward' variant calls the article's).
//   seqgrad demo 003-1        (prints nothing; the class is `RNN` in this module)
import { cat, nn, type Tensor } from '../../engine/index.js';
import { note } from '../lib/output.js';
import type { PortMeta } from './index.js';

export const meta: PortMeta = {
  id: '003-1',
  name: 'linear-rnn',
  title: 'defines an RNN from two Linear layers on [input; hidden] (i2h → hidden, i2o → output); prints nothing, as the article',
  options: {},
  fixes: [],
};

/**
 * combined = [input; hidden] (B, I + H); hidden' = i2h(combined) (B, H); output = i2o(combined) (B, O).
 * NOTE: as in the article, both read the combined vector and neither goes through a nonlinearity.
 */
export class RNN extends nn.Module {
  readonly hiddenSize: number;
  readonly i2h: nn.Linear;
  readonly i2o: nn.Linear;

  constructor(inputSize: number, hiddenSize: number, outputSize: number) {
    super();
    this.hiddenSize = hiddenSize;
    this.i2h = this.registerModule('i2h', new nn.Linear({ inFeatures: inputSize + hiddenSize, outFeatures: hiddenSize }));
    this.i2o = this.registerModule('i2o', new nn.Linear({ inFeatures: inputSize + hiddenSize, outFeatures: outputSize }));
  }

  /** input (B, I), hidden (B, H) → [output (B, O), hidden (B, H)]. */
  forward(input: Tensor, hidden: Tensor): [Tensor, Tensor] {
    const combined = cat([input, hidden], 1);
    hidden = this.i2h.forward(combined);
    const output = this.i2o.forward(combined);
    return [output, hidden];
  }
}

export async function main(_argv: string[] = []): Promise<void> {
  note("003-1 defines the class RNN (i2h, i2o on [input; hidden]) and prints nothing, as the article's program");
}
