"""Loads the LSTM weights of tests/fixtures/onnx/lstm.onnx (written by scripts/onnx-export-lstm.mjs)
back into a torch nn.LSTM and writes its outputs on the fixture inputs to lstm_torch.json, which
tests/io/onnx.test.ts compares with ONNX Runtime's outputs of the same file.

The ONNX file is parsed here by hand (no `onnx` package): the initializers lstm.l{l}.W / .R / .B in
ONNX's layout [dirs, 4H, ·] with gates i, o, f, c, turned back into PyTorch's i, f, g, o.
Run with Debian's python3 (torch 1.13): /usr/bin/python3 scripts/check-onnx-torch.py
"""
import json
import os
import struct

import numpy as np
import torch

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests', 'fixtures', 'onnx')


def varint(buf, pos):
    x = shift = 0
    while True:
        b = buf[pos]
        pos += 1
        x |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return x, pos


def fields(buf):
    """(field number, wire type, value) of one protobuf message; length-delimited values as bytes."""
    pos = 0
    while pos < len(buf):
        tag, pos = varint(buf, pos)
        field, wire = tag >> 3, tag & 7
        if wire == 0:
            v, pos = varint(buf, pos)
        elif wire == 2:
            n, pos = varint(buf, pos)
            v = buf[pos:pos + n]
            pos += n
        elif wire == 5:
            v = struct.unpack('<f', buf[pos:pos + 4])[0]
            pos += 4
        elif wire == 1:
            v = buf[pos:pos + 8]
            pos += 8
        else:
            raise ValueError(f'wire type {wire}')
        yield field, wire, v


def initializers(path):
    model = open(path, 'rb').read()
    graph = next(v for f, _, v in fields(model) if f == 7)
    out = {}
    for f, _, t in fields(graph):
        if f != 5:
            continue
        dims, name, raw, dtype = [], None, None, None
        for tf, _, tv in fields(t):
            if tf == 1:
                dims.append(tv)
            elif tf == 2:
                dtype = tv
            elif tf == 8:
                name = tv.decode()
            elif tf == 9:
                raw = tv
        if dtype == 1:  # FLOAT
            out[name] = np.frombuffer(raw, dtype='<f4').reshape(dims)
    return out


def main():
    init = initializers(os.path.join(HERE, 'lstm.onnx'))
    inputs = json.load(open(os.path.join(HERE, 'lstm_inputs.json')))
    t = lambda v: torch.tensor(v['data'], dtype=torch.float32).reshape(v['shape'])
    x, h0, c0 = t(inputs['x']), t(inputs['h0']), t(inputs['c0'])
    W0 = init['lstm.l0.W']
    dirs, G, I = W0.shape
    H = G // 4
    layers = sum(1 for k in init if k.endswith('.W'))
    lstm = torch.nn.LSTM(I, H, num_layers=layers, bidirectional=dirs == 2, batch_first=True)
    onnx_to_torch = [0, 2, 3, 1]  # ONNX blocks i, o, f, c → PyTorch i, f, g, o
    reorder = lambda a: np.concatenate([a[g * H:(g + 1) * H] for g in onnx_to_torch], axis=0)
    with torch.no_grad():
        for l in range(layers):
            W, R, B = init[f'lstm.l{l}.W'], init[f'lstm.l{l}.R'], init[f'lstm.l{l}.B']
            for d in range(dirs):
                sfx = f'_l{l}' + ('_reverse' if d == 1 else '')
                getattr(lstm, 'weight_ih' + sfx).copy_(torch.from_numpy(reorder(W[d])))
                getattr(lstm, 'weight_hh' + sfx).copy_(torch.from_numpy(reorder(R[d])))
                getattr(lstm, 'bias_ih' + sfx).copy_(torch.from_numpy(reorder(B[d][:G])))
                getattr(lstm, 'bias_hh' + sfx).copy_(torch.from_numpy(reorder(B[d][G:])))
        out, (hn, cn) = lstm(x, (h0, c0))
    d = lambda v: {'shape': list(v.shape), 'data': [float(f'{a:.9g}') for a in v.flatten().tolist()]}
    json.dump({'torch': torch.__version__, 'output': d(out), 'hn': d(hn), 'cn': d(cn)}, open(os.path.join(HERE, 'lstm_torch.json'), 'w'))
    print(f'wrote lstm_torch.json: LSTM({I}, {H}, num_layers={layers}, bidirectional={dirs == 2}) from the ONNX initializers')


if __name__ == '__main__':
    main()
