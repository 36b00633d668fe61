#!/usr/bin/python3
"""Fixture for examples/lib/torch-print.ts: repr() of a set of tensors as torch 1.13 prints them.

  /usr/bin/python3 scripts/torch-print-fixture.py   # → tests/fixtures/torch-print.json

Each case: name, the print options set for it (torch.set_printoptions; default otherwise), dtype, shape, the values (float32 as the shortest decimal that gives the same
float32; 'inf' / '-inf' / 'nan' as strings), requires_grad, the grad_fn class name (None for
leaves), whether it is an nn.Parameter, and repr(t).
"""
import json
import math
import os

import numpy as np
import torch

torch.manual_seed(42)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'tests', 'fixtures', 'torch-print.json')
f64 = torch.float64


def short(t):
    """Values with 3 decimals, so that the summarized cases (over 1000 values) stay small."""
    return (t * 1000).round() / 1000


def grad_leaf(*shape):
    return torch.randn(*shape, requires_grad=True)


a = grad_leaf(2, 3)
CASES = [
    ('1-D fixed', torch.tensor([1.5, -2.25, 3.0])),
    ('integer-valued', torch.tensor([1., 2., 3.])),
    ('integer-valued negative', torch.tensor([-1., 0., 5., -12.])),
    ('integer-valued up to 1e8', torch.tensor([12345678., 99999999., 3.])),
    ('zeros', torch.zeros(3)),
    ('negative zero', torch.tensor([-0.0, 1.5])),
    ('scalar', torch.tensor(3.14159265)),
    ('scalar integer-valued', torch.tensor(2.)),
    ('scalar small', torch.tensor(-1.5e-7)),
    ('sci: above 1e8', torch.tensor([1e9 + 0.5, 1.25, -3.5])),
    ('sci: ratio above 1000', torch.tensor([123456.7, 1.5])),
    ('sci: below 1e-4', torch.tensor([1e-5, 0.5, -0.25])),
    ('fixed: ratio below 1000', torch.tensor([0.0002, 0.1, -0.15])),
    ('integer-valued sci: ratio', torch.tensor([1., 2000.])),
    ('integer-valued sci: above 1e8', torch.tensor([1e9, 2e9])),
    ('non-finite', torch.tensor([float('inf'), float('-inf'), float('nan'), 1.5])),
    ('non-finite with integers', torch.tensor([float('inf'), 2.])),
    ('only non-finite', torch.tensor([float('nan'), float('inf')])),
    ('ties round half to even', torch.tensor([0.03125, 1.03125, -0.03125, 0.09375, 2.5])),
    ('sci ties', torch.tensor([1.03125, 3e-5, -7.65625])),
    ('fixed carry', torch.tensor([9.99995, 0.5])),
    ('sci carry', torch.tensor([9.99995, 1e-6])),
    ('tiny and huge', torch.tensor([1e-30, 3e38, -1e-45])),
    ('2-D', torch.randn(3, 4)),
    ('3-D', torch.randn(2, 3, 4)),
    ('4-D', torch.randn(2, 2, 2, 3)),
    ('1-D wraps', torch.randn(20)),
    ('2-D wraps', torch.randn(2, 15)),
    ('sci wraps', torch.randn(12) * 1e5),
    ('3-D wraps', torch.randn(2, 2, 11) * 10),
    ('summarized 1-D', short(torch.randn(1001))),
    ('summarized 2-D', torch.randn(11, 12), {'threshold': 100}),
    ('summarized integer-valued', torch.arange(120.).reshape(10, 12) * 10, {'threshold': 100}),
    ('summarized 3-D', torch.randn(8, 7, 9), {'threshold': 100}),
    ('summarized 3-D, 2 edge items', torch.randn(5, 6, 7), {'threshold': 100, 'edgeitems': 2}),
    ('linewidth 60', torch.randn(3, 9), {'linewidth': 60}),
    ('precision 2', torch.randn(2, 3), {'precision': 2}),
    ('sci_mode off', torch.tensor([1e-5, 0.5]), {'sci_mode': False}),
    ('sci_mode on', torch.tensor([1.5, 0.5]), {'sci_mode': True}),
    ('int64', torch.arange(12).reshape(3, 4)),
    ('int64 wraps', torch.arange(-30, 30, 2)),
    ('int64 large', torch.tensor([123456789012, -5])),
    ('int32', torch.arange(5, dtype=torch.int32)),
    ('float64', torch.tensor([1.5, 2.0, 1 / 3], dtype=f64)),
    ('float64 sci', torch.tensor([1e58, 2.5e-3], dtype=f64)),
    ('requires_grad', grad_leaf(3)),
    ('requires_grad wraps', grad_leaf(8)),
    ('grad_fn StackBackward0', torch.stack([a, a * 2])),
    ('grad_fn on a new line', grad_leaf(8) * 2),
    ('grad_fn scalar', (grad_leaf(3) ** 2).sum()),
    ('Parameter', torch.nn.Parameter(torch.randn(2, 3))),
    ('empty', torch.zeros(0)),
    ('empty 2-D', torch.zeros(0, 3)),
    ('empty int64', torch.zeros(0, dtype=torch.long)),
]


def value(v, dtype):
    if dtype.is_floating_point:
        if math.isnan(v):
            return 'nan'
        if math.isinf(v):
            return 'inf' if v > 0 else '-inf'
        return float(repr(np.float32(v))) if dtype == torch.float32 else v
    return int(v)


def main():
    out = []
    for name, t, *opts in CASES:
        options = opts[0] if opts else {}
        torch.set_printoptions(**options)
        text = repr(t)
        torch.set_printoptions(profile='default')
        out.append({
            'name': name,
            'options': options,
            'dtype': str(t.dtype).replace('torch.', ''),
            'shape': list(t.shape),
            'data': [value(v, t.dtype) for v in t.detach().reshape(-1).tolist()],
            'requires_grad': t.requires_grad,
            'grad_fn': type(t.grad_fn).__name__ if t.grad_fn is not None else None,
            'parameter': isinstance(t, torch.nn.Parameter),
            'repr': text,
        })
    with open(OUT, 'w', encoding='utf-8') as f:
        # one case a line
        f.write('{"torch": %s, "cases": [\n' % json.dumps(torch.__version__))
        f.write(',\n'.join(json.dumps(c, ensure_ascii=False) for c in out))
        f.write('\n]}\n')
    print(f'{OUT}: {len(out)} cases')


if __name__ == '__main__':
    main()
