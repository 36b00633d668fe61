#!/usr/bin/python3
"""PyTorch parity fixtures for the recurrent layers and cells: tests/fixtures/rnn/.

Run with Debian's python3 (torch 1.13 + numpy): /usr/bin/python3 scripts/gen-fixtures-rnn.py
(--check replays the written files in float32 PyTorch and prints the max differences)

Writes
  layers.json             nn.RNN / nn.LSTM / nn.GRU records (random configs, packed and padded)
  cells.json              nn.RNNCell / nn.LSTMCell / nn.GRUCell records
  lstm_state.safetensors  state_dict of nn.LSTM(4, 5, num_layers=2, bidirectional=True)
  lstm_state.json         that model's input and expected outputs

Every tensor is {shape, data} with data flat row-major, float32 values written with 9 significant
digits. Parameters, inputs and the loss weights are drawn in float32; the reference runs in float64
on exactly those values, so a comparison measures only the engine's float32 error.
See tests/fixtures/README.md for the format.
"""
import json
import math
import os
import struct

import numpy as np
import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
OUT = os.path.join(ROOT, 'tests', 'fixtures', 'rnn')


def num(v):
    return float('%.9g' % float(v))


def enc(t):
    """{shape, data} of a tensor / array, float32 values with 9 significant digits."""
    if t is None:
        return None
    a = t.detach().cpu().numpy() if isinstance(t, torch.Tensor) else np.asarray(t)
    a = a.astype(np.float32)
    return {'shape': list(a.shape), 'data': [num(v) for v in a.ravel()]}


def f32_tensor(a):
    """float32-representable values, held as float64 for the reference computation."""
    return torch.tensor(np.asarray(a, dtype=np.float32).astype(np.float64))


def randn(rng, shape):
    return f32_tensor(rng.standard_normal(shape))


def round_params_to_f32(module):
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(p.float().double())


# --------------------------------------------------------------------------------------------
# layers

def layer_record(idx, cfg, rng):
    kind, I, H, L = cfg['kind'], cfg['inputSize'], cfg['hiddenSize'], cfg['numLayers']
    D = 2 if cfg['bidirectional'] else 1
    T, B = cfg['T'], cfg['B']
    P = cfg['projSize']
    Hout = P if P > 0 else H
    torch.manual_seed(1000 + idx)
    kw = dict(num_layers=L, bias=cfg['bias'], batch_first=cfg['batchFirst'], bidirectional=cfg['bidirectional'], dropout=0.0)
    if kind == 'RNN':
        m = torch.nn.RNN(I, H, nonlinearity=cfg['nonlinearity'], **kw)
    elif kind == 'LSTM':
        m = torch.nn.LSTM(I, H, proj_size=P, **kw)
    else:
        m = torch.nn.GRU(I, H, **kw)
    m = m.double()
    round_params_to_f32(m)
    m.eval()

    xshape = (B, T, I) if cfg['batchFirst'] else (T, B, I)
    x = randn(rng, xshape).requires_grad_(True)
    lengths = None
    if cfg['packed']:
        lengths = [int(v) for v in rng.integers(1, T + 1, size=B)]
        if cfg.get('fullLength'):
            lengths[int(rng.integers(0, B))] = T
        # unsorted whenever it can be: the layer must not assume descending lengths
        if B >= 2 and T >= 2 and lengths == sorted(lengths, reverse=True):
            if len(set(lengths)) == 1:
                lengths[0] = int(rng.integers(1, lengths[0])) if lengths[0] > 1 else 2
            lengths = sorted(lengths)
    h0 = c0 = None
    if cfg['hasH0']:
        h0 = randn(rng, (L * D, B, Hout)).requires_grad_(True)
        if kind == 'LSTM':
            c0 = randn(rng, (L * D, B, H)).requires_grad_(True)
    state = None
    if h0 is not None:
        state = (h0, c0) if kind == 'LSTM' else h0

    if lengths is not None:
        packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=cfg['batchFirst'], enforce_sorted=False)
        po, st = m(packed, state)
        out, _ = pad_packed_sequence(po, batch_first=cfg['batchFirst'], padding_value=0.0, total_length=T)
    else:
        out, st = m(x, state)
    hn, cn = (st if kind == 'LSTM' else (st, None))

    w_out = randn(rng, tuple(out.shape))
    w_hn = randn(rng, tuple(hn.shape))
    w_cn = randn(rng, tuple(cn.shape)) if cn is not None else None
    loss = (out * w_out).sum() + (hn * w_hn).sum()
    if cn is not None:
        loss = loss + (cn * w_cn).sum()
    names = [n for n, _ in m.named_parameters()]
    wrt = [x] + ([h0] if h0 is not None else []) + ([c0] if c0 is not None else []) + [p for _, p in m.named_parameters()]
    grads = torch.autograd.grad(loss, wrt)
    g = dict(zip(['x'] + (['h0'] if h0 is not None else []) + (['c0'] if c0 is not None else []) + names, grads))

    config = {
        'kind': kind, 'inputSize': I, 'hiddenSize': H, 'numLayers': L, 'bias': cfg['bias'],
        'batchFirst': cfg['batchFirst'], 'bidirectional': cfg['bidirectional'],
        'nonlinearity': cfg['nonlinearity'] if kind == 'RNN' else None,
        'projSize': P, 'packed': cfg['packed'], 'lengths': lengths, 'hasH0': cfg['hasH0'],
    }
    return {
        'name': f'{kind.lower()}_{idx:02d}',
        'config': config,
        'seqLen': T, 'batchSize': B,
        'params': {n: enc(p) for n, p in m.state_dict().items()},
        'inputs': {'x': enc(x), 'lengths': lengths, 'h0': enc(h0), 'c0': enc(c0)},
        'outputs': {'out': enc(out), 'hn': enc(hn), 'cn': enc(cn)},
        'lossWeights': {'out': enc(w_out), 'hn': enc(w_hn), 'cn': enc(w_cn)},
        'grads': {
            'x': enc(g['x']), 'h0': enc(g.get('h0')), 'c0': enc(g.get('c0')),
            'params': {n: enc(g[n]) for n in names},
        },
    }


def layer_configs(rng):
    """66 configs: kinds cycle, layers 1–3 cycle; the rest drawn, with B = 1, T = 1, packed and projSize forced in shares."""
    cfgs = []
    for i in range(66):
        kind = ['RNN', 'LSTM', 'GRU'][i % 3]
        L = 1 + (i // 3) % 3
        big = L == 3  # keep 3-layer stacks small
        H = int(rng.integers(2, 6 if big else 8))
        I = int(rng.integers(2, 6 if big else 8))
        T = 1 if i % 11 == 5 else int(rng.integers(2, 7))
        B = 1 if i % 7 == 3 else int(rng.integers(2, 5))
        packed = bool(i % 5 in (1, 3)) or (i % 11 == 5 and i % 2 == 0)
        proj = 0
        if kind == 'LSTM' and (i // 9) % 3 == 0:  # a third of the LSTMs, every layer count
            proj = int(rng.integers(1, H))
        cfgs.append({
            'kind': kind, 'inputSize': I, 'hiddenSize': H, 'numLayers': L,
            'bias': bool(i % 6 != 4),
            'batchFirst': bool(rng.integers(0, 2)),
            'bidirectional': bool((i // 2) % 2),
            'nonlinearity': ('relu' if (i // 3) % 2 else 'tanh') if kind == 'RNN' else None,
            'projSize': proj, 'packed': packed, 'hasH0': bool(i % 4 in (0, 3)),
            'T': T, 'B': B, 'fullLength': i % 10 != 3,
        })
    return cfgs


# --------------------------------------------------------------------------------------------
# cells

def cell_record(idx, cfg, rng):
    kind, I, H, B = cfg['kind'], cfg['inputSize'], cfg['hiddenSize'], cfg['B']
    torch.manual_seed(2000 + idx)
    if kind == 'RNNCell':
        m = torch.nn.RNNCell(I, H, bias=cfg['bias'], nonlinearity=cfg['nonlinearity'])
    elif kind == 'LSTMCell':
        m = torch.nn.LSTMCell(I, H, bias=cfg['bias'])
    else:
        m = torch.nn.GRUCell(I, H, bias=cfg['bias'])
    m = m.double()
    round_params_to_f32(m)
    x = randn(rng, (B, I)).requires_grad_(True)
    h0 = c0 = None
    if cfg['hasH0']:
        h0 = randn(rng, (B, H)).requires_grad_(True)
        if kind == 'LSTMCell':
            c0 = randn(rng, (B, H)).requires_grad_(True)
    if kind == 'LSTMCell':
        h, c = m(x, (h0, c0) if h0 is not None else None)
    else:
        h, c = m(x, h0), None
    w_h = randn(rng, (B, H))
    w_c = randn(rng, (B, H)) if c is not None else None
    loss = (h * w_h).sum() + ((c * w_c).sum() if c is not None else 0)
    names = [n for n, _ in m.named_parameters()]
    wrt = [x] + ([h0] if h0 is not None else []) + ([c0] if c0 is not None else []) + [p for _, p in m.named_parameters()]
    grads = torch.autograd.grad(loss, wrt)
    g = dict(zip(['x'] + (['h0'] if h0 is not None else []) + (['c0'] if c0 is not None else []) + names, grads))
    return {
        'name': f'{kind.lower()}_{idx:02d}',
        'config': {
            'kind': kind, 'inputSize': I, 'hiddenSize': H, 'bias': cfg['bias'],
            'nonlinearity': cfg['nonlinearity'] if kind == 'RNNCell' else None, 'hasH0': cfg['hasH0'],
        },
        'batchSize': B,
        'params': {n: enc(p) for n, p in m.state_dict().items()},
        'inputs': {'x': enc(x), 'h0': enc(h0), 'c0': enc(c0)},
        'outputs': {'h': enc(h), 'c': enc(c)},
        'lossWeights': {'h': enc(w_h), 'c': enc(w_c)},
        'grads': {
            'x': enc(g['x']), 'h0': enc(g.get('h0')), 'c0': enc(g.get('c0')),
            'params': {n: enc(g[n]) for n in names},
        },
    }


def cell_configs(rng):
    cfgs = []
    kinds = [('RNNCell', 'tanh'), ('RNNCell', 'relu'), ('LSTMCell', None), ('GRUCell', None)]
    for i in range(16):
        kind, nl = kinds[i % 4]
        cfgs.append({
            'kind': kind, 'nonlinearity': nl, 'inputSize': int(rng.integers(2, 8)), 'hiddenSize': int(rng.integers(2, 8)),
            'bias': bool((i // 4) % 2 == 0), 'hasH0': bool((i // 8) % 2 == 0), 'B': 1 if i % 5 == 2 else int(rng.integers(2, 5)),
        })
    return cfgs


# --------------------------------------------------------------------------------------------
# state_dict load case

def write_safetensors(path, tensors):
    """The safetensors format by hand: u64 LE header size, JSON header (8-byte padded), raw LE bytes."""
    header = {}
    blobs = []
    offset = 0
    for name, t in tensors.items():
        b = np.ascontiguousarray(t.detach().cpu().numpy().astype('<f4')).tobytes()
        header[name] = {'dtype': 'F32', 'shape': list(t.shape), 'data_offsets': [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    header['__metadata__'] = {'format': 'pt', 'source': 'scripts/gen-fixtures-rnn.py'}
    h = json.dumps(header, separators=(',', ':')).encode('utf-8')
    h += b' ' * ((8 - len(h) % 8) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def state_case(rng):
    torch.manual_seed(3000)
    m = torch.nn.LSTM(4, 5, num_layers=2, bidirectional=True)  # float32 as saved by a user
    sd = m.state_dict()
    write_safetensors(os.path.join(OUT, 'lstm_state.safetensors'), sd)
    md = torch.nn.LSTM(4, 5, num_layers=2, bidirectional=True).double()
    md.load_state_dict({k: v.double() for k, v in sd.items()})
    x = randn(rng, (6, 3, 4))
    with torch.no_grad():
        out, (hn, cn) = md(x)
    return {
        'module': 'LSTM',
        'config': {'kind': 'LSTM', 'inputSize': 4, 'hiddenSize': 5, 'numLayers': 2, 'bias': True, 'batchFirst': False,
                   'bidirectional': True, 'nonlinearity': None, 'projSize': 0, 'packed': False, 'lengths': None, 'hasH0': False},
        'stateDictFile': 'lstm_state.safetensors',
        'keys': list(sd.keys()),
        'inputs': {'x': enc(x)},
        'outputs': {'out': enc(out), 'hn': enc(hn), 'cn': enc(cn)},
    }


# --------------------------------------------------------------------------------------------
# --check: replay the committed files in float32 PyTorch, reading them back the way a loader
# would (the float32 error budget a TS implementation should land in)

def dec(e, dtype=torch.float32):
    return None if e is None else torch.tensor(e['data'], dtype=dtype).reshape(e['shape'])


def read_safetensors(path):
    with open(path, 'rb') as f:
        raw = f.read()
    n = struct.unpack('<Q', raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    base = 8 + n
    out = {}
    for k, v in header.items():
        if k == '__metadata__':
            continue
        a, b = v['data_offsets']
        out[k] = torch.from_numpy(np.frombuffer(raw[base + a:base + b], dtype='<f4').copy()).reshape(v['shape'])
    return out


def check():
    worst = {}

    def diff(label, a, e):
        if e is None:
            assert a is None, label
            return
        d = (a.detach().double() - dec(e, torch.float64)).abs().max().item() if a.numel() else 0.0
        worst[label] = max(worst.get(label, 0.0), d)

    for r in json.load(open(os.path.join(OUT, 'layers.json')))['records']:
        c = r['config']
        kw = dict(num_layers=c['numLayers'], bias=c['bias'], batch_first=c['batchFirst'], bidirectional=c['bidirectional'])
        if c['kind'] == 'RNN':
            m = torch.nn.RNN(c['inputSize'], c['hiddenSize'], nonlinearity=c['nonlinearity'], **kw)
        elif c['kind'] == 'LSTM':
            m = torch.nn.LSTM(c['inputSize'], c['hiddenSize'], proj_size=c['projSize'], **kw)
        else:
            m = torch.nn.GRU(c['inputSize'], c['hiddenSize'], **kw)
        m.load_state_dict({k: dec(v) for k, v in r['params'].items()})
        x = dec(r['inputs']['x']).requires_grad_(True)
        h0 = dec(r['inputs']['h0'])
        c0 = dec(r['inputs']['c0'])
        leaves = [t.requires_grad_(True) for t in (h0, c0) if t is not None]
        state = ((h0, c0) if c['kind'] == 'LSTM' else h0) if h0 is not None else None
        if c['packed']:
            po, st = m(pack_padded_sequence(x, torch.tensor(c['lengths']), batch_first=c['batchFirst'], enforce_sorted=False), state)
            out, _ = pad_packed_sequence(po, batch_first=c['batchFirst'], total_length=r['seqLen'])
        else:
            out, st = m(x, state)
        hn, cn = st if c['kind'] == 'LSTM' else (st, None)
        lw = r['lossWeights']
        loss = (out * dec(lw['out'])).sum() + (hn * dec(lw['hn'])).sum() + ((cn * dec(lw['cn'])).sum() if cn is not None else 0)
        grads = torch.autograd.grad(loss, [x] + leaves + list(m.parameters()))
        diff('layers out', out, r['outputs']['out'])
        diff('layers hn', hn, r['outputs']['hn'])
        if cn is not None:
            diff('layers cn', cn, r['outputs']['cn'])
        diff('layers dx', grads[0], r['grads']['x'])
        for t, name in zip(grads[1:1 + len(leaves)], ['h0', 'c0']):
            diff(f'layers d{name}', t, r['grads'][name])
        for (n, _), gp in zip(m.named_parameters(), grads[1 + len(leaves):]):
            diff('layers dparams', gp, r['grads']['params'][n])

    for r in json.load(open(os.path.join(OUT, 'cells.json')))['records']:
        c = r['config']
        I, H = c['inputSize'], c['hiddenSize']
        m = (torch.nn.RNNCell(I, H, bias=c['bias'], nonlinearity=c['nonlinearity']) if c['kind'] == 'RNNCell' else
             torch.nn.LSTMCell(I, H, bias=c['bias']) if c['kind'] == 'LSTMCell' else torch.nn.GRUCell(I, H, bias=c['bias']))
        m.load_state_dict({k: dec(v) for k, v in r['params'].items()})
        x = dec(r['inputs']['x']).requires_grad_(True)
        h0, c0 = dec(r['inputs']['h0']), dec(r['inputs']['c0'])
        leaves = [t.requires_grad_(True) for t in (h0, c0) if t is not None]
        if c['kind'] == 'LSTMCell':
            h, cc = m(x, (h0, c0) if h0 is not None else None)
        else:
            h, cc = m(x, h0), None
        lw = r['lossWeights']
        loss = (h * dec(lw['h'])).sum() + ((cc * dec(lw['c'])).sum() if cc is not None else 0)
        grads = torch.autograd.grad(loss, [x] + leaves + list(m.parameters()))
        diff('cells h', h, r['outputs']['h'])
        if cc is not None:
            diff('cells c', cc, r['outputs']['c'])
        diff('cells dx', grads[0], r['grads']['x'])
        for t, name in zip(grads[1:1 + len(leaves)], ['h0', 'c0']):
            diff(f'cells d{name}', t, r['grads'][name])
        for (n, _), gp in zip(m.named_parameters(), grads[1 + len(leaves):]):
            diff('cells dparams', gp, r['grads']['params'][n])

    st = json.load(open(os.path.join(OUT, 'lstm_state.json')))
    sd = read_safetensors(os.path.join(OUT, st['stateDictFile']))
    assert list(sd.keys()) == st['keys'], 'safetensors keys / order'
    m = torch.nn.LSTM(4, 5, num_layers=2, bidirectional=True)
    m.load_state_dict(sd)
    with torch.no_grad():
        out, (hn, cn) = m(dec(st['inputs']['x']))
    diff('state out', out, st['outputs']['out'])
    diff('state hn', hn, st['outputs']['hn'])
    diff('state cn', cn, st['outputs']['cn'])
    for k, v in worst.items():
        print(f'  max |float32 torch − fixture| {k}: {v:.3g}')
    assert max(worst.values()) < 1e-4, 'a fixture disagrees with float32 PyTorch'
    print('check: ok')


# --------------------------------------------------------------------------------------------

def dump(path, header, records):
    """One record per line, so diffs of a regenerated file stay readable."""
    lines = ['{']
    for k, v in header.items():
        lines.append(f'{json.dumps(k)}: {json.dumps(v)},')
    lines.append('"records": [')
    for j, r in enumerate(records):
        lines.append(json.dumps(r, separators=(',', ':')) + (',' if j < len(records) - 1 else ''))
    lines.append(']}')
    with open(path, 'w') as f:
        f.write('\n'.join(lines) + '\n')


def main():
    torch.set_grad_enabled(True)
    os.makedirs(OUT, exist_ok=True)
    header = {'generator': 'scripts/gen-fixtures-rnn.py', 'torch': torch.__version__}

    rng = np.random.default_rng(20240601)
    layers = [layer_record(i, c, rng) for i, c in enumerate(layer_configs(rng))]
    dump(os.path.join(OUT, 'layers.json'), header, layers)

    rng = np.random.default_rng(20240602)
    cells = [cell_record(i, c, rng) for i, c in enumerate(cell_configs(rng))]
    dump(os.path.join(OUT, 'cells.json'), header, cells)

    rng = np.random.default_rng(20240603)
    st = state_case(rng)
    with open(os.path.join(OUT, 'lstm_state.json'), 'w') as f:
        json.dump({**header, **st}, f, separators=(',', ':'))
        f.write('\n')

    cs = [r['config'] for r in layers]
    count = lambda pred: sum(1 for c in cs if pred(c))
    print(f'layers: {len(layers)} (RNN {count(lambda c: c["kind"] == "RNN")}, LSTM {count(lambda c: c["kind"] == "LSTM")}, '
          f'GRU {count(lambda c: c["kind"] == "GRU")}; packed {count(lambda c: c["packed"])}, '
          f'unsorted lengths {count(lambda c: c["packed"] and c["lengths"] != sorted(c["lengths"], reverse=True))}, '
          f'bidirectional {count(lambda c: c["bidirectional"])}, batchFirst {count(lambda c: c["batchFirst"])}, '
          f'no bias {count(lambda c: not c["bias"])}, relu {count(lambda c: c["nonlinearity"] == "relu")}, '
          f'projSize {count(lambda c: c["projSize"] > 0)}, h0 {count(lambda c: c["hasH0"])}, '
          f'layers 1/2/3 {count(lambda c: c["numLayers"] == 1)}/{count(lambda c: c["numLayers"] == 2)}/{count(lambda c: c["numLayers"] == 3)}, '
          f'B=1 {sum(1 for r in layers if r["batchSize"] == 1)}, T=1 {sum(1 for r in layers if r["seqLen"] == 1)}, '
          f'max(lengths)<T {sum(1 for r in layers if r["config"]["packed"] and max(r["config"]["lengths"]) < r["seqLen"])})')
    print(f'cells: {len(cells)}')
    for fn in sorted(os.listdir(OUT)):
        print(f'  {fn}: {os.path.getsize(os.path.join(OUT, fn))} bytes')


if __name__ == '__main__':
    import sys
    if '--check' in sys.argv:
        check()
    else:
        main()
