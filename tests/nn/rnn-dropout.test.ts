// Inter-layer dropout of nn.RNN / nn.LSTM / nn.GRU against PyTorch 1.13 (tests/fixtures/clip-dropout.json,
// scripts/gen-fixtures-clip-dropout.py): under manualSeed the layer draws PyTorch's initial weights,
// x = randn draws PyTorch's input, and the train-mode forward draws PyTorch's masks (bernoulli over
// (T, B, dirs·H) after every layer but the last); outputs, states and gradients agree. In eval() no
// mask is applied and the generator is not touched. Both backends.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { F, manualSeed, nn, noGrad, ones, randn, setBackend, type Tensor } from '../../engine/index.js';
import { nonEmpty } from '../fixture.js';
import { assertClose } from '../lib/assert-close.js';

const RTOL = 1e-4;
const ATOL = 1e-5;
const TOL = { rtol: RTOL, atol: ATOL };
const BACKENDS = ['wasm', 'js'] as const;

interface Stored {
  shape: number[];
  data: number[];
}
interface Case {
  kind: 'RNN' | 'LSTM' | 'GRU';
  numLayers: number;
  dropout: number;
  bidirectional: boolean;
  seed: number;
  T: number;
  B: number;
  I: number;
  H: number;
  x: Stored;
  output: Stored;
  hn: Stored;
  cn?: Stored;
  masks: Stored[];
  dx: Stored;
  dWeightIh0: Stored;
  dWeightHhLast: Stored;
  outputEval: Stored;
  hnEval: Stored;
}
const here = dirname(fileURLToPath(import.meta.url));
const fx = JSON.parse(readFileSync(join(here, '..', '..', '..', 'tests', 'fixtures', 'clip-dropout.json'), 'utf8'));
const cases = nonEmpty(fx.rnnDropout as Case[], 'rnnDropout');

/** manualSeed(seed), then the layer and x drawn in the PyTorch script's order. */
function build(c: Case): { layer: nn.RNN | nn.LSTM | nn.GRU; x: Tensor } {
  manualSeed(c.seed);
  const opts = { inputSize: c.I, hiddenSize: c.H, numLayers: c.numLayers, dropout: c.dropout, bidirectional: c.bidirectional };
  const layer = c.kind === 'RNN' ? new nn.RNN(opts) : c.kind === 'LSTM' ? new nn.LSTM(opts) : new nn.GRU(opts);
  const x = randn([c.T, c.B, c.I], { requiresGrad: true });
  return { layer, x };
}

const name = (c: Case) => `${c.kind} ${c.numLayers} layers${c.bidirectional ? ' bidirectional' : ''} dropout ${c.dropout}`;
const S = suite('RNN/LSTM/GRU inter-layer dropout vs torch');
S.after(() => setBackend('wasm'));
for (const backend of BACKENDS) {
  for (const c of cases) {
    S(`${name(c)}: masks drawn as torch's [${backend}]`, () => {
      setBackend(backend);
      const { layer, x } = build(c);
      assertClose(x.data, c.x.data, TOL, 'x');
      const dirs = c.bidirectional ? 2 : 1;
      for (const [l, mask] of c.masks.entries()) {
        const drawn = F.dropout(ones([c.T, c.B, dirs * c.H]), c.dropout, true).data;
        assertClose(
          Array.from(drawn, (v) => (v === 0 ? 0 : 1)),
          mask.data,
          TOL,
          `mask after layer ${l}`,
        );
      }
      layer.dispose();
    });
    S(`${name(c)}: train-mode output, states and gradients [${backend}]`, () => {
      setBackend(backend);
      const { layer, x } = build(c);
      assert.ok(layer.training);
      const [out, h] = layer.forward(x) as [Tensor, Tensor | [Tensor, Tensor]];
      const [hn, cn] = Array.isArray(h) ? h : [h, null];
      assertClose(out.data, c.output.data, TOL, 'output');
      assertClose(hn.data, c.hn.data, TOL, 'hn');
      if (c.cn) assertClose(cn!.data, c.cn.data, TOL, 'cn');
      out.sum().backward();
      assertClose(x.grad!.data, c.dx.data, TOL, 'dx');
      const params = new Map(layer.namedParameters());
      assertClose(params.get('weight_ih_l0')!.grad!.data, c.dWeightIh0.data, TOL, 'weight_ih_l0.grad');
      const last = `weight_hh_l${c.numLayers - 1}`;
      assertClose(params.get(last)!.grad!.data, c.dWeightHhLast.data, TOL, `${last}.grad`);
      layer.dispose();
    });
    S(`${name(c)}: eval() applies no mask and draws nothing [${backend}]`, () => {
      setBackend(backend);
      const { layer, x } = build(c);
      layer.eval();
      manualSeed(999);
      const [out, h] = noGrad(() => layer.forward(x)) as [Tensor, Tensor | [Tensor, Tensor]];
      const next = randn([1]).item();
      manualSeed(999);
      assert.is(next, randn([1]).item(), 'the generator was not advanced');
      assertClose(out.data, c.outputEval.data, TOL, 'output (eval)');
      assertClose((Array.isArray(h) ? h[0] : h).data, c.hnEval.data, TOL, 'hn (eval)');
      // the graph path too (x requires grad): still no dropout
      const [outGraph] = layer.forward(x) as [Tensor, unknown];
      assertClose(outGraph.data, c.outputEval.data, TOL, 'output (eval, with graph)');
      layer.dispose();
    });
  }
}
S.run();
