#!/usr/bin/python3
"""Loads a seqgrad-saved safetensors file into PyTorch and compares outputs.

Debian has no python3-safetensors, so the format is read by hand (8-byte LE header length,
JSON header, F32 little-endian data). Usage:

    npm run build && node scripts/safetensors-export.mjs /tmp/seqgrad_tiny.safetensors
    /usr/bin/python3 scripts/check-safetensors-torch.py /tmp/seqgrad_tiny.safetensors

The file holds emb.weight / proj.weight / proj.bias of Embedding(10, 4, padding_idx=0) + Linear(4, 3)
and, in __metadata__, the indices and seqgrad's own output; exits 1 if PyTorch's output differs.
"""
import json
import struct
import sys

import numpy as np
import torch


def read_safetensors(path):
    with open(path, 'rb') as f:
        buf = f.read()
    (n,) = struct.unpack('<Q', buf[:8])
    header = json.loads(buf[8:8 + n])
    meta = header.pop('__metadata__', {})
    data = buf[8 + n:]
    out = {}
    for k, v in header.items():
        assert v['dtype'] == 'F32', v['dtype']
        b, e = v['data_offsets']
        out[k] = torch.from_numpy(np.frombuffer(data[b:e], dtype='<f4').reshape(v['shape']).copy())
    return out, meta


class Tiny(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = torch.nn.Embedding(10, 4, padding_idx=0)
        self.proj = torch.nn.Linear(4, 3)

    def forward(self, idx):
        return self.proj(self.emb(idx))


path = sys.argv[1] if len(sys.argv) > 1 else '/tmp/seqgrad_tiny.safetensors'
sd, meta = read_safetensors(path)
m = Tiny()
m.load_state_dict(sd, strict=True)
y = m(torch.tensor(json.loads(meta['indices']))).detach().numpy().reshape(-1)
want = np.array(json.loads(meta['output']), dtype=np.float64)
diff = np.max(np.abs(y - want))
print(f'loaded {sorted(sd)} into torch {torch.__version__}; max |torch - seqgrad| = {diff:.3e} over {y.size} outputs')
sys.exit(0 if diff <= 1e-5 + 1e-5 * np.max(np.abs(want)) else 1)
