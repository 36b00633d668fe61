#!/usr/bin/env python3
"""Golden fixtures of the attention translator (tests/fixtures/seq2seq.json) from PyTorch 1.13.

The model is the one of scripts/seq2seq-pytorch.py (Encoder: Embedding → packed bidirectional
GRU/LSTM → Linear+tanh bridge; Bahdanau or Luong attention; GRUCell/LSTMCell decoder step on
[embedding; context]; Linear on [h; context]). Per case: float32 parameters and a padded batch
with unsorted source lengths; the teacher-forced forward's logits and attention weights, the
encoder outputs and bridged state, the cross-entropy (padding ignored), and the gradients of every
parameter for
    ce                                   (grads_ce)
    ce + Σ logits·W_logits + Σ attn·W_attn   (grads_total)
computed in float64 on exactly the float32 values. Deterministic.

    /usr/bin/python3 scripts/gen-fixtures-seq2seq.py           # writes tests/fixtures/seq2seq.json
    /usr/bin/python3 scripts/gen-fixtures-seq2seq.py --check   # replays in float32 torch, prints max diffs
"""
import importlib.util
import json
import os
import sys

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location('s2s', os.path.join(HERE, 'seq2seq-pytorch.py'))
s2s = importlib.util.module_from_spec(spec)
spec.loader.exec_module(s2s)

OUT = os.path.join(HERE, '..', 'tests', 'fixtures', 'seq2seq.json')

CASES = [
    # name, rnn, attention, layers, emb, hidden, dec_hidden, src lists, tgt lists (SOS … EOS)
    ('gru-bahdanau-2layers', 'gru', 'bahdanau', 2, 6, 5, 7,
     [[4, 5, 6, 7, 2], [8, 2], [9, 10, 4, 2]], [[1, 4, 5, 2], [1, 6, 7, 8, 9, 2], [1, 10, 2]]),
    ('lstm-general', 'lstm', 'general', 1, 5, 4, 6,
     [[4, 2], [5, 6, 7, 2], [8, 9, 2], [10, 4, 5, 6, 7, 2]], [[1, 4, 2], [1, 5, 6, 7, 2], [1, 8, 9, 10, 11, 12, 2], [1, 4, 2]]),
    ('gru-concat', 'gru', 'concat', 1, 4, 3, 5,
     [[4, 5, 6, 2], [7, 2]], [[1, 4, 5, 2], [1, 6, 2]]),
    ('gru-dot', 'gru', 'dot', 1, 4, 3, 6,
     [[4, 2], [5, 6, 7, 8, 2], [9, 2]], [[1, 4, 5, 6, 2], [1, 7, 2], [1, 8, 9, 2]]),
]
SRC_V, TGT_V = 11, 13


def f32(t):
    return t.float().double()


def dump(t):
    return {'shape': list(t.shape), 'data': [float(f'{v:.9g}') for v in t.detach().double().reshape(-1).tolist()]}


def build(case, dtype):
    name, rnn, attn, layers, emb, hidden, dec, srcs, tgts = case
    model = s2s.Seq2Seq(SRC_V, TGT_V, emb, hidden, dec, layers, rnn, attn).to(dtype)
    return model


def make_case(i, case):
    name, rnn, attn, layers, emb, hidden, dec, srcs, tgts = case
    torch.manual_seed(1000 + i)
    model = build(case, torch.float64)
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(f32(torch.empty_like(p).uniform_(-0.6, 0.6)))
    src, lengths = s2s.pad_ids(srcs)
    tgt, _ = s2s.pad_ids(tgts)
    logits, attention = model(src, lengths, tgt)
    w_logits = f32(torch.empty_like(logits).uniform_(-1, 1))
    w_attn = f32(torch.empty_like(attention).uniform_(-1, 1))
    keys, (h, c), _ = model.encoder(src, lengths)
    ce = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), tgt[:, 1:].reshape(-1), ignore_index=s2s.PAD)
    names = [n for n, _ in model.named_parameters()]
    params = [p for _, p in model.named_parameters()]
    g_ce = torch.autograd.grad(ce, params, retain_graph=True)
    total = ce + (logits * w_logits).sum() + (attention * w_attn).sum()
    g_total = torch.autograd.grad(total, params)
    return {
        'name': name,
        'config': {'rnn': rnn, 'attention': attn, 'numLayers': layers, 'embSize': emb, 'hiddenSize': hidden,
                   'decHiddenSize': dec, 'srcVocabSize': SRC_V, 'tgtVocabSize': TGT_V},
        'src': srcs, 'tgt': tgts,
        'params': {n: dump(p) for n, p in zip(names, params)},
        'lossWeights': {'logits': dump(w_logits), 'attention': dump(w_attn)},
        'outputs': {'logits': dump(logits), 'attention': dump(attention), 'encoderOutputs': dump(keys), 'h0': dump(h),
                    'c0': dump(c) if c is not None else None, 'ce': float(f'{ce.item():.12g}'), 'total': float(f'{total.item():.12g}')},
        'grads_ce': {n: dump(g) for n, g in zip(names, g_ce)},
        'grads_total': {n: dump(g) for n, g in zip(names, g_total)},
    }


def main():
    records = [make_case(i, c) for i, c in enumerate(CASES)]
    if '--check' in sys.argv:
        with open(OUT) as f:
            old = json.load(f)['records']
        for case, rec in zip(CASES, old):
            model = build(case, torch.float32)
            model.load_state_dict({k: torch.tensor(v['data']).reshape(v['shape']) for k, v in rec['params'].items()})
            src, lengths = s2s.pad_ids(case[7])
            tgt, _ = s2s.pad_ids(case[8])
            logits, attention = model(src, lengths, tgt)
            d = max((logits.double().reshape(-1) - torch.tensor(rec['outputs']['logits']['data'], dtype=torch.float64)).abs().max().item(),
                    (attention.double().reshape(-1) - torch.tensor(rec['outputs']['attention']['data'], dtype=torch.float64)).abs().max().item())
            print(f"{rec['name']}: float32 torch vs fixture max |diff| {d:.2e}")
        return
    with open(OUT, 'w') as f:
        f.write('{"generator": "scripts/gen-fixtures-seq2seq.py", "torch": "%s", "records": [\n' % torch.__version__)
        f.write(',\n'.join(json.dumps(r) for r in records))
        f.write('\n]}\n')
    print(f'wrote {OUT}: {len(records)} records')


if __name__ == '__main__':
    main()
