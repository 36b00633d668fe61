#!/usr/bin/python3
"""Writes tests/fixtures/ops.json: PyTorch reference outputs and gradients for every public op.

Run with Debian's python3 (torch 1.13 + numpy):  /usr/bin/python3 scripts/gen-fixtures.py

Each case stores its inputs (float32 values), the op's non-tensor arguments, every output,
a fixed random weight W per output, and the gradient of every differentiable input for
loss = sum_k sum(out_k * W_k). Inputs and W are drawn in float32; the reference is then
computed by PyTorch in float64 from those exact float32 values (a better oracle than
float32 PyTorch, whose own rounding would otherwise be part of the comparison). Floats are
written with 9 significant digits, which round-trips float32 exactly.

The runner is tests/ops/torch-parity.test.ts; the `args` of each op are what its entry in
that file's OPS table reads. See tests/fixtures/README.md ("ops fixtures").
"""
import json
import os
import zlib

import numpy as np
import torch

BASE_SEED = 20240607
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests', 'fixtures', 'ops.json')

torch.set_default_dtype(torch.float64)

CASES = {}  # op -> list of cases, in insertion order


def rng_for(op):
    """One deterministic generator per op, so adding cases to one op never changes another's."""
    return np.random.default_rng(BASE_SEED + zlib.crc32(op.encode()))


def f32(a):
    return np.asarray(a, dtype=np.float32)


def randn(rng, shape, scale=1.0):
    return f32(rng.standard_normal(shape) * scale)


def uniform(rng, shape, lo, hi):
    return f32(rng.uniform(lo, hi, shape))


def away_from(rng, shape, kinks, gap, lo=-2.0, hi=2.0):
    """Uniform values in [lo, hi] at least `gap` away from every kink (relu 0, clamp bounds)."""
    x = rng.uniform(lo, hi, shape)
    for _ in range(100):
        bad = np.zeros(x.shape, dtype=bool)
        for k in kinks:
            bad |= np.abs(x - k) < gap
        if not bad.any():
            break
        x[bad] = rng.uniform(lo, hi, int(bad.sum()))
    return f32(x)


def num(v):
    return float('%.9g' % float(v))


def enc(a):
    a = np.asarray(a, dtype=np.float64)
    if not np.all(np.isfinite(a)):
        raise ValueError('non-finite value in fixture; JSON cannot hold it')
    return {'shape': list(a.shape), 'data': [num(v) for v in a.reshape(-1)]}


def add_case(op, name, inputs, fn, args=None, differentiable=True, index_outputs=None):
    """inputs: list of (name, float32 array, requires_grad). fn(dict name -> float64 tensor) -> tensor | list.
    index_outputs: positions of outputs that hold indices (returned as floats, never requiring grad)."""
    rng = rng_for(op + '/W/' + name)
    ts = {}
    for n, a, rg in inputs:
        ts[n] = torch.tensor(np.asarray(a, dtype=np.float64), requires_grad=bool(rg and differentiable))
    out = fn(ts)
    outs = list(out) if isinstance(out, (list, tuple)) else [out]
    case = {
        'name': name,
        'inputs': [dict(name=n, requiresGrad=bool(rg), **enc(a)) for n, a, rg in inputs],
        'args': args or {},
        'multi': isinstance(out, (list, tuple)),
        'outputs': [enc(o.detach().numpy()) for o in outs],
    }
    if index_outputs:
        case['indexOutputs'] = list(index_outputs)
    if differentiable:
        ws = [randn(rng, tuple(o.shape)) for o in outs]
        loss = sum((o * torch.tensor(w.astype(np.float64))).sum() for o, w in zip(outs, ws))
        loss.backward()
        case['weights'] = [enc(w) for w in ws]
        grads = {}
        for n, a, rg in inputs:
            if rg:
                g = ts[n].grad
                grads[n] = enc(g.numpy() if g is not None else np.zeros(np.shape(a)))
        case['grads'] = grads
    else:
        case['weights'] = []
        case['grads'] = {}
    CASES.setdefault(op, []).append(case)


def sl(dim, start, end, step):
    return (slice(None),) * dim + (slice(start, end, step),)


# ---------------------------------------------------------------------------------------------
# add / sub / mul / div: several broadcasting patterns, scalar and 0-d operands, x op x.

BINARY = {
    'add': lambda a, b: a + b, 'sub': lambda a, b: a - b,
    'mul': lambda a, b: a * b, 'div': lambda a, b: a / b,
}
BROADCAST_PATTERNS = [
    ('same shape [2,3]', [2, 3], [2, 3]),
    ('[2,3] with [3]', [2, 3], [3]),
    ('[3] with [2,3] (left operand broadcast)', [3], [2, 3]),
    ('[2,1] with [1,4] (both broadcast)', [2, 1], [1, 4]),
    ('[4,1,3] with [2,1]', [4, 1, 3], [2, 1]),
    ('[2,3,4] with [3,1]', [2, 3, 4], [3, 1]),
    ('[2,3] with 0-d tensor', [2, 3], []),
    ('[3,19] same shape (SIMD tail)', [3, 19], [3, 19]),
]
for op, f in BINARY.items():
    rng = rng_for(op)
    for name, sa, sb in BROADCAST_PATTERNS:
        a = randn(rng, sa)
        # divisors kept away from 0 so the reference is well conditioned
        b = (f32(rng.choice([-1, 1], sb) * rng.uniform(0.5, 2.0, sb)) if op == 'div' else randn(rng, sb))
        add_case(op, name, [('a', a, True), ('b', b, True)], lambda t, f=f: f(t['a'], t['b']))
    for s in [2.5, -0.75]:
        a = randn(rng, [3, 4])
        add_case(op, f'[3,4] with number {s}', [('a', a, True)], lambda t, f=f, s=s: f(t['a'], s), {'scalar': s})
    a = (f32(rng.choice([-1, 1], [2, 5]) * rng.uniform(0.5, 2.0, [2, 5])) if op == 'div' else randn(rng, [2, 5]))
    add_case(op, 'x with itself (gradient accumulates)', [('a', a, True)], lambda t, f=f: f(t['a'], t['a']), {'same': True})
    a, b = randn(rng, [2, 3]), randn(rng, [3]) if op != 'div' else f32(rng.uniform(0.5, 2, [3]))
    add_case(op, 'only the first operand requires grad', [('a', a, True), ('b', b, False)], lambda t, f=f: f(t['a'], t['b']))

# ---------------------------------------------------------------------------------------------
# matmul: 2-D, batched 3-D, 3-D·2-D.

rng = rng_for('matmul')
for name, sa, sb in [
    ('2-D [3,4]·[4,5]', [3, 4], [4, 5]),
    ('2-D [1,6]·[6,1]', [1, 6], [6, 1]),
    ('2-D [9,17]·[17,11] (gemm panels + tails)', [9, 17], [17, 11]),
    ('batched [2,3,4]·[2,4,5]', [2, 3, 4], [2, 4, 5]),
    ('batched [3,5,2]·[3,2,4]', [3, 5, 2], [3, 2, 4]),
    ('3-D·2-D [2,3,4]·[4,6]', [2, 3, 4], [4, 6]),
    ('3-D·2-D [4,2,7]·[7,3]', [4, 2, 7], [7, 3]),
]:
    add_case('matmul', name, [('a', randn(rng, sa), True), ('b', randn(rng, sb), True)],
             lambda t: t['a'].matmul(t['b']))
# crosses the gemm kernel's MC = 64 row block and KC = 256 depth block (also in backward: dB = Aᵀ·dY has 257 rows)
add_case('matmul', '2-D [65,257]·[257,9] (crosses gemm MC/KC blocks)',
         [('a', randn(rng, [65, 257]), True), ('b', randn(rng, [257, 9], 1 / 16), True)], lambda t: t['a'].matmul(t['b']))
add_case('matmul', 'only the second operand requires grad', [('a', randn(rng, [2, 3]), False), ('b', randn(rng, [3, 2]), True)],
         lambda t: t['a'].matmul(t['b']))

# ---------------------------------------------------------------------------------------------
# unary elementwise

UNARY = {'tanh': torch.tanh, 'sigmoid': torch.sigmoid, 'relu': torch.relu, 'exp': torch.exp, 'log': torch.log}
for op, f in UNARY.items():
    rng = rng_for(op)
    for shape in [[5], [2, 3], [2, 3, 4], [37]]:
        if op == 'log':
            x = uniform(rng, shape, 0.1, 3.0)
        elif op == 'relu':
            x = away_from(rng, shape, [0.0], 0.05)
        elif op == 'exp':
            x = randn(rng, shape, 1.5)
        else:
            x = randn(rng, shape, 2.0)
        add_case(op, f'{shape}', [('x', x, True)], lambda t, f=f: f(t['x']))
x = f32([[-1.5, 0.0, 2.0], [0.0, -0.0, 0.25]])
add_case('relu', 'exact zeros: PyTorch passes no gradient at 0', [('x', x, True)], lambda t: torch.relu(t['x']))
x = f32([-30.0, -12.0, 0.0, 12.0, 30.0])
add_case('tanh', 'saturated inputs', [('x', x, True)], lambda t: torch.tanh(t['x']))
add_case('sigmoid', 'saturated inputs', [('x', x, True)], lambda t: torch.sigmoid(t['x']))

# ---------------------------------------------------------------------------------------------
# sum / mean: all, one dim, several dims, negative dims, keepdim on / off / omitted.

for op in ['sum', 'mean']:
    rng = rng_for(op)
    for shape, dim, keepdim in [
        ([2, 3], None, None),
        ([2, 3, 4], None, None),
        ([2, 3], 0, None),
        ([2, 3], 1, True),
        ([2, 3], -1, False),
        ([2, 3, 4], 1, False),
        ([2, 3, 4], -2, True),
        ([2, 3, 4], [0, 2], False),
        ([2, 3, 4], [0, 2], True),
        ([2, 3, 4], [-1, 0], True),
        ([2, 3, 4], [0, 1, 2], False),
        ([3, 1, 2], 1, False),
        ([7], 0, True),
        ([4, 19], 1, False),
    ]:
        args = {}
        if dim is not None:
            args['dim'] = dim
        if keepdim is not None:
            args['keepdim'] = keepdim

        def fn(t, op=op, dim=dim, keepdim=keepdim):
            f = getattr(t['x'], op)
            if dim is None:
                return f()
            return f(dim=dim, keepdim=bool(keepdim))
        add_case(op, f'{shape} dim={dim} keepdim={keepdim}', [('x', randn(rng, shape), True)], fn, args)

# ---------------------------------------------------------------------------------------------
# reshape / view

for op in ['reshape', 'view']:
    rng = rng_for(op)
    for shape, new in [
        ([2, 3], [3, 2]),
        ([2, 3], [6]),
        ([2, 3, 4], [6, -1]),
        ([2, 3, 4], [-1, 4, 1]),
        ([6], [1, 2, 3]),
        ([2, 3, 4], [4, 3, 2]),
        ([1, 5], [5, 1]),
    ]:
        add_case(op, f'{shape} -> {new}', [('x', randn(rng, shape), True)],
                 lambda t, op=op, new=new: getattr(t['x'], op)(*new), {'shape': new})
rng = rng_for('reshape')
add_case('reshape', 'of a transposed input [2,3]ᵀ -> [6]', [('x', randn(rng, [2, 3]), True)],
         lambda t: t['x'].transpose(0, 1).reshape(6), {'shape': [6], 'transposeFirst': True})

# ---------------------------------------------------------------------------------------------
# transpose / permute

rng = rng_for('transpose')
for shape, d0, d1 in [([2, 3], 0, 1), ([2, 3], -1, -2), ([2, 3, 4], 0, 2), ([2, 3, 4], 1, -1), ([2, 3, 4], 1, 1), ([4, 5], 1, 0)]:
    add_case('transpose', f'{shape} ({d0},{d1})', [('x', randn(rng, shape), True)],
             lambda t, d0=d0, d1=d1: t['x'].transpose(d0, d1), {'dims': [d0, d1]})
rng = rng_for('permute')
for shape, dims in [([2, 3], [1, 0]), ([2, 3, 4], [2, 0, 1]), ([2, 3, 4], [1, 2, 0]), ([2, 3, 4], [-1, -3, -2]),
                    ([2, 3, 4, 2], [3, 1, 0, 2]), ([2, 3, 4], [0, 1, 2])]:
    add_case('permute', f'{shape} {dims}', [('x', randn(rng, shape), True)],
             lambda t, dims=dims: t['x'].permute(*dims), {'dims': dims})

# ---------------------------------------------------------------------------------------------
# cat / stack

rng = rng_for('cat')
for shapes, dim in [
    ([[2, 3], [4, 3]], 0),
    ([[2, 3], [2, 1], [2, 4]], 1),
    ([[2, 3], [2, 2]], -1),
    ([[2, 3, 4], [2, 1, 4]], 1),
    ([[2, 3, 2], [2, 3, 5]], 2),
    ([[3], [4], [1]], 0),
    ([[2, 3]], 0),
]:
    inputs = [(f'x{i}', randn(rng, s), True) for i, s in enumerate(shapes)]
    add_case('cat', f'{shapes} dim={dim}', inputs,
             lambda t, n=len(shapes), dim=dim: torch.cat([t[f'x{i}'] for i in range(n)], dim), {'dim': dim})
rng = rng_for('stack')
for shape, n, dim in [([2, 3], 2, 0), ([2, 3], 3, 1), ([2, 3], 2, 2), ([2, 3], 2, -1), ([2, 3, 4], 2, -2), ([4], 3, 0)]:
    inputs = [(f'x{i}', randn(rng, shape), True) for i in range(n)]
    add_case('stack', f'{n}×{shape} dim={dim}', inputs,
             lambda t, n=n, dim=dim: torch.stack([t[f'x{i}'] for i in range(n)], dim), {'dim': dim})

# ---------------------------------------------------------------------------------------------
# split / chunk (multi-output)

rng = rng_for('split')
for shape, split, dim in [([5, 3], 2, None), ([4, 6], 3, 1), ([4, 6], [1, 3, 2], 1), ([6, 2], [2, 4], 0),
                          ([2, 7, 3], 3, -2), ([3, 4], 5, 0), ([3, 4], [4], -1)]:
    args = {'split': split}
    if dim is not None:
        args['dim'] = dim
    add_case('split', f'{shape} split={split} dim={dim}', [('x', randn(rng, shape), True)],
             lambda t, split=split, dim=dim: list(torch.split(t['x'], split, 0 if dim is None else dim)), args)
rng = rng_for('chunk')
for shape, chunks, dim in [([6, 2], 3, None), ([5, 3], 2, 0), ([2, 7], 3, 1), ([2, 6], 4, -1), ([2, 3, 4], 2, 2),
                           ([3, 2], 5, 0), ([4, 3], 1, 1)]:
    args = {'chunks': chunks}
    if dim is not None:
        args['dim'] = dim
    add_case('chunk', f'{shape} chunks={chunks} dim={dim}', [('x', randn(rng, shape), True)],
             lambda t, chunks=chunks, dim=dim: list(torch.chunk(t['x'], chunks, 0 if dim is None else dim)), args)

# ---------------------------------------------------------------------------------------------
# slice (Python x[..., start:end:step] along dim) / select

rng = rng_for('slice')
for shape, dim, start, end, step in [
    ([5, 3], 0, 1, 4, 1),
    ([5, 3], 0, 0, 5, 2),
    ([4, 7], 1, 1, 7, 3),
    ([4, 7], -1, -5, -1, 1),
    ([4, 7], 1, -6, 6, 2),
    ([2, 6, 3], 1, 2, 100, 1),
    ([2, 6, 3], -2, -100, 3, 2),
    ([2, 3, 8], 2, 0, 8, 8),
    ([3, 4], 0, 2, 3, 1),
    ([9], 0, 1, -1, 4),
]:
    args = {'dim': dim, 'start': start, 'end': end}
    if step != 1:
        args['step'] = step
    add_case('slice', f'{shape} dim={dim} [{start}:{end}:{step}]', [('x', randn(rng, shape), True)],
             lambda t, dim=dim, start=start, end=end, step=step, n=len(shape): t['x'][sl(dim % n, start, end, step)], args)
rng = rng_for('select')
for shape, dim, index in [([3, 4], 0, 1), ([3, 4], 1, -1), ([3, 4], -1, 0), ([2, 3, 4], 1, -3), ([2, 3, 4], 2, 3),
                          ([4], 0, -2), ([2, 3, 4], -3, 1)]:
    add_case('select', f'{shape} dim={dim} index={index}', [('x', randn(rng, shape), True)],
             lambda t, dim=dim, index=index: t['x'].select(dim, index), {'dim': dim, 'index': index})

# ---------------------------------------------------------------------------------------------
# indexSelect (index as number[], Int32Array or Tensor) / gather

rng = rng_for('indexSelect')
for shape, dim, index, kind in [
    ([5, 3], 0, [4, 0, 2], 'array'),
    ([5, 3], 0, [1, 1, 3, 1], 'array'),
    ([3, 6], 1, [5, 0, 5, 2, 0], 'int32'),
    ([2, 4, 3], -2, [3, 3, 0], 'tensor'),
    ([2, 4, 3], 2, [2], 'array'),
    ([6], 0, [0, 5, 0, 5, 3, 3, 3], 'tensor'),
]:
    add_case('indexSelect', f'{shape} dim={dim} index={index} ({kind})', [('x', randn(rng, shape), True)],
             lambda t, dim=dim, index=index: t['x'].index_select(dim, torch.tensor(index, dtype=torch.long)),
             {'dim': dim, 'index': index, 'indexAs': kind})
rng = rng_for('gather')
for shape, dim, ishape in [([3, 4], 1, [3, 4]), ([3, 4], 0, [5, 4]), ([3, 4], 1, [2, 6]), ([2, 3, 4], 2, [2, 3, 2]),
                           ([2, 3, 4], -2, [2, 5, 4]), ([2, 3, 4], 0, [1, 2, 3]), ([6], 0, [9])]:
    index = f32(rng.integers(0, shape[dim], ishape))
    add_case('gather', f'{shape} dim={dim} index {ishape}', [('x', randn(rng, shape), True), ('index', index, False)],
             lambda t, dim=dim: t['x'].gather(dim, t['index'].long()), {'dim': dim})

# ---------------------------------------------------------------------------------------------
# softmax / logSoftmax along each dim (negatives too)

for op, f in [('softmax', torch.softmax), ('logSoftmax', torch.log_softmax)]:
    rng = rng_for(op)
    for shape in [[5], [3, 4], [2, 3, 4]]:
        for dim in list(range(len(shape))) + [-1]:
            add_case(op, f'{shape} dim={dim}', [('x', randn(rng, shape, 2.0), True)],
                     lambda t, f=f, dim=dim: f(t['x'], dim), {'dim': dim})
    add_case(op, '[2,19] dim=1 (SIMD tail)', [('x', randn(rng, [2, 19], 2.0), True)], lambda t, f=f: f(t['x'], 1), {'dim': 1})
    x = f32([[1000.0, 999.0, 998.0], [-1000.0, -1001.0, -999.0]])
    add_case(op, 'large logits (must subtract the max)', [('x', x, True)], lambda t, f=f: f(t['x'], -1), {'dim': -1})

# ---------------------------------------------------------------------------------------------
# where / maskedFill

rng = rng_for('where')
for sc, sa, sb in [([2, 3], [2, 3], [2, 3]), ([2, 3], [3], [2, 1]), ([3, 1], [1, 4], [3, 4]), ([2, 3, 4], [3, 4], [2, 1, 4])]:
    cond = f32(rng.integers(0, 2, sc))
    add_case('where', f'cond {sc}, a {sa}, b {sb}', [('cond', cond, False), ('a', randn(rng, sa), True), ('b', randn(rng, sb), True)],
             lambda t: torch.where(t['cond'] > 0.5, t['a'], t['b']))
rng = rng_for('maskedFill')
for sx, sm, value in [([2, 3], [2, 3], 0.0), ([2, 3], [3], -1e4), ([3, 4], [3, 1], 2.5), ([2, 3, 4], [1, 3, 4], -1.5),
                      ([2, 3], [2, 3], float(np.float32(0.1)))]:
    mask = f32(rng.integers(0, 2, sm))
    add_case('maskedFill', f'x {sx}, mask {sm}, value {value}', [('x', randn(rng, sx), True), ('mask', mask, False)],
             lambda t, value=value: t['x'].masked_fill(t['mask'] > 0.5, value), {'value': value})

# ---------------------------------------------------------------------------------------------
# clamp (incl. values exactly at the bounds: PyTorch passes the gradient there)

rng = rng_for('clamp')
for lo, hi in [(-0.5, 0.5), (-1.0, None), (None, 0.25), (0.0, 2.0)]:
    x = randn(rng, [3, 4])
    add_case('clamp', f'min={lo} max={hi}', [('x', x, True)], lambda t, lo=lo, hi=hi: t['x'].clamp(lo, hi), {'min': lo, 'max': hi})
x = f32([[-0.5, 0.5, -0.25, 0.75], [-1.0, 0.5, -0.5, 0.0]])
add_case('clamp', 'values exactly at the bounds', [('x', x, True)], lambda t: t['x'].clamp(-0.5, 0.5), {'min': -0.5, 'max': 0.5})
x = f32([-1.0, 0.0, 0.25, 0.3])
add_case('clamp', 'values exactly at min only', [('x', x, True)], lambda t: t['x'].clamp(-1.0, None), {'min': -1.0, 'max': None})
add_case('clamp', 'values exactly at max only', [('x', x, True)], lambda t: t['x'].clamp(None, 0.25), {'min': None, 'max': 0.25})
add_case('clamp', 'min == max', [('x', randn(rng, [5]), True)], lambda t: t['x'].clamp(0.1, 0.1),
         {'min': float(np.float32(0.1)), 'max': float(np.float32(0.1))})

# ---------------------------------------------------------------------------------------------
# pow: integer (any sign of input), fractional (positive input), negative exponent (away from 0)

rng = rng_for('pow')
for e in [2, 3, 1, 0]:
    add_case('pow', f'exponent {e}', [('x', randn(rng, [2, 5]), True)], lambda t, e=e: t['x'].pow(e), {'exponent': e})
add_case('pow', 'exponent 2 with exact zeros', [('x', f32([0.0, 1.5, -2.0, 0.0]), True)], lambda t: t['x'].pow(2), {'exponent': 2})
for e in [0.5, 1.5, 2.5, -0.5]:
    add_case('pow', f'fractional exponent {e}', [('x', uniform(rng, [3, 4], 0.2, 3.0), True)],
             lambda t, e=e: t['x'].pow(e), {'exponent': e})
for e in [-1, -2, -1.5]:
    x = f32(rng.uniform(0.3, 2.0, [2, 4]) * (rng.choice([-1, 1], [2, 4]) if float(e).is_integer() else 1))
    add_case('pow', f'negative exponent {e}', [('x', x, True)], lambda t, e=e: t['x'].pow(e), {'exponent': e})
add_case('pow', 'exponent 3, [37] (SIMD tail)', [('x', randn(rng, [37]), True)], lambda t: t['x'].pow(3), {'exponent': 3})

# ---------------------------------------------------------------------------------------------
# comparisons: 0/1 float outputs, never requiring grad

for op, f in [('gt', torch.gt), ('lt', torch.lt), ('ge', torch.ge), ('le', torch.le), ('eq', torch.eq)]:
    rng = rng_for(op)
    a = f32(rng.integers(-2, 3, [3, 4]) * 0.5)
    b = f32(rng.integers(-2, 3, [4]) * 0.5)  # small grid so ties actually occur
    add_case(op, '[3,4] with [4] (ties included)', [('a', a, True), ('b', b, False)],
             lambda t, f=f: f(t['a'], t['b']).double(), differentiable=False)
    a = f32(rng.integers(-2, 3, [2, 5]) * 0.5)
    add_case(op, '[2,5] with number 0.5', [('a', a, True)], lambda t, f=f: f(t['a'], 0.5).double(), {'scalar': 0.5},
             differentiable=False)

rng = rng_for('detach')
add_case('detach', '[2,3]', [('x', randn(rng, [2, 3]), True)], lambda t: t['x'].detach(), differentiable=False)

# ---------------------------------------------------------------------------------------------
# Selecting reductions, norms and the ops added with them (max/min, argmax/argmin, amax/amin,
# topk, abs, flip, repeat, norm, var/std). Random normal inputs have no ties; the tie cases are
# built by hand (PyTorch 1.13 CPU: max/min along a dim pick the first index, max()/amax share the
# gradient evenly among ties). Indices are written as floats.

def with_index(fn):
    return lambda t: [o.double() if not o.is_floating_point() else o for o in fn(t)]


TIES = f32([[1.0, 3.0, 3.0, 2.0], [5.0, 5.0, 1.0, 0.0], [-2.0, 0.5, -2.0, 0.5]])
for op in ['max', 'min']:
    rng = rng_for(op)
    add_case(op, '[2,3,4] all elements', [('x', randn(rng, [2, 3, 4]), True)], lambda t, op=op: getattr(t['x'], op)())
    for shape, dim, keepdim in [([3, 5], 1, None), ([2, 3, 4], 0, None), ([2, 3, 4], -2, True), ([2, 9, 3], 1, False),
                                ([4, 19], 1, None), ([4, 19], 0, True), ([6], 0, None)]:
        args = {'dim': dim}
        if keepdim is not None:
            args['keepdim'] = keepdim
        add_case(op, f'{shape} dim={dim} keepdim={keepdim}', [('x', randn(rng, shape), True)],
                 with_index(lambda t, op=op, dim=dim, keepdim=keepdim: getattr(t['x'], op)(dim, bool(keepdim))), args, index_outputs=[1])
    add_case(op, '0-dim input, dim 0', [('x', randn(rng, []), True)],
             with_index(lambda t, op=op: getattr(t['x'], op)(0)), {'dim': 0}, index_outputs=[1])
    add_case(op, 'ties along dim 1: the first index gets the gradient', [('x', TIES, True)],
             with_index(lambda t, op=op: getattr(t['x'], op)(1)), {'dim': 1}, index_outputs=[1])
    add_case(op, 'ties along dim 0', [('x', TIES.T.copy(), True)],
             with_index(lambda t, op=op: getattr(t['x'], op)(0)), {'dim': 0}, index_outputs=[1])
    add_case(op, 'all elements with ties: the gradient is shared evenly', [('x', TIES, True)], lambda t, op=op: getattr(t['x'], op)())

for op in ['argmax', 'argmin']:
    rng = rng_for(op)
    for shape, dim, keepdim in [([3, 5], None, None), ([2, 3, 4], None, True), ([3, 5], 1, None), ([2, 3, 4], 0, True),
                                ([2, 3, 4], -2, False), ([4, 19], 1, None)]:
        args = {}
        if dim is not None:
            args['dim'] = dim
        if keepdim is not None:
            args['keepdim'] = keepdim
        add_case(op, f'{shape} dim={dim} keepdim={keepdim}', [('x', randn(rng, shape), False)],
                 lambda t, op=op, dim=dim, keepdim=keepdim: getattr(t['x'], op)(dim, bool(keepdim)).double(), args, differentiable=False)
    add_case(op, 'ties: the first index', [('x', TIES, False)], lambda t, op=op: getattr(t['x'], op)(1).double(), {'dim': 1},
             differentiable=False)

for op in ['amax', 'amin']:
    rng = rng_for(op)
    for shape, dim, keepdim in [([2, 3, 4], None, None), ([3, 5], 1, None), ([2, 3, 4], [0, 2], False), ([2, 3, 4], [-1, 1], True),
                                ([4, 19], 0, None)]:
        args = {}
        if dim is not None:
            args['dim'] = dim
        if keepdim is not None:
            args['keepdim'] = keepdim
        add_case(op, f'{shape} dim={dim} keepdim={keepdim}', [('x', randn(rng, shape), True)],
                 lambda t, op=op, dim=dim, keepdim=keepdim: getattr(t['x'], op)(() if dim is None else dim, bool(keepdim)), args)
    add_case(op, 'ties share the gradient evenly', [('x', TIES, True)], lambda t, op=op: getattr(t['x'], op)(1), {'dim': 1})

rng = rng_for('topk')
for shape, k, dim, largest in [([3, 7], 3, None, None), ([3, 7], 3, -1, False), ([2, 5, 3], 2, 1, None), ([4, 3, 2], 3, 0, False),
                               ([4, 6], 6, 1, True), ([4, 19], 5, -1, None), ([5], 1, 0, None), ([2, 3], 0, 1, None)]:
    args = {'k': k}
    if dim is not None:
        args['dim'] = dim
    if largest is not None:
        args['largest'] = largest
    add_case('topk', f'{shape} k={k} dim={dim} largest={largest}', [('x', randn(rng, shape), True)],
             with_index(lambda t, k=k, dim=dim, largest=largest: t['x'].topk(k, -1 if dim is None else dim, largest is not False)),
             args, index_outputs=[1])

rng = rng_for('abs')
for shape in [[5], [2, 3], [37]]:
    add_case('abs', f'{shape}', [('x', away_from(rng, shape, [0.0], 0.05), True)], lambda t: t['x'].abs())
add_case('abs', 'exact zeros: the gradient is 0 there', [('x', f32([[-1.5, 0.0, 2.0], [0.0, -0.0, -0.25]]), True)],
         lambda t: t['x'].abs())

rng = rng_for('flip')
for shape, dims in [([3, 5], [1]), ([2, 3, 4], [0, 2]), ([2, 3, 4], [-1]), ([2, 3, 4], [0, 1, 2]), ([7], [0])]:
    add_case('flip', f'{shape} dims={dims}', [('x', randn(rng, shape), True)], lambda t, dims=dims: t['x'].flip(dims), {'dims': dims})

rng = rng_for('repeat')
for shape, sizes in [([2, 3], [2, 1]), ([2, 3], [2, 1, 2]), ([3], [2, 3]), ([2, 1, 3], [1, 4, 1]), ([2, 2], [1, 1]), ([2, 3], [0, 2])]:
    add_case('repeat', f'{shape} sizes={sizes}', [('x', randn(rng, shape), True)], lambda t, sizes=sizes: t['x'].repeat(*sizes),
             {'sizes': sizes})

rng = rng_for('norm')
for shape, p, dim, keepdim in [([2, 3, 4], None, None, None), ([3, 5], 2, 1, None), ([2, 3, 4], 1, -1, True), ([3, 5], float('inf'), 1, None),
                               ([3, 5], float('-inf'), 0, None), ([2, 3, 4], 3, [0, 2], False), ([3, 5], 1.5, None, None),
                               ([3, 5], 0.5, 1, None), ([3, 5], -1, 1, None), ([4, 19], 2, 1, True)]:
    args = {}
    if p is not None:
        args['p'] = 'inf' if p == float('inf') else '-inf' if p == float('-inf') else p
    if dim is not None:
        args['dim'] = dim
    if keepdim is not None:
        args['keepdim'] = keepdim
    add_case('norm', f'{shape} p={p} dim={dim} keepdim={keepdim}', [('x', randn(rng, shape), True)],
             lambda t, p=p, dim=dim, keepdim=keepdim: t['x'].norm(2 if p is None else p, dim, bool(keepdim)), args)
Z = f32([[0.0, 0.0, 0.0], [3.0, -4.0, 0.0]])
for p in [2, 1, 3, 0.5, float('inf')]:
    ps = 'inf' if p == float('inf') else p
    add_case('norm', f'p={p} with a zero row: no gradient at a zero norm / zero entry', [('x', Z, True)],
             lambda t, p=p: t['x'].norm(p, 1), {'p': ps, 'dim': 1})
add_case('norm', 'p=0 counts non-zeros (no gradient)', [('x', Z, False)], lambda t: t['x'].norm(0, 1), {'p': 0, 'dim': 1},
         differentiable=False)

for op in ['var', 'std']:
    rng = rng_for(op)
    for shape, dim, unbiased, keepdim in [([2, 3, 4], None, None, None), ([3, 5], 1, None, None), ([2, 3, 4], [0, 2], True, True),
                                          ([3, 5], 0, False, False), ([2, 3, 4], -1, False, True), ([4, 19], 1, None, None)]:
        args = {}
        if dim is not None:
            args['dim'] = dim
        if unbiased is not None:
            args['unbiased'] = unbiased
        if keepdim is not None:
            args['keepdim'] = keepdim
        add_case(op, f'{shape} dim={dim} unbiased={unbiased} keepdim={keepdim}', [('x', randn(rng, shape), True)],
                 lambda t, op=op, dim=dim, unbiased=unbiased, keepdim=keepdim:
                 getattr(t['x'], op)(dim, unbiased is not False, bool(keepdim)), args)
    add_case(op, 'unbiased=False as the only argument', [('x', randn(rng, [2, 5]), True)], lambda t, op=op: getattr(t['x'], op)(False),
             {'unbiasedOnly': False})
    add_case(op, 'a constant row (std: no gradient at 0)', [('x', f32([[1.5, 1.5, 1.5], [1.0, 2.0, 4.0]]), True)],
             lambda t, op=op: getattr(t['x'], op)(1), {'dim': 1})


def main():
    total = sum(len(v) for v in CASES.values())
    lines = ['{', '"generator": "scripts/gen-fixtures.py",',
             f'"torch": {json.dumps(torch.__version__)},',
             f'"seed": {BASE_SEED},',
             '"loss": "sum over outputs k of sum(out[k] * weights[k]); grads are d loss / d input",',
             '"ops": {']
    ops = list(CASES.items())
    for i, (op, cases) in enumerate(ops):
        lines.append(f'{json.dumps(op)}: [')
        for j, c in enumerate(cases):
            lines.append(json.dumps(c, separators=(',', ':'), ensure_ascii=False) + (',' if j < len(cases) - 1 else ''))
        lines.append(']' + (',' if i < len(ops) - 1 else ''))
    lines.append('}}')
    text = '\n'.join(lines) + '\n'
    json.loads(text)  # sanity
    with open(OUT, 'w', encoding='utf-8') as fh:
        fh.write(text)
    print(f'wrote {os.path.relpath(OUT)}: {len(CASES)} ops, {total} cases, {len(text) / 1024:.0f} KiB')
    for op, cases in CASES.items():
        print(f'  {op:12s} {len(cases)}')


if __name__ == '__main__':
    main()
