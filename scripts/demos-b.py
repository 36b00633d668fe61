#!/usr/bin/python3
"""Writes tests/fixtures/demos-b.json: what the PyTorch versions of the issue-6 demos give.

Run with Debian's python3 (torch 1.13 + numpy):  /usr/bin/python3 scripts/demos-b.py

For each demo (text-classification, sine-rnn, gru-timeseries, char-rnn, dummy-sentiment, char-lm,
seq2seq-plain) the same data and model built in PyTorch: the structural figures (data shapes,
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


def text_classification():
    sents = re.findall(r"\['([^']*)', (\d)\]", corpus('SENTIMENT_SENTENCES'))
    tests = ts_strings(corpus('SENTIMENT_TEST'))
    texts = [s for s, _ in sents] * 50
    labels = [int(l) for _, l in sents] * 50
    toks = [t.lower().split() for t in texts]
    itos = build_vocab(toks, ['<PAD>', '<UNK>'])
    stoi = {t: i for i, t in enumerate(itos)}
    lengths = [len(t) for t in toks]
    T = max(lengths)
    X = torch.tensor([[stoi[w] for w in t] + [0] * (T - len(t)) for t in toks])
    y = torch.tensor(labels)
    tr, va = train_test_split_idx(len(texts), 0.2, 42)
    torch.manual_seed(42)
    model = TextClassifier(len(itos))
    Ltr = torch.tensor(lengths)[tr]
    model.eval()
    ce = nn.CrossEntropyLoss()
    with torch.no_grad():
        init_loss = ce(model(X[tr], Ltr), y[tr]).item()
        shapes = {}
        model(X[tr][:32], Ltr[:32], shapes)
    test_ids = [[stoi.get(w, 1) for w in s.lower().split()] for s in tests]
    return {
        'vocabSize': len(itos), 'itos': itos, 'numSentences': len(sents), 'dataShape': list(X.shape),
        'nTrain': len(tr), 'nVal': len(va), 'trainPositives': int(y[tr].sum()),
        'params': param_table(model), 'numParameters': n_params(model),
        'batchShapes': {'input': [32, T], **shapes}, 'testIds': test_ids, 'initialLoss': num(init_loss),
    }


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


def sine_rnn():
    N, W = 1000, 20
    series = np.sin(np.linspace(0, 100, N)).astype(np.float32)
    X = torch.tensor(np.stack([series[i:i + W] for i in range(N - W)]))[:, :, None]
    Y = torch.tensor(series[W:])[:, None]
    torch.manual_seed(42)
    model = SineRNN()
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    crit = nn.MSELoss()
    losses = []
    for epoch in range(100):
        opt.zero_grad()
        loss = crit(model(X), Y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return {'xShape': list(X.shape), 'yShape': list(Y.shape), 'params': param_table(model),
            'numParameters': n_params(model), 'initialLoss': num(losses[0]),
            'lossEvery10': [num(losses[e - 1]) for e in range(10, 101, 10)]}


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


def gru_timeseries():
    N, W = 1000, 20
    t = np.linspace(0, 100, N)
    series = np.sin(t) + np.random.RandomState(42).normal(0, 0.1, N)
    n_fit = int(0.8 * N)
    lo, hi = -1.0, 1.0
    dmin, dmax = series[:n_fit].min(), series[:n_fit].max()
    scale = (hi - lo) / (dmax - dmin)
    scaled = series * scale + (lo - dmin * scale)
    train = scaled[:n_fit]
    test = scaled[n_fit - W:]
    Xtr = np.stack([train[i:i + W] for i in range(len(train) - W)])[:, :, None]
    Xte = np.stack([test[i:i + W] for i in range(len(test) - W)])[:, :, None]
    torch.manual_seed(42)
    model = GRUForecaster()
    with torch.no_grad():
        out, hn = model.gru(torch.tensor(Xtr[:64], dtype=torch.float32))
    return {'seriesLength': N, 'dataMin': num(dmin), 'dataMax': num(dmax),
            'firstNoisy': [num(v) for v in series[:3]], 'firstScaled': [num(v) for v in scaled[:3]],
            'trainX': list(Xtr.shape), 'testX': list(Xte.shape), 'batchesPerEpoch': math.ceil(len(Xtr) / 64),
            'gruOut': list(out.shape), 'gruHn': list(hn.shape),
            'params': param_table(model), 'numParameters': n_params(model)}


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


def char_rnn():
    text = ts_concat(corpus('AI_PARAGRAPH_ZH'))
    chars = sorted(set(text))
    SEQ = 30
    n_seq = len(text) - SEQ
    torch.manual_seed(42)
    model = CharRNN(len(chars))
    with torch.no_grad():
        logits, (hn, cn) = model(torch.zeros(64, SEQ, dtype=torch.long))
    return {'textLength': len(text), 'vocabSize': len(chars), 'firstChars': chars[:5], 'numSequences': n_seq,
            'batchesPerEpoch': math.ceil(n_seq / 64), 'logits': list(logits.shape), 'hn': list(hn.shape),
            'params': param_table(model), 'numParameters': n_params(model)}


# ---------------------------------------------------------------------------------------------
# 11. dummy-sentiment

def dummy_sentiment():
    torch.manual_seed(42)
    X = torch.randint(0, 1000, (1000, 20))
    y = torch.randint(0, 2, (1000,))
    model = TextClassifier(1000)
    tr, te = train_test_split_idx(1000, 0.2, 42)
    model.eval()
    with torch.no_grad():
        init_loss = nn.CrossEntropyLoss()(model(X[tr]), y[tr]).item()
    return {'xShape': list(X.shape), 'firstRow': X[0, :5].tolist(), 'positives': int(y.sum()),
            'nTrain': len(tr), 'nTest': len(te), 'trainPositives': int(y[tr].sum()),
            'params': param_table(model), 'numParameters': n_params(model), 'initialLoss': num(init_loss)}


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
           'text-classification': text_classification(),
           'sine-rnn': sine_rnn(),
           'gru-timeseries': gru_timeseries(),
           'char-rnn': char_rnn(),
           'dummy-sentiment': dummy_sentiment(),
           'char-lm': char_lm(),
           'seq2seq-plain': seq2seq_plain()}
    with open(FIX, 'w', encoding='utf8') as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write('\n')
    print('wrote', os.path.relpath(FIX, ROOT), file=sys.stderr)
    for k in ['text-classification', 'sine-rnn', 'dummy-sentiment']:
        print(k, 'initial loss', out[k]['initialLoss'], file=sys.stderr)


if __name__ == '__main__':
    main()
