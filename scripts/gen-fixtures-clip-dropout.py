#!/usr/bin/python3
"""Writes tests/fixtures/clip-dropout.json: gradient clipping, inter-layer dropout of the recurrent
layers, and nn.Sequential / nn.ModuleList, all from PyTorch (float32 CPU).

Run with Debian's python3 (torch 1.13):  /usr/bin/python3 scripts/gen-fixtures-clip-dropout.py

  clipValue      clip_grad_value_ on two fixed gradients, several clip values
  clipNonfinite  clip_grad_norm_ on gradients holding inf / nan: the norm returned and the
                 gradients after (non-finite values written as the strings 'nan', 'inf', '-inf')
  rnnDropout     torch.manual_seed(seed); the layer built; x = randn(T, B, I); forward in train
                 mode: output, h_n (c_n), the masks drawn between layers (checked here by
                 replaying the layers one by one), d(sum(output))/dx and two weight grads; then
                 the same forward in eval mode (no mask, no draw)
  sequential     torch.manual_seed(0); Sequential(Linear(3, 4), Tanh(), Linear(4, 2)); x = randn(5, 3)
  moduleList     torch.manual_seed(1); ModuleList([Linear(2, 3), Linear(3, 1)]): state_dict keys

Runners: tests/optim/clip.test.ts, tests/nn/rnn-dropout.test.ts, tests/nn/containers.test.ts.
"""
import json
import os

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_PATH = os.path.join(HERE, '..', 'tests', 'fixtures', 'clip-dropout.json')


def num(v):
    v = float(v)
    if np.isnan(v):
        return 'nan'
    if np.isinf(v):
        return 'inf' if v > 0 else '-inf'
    return float('%.9g' % v)


def enc(t):
    a = t.detach().numpy() if isinstance(t, torch.Tensor) else np.asarray(t)
    return {'shape': list(a.shape), 'data': [num(v) for v in a.reshape(-1)]}


OUT = {'torch': torch.__version__}

# ---------------------------------------------------------------------------------------------
# clip_grad_value_

torch.manual_seed(7)
ga = torch.randn(3, 4)
gb = torch.randn(5) * 3
cases = []
for v in [0.5, 0.1, 2.0, 10.0]:
    a = torch.zeros(3, 4, requires_grad=True)
    b = torch.zeros(5, requires_grad=True)
    a.grad = ga.clone()
    b.grad = gb.clone()
    torch.nn.utils.clip_grad_value_([a, b], v)
    cases.append({'clipValue': v, 'a': enc(a.grad), 'b': enc(b.grad)})
OUT['clipValue'] = {'a': enc(ga), 'b': enc(gb), 'cases': cases}

# ---------------------------------------------------------------------------------------------
# clip_grad_norm_ with non-finite gradients

nonfinite = []
for label, values in [('inf', [1.0, float('inf'), -2.0]), ('nan', [1.0, float('nan'), -2.0])]:
    for norm_type in [2.0, 1.0, float('inf')]:
        p = torch.zeros(3, requires_grad=True)
        q = torch.zeros(2, requires_grad=True)
        p.grad = torch.tensor(values)
        q.grad = torch.tensor([0.5, -0.25])
        total = torch.nn.utils.clip_grad_norm_([p, q], 1.0, norm_type)
        try:
            p2 = torch.zeros(3, requires_grad=True)
            p2.grad = torch.tensor(values)
            torch.nn.utils.clip_grad_norm_([p2], 1.0, norm_type, error_if_nonfinite=True)
            raised = False
        except RuntimeError:
            raised = True
        nonfinite.append({'grad': label, 'normType': num(norm_type), 'p': enc(torch.tensor(values)), 'q': [0.5, -0.25],
                          'total': num(total), 'pAfter': enc(p.grad), 'qAfter': enc(q.grad), 'raises': raised})
OUT['clipNonfinite'] = nonfinite

# ---------------------------------------------------------------------------------------------
# inter-layer dropout of nn.RNN / nn.LSTM / nn.GRU

T, B, I, H = 4, 3, 5, 6
rnn_cases = []
for kind, layers, p, bi, seed in [('RNN', 3, 0.5, False, 11), ('LSTM', 3, 0.5, False, 12), ('GRU', 3, 0.5, False, 13),
                                  ('LSTM', 2, 0.3, True, 14), ('GRU', 2, 0.7, True, 15), ('RNN', 2, 0.25, True, 16)]:
    cls = getattr(torch.nn, kind)
    dirs = 2 if bi else 1
    torch.manual_seed(seed)
    m = cls(I, H, num_layers=layers, dropout=p, bidirectional=bi)
    x = torch.randn(T, B, I, requires_grad=True)
    before = torch.get_rng_state()
    out, hn = m(x)
    cn = None
    if kind == 'LSTM':
        hn, cn = hn
    out.sum().backward()

    # the masks: drawn after each layer but the last, bernoulli_(1 - p) over (T, B, dirs·H)
    torch.set_rng_state(before)
    masks = [torch.empty(T, B, dirs * H).bernoulli_(1 - p) for _ in range(layers - 1)]
    with torch.no_grad():
        inp = x
        for l in range(layers):
            one = cls(inp.shape[-1], H, num_layers=1, bidirectional=bi)
            for sfx in ([''] + (['_reverse'] if bi else [])):
                for w in ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh']:
                    getattr(one, f'{w}_l0{sfx}').copy_(getattr(m, f'{w}_l{l}{sfx}'))
            inp = one(inp)[0]
            if l < layers - 1:
                inp = inp * masks[l] / (1 - p)
        assert torch.allclose(inp, out, atol=1e-6), f'{kind}: replayed masks do not give the output'

    torch.manual_seed(999)
    with torch.no_grad():
        m.eval()
        out_eval, hn_eval = m(x)
        if kind == 'LSTM':
            hn_eval = hn_eval[0]
    after_eval = torch.randn(1)
    torch.manual_seed(999)
    assert torch.equal(after_eval, torch.randn(1)), 'eval forward drew random numbers'

    case = {'kind': kind, 'numLayers': layers, 'dropout': p, 'bidirectional': bi, 'seed': seed, 'T': T, 'B': B, 'I': I, 'H': H,
            'x': enc(x), 'output': enc(out), 'hn': enc(hn), 'masks': [enc(mk) for mk in masks],
            'dx': enc(x.grad), 'dWeightIh0': enc(m.weight_ih_l0.grad), 'dWeightHhLast': enc(getattr(m, f'weight_hh_l{layers - 1}').grad),
            'outputEval': enc(out_eval), 'hnEval': enc(hn_eval)}
    if cn is not None:
        case['cn'] = enc(cn)
    rnn_cases.append(case)
OUT['rnnDropout'] = rnn_cases

# ---------------------------------------------------------------------------------------------
# containers

torch.manual_seed(0)
seq = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 2))
x = torch.randn(5, 3)
OUT['sequential'] = {'keys': list(seq.state_dict().keys()), 'x': enc(x), 'output': enc(seq(x)),
                     'state': {k: enc(v) for k, v in seq.state_dict().items()}}
torch.manual_seed(1)
ml = torch.nn.ModuleList([torch.nn.Linear(2, 3), torch.nn.Linear(3, 1)])
OUT['moduleList'] = {'keys': list(ml.state_dict().keys()), 'state': {k: enc(v) for k, v in ml.state_dict().items()}}

with open(OUT_PATH, 'w') as f:
    json.dump(OUT, f, separators=(',', ':'))
    f.write('\n')
print('wrote', os.path.relpath(OUT_PATH), os.path.getsize(OUT_PATH), 'bytes')
