// Writes a seqgrad model as safetensors for scripts/check-safetensors-torch.py: the fixture's
// Embedding(10, 4, padding_idx=0) + Linear(4, 3), seeded, a few Adam steps, with its own outputs
// in the metadata. Usage (after npm run build):
//   node scripts/safetensors-export.mjs /tmp/seqgrad_tiny.safetensors
//   /usr/bin/python3 scripts/check-safetensors-torch.py /tmp/seqgrad_tiny.safetensors
import { io, manualSeed, nn, optim, tensor } from '../dist/engine/index.js';

const path = process.argv[2] ?? '/tmp/seqgrad_tiny.safetensors';
class Tiny extends nn.Module {
  emb = this.registerModule('emb', new nn.Embedding({ numEmbeddings: 10, embeddingDim: 4, paddingIdx: 0 }));
  proj = this.registerModule('proj', new nn.Linear({ inFeatures: 4, outFeatures: 3 }));
  forward(idx) {
    return this.proj.forward(this.emb.forward(idx));
  }
}
manualSeed(11);
const m = new Tiny();
const opt = new optim.Adam(m.parameters(), { lr: 0.1 });
const idx = [
  [1, 2, 3],
  [9, 0, 4],
];
const x = tensor(idx.flat(), [2, 3]);
for (let i = 0; i < 5; i++) {
  opt.zeroGrad();
  const y = m.forward(x);
  y.mul(y).sum().backward();
  opt.step();
}
const out = m.forward(x);
await io.save(m, path, { indices: JSON.stringify(idx), output: JSON.stringify(Array.from(out.data)), shape: JSON.stringify(out.shape) });
console.log(`wrote ${path}`);
