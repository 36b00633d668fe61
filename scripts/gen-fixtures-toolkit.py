#!/usr/bin/python3
"""Writes the training-toolkit fixtures: losses, optimizers, LR schedulers, seeded randomness, safetensors.

Run with Debian's python3 (torch 1.13 + numpy):  /usr/bin/python3 scripts/gen-fixtures-toolkit.py

Outputs (all deterministic):
  tests/fixtures/toolkit.json             losses (float64 reference on float32 inputs), optimizers
                                          (float32 PyTorch, 10 steps), schedulers, torch's seeded
                                          random streams (randn/rand/init/dropout/multinomial)
  tests/fixtures/toolkit_numpy.json       numpy's legacy RandomState(42) streams, as float64 (17 digits)
  tests/fixtures/toolkit_model.safetensors  a Linear+Embedding state_dict written by hand in the
                                          safetensors format (Debian has no python3-safetensors)

Runners: tests/nn/losses.test.ts, tests/optim/*.test.ts, tests/random/generators.test.ts, tests/io/safetensors.test.ts.
See tests/fixtures/README.md ("toolkit fixtures").
"""
import json
import os
import struct
import zlib

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, '..', 'tests', 'fixtures')
BASE_SEED = 20240611


def rng_for(name):
    return np.random.default_rng(BASE_SEED + zlib.crc32(name.encode()))


def f32(a):
    return np.asarray(a, dtype=np.float32)


def num(v):
    return float('%.9g' % float(v))


def enc(a):
    a = np.asarray(a, dtype=np.float64)
    if not np.all(np.isfinite(a)):
        raise ValueError('non-finite value in fixture')
    return {'shape': list(a.shape), 'data': [num(v) for v in a.reshape(-1)]}


def enc64(a):
    """float64 values written with 17 significant digits (round-trips a double)."""
    a = np.asarray(a, dtype=np.float64).reshape(-1)
    return [float(repr(float(v))) for v in a]


OUT = {'torch': torch.__version__, 'losses': [], 'optim': {}, 'sched': [], 'random': {}}

# ---------------------------------------------------------------------------------------------
# Losses: float64 PyTorch on float32 inputs; output and d(sum(out * W))/d input.

def loss_case(name, kind, opts, x, target, fn, target_is_float=False, extra=None):
    rng = rng_for('loss/W/' + name)
    xt = torch.tensor(x.astype(np.float64), requires_grad=True)
    tt = torch.tensor(target.astype(np.float64)) if target_is_float else torch.tensor(target.astype(np.int64))
    out = fn(xt, tt)
    w = randn(rng, tuple(out.shape))
    (out * torch.tensor(w.astype(np.float64))).sum().backward()
    case = {'name': name, 'kind': kind, 'opts': opts, 'input': enc(x), 'target': enc(target),
            'W': enc(w), 'output': enc(out.detach().numpy()), 'grad': enc(xt.grad.numpy())}
    if extra:
        case.update(extra)
    OUT['losses'].append(case)


def randn(rng, shape, scale=1.0):
    return f32(rng.standard_normal(shape) * scale)


def ce_cases():
    rng = rng_for('ce')
    N, C, T = 6, 5, 4
    x = randn(rng, (N, C), 2.0)
    t = rng.integers(0, C, N)
    t_ign = t.copy(); t_ign[[1, 4]] = -100
    t_ign2 = t.copy(); t_ign2[[0, 3]] = 2
    w = f32(rng.uniform(0.2, 2.0, C))
    F = torch.nn.functional
    W = torch.tensor(w.astype(np.float64))
    for red in ['mean', 'sum', 'none']:
        loss_case(f'CE [N,C] {red}', 'crossEntropy', {'reduction': red}, x, t,
                  lambda a, b, red=red: F.cross_entropy(a, b, reduction=red))
    loss_case('CE [N,C] ignoreIndex -100 (default) mean', 'crossEntropy', {}, x, t_ign, lambda a, b: F.cross_entropy(a, b))
    loss_case('CE [N,C] ignoreIndex 2 mean', 'crossEntropy', {'ignoreIndex': 2}, x, t_ign2, lambda a, b: F.cross_entropy(a, b, ignore_index=2))
    loss_case('CE [N,C] ignoreIndex 2 none', 'crossEntropy', {'ignoreIndex': 2, 'reduction': 'none'}, x, t_ign2,
              lambda a, b: F.cross_entropy(a, b, ignore_index=2, reduction='none'))
    for red in ['mean', 'sum', 'none']:
        loss_case(f'CE [N,C] labelSmoothing 0.1 {red}', 'crossEntropy', {'labelSmoothing': 0.1, 'reduction': red}, x, t,
                  lambda a, b, red=red: F.cross_entropy(a, b, label_smoothing=0.1, reduction=red))
        loss_case(f'CE [N,C] weight {red}', 'crossEntropy', {'weight': enc(w), 'reduction': red}, x, t,
                  lambda a, b, red=red: F.cross_entropy(a, b, weight=W, reduction=red))
        loss_case(f'CE [N,C] weight + labelSmoothing 0.2 + ignoreIndex {red}', 'crossEntropy',
                  {'weight': enc(w), 'labelSmoothing': 0.2, 'reduction': red}, x, t_ign,
                  lambda a, b, red=red: F.cross_entropy(a, b, weight=W, label_smoothing=0.2, reduction=red))
    x3 = randn(rng, (3, C, T), 2.0)
    t3 = rng.integers(0, C, (3, T)); t3[1, 2] = -100
    for red in ['mean', 'none']:
        loss_case(f'CE [N,C,T] {red} (with an ignored target)', 'crossEntropy', {'reduction': red}, x3, t3,
                  lambda a, b, red=red: F.cross_entropy(a, b, reduction=red))
        loss_case(f'CE [N,C,T] weight + labelSmoothing 0.1 {red}', 'crossEntropy', {'weight': enc(w), 'labelSmoothing': 0.1, 'reduction': red},
                  x3, t3, lambda a, b, red=red: F.cross_entropy(a, b, weight=W, label_smoothing=0.1, reduction=red))
    x1 = randn(rng, (C,), 2.0)
    loss_case('CE [C] unbatched, scalar target', 'crossEntropy', {}, x1, np.array(3), lambda a, b: F.cross_entropy(a, b))
    big = f32(np.array([[1000.0, -1000.0, 0.0], [-50.0, 60.0, 55.0]]))
    loss_case('CE logits of ±1000 (stable)', 'crossEntropy', {}, big, np.array([1, 0]), lambda a, b: F.cross_entropy(a, b))

    # NLL on log-probabilities
    lp = f32(torch.log_softmax(torch.tensor(x.astype(np.float64)), 1).numpy())
    for red in ['mean', 'sum', 'none']:
        loss_case(f'NLL [N,C] {red}', 'nllLoss', {'reduction': red}, lp, t, lambda a, b, red=red: F.nll_loss(a, b, reduction=red))
        loss_case(f'NLL [N,C] weight + ignoreIndex {red}', 'nllLoss', {'weight': enc(w), 'reduction': red}, lp, t_ign,
                  lambda a, b, red=red: F.nll_loss(a, b, weight=W, reduction=red))
    loss_case('NLL [N,C] ignoreIndex 2', 'nllLoss', {'ignoreIndex': 2}, lp, t_ign2, lambda a, b: F.nll_loss(a, b, ignore_index=2))
    lp3 = f32(torch.log_softmax(torch.tensor(x3.astype(np.float64)), 1).numpy())
    loss_case('NLL [N,C,T] weight mean', 'nllLoss', {'weight': enc(w)}, lp3, t3, lambda a, b: F.nll_loss(a, b, weight=W))
    loss_case('NLL [N,C,T] none', 'nllLoss', {'reduction': 'none'}, lp3, t3, lambda a, b: F.nll_loss(a, b, reduction='none'))
    loss_case('NLL [C] unbatched', 'nllLoss', {}, lp[0], np.array(2), lambda a, b: F.nll_loss(a, b))


def reg_cases():
    rng = rng_for('reg')
    F = torch.nn.functional
    x = randn(rng, (4, 7))
    y = randn(rng, (4, 7))
    for red in ['mean', 'sum', 'none']:
        loss_case(f'MSE {red}', 'MSELoss', {'reduction': red}, x, y, lambda a, b, red=red: F.mse_loss(a, b, reduction=red), True)
        loss_case(f'L1 {red}', 'L1Loss', {'reduction': red}, x, y, lambda a, b, red=red: F.l1_loss(a, b, reduction=red), True)
    logits = randn(rng, (5, 3), 3.0)
    logits[0, 0] = 60.0
    logits[1, 1] = -60.0
    yb = f32(rng.integers(0, 2, (5, 3)))
    yb[2, :] = f32([0.25, 0.5, 0.9])  # soft targets
    pw = f32([0.5, 2.0, 3.0])
    wb = f32(rng.uniform(0.5, 1.5, (5, 3)))
    PW = torch.tensor(pw.astype(np.float64))
    WB = torch.tensor(wb.astype(np.float64))
    for red in ['mean', 'sum', 'none']:
        loss_case(f'BCEWithLogits {red}', 'BCEWithLogitsLoss', {'reduction': red}, logits, yb,
                  lambda a, b, red=red: F.binary_cross_entropy_with_logits(a, b, reduction=red), True)
        loss_case(f'BCEWithLogits posWeight [3] {red}', 'BCEWithLogitsLoss', {'reduction': red, 'posWeight': enc(pw)}, logits, yb,
                  lambda a, b, red=red: F.binary_cross_entropy_with_logits(a, b, pos_weight=PW, reduction=red), True)
    loss_case('BCEWithLogits posWeight + weight mean', 'BCEWithLogitsLoss', {'posWeight': enc(pw), 'weight': enc(wb)}, logits, yb,
              lambda a, b: F.binary_cross_entropy_with_logits(a, b, weight=WB, pos_weight=PW), True)


torch.set_default_dtype(torch.float64)
ce_cases()
reg_cases()
torch.set_default_dtype(torch.float32)

# ---------------------------------------------------------------------------------------------
# Optimizers: float32 PyTorch, nn.Linear(4, 3) from fixed values, MSE loss on a fixed batch,
# 10 steps of zero_grad / backward / [clip_grad_norm_] / step.

def optim_problem():
    rng = rng_for('optim')
    return {
        'weight': randn(rng, (3, 4), 0.5), 'bias': randn(rng, (3,), 0.5),
        'x': randn(rng, (8, 4)), 'y': randn(rng, (8, 3)),
    }


P = optim_problem()
OUT['optim']['problem'] = {k: enc(v) for k, v in P.items()}
OPTIMS = [
    ('SGD lr 0.1', 'SGD', {'lr': 0.1}),
    ('SGD momentum 0.9', 'SGD', {'lr': 0.05, 'momentum': 0.9}),
    ('SGD momentum 0.9 dampening 0.5 weightDecay 0.01', 'SGD', {'lr': 0.05, 'momentum': 0.9, 'dampening': 0.5, 'weightDecay': 0.01}),
    ('SGD nesterov weightDecay 0.1', 'SGD', {'lr': 0.05, 'momentum': 0.8, 'nesterov': True, 'weightDecay': 0.1}),
    ('Adam', 'Adam', {'lr': 0.01}),
    ('Adam weightDecay 0.1 betas (0.8, 0.95)', 'Adam', {'lr': 0.02, 'betas': [0.8, 0.95], 'weightDecay': 0.1}),
    ('Adam amsgrad', 'Adam', {'lr': 0.01, 'amsgrad': True}),
    ('Adam amsgrad weightDecay 0.05 eps 1e-6', 'Adam', {'lr': 0.01, 'amsgrad': True, 'weightDecay': 0.05, 'eps': 1e-6}),
    ('AdamW default weightDecay', 'AdamW', {'lr': 0.01}),
    ('AdamW weightDecay 0.5 amsgrad', 'AdamW', {'lr': 0.01, 'weightDecay': 0.5, 'amsgrad': True}),
    ('RMSprop', 'RMSprop', {'lr': 0.01}),
    ('RMSprop centered', 'RMSprop', {'lr': 0.01, 'centered': True}),
    ('RMSprop momentum 0.9', 'RMSprop', {'lr': 0.005, 'momentum': 0.9}),
    ('RMSprop centered momentum weightDecay alpha 0.9', 'RMSprop', {'lr': 0.005, 'momentum': 0.5, 'centered': True, 'weightDecay': 0.1, 'alpha': 0.9}),
]
TORCH_NAMES = {'lr': 'lr', 'momentum': 'momentum', 'dampening': 'dampening', 'weightDecay': 'weight_decay', 'nesterov': 'nesterov',
               'betas': 'betas', 'eps': 'eps', 'amsgrad': 'amsgrad', 'centered': 'centered', 'alpha': 'alpha'}


def run_optim(kind, opts, clip):
    lin = torch.nn.Linear(4, 3)
    with torch.no_grad():
        lin.weight.copy_(torch.tensor(P['weight']))
        lin.bias.copy_(torch.tensor(P['bias']))
    kw = {TORCH_NAMES[k]: (tuple(v) if k == 'betas' else v) for k, v in opts.items()}
    opt = getattr(torch.optim, kind)(lin.parameters(), **kw)
    x, y = torch.tensor(P['x']), torch.tensor(P['y'])
    losses, norms = [], []
    for _ in range(10):
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(lin(x), y)
        loss.backward()
        losses.append(loss.item())
        if clip is not None:
            norms.append(float(torch.nn.utils.clip_grad_norm_(lin.parameters(), clip)))
        opt.step()
    return {'weight': enc(lin.weight.detach().numpy()), 'bias': enc(lin.bias.detach().numpy()), 'losses': [num(v) for v in losses],
            'norms': [num(v) for v in norms]}


OUT['optim']['cases'] = []
for name, kind, opts in OPTIMS:
    for clip in [None, 0.5]:
        r = run_optim(kind, opts, clip)
        OUT['optim']['cases'].append({'name': name + (' + clipGradNorm 0.5' if clip else ''), 'kind': kind, 'opts': opts, 'clip': clip, **r})

# clip_grad_norm_ on its own: several norm types
rng = rng_for('clip')
g1, g2 = randn(rng, (3, 4)), randn(rng, (5,))
clip_cases = []
for max_norm, norm_type in [(1.0, 2.0), (100.0, 2.0), (0.5, 1.0), (0.5, float('inf')), (0.3, 3.0)]:
    a = torch.zeros(3, 4, requires_grad=True); a.grad = torch.tensor(g1)
    b = torch.zeros(5, requires_grad=True); b.grad = torch.tensor(g2)
    total = torch.nn.utils.clip_grad_norm_([a, b], max_norm, norm_type)
    clip_cases.append({'maxNorm': max_norm, 'normType': 'inf' if norm_type == float('inf') else norm_type, 'total': num(total),
                       'a': enc(a.grad.numpy()), 'b': enc(b.grad.numpy())})
OUT['optim']['clip'] = {'a': enc(g1), 'b': enc(g2), 'cases': clip_cases}

# ---------------------------------------------------------------------------------------------
# LR schedulers: get_last_lr() (or param_groups lr for ReduceLROnPlateau) after each step.

def sched_seq(kind, opts, steps, metrics=None, lr=0.1):
    p = torch.nn.Parameter(torch.zeros(1))
    q = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([{'params': [p]}, {'params': [q], 'lr': lr * 3}], lr=lr)
    names = {'stepSize': 'step_size', 'gamma': 'gamma', 'mode': 'mode', 'factor': 'factor', 'patience': 'patience',
             'threshold': 'threshold', 'thresholdMode': 'threshold_mode', 'cooldown': 'cooldown', 'minLr': 'min_lr', 'eps': 'eps'}
    kw = {names[k]: v for k, v in opts.items()}
    s = getattr(torch.optim.lr_scheduler, kind)(opt, **kw)
    lrs = [[g['lr'] for g in opt.param_groups]]
    for i in range(steps):
        opt.step()
        if metrics is None:
            s.step()
        else:
            s.step(metrics[i])
        lrs.append([g['lr'] for g in opt.param_groups])
    return {'kind': kind, 'opts': opts, 'lr': lr, 'metrics': metrics, 'lrs': [[float(repr(v)) for v in row] for row in lrs]}


OUT['sched'].append(sched_seq('StepLR', {'stepSize': 3}, 12))
OUT['sched'].append(sched_seq('StepLR', {'stepSize': 2, 'gamma': 0.5}, 9))
OUT['sched'].append(sched_seq('ExponentialLR', {'gamma': 0.9}, 30))
plateau = [1.0, 0.9, 0.95, 0.95, 0.9, 0.9, 0.91, 0.899999, 0.95, 0.97, 0.98, 0.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6]
OUT['sched'].append(sched_seq('ReduceLROnPlateau', {'patience': 2}, len(plateau), plateau))
OUT['sched'].append(sched_seq('ReduceLROnPlateau', {'patience': 1, 'factor': 0.5, 'cooldown': 2, 'minLr': 0.02}, len(plateau), plateau))
OUT['sched'].append(sched_seq('ReduceLROnPlateau', {'patience': 0, 'thresholdMode': 'abs', 'threshold': 0.05}, len(plateau), plateau))
acc = [0.1, 0.2, 0.2, 0.2, 0.2005, 0.3, 0.3, 0.3, 0.29, 0.31, 0.31, 0.31, 0.31, 0.31]
OUT['sched'].append(sched_seq('ReduceLROnPlateau', {'mode': 'max', 'patience': 1, 'factor': 0.3}, len(acc), acc))
OUT['sched'].append(sched_seq('ReduceLROnPlateau', {'mode': 'max', 'patience': 1, 'thresholdMode': 'abs', 'threshold': 0.005, 'eps': 0.02}, len(acc), acc, lr=0.05))

# ---------------------------------------------------------------------------------------------
# torch's seeded random streams (float32 CPU tensors).
R = OUT['random']
torch.manual_seed(42)
R['randn1000'] = enc(torch.randn(1000).numpy())
torch.manual_seed(42)
R['rand1000'] = enc(torch.rand(1000).numpy())
small = []
torch.manual_seed(42)
for n in range(1, 20):
    small.append({'n': n, 'randn': enc(torch.randn(n).numpy()), 'rand': enc(torch.rand(n).numpy())})
R['sizes'] = small  # one stream: randn(n), rand(n), randn(n+1), … (tests the cached normal across calls)
torch.manual_seed(7)
R['normal_37_mean2_std3'] = enc(torch.empty(37).normal_(2.0, 3.0).numpy())
torch.manual_seed(42)
R['randint_0_10_50'] = enc(torch.randint(0, 10, (50,)).numpy())
torch.manual_seed(42)
lin = torch.nn.Linear(5, 3)
emb = torch.nn.Embedding(6, 4, padding_idx=1)
lin2 = torch.nn.Linear(20, 7)
R['init'] = {'linear.weight': enc(lin.weight.detach().numpy()), 'linear.bias': enc(lin.bias.detach().numpy()),
             'emb.weight': enc(emb.weight.detach().numpy()), 'linear2.weight': enc(lin2.weight.detach().numpy()),
             'linear2.bias': enc(lin2.bias.detach().numpy())}
torch.manual_seed(42)
R['dropout'] = {'p': 0.3, 'x': enc(np.arange(1, 101, dtype=np.float32).reshape(10, 10) / 10),
                'y': enc(torch.nn.functional.dropout(torch.arange(1, 101, dtype=torch.float32).reshape(10, 10) / 10, 0.3).numpy())}
torch.manual_seed(123)
d2 = torch.nn.functional.dropout(torch.ones(7), 0.5)
R['dropout_small'] = {'p': 0.5, 'y': enc(d2.numpy())}
probs = f32([[0.1, 0.2, 0.3, 0.4, 0.0], [0.5, 0.25, 0.125, 0.0625, 0.0625]])
mult = {'probs': enc(probs)}
torch.manual_seed(42)
mult['replacement'] = enc(torch.multinomial(torch.tensor(probs), 20, replacement=True).numpy())
torch.manual_seed(42)
mult['noReplacement'] = enc(torch.multinomial(torch.tensor(probs), 3, replacement=False).numpy())
torch.manual_seed(42)
mult['one'] = enc(torch.multinomial(torch.tensor(probs), 1).numpy())
torch.manual_seed(3)
big = torch.softmax(torch.randn(40), 0)
torch.manual_seed(42)
mult['big'] = {'probs': enc(big.numpy()), 'replacement': enc(torch.multinomial(big, 50, replacement=True).numpy()),
               'noReplacement': enc(torch.multinomial(big, 10).numpy())}
R['multinomial'] = mult

# ---------------------------------------------------------------------------------------------
# Data: DataLoader(shuffle, generator) and random_split order; sklearn's train_test_split
# algorithm (ShuffleSplit: RandomState(seed).permutation, test first) replayed with numpy (this
# script needs only torch; scikit-learn itself: gen-fixtures-sklearn.py); normalizeString of the
# translation tutorial.
import re
import unicodedata
from torch.utils.data import DataLoader, random_split

D = OUT['data'] = {}
g = torch.Generator().manual_seed(42)
dl = DataLoader(list(range(10)), batch_size=3, shuffle=True, generator=g)
D['loader'] = {'n': 10, 'batchSize': 3, 'seed': 42, 'epochs': [[b.tolist() for b in dl] for _ in range(2)]}
dl = DataLoader(list(range(23)), batch_size=4, shuffle=True, drop_last=True, generator=torch.Generator().manual_seed(7))
D['loaderDropLast'] = {'n': 23, 'batchSize': 4, 'seed': 7, 'epochs': [[b.tolist() for b in dl] for _ in range(2)]}
D['randomSplit'] = [
    {'n': 10, 'lengths': [7, 3], 'seed': 42, 'parts': [list(p) for p in random_split(range(10), [7, 3], generator=torch.Generator().manual_seed(42))]},
    {'n': 11, 'lengths': [0.5, 0.3, 0.2], 'seed': 1, 'parts': [list(p) for p in random_split(range(11), [0.5, 0.3, 0.2], generator=torch.Generator().manual_seed(1))]},
]


def sk_split(n, test_size, seed):
    n_test = int(np.ceil(test_size * n)) if isinstance(test_size, float) else test_size
    n_train = n - n_test
    perm = np.random.RandomState(seed).permutation(n)
    return perm[n_test:n_test + n_train].tolist(), perm[:n_test].tolist()


D['trainTestSplit'] = [{'n': n, 'testSize': ts, 'seed': sd, 'train': sk_split(n, ts, sd)[0], 'test': sk_split(n, ts, sd)[1]}
                       for n, ts, sd in [(10, 0.25, 42), (17, 0.3, 0), (9, 4, 3)]]


def unicode_to_ascii(s):
    return ''.join(c for c in unicodedata.normalize('NFD', s) if unicodedata.category(c) != 'Mn')


def normalize_string(s):
    s = unicode_to_ascii(s.lower().strip())
    s = re.sub(r"([.!?])", r" \1", s)
    s = re.sub(r"[^a-zA-Z.!?]+", r" ", s)
    return s.strip()


SENTS = ["Va !", "J'ai froid.", "Ça alors ! Où êtes-vous?", "  Il a 42 ans...  ", "Qu'est-ce que c'est?!", "Héllo, wörld; naïve café"]
D['normalizeString'] = [[x, normalize_string(x)] for x in SENTS]

with open(os.path.join(FIX, 'toolkit.json'), 'w') as f:
    json.dump(OUT, f, separators=(',', ':'))
    f.write('\n')

# ---------------------------------------------------------------------------------------------
# numpy's legacy RandomState(42): float64 values with 17 digits.
NP = {'numpy': np.__version__}
rs = np.random.RandomState(42)
NP['randn'] = enc64(rs.randn(1000))
rs = np.random.RandomState(42)
NP['rand'] = enc64(rs.rand(1000))
rs = np.random.RandomState(42)
NP['randint_0_100'] = [int(v) for v in rs.randint(0, 100, 1000)]
rs = np.random.RandomState(42)
NP['randint_big'] = [int(v) for v in rs.randint(-2**40, 2**40, 200)]  # the 64-bit path
rs = np.random.RandomState(42)
NP['randint_full32'] = [int(v) for v in rs.randint(0, 2**32, 50)]  # range exactly 2^32
rs = np.random.RandomState(12345)
mixed = []
mixed.append(['randn', 3, enc64(rs.randn(3))])
mixed.append(['rand', 2, enc64(rs.rand(2))])
mixed.append(['randn', 1, enc64(rs.randn(1))])
mixed.append(['normal', [1.5, 2.0, 5], enc64(rs.normal(1.5, 2.0, 5))])
mixed.append(['uniform', [-3.0, 7.0, 5], enc64(rs.uniform(-3.0, 7.0, 5))])
mixed.append(['randint', [10], [int(rs.randint(10))]])
mixed.append(['randint', [5, 9, 6], [int(v) for v in rs.randint(5, 9, 6)]])
mixed.append(['permutation', 10, [int(v) for v in rs.permutation(10)]])
a = list(range(20)); rs.shuffle(a)
mixed.append(['shuffle', 20, a])
mixed.append(['choice', [7, 5, True], [int(v) for v in rs.choice(7, 5)]])
mixed.append(['choice', [7, 5, False], [int(v) for v in rs.choice(7, 5, replace=False)]])
pp = [0.1, 0.2, 0.3, 0.4]
mixed.append(['choiceP', [4, 6, True, pp], [int(v) for v in rs.choice(4, 6, p=pp)]])
mixed.append(['choiceP', [4, 3, False, pp], [int(v) for v in rs.choice(4, 3, replace=False, p=pp)]])
mixed.append(['randn', 5, enc64(rs.randn(5))])
rs.seed(7)
mixed.append(['seed7-randn', 3, enc64(rs.randn(3))])
NP['mixed'] = mixed
NP['state42_head'] = [int(v) for v in np.random.RandomState(42).get_state()[1][:8]]
with open(os.path.join(FIX, 'toolkit_numpy.json'), 'w') as f:
    json.dump(NP, f, separators=(',', ':'))
    f.write('\n')

# ---------------------------------------------------------------------------------------------
# safetensors, written by hand (8-byte LE header length, JSON header, little-endian data).

def write_safetensors(path, tensors, metadata=None):
    header = {}
    if metadata:
        header['__metadata__'] = metadata
    blobs = []
    off = 0
    for k, t in tensors.items():
        a = np.ascontiguousarray(t.detach().numpy().astype('<f4'))
        b = a.tobytes()
        header[k] = {'dtype': 'F32', 'shape': list(a.shape), 'data_offsets': [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    h = json.dumps(header, separators=(',', ':')).encode()
    h += b' ' * ((8 - len(h) % 8) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


class Tiny(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = torch.nn.Embedding(10, 4, padding_idx=0)
        self.proj = torch.nn.Linear(4, 3)

    def forward(self, idx):
        return self.proj(self.emb(idx))


torch.manual_seed(2024)
tiny = Tiny()
idx = torch.tensor([[1, 2, 3], [9, 0, 4]])
write_safetensors(os.path.join(FIX, 'toolkit_model.safetensors'), tiny.state_dict(), {'format': 'pt', 'made_by': 'scripts/gen-fixtures-toolkit.py'})
with open(os.path.join(FIX, 'toolkit_model.json'), 'w') as f:
    json.dump({'indices': idx.tolist(), 'output': enc(tiny(idx).detach().numpy())}, f, separators=(',', ':'))
    f.write('\n')
print('wrote toolkit.json, toolkit_numpy.json, toolkit_model.safetensors, toolkit_model.json')
