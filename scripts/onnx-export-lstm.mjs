// Writes the ONNX fixture that scripts/check-onnx-torch.py loads back into a torch nn.LSTM: a seeded
// 2-layer bidirectional batch-first LSTM(4, 5) with its state as inputs, exported by seqgrad, and
// the inputs it is checked on. Usage (after npm run build):
//   node scripts/onnx-export-lstm.mjs && /usr/bin/python3 scripts/check-onnx-torch.py
import { writeFileSync } from 'node:fs';
import { io, manualSeed, nn, randn } from '../dist/engine/index.js';

export function lstmFixtureModel() {
  manualSeed(17);
  const lstm = new nn.LSTM({ inputSize: 4, hiddenSize: 5, numLayers: 2, bidirectional: true, batchFirst: true });
  class WithState extends nn.Module {
    constructor() {
      super();
      this.lstm = this.registerModule('lstm', lstm);
    }
    forward(x, h0, c0) {
      return this.lstm.forward(x, [h0, c0]);
    }
  }
  const inputs = [randn([3, 6, 4]), randn([4, 3, 5]), randn([4, 3, 5])];
  const opts = {
    inputNames: ['x', 'h0', 'c0'],
    outputNames: ['output', 'hn', 'cn'],
    dynamicAxes: { x: { 0: 'batch', 1: 'seq' }, h0: { 1: 'batch' }, c0: { 1: 'batch' } },
  };
  return { model: new WithState(), inputs, opts };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = new URL('../tests/fixtures/onnx/', import.meta.url);
  const { model, inputs, opts } = lstmFixtureModel();
  writeFileSync(new URL('lstm.onnx', dir), io.exportOnnx(model, inputs, opts));
  const t = (x) => ({ shape: x.shape, data: Array.from(x.data) });
  writeFileSync(new URL('lstm_inputs.json', dir), JSON.stringify({ x: t(inputs[0]), h0: t(inputs[1]), c0: t(inputs[2]) }));
  console.log('wrote tests/fixtures/onnx/lstm.onnx and lstm_inputs.json');
}
