#!/usr/bin/python3
"""Writes tests/fixtures/safety.json: the PyTorch 1.13 values behind issue 12's gradient findings.

Run with Debian's python3 (torch 1.13):  /usr/bin/python3 scripts/gen-fixtures-safety.py

  bce     binary_cross_entropy_with_logits on logits that are exactly 0 (and a few others), with
          pos_weight / weight and every reduction: output and d(sum of output)/d input
          (PyTorch: sigmoid(0) - y at 0, scaled by the weights and the reduction)
  ignored nll_loss / cross_entropy (weights, label smoothing) when every target is ignore_index:
          output ('nan' for mean, as PyTorch) and the gradient (zeros)
  ignore_big cross_entropy(zeros(2, 3), [0, 2**32], ignore_index=2**32)

Float64 on float32 inputs. Runner: tests/safety/gradients.test.ts.
"""
import json
import os

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'tests', 'fixtures', 'safety.json')


def lst(t):
    return [v if v == v else 'nan' for v in t.detach().double().reshape(-1).tolist()]


def case(name, fn, x, **extra):
    x = x.double().requires_grad_()
    out = fn(x)
    out.sum().backward()
    return {'name': name, 'input': {'shape': list(x.shape), 'data': lst(x)}, 'output': {'shape': list(out.shape), 'data': lst(out)},
            'grad': lst(x.grad), **extra}


def main():
    x = torch.tensor([[0.0, 0.0, 0.0], [0.0, 1.5, -2.0]], dtype=torch.float32)
    y = torch.tensor([[1.0, 0.0, 0.25], [0.0, 1.0, 0.5]], dtype=torch.float32)
    pw = torch.tensor([2.0, 0.5, 1.0], dtype=torch.float32)
    w = torch.tensor([[1.0, 3.0, 0.5]], dtype=torch.float32)
    bce = []
    for red in ['mean', 'sum', 'none']:
        for opts in [{}, {'pos_weight': pw}, {'weight': w}, {'pos_weight': pw, 'weight': w}]:
            kw = {k: v.double() for k, v in opts.items()}
            bce.append(case(f"bce {red} {'+'.join(opts) or 'plain'}", lambda t: F.binary_cross_entropy_with_logits(t, y.double(), reduction=red, **kw), x,
                            target={'shape': list(y.shape), 'data': lst(y)}, reduction=red,
                            **{('posWeight' if k == 'pos_weight' else k): {'shape': list(v.shape), 'data': lst(v)} for k, v in opts.items()}))
    torch.manual_seed(0)
    logits = torch.randn(3, 4)
    cw = torch.tensor([1.0, 2.0, 3.0, 4.0])
    ignored = []
    for red in ['mean', 'sum', 'none']:
        tgt = torch.tensor([-100, -100, -100])
        ignored.append(case(f'nll {red}', lambda t: F.nll_loss(t.log_softmax(1), tgt, reduction=red), logits, kind='nllLoss', target=tgt.tolist(), reduction=red))
        ignored.append(case(f'ce {red}', lambda t: F.cross_entropy(t, tgt, reduction=red), logits, kind='crossEntropy', target=tgt.tolist(), reduction=red))
        ignored.append(case(f'ce weight {red}', lambda t: F.cross_entropy(t, tgt, reduction=red, weight=cw.double()), logits, kind='crossEntropy', target=tgt.tolist(), reduction=red, weight=cw.tolist()))
        ignored.append(case(f'ce smoothing {red}', lambda t: F.cross_entropy(t, tgt, reduction=red, label_smoothing=0.1), logits, kind='crossEntropy', target=tgt.tolist(), reduction=red, labelSmoothing=0.1))
        tgt7 = torch.tensor([7, 7, 7])
        ignored.append(case(f'nll ignoreIndex 7 {red}', lambda t: F.nll_loss(t.log_softmax(1), tgt7, reduction=red, ignore_index=7), logits, kind='nllLoss', target=tgt7.tolist(), reduction=red, ignoreIndex=7))
    big = F.cross_entropy(torch.zeros(2, 3, dtype=torch.float64), torch.tensor([0, 2 ** 32]), ignore_index=2 ** 32).item()
    with open(OUT, 'w') as f:
        json.dump({'torch': torch.__version__, 'bce': bce, 'ignored': ignored, 'ignore_big': big}, f, indent=None)
        f.write('\n')


if __name__ == '__main__':
    main()
