// engine/io/safetensors.ts: a PyTorch-written file (scripts/gen-fixtures-toolkit.py) loads into
// seqgrad modules and gives PyTorch's outputs; round trips; checkpoints resume training bit-exactly;
// and every kind of malformed or hostile file is refused with a clear error.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { io, manualSeed, nn, optim, randn, tensor, type Tensor } from '../../engine/index.js';
import { assertClose } from '../lib/assert-close.js';

/** forward of the loaded model against PyTorch float32 */
const OUT_RTOL = 1e-5;
const OUT_ATOL = 1e-6;

const here = dirname(fileURLToPath(import.meta.url));
const fixDir = join(here, '..', '..', '..', 'tests', 'fixtures');

/** The fixture's model: Embedding(10, 4, padding_idx=0) then Linear(4, 3), PyTorch's names emb.* and proj.*. */
class Tiny extends nn.Module {
  emb = this.registerModule('emb', new nn.Embedding({ numEmbeddings: 10, embeddingDim: 4, paddingIdx: 0 }));
  proj = this.registerModule('proj', new nn.Linear({ inFeatures: 4, outFeatures: 3 }));
  forward(idx: Tensor | number[]): Tensor {
    return this.proj.forward(this.emb.forward(idx));
  }
}

/** Builds a file by hand: header object (or raw text) and data bytes. */
function file(header: unknown, data: Uint8Array = new Uint8Array(0), headerLen?: bigint): Uint8Array {
  const h = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, headerLen ?? BigInt(h.length), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}
const f32bytes = (...v: number[]) => new Uint8Array(Float32Array.from(v).buffer);

const S = suite('io.safetensors');
S('a PyTorch state_dict loads into the same modules and reproduces PyTorch outputs', () => {
  const bytes = new Uint8Array(readFileSync(join(fixDir, 'toolkit_model.safetensors')));
  const want = JSON.parse(readFileSync(join(fixDir, 'toolkit_model.json'), 'utf8'));
  const { tensors, metadata } = io.parseSafetensors(bytes);
  assert.equal(Object.keys(tensors).sort(), ['emb.weight', 'proj.bias', 'proj.weight']);
  assert.is(metadata.format, 'pt');
  const m = new Tiny();
  m.loadStateDict(io.loadStateDict(bytes));
  const y = m.forward(tensor(want.indices.flat(), [2, 3]));
  assert.equal(y.shape, want.output.shape);
  assertClose(y.data, want.output.data, { rtol: OUT_RTOL, atol: OUT_ATOL }, 'output');
  m.dispose();
});
S('save → load round trip is exact, with metadata, scalars and empty tensors', () => {
  manualSeed(1);
  const rec = { a: randn([3, 5]), 'b.c': tensor([1.5], []), empty: tensor([], [0, 4]) };
  const bytes = io.saveStateDict(rec, { note: 'hi' });
  assert.is((new DataView(bytes.buffer).getUint32(0, true) + 8) % 8, 0, 'data section 8-byte aligned');
  const back = io.parseSafetensors(bytes);
  assert.equal(back.metadata, { note: 'hi' });
  for (const [k, t] of Object.entries(rec)) {
    assert.equal(back.tensors[k].shape, t.shape);
    assert.equal(Array.from(back.tensors[k].data), Array.from(t.data));
  }
});
S('F64, F16 and BF16 are converted to float32; integer dtypes are refused', () => {
  const d64 = new Uint8Array(Float64Array.from([1.25, -3]).buffer);
  const f16 = new Uint8Array(Uint16Array.from([0x3c00, 0xc000, 0x0001]).buffer); // 1, −2, 2^-24
  const bf16 = new Uint8Array(Uint16Array.from([0x3f80, 0x4049]).buffer); // 1, 3.140625
  const data = new Uint8Array([...d64, ...f16, ...bf16]);
  const t = io.parseSafetensors(
    file(
      {
        a: { dtype: 'F64', shape: [2], data_offsets: [0, 16] },
        b: { dtype: 'F16', shape: [3], data_offsets: [16, 22] },
        c: { dtype: 'BF16', shape: [2], data_offsets: [22, 26] },
      },
      data,
    ),
  ).tensors;
  assert.equal(Array.from(t.a.data), [1.25, -3]);
  assert.equal(Array.from(t.b.data), [1, -2, 2 ** -24]);
  assert.equal(Array.from(t.c.data), [1, 3.140625]);
  assert.throws(
    () => io.parseSafetensors(file({ i: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, new Uint8Array(8))),
    /tensor 'i': dtype I64 is not supported/,
  );
  assert.throws(() => io.parseSafetensors(file({ i: { dtype: 'Q4', shape: [1], data_offsets: [0, 4] } }, new Uint8Array(4))), /unknown dtype 'Q4'/);
});

const ok = { w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } };
const HOSTILE: [string, () => Uint8Array, RegExp][] = [
  ['empty file', () => new Uint8Array(0), /truncated file: 0 bytes/],
  ['7 bytes', () => new Uint8Array(7), /truncated file: 7 bytes/],
  ['header length beyond the file', () => file(ok, f32bytes(1, 2), 10_000n), /header length 10000 goes beyond the end of the file/],
  ['header length of 2^64 − 1', () => file(ok, f32bytes(1, 2), 2n ** 64n - 1n), /exceeds the 100000000-byte limit/],
  ['truncated data', () => file(ok, f32bytes(1)), /data_offsets \[0, 8\] are out of range \(the data section has 4 bytes\)/],
  ['non-JSON header', () => file('{"w": {"dtype": "F32",', f32bytes(1, 2)), /header is not valid JSON/],
  [
    'invalid UTF-8 header',
    () => {
      const b = file('{"w":1}');
      b[9] = 0xff;
      return b;
    },
    /not valid UTF-8/,
  ],
  ['header is an array', () => file([1, 2]), /header must be a JSON object/],
  ['entry is not an object', () => file({ w: 3 }), /tensor 'w': entry must be an object/],
  ['missing dtype', () => file({ w: { shape: [2], data_offsets: [0, 8] } }, f32bytes(1, 2)), /tensor 'w': missing dtype/],
  ['shape not an array', () => file({ w: { dtype: 'F32', shape: 2, data_offsets: [0, 8] } }, f32bytes(1, 2)), /shape must be an array/],
  ['negative dimension', () => file({ w: { dtype: 'F32', shape: [-2], data_offsets: [0, 8] } }, f32bytes(1, 2)), /negative dimension in shape \[-2\]/],
  ['fractional dimension', () => file({ w: { dtype: 'F32', shape: [1.5], data_offsets: [0, 8] } }, f32bytes(1, 2)), /non-integer dimension/],
  [
    'shape / offsets size mismatch',
    () => file({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, f32bytes(1, 2, 3)),
    /shape \[3\] of F32 needs 12 bytes, data_offsets give 8/,
  ],
  [
    'huge declared shape',
    () => file({ w: { dtype: 'F32', shape: [2 ** 31, 2 ** 31, 2 ** 31], data_offsets: [0, 8] } }, f32bytes(1, 2)),
    /declares more data than the file holds/,
  ],
  ['offsets end before they begin', () => file({ w: { dtype: 'F32', shape: [0], data_offsets: [8, 4] } }, f32bytes(1, 2)), /end before they begin/],
  ['negative offset', () => file({ w: { dtype: 'F32', shape: [2], data_offsets: [-8, 0] } }, f32bytes(1, 2)), /data_offsets must be two non-negative integers/],
  ['offsets out of range', () => file({ w: { dtype: 'F32', shape: [2], data_offsets: [8, 16] } }, f32bytes(1, 2)), /out of range/],
  [
    'overlapping tensors',
    () => file({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } }, f32bytes(1, 2, 3)),
    /overlap the previous tensor/,
  ],
  [
    'gap between tensors',
    () => file({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] }, b: { dtype: 'F32', shape: [1], data_offsets: [8, 12] } }, f32bytes(1, 2, 3)),
    /gap in the data section/,
  ],
  ['trailing bytes', () => file(ok, f32bytes(1, 2, 3)), /the data section has 12 bytes but the tensors cover 8/],
  [
    'duplicate keys',
    () => file('{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', f32bytes(1, 2)),
    /duplicate key 'w'/,
  ],
  ['non-string metadata', () => file({ __metadata__: { epoch: 3 } }), /__metadata__ value 'epoch' must be a string/],
];
for (const [name, make, msg] of HOSTILE) {
  S(`refuses a hostile file: ${name}`, () => {
    assert.throws(
      () => io.parseSafetensors(make()),
      (e: Error) => e instanceof Error && /^safetensors: /.test(e.message) && msg.test(e.message),
    );
  });
}
S('nested keys named like top-level ones are not duplicates', () => {
  const t = io.parseSafetensors(file({ __metadata__: { w: 'x', 'a"b': 'y' }, w: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, f32bytes(7))).tensors;
  assert.equal(Array.from(t.w.data), [7]);
});

S('checkpoint (module + optimizer + scheduler) resumes training bit-exactly', () => {
  const run = (m: Tiny, opt: optim.Adam, sched: optim.StepLR, steps: number) => {
    const idx = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    const target = tensor([0, 1, 2, 0, 1, 2], [2, 3]);
    for (let i = 0; i < steps; i++) {
      opt.zeroGrad();
      const loss = new nn.CrossEntropyLoss().forward(m.forward(idx).reshape([6, 3]), target.reshape([6]));
      loss.backward();
      opt.step();
      sched.step();
    }
  };
  manualSeed(5);
  const a = new Tiny();
  const optA = new optim.Adam(a.parameters(), { lr: 0.05, amsgrad: true });
  const schedA = new optim.StepLR(optA, { stepSize: 2, gamma: 0.5 });
  run(a, optA, schedA, 3);
  const bytes = io.saveCheckpoint({ module: a, optimizer: optA, scheduler: schedA, metadata: { epoch: '3' } });
  run(a, optA, schedA, 4);

  manualSeed(99);
  const b = new Tiny();
  const optB = new optim.Adam(b.parameters(), { lr: 1 });
  const schedB = new optim.StepLR(optB, { stepSize: 2, gamma: 0.5 });
  const meta = io.loadCheckpoint(bytes, { module: b, optimizer: optB, scheduler: schedB });
  assert.is(meta.epoch, '3');
  run(b, optB, schedB, 4);
  for (const [[name, pa], [, pb]] of a.namedParameters().map((x, i) => [x, b.namedParameters()[i]])) {
    assert.equal(Array.from(pb.data), Array.from(pa.data), name);
  }
  assert.equal(schedB.getLastLr(), schedA.getLastLr());
  assert.throws(() => io.loadCheckpoint(io.saveStateDict(a), { module: b, optimizer: optB }), /no optimizer state in this file/);
  for (const m of [a, b]) m.dispose();
  optA.dispose();
  optB.dispose();
});
S('Node helpers save(module, path) / load(path)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seqgrad-st-'));
  try {
    manualSeed(2);
    const m = new Tiny();
    await io.save(m, join(dir, 'm.safetensors'));
    const m2 = new Tiny();
    m2.loadStateDict(await io.load(join(dir, 'm.safetensors')));
    assert.equal(Array.from(m2.proj.weight.data), Array.from(m.proj.weight.data));
    m.dispose();
    m2.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
S.run();
