#!/usr/bin/python3
"""Writes tests/fixtures/demos-b.json: what the PyTorch versions of the issue-6 demos give.

Run with Debian's python3 (torch 1.13 + numpy):  /usr/bin/python3 scripts/demos-b.py

For each demo (char-lm, seq2seq-plain; the demos that were the articles' programs are now ports,
checked against the articles' own programs by scripts/article-refs.py) the same data and model built in PyTorch: the structural figures (data shapes,
vocabulary sizes, state_dict names and shapes, parameter counts, intermediate shapes) and, for
the seeded demos, the initial loss (torch.manual_seed(42), then the model built in the demo's
order). The texts are read from examples/lib/corpora.ts, between its BEGIN/END markers, so both
sides train on exactly the same data. train_test_split and MinMaxScaler are replayed with numpy
(ShuffleSplit: RandomState(seed).permutation, test first), so the script needs only torch; that
they equal scikit-learn's is checked against sklearn.json (scripts/gen-fixtures-sklearn.py).

Runner: tests/examples/*.test.ts. The output is deterministic.
"""
import json
import math
import os
import re
import sys

import numpy as np
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, '..')
FIX = os.path.join(ROOT, 'tests', 'fixtures', 'demos-b.json')
torch.set_num_threads(1)


def num(v):
    return float('%.9g' % float(v))


def corpus(name):
    """The TS constant between `// BEGIN name` and `// END name` of examples/lib/corpora.ts."""
    src = open(os.path.join(ROOT, 'examples', 'lib', 'corpora.ts'), encoding='utf8').read()
    block = re.search(r'// BEGIN %s\n(.*?)// END %s' % (name, name), src, re.S).group(1)
    return block


def ts_strings(block):
    return [s for s in re.findall(r"'((?:[^'\\]|\\.)*)'", block)]


def ts_concat(block):
    """A TS string built as 'a' + 'b' + …: the concatenation."""
    return ''.join(ts_strings(block))


def param_table(model):
    return [[k, list(v.shape)] for k, v in model.state_dict().items()]


def n_params(model):
    return sum(p.numel() for p in model.parameters())


def train_test_split_idx(n, test_size, seed):
    n_test = math.ceil(test_size * n)
    perm = np.random.RandomState(seed).permutation(n)
    return perm[n_test:], perm[:n_test]


# ---------------------------------------------------------------------------------------------
# 6. text-classification

class TextClassifier(nn.Module):
    def __init__(self, vocab_size, embed_dim=128, hidden_dim=64, num_classes=2, num_layers=2, dropout=0.5):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=0)
        self.lstm = nn.LSTM(embed_dim, hidden_dim, num_layers=num_layers, batch_first=True,
                            bidirectional=True, dropout=dropout)
        self.dropout = nn.Dropout(dropout)
        self.fc = nn.Linear(hidden_dim * 2, num_classes)

    def forward(self, x, lengths=None, shapes=None):
        emb = self.dropout(self.embedding(x))
        inp = emb if lengths is None else pack_padded_sequence(emb, lengths, batch_first=True, enforce_sorted=False)
        _, (hn, cn) = self.lstm(inp)
        h = torch.cat([hn[-2], hn[-1]], dim=1)
        out = self.fc(self.dropout(h))
        if shapes is not None:
            shapes.update({'embedded': list(emb.shape), 'hn': list(hn.shape), 'cn': list(cn.shape),
                           'hcat': list(h.shape), 'logits': list(out.shape)})
        return out


def build_vocab(token_lists, specials):
    counts = {}
    for toks in token_lists:
        for t in toks:
            counts[t] = counts.get(t, 0) + 1
    ordered = [t for t, c in sorted(counts.items(), key=lambda kv: -kv[1]) if t not in specials]
    return specials + ordered


# ---------------------------------------------------------------------------------------------
# 7. sine-rnn

class SineRNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(1, 32, batch_first=True)
        self.fc = nn.Linear(32, 1)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.fc(out[:, -1, :])


# ---------------------------------------------------------------------------------------------
# 8. gru-timeseries

class GRUForecaster(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(1, 32, num_layers=2, batch_first=True)
        self.fc = nn.Linear(32, 1)

    def forward(self, x):
        out, hn = self.gru(x)
        return self.fc(out[:, -1, :])


# ---------------------------------------------------------------------------------------------
# 9. char-rnn

class CharRNN(nn.Module):
    def __init__(self, vocab_size, embed_dim=128, hidden_dim=128, num_layers=2):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.lstm = nn.LSTM(embed_dim, hidden_dim, num_layers=num_layers, batch_first=True)
        self.fc = nn.Linear(hidden_dim, vocab_size)

    def forward(self, x, state=None):
        out, state = self.lstm(self.embedding(x), state)
        return self.fc(out), state


# ---------------------------------------------------------------------------------------------
# 11. dummy-sentiment

# ---------------------------------------------------------------------------------------------
# 12a. char-lm: the classic PyTorch tutorial cell, two Linear layers on [input; hidden]

class CharLMCell(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super().__init__()
        self.hidden_size = hidden_size
        self.i2h = nn.Linear(input_size + hidden_size, hidden_size)
        self.i2o = nn.Linear(input_size + hidden_size, output_size)
        self.softmax = nn.LogSoftmax(dim=1)

    def forward(self, input, hidden):
        combined = torch.cat((input, hidden), 1)
        hidden = self.i2h(combined)
        output = self.softmax(self.i2o(combined))
        return output, hidden


def char_lm():
    text = ts_concat(corpus('CHAR_LM_TEXT'))
    chars = sorted(set(text))
    V, H, SEQ, B = len(chars), 128, 32, 64
    n_seq = len(text) - SEQ  # windows at every offset: input text[s:s+32], target text[s+1:s+33]
    torch.manual_seed(42)
    model = CharLMCell(V, H, V)
    x = torch.zeros(B, V)
    x[torch.arange(B), torch.tensor([chars.index(c) for c in text[:B]])] = 1
    with torch.no_grad():
        combined = torch.cat((x, torch.zeros(B, H)), 1)
        out, hidden = model(x, torch.zeros(B, H))
    return {'textLength': len(text), 'vocabSize': V, 'chars': ''.join(chars), 'numSequences': n_seq,
            'batchesPerEpoch': math.ceil(n_seq / B), 'step': {'input': list(x.shape), 'combined': list(combined.shape),
                                                              'hidden': list(hidden.shape), 'output': list(out.shape)},
            'params': param_table(model), 'numParameters': n_params(model)}


# ---------------------------------------------------------------------------------------------
# 12b. seq2seq-plain: GRU encoder → GRU decoder, teacher forcing, on reversing digit strings

class Encoder(nn.Module):
    def __init__(self, V, E=32, H=64):
        super().__init__()
        self.embedding = nn.Embedding(V, E, padding_idx=0)
        self.gru = nn.GRU(E, H, batch_first=True)


class Decoder(nn.Module):
    def __init__(self, V, E=32, H=64):
        super().__init__()
        self.embedding = nn.Embedding(V, E, padding_idx=0)
        self.gru = nn.GRU(E, H, batch_first=True)
        self.out = nn.Linear(H, V)


class Seq2Seq(nn.Module):
    def __init__(self, V):
        super().__init__()
        self.encoder = Encoder(V)
        self.decoder = Decoder(V)


def seq2seq_plain():
    itos = ['<PAD>', '<SOS>', '<EOS>'] + [str(d) for d in range(10)]
    torch.manual_seed(42)
    pairs = []
    for _ in range(3000):
        L = int(torch.randint(3, 9, (1,)).item())
        src = [str(v) for v in torch.randint(0, 10, (L,)).tolist()]
        pairs.append((src, src[::-1]))
    model = Seq2Seq(len(itos))
    stoi = {t: i for i, t in enumerate(itos)}
    first = pairs[:64]
    S = max(len(p[0]) for p in first)
    src = torch.tensor([[stoi[d] for d in p[0]] + [0] * (S - len(p[0])) for p in first])
    T = max(len(p[1]) for p in first) + 1
    dec_in = torch.tensor([[1] + [stoi[d] for d in p[1]] + [0] * (T - 1 - len(p[1])) for p in first])
    with torch.no_grad():
        packed = pack_padded_sequence(model.encoder.embedding(src), [len(p[0]) for p in first], batch_first=True, enforce_sorted=False)
        _, context = model.encoder.gru(packed)
        out, _ = model.decoder.gru(model.decoder.embedding(dec_in), context)
        logits = model.decoder.out(out)
    return {'batchShapes': {'source': list(src.shape), 'context': list(context.shape), 'decoderInput': list(dec_in.shape),
                            'logits': list(logits.shape)},'vocabSize': len(itos), 'itos': itos, 'numPairs': len(pairs), 'firstPairs': [' '.join(p[0]) for p in pairs[:3]],
            'maxSrcLen': max(len(p[0]) for p in pairs), 'nTrain': 2500, 'nTest': 500,
            'params': param_table(model), 'numParameters': n_params(model)}


def main():
    out = {'torch': torch.__version__,
           'char-lm': char_lm(),
           'seq2seq-plain': seq2seq_plain()}
    with open(FIX, 'w', encoding='utf8') as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write('\n')
    print('wrote', os.path.relpath(FIX, ROOT), file=sys.stderr)


if __name__ == '__main__':
    main()
