#!/usr/bin/python3
"""Reference values for the lstm-gates demo (the project's own marker-memory LSTM).

Run with Debian's python3 (torch 1.13 + numpy 1.24):  /usr/bin/python3 scripts/demos-a.py

Writes tests/fixtures/demos-a.json (deterministic), read by tests/examples/lstm-gates.test.ts: the
same computation in PyTorch as examples/lstm-gates.ts does with seqgrad. Float32 PyTorch results are
stored with 9 significant digits.

  lstm_gates      sigmoid/tanh table; the marker-memory LSTM after `epochs` Adam steps: losses,
                  predictions and the gates i, f, g, o, c, h of one sequence, per step
"""
import json
import os

import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'tests', 'fixtures', 'demos-a.json')


def d17(a):
    """float64 values, 17 significant digits (round-trips a double)."""
    return [float('%.17g' % v) for v in np.asarray(a, dtype=np.float64).ravel()]


def f9(a):
    """float32 values, 9 significant digits (round-trips a float)."""
    if isinstance(a, torch.Tensor):
        a = a.detach().cpu().numpy()
    return [float('%.9g' % v) for v in np.asarray(a, dtype=np.float64).ravel()]


def arr(a, fmt=d17):
    a = a.detach().cpu().numpy() if isinstance(a, torch.Tensor) else np.asarray(a)
    return {'shape': list(a.shape), 'data': fmt(a)}


# ============================================================================================
# numpy-rnn: the from-scratch forward passes (weights ~ N(0, 1)·0.01, biases 0, h0 = c0 = 0)
# ============================================================================================

def sigmoid(x):
    return 1 / (1 + np.exp(-x))


class SimpleRNN:
    """h_t = tanh(x_t·W_xh + h_{t-1}·W_hh + b_h)"""

    def __init__(self, input_size, hidden_size):
        self.hidden_size = hidden_size
        self.W_xh = np.random.randn(input_size, hidden_size) * 0.01
        self.W_hh = np.random.randn(hidden_size, hidden_size) * 0.01
        self.b_h = np.zeros((1, hidden_size))

    def forward(self, x):
        seq_len, batch_size, _ = x.shape
        h = np.zeros((batch_size, self.hidden_size))
        outputs = []
        for t in range(seq_len):
            h = np.tanh(x[t] @ self.W_xh + h @ self.W_hh + self.b_h)
            outputs.append(h)
        return np.stack(outputs), h


class LSTM:
    """Gates on [h_{t-1}, x_t]: f, i, o = σ(·), c̃ = tanh(·), c_t = f⊙c_{t-1} + i⊙c̃, h_t = o⊙tanh(c_t)"""

    def __init__(self, input_size, hidden_size):
        self.hidden_size = hidden_size
        concat_size = hidden_size + input_size
        self.W_f = np.random.randn(concat_size, hidden_size) * 0.01
        self.W_i = np.random.randn(concat_size, hidden_size) * 0.01
        self.W_c = np.random.randn(concat_size, hidden_size) * 0.01
        self.W_o = np.random.randn(concat_size, hidden_size) * 0.01
        self.b_f = np.zeros((1, hidden_size))
        self.b_i = np.zeros((1, hidden_size))
        self.b_c = np.zeros((1, hidden_size))
        self.b_o = np.zeros((1, hidden_size))

    def forward(self, x):
        seq_len, batch_size, _ = x.shape
        h = np.zeros((batch_size, self.hidden_size))
        c = np.zeros((batch_size, self.hidden_size))
        outputs = []
        for t in range(seq_len):
            combined = np.concatenate([h, x[t]], axis=1)
            f = sigmoid(combined @ self.W_f + self.b_f)        # forget gate
            i = sigmoid(combined @ self.W_i + self.b_i)        # input gate
            c_tilde = np.tanh(combined @ self.W_c + self.b_c)  # candidate cell state
            o = sigmoid(combined @ self.W_o + self.b_o)        # output gate
            c = f * c + i * c_tilde
            h = o * np.tanh(c)
            outputs.append(h)
        return np.stack(outputs), (h, c)


class GRU:
    """z, r = σ([h, x]·W + b), h̃ = tanh([r⊙h, x]·W_h + b_h), h_t = (1 − z)⊙h_{t-1} + z⊙h̃"""

    def __init__(self, input_size, hidden_size):
        self.hidden_size = hidden_size
        concat_size = hidden_size + input_size
        self.W_z = np.random.randn(concat_size, hidden_size) * 0.01
        self.W_r = np.random.randn(concat_size, hidden_size) * 0.01
        self.W_h = np.random.randn(concat_size, hidden_size) * 0.01
        self.b_z = np.zeros((1, hidden_size))
        self.b_r = np.zeros((1, hidden_size))
        self.b_h = np.zeros((1, hidden_size))

    def forward(self, x):
        seq_len, batch_size, _ = x.shape
        h = np.zeros((batch_size, self.hidden_size))
        outputs = []
        for t in range(seq_len):
            combined = np.concatenate([h, x[t]], axis=1)
            z = sigmoid(combined @ self.W_z + self.b_z)   # update gate
            r = sigmoid(combined @ self.W_r + self.b_r)   # reset gate
            combined_r = np.concatenate([r * h, x[t]], axis=1)
            h_tilde = np.tanh(combined_r @ self.W_h + self.b_h)
            h = (1 - z) * h + z * h_tilde
            outputs.append(h)
        return np.stack(outputs), h


class BidirectionalRNN:
    """A forward SimpleRNN over x and a backward one over x reversed; outputs concatenated."""

    def __init__(self, input_size, hidden_size):
        self.forward_rnn = SimpleRNN(input_size, hidden_size)
        self.backward_rnn = SimpleRNN(input_size, hidden_size)

    def forward(self, x):
        out_f, h_f = self.forward_rnn.forward(x)
        out_b, h_b = self.backward_rnn.forward(x[::-1])
        out_b = out_b[::-1]
        return np.concatenate([out_f, out_b], axis=-1), (h_f, h_b)


# ============================================================================================
# gradient-flow
# ============================================================================================

# ============================================================================================
# lstm-gates
# ============================================================================================

def marker_data(n, T, seed=0):
    """Marker-memory task: x_t = [v_t, m_t], v ~ U(−1, 1), m one-hot at a random step k; target v_k."""
    rs = np.random.RandomState(seed)
    values = rs.uniform(-1, 1, (n, T))
    k = rs.randint(0, T, n)
    marker = np.zeros((n, T))
    marker[np.arange(n), k] = 1
    x = np.stack([values, marker], axis=-1)
    y = values[np.arange(n), k][:, None]
    return x.astype(np.float32), y.astype(np.float32), k


class GateLSTM(nn.Module):
    def __init__(self, input_size=2, hidden_size=8):
        super().__init__()
        self.lstm = nn.LSTM(input_size, hidden_size, batch_first=True)
        self.fc = nn.Linear(hidden_size, 1)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.fc(out[:, -1, :])


def lstm_gates(epochs):
    z = np.array([-6, -4, -2, -1, -0.5, 0, 0.5, 1, 2, 4, 6], dtype=np.float64)
    table = {'z': d17(z), 'sigmoid': d17(1 / (1 + np.exp(-z))), 'tanh': d17(np.tanh(z))}

    N, T, H = 512, 20, 8
    x_np, y_np, k = marker_data(N, T)
    x, y = torch.from_numpy(x_np), torch.from_numpy(y_np)
    torch.manual_seed(42)
    model = GateLSTM(2, H)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
    criterion = nn.MSELoss()
    losses = []
    for epoch in range(epochs):
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(float(loss))

    # the gates of the first sequence whose marker comes early (k ≤ 4), so that the value has to be
    # kept for 15+ steps, recomputed from the weights (PyTorch's gate order i, f, g, o)
    s = int(np.argmax(k <= 4))
    W_ih, W_hh = model.lstm.weight_ih_l0.detach(), model.lstm.weight_hh_l0.detach()
    b = (model.lstm.bias_ih_l0 + model.lstm.bias_hh_l0).detach()
    h = torch.zeros(1, H)
    c = torch.zeros(1, H)
    trace = {name: [] for name in 'ifgoch'}
    with torch.no_grad():
        for t in range(T):
            gates = x[s:s + 1, t] @ W_ih.T + h @ W_hh.T + b
            i, f, g, o = gates.chunk(4, dim=1)
            i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)
            c = f * c + i * g
            h = o * torch.tanh(c)
            for name, v in zip('ifgoch', (i, f, g, o, c, h)):
                trace[name].append(v[0])
        out, _ = model.lstm(x[s:s + 1])
        pred = model(x[:8])
    return {
        'table': table,
        'config': {'n': N, 'seqLen': T, 'hiddenSize': H, 'lr': 0.02, 'epochs': epochs, 'dataSeed': 0, 'torchSeed': 42},
        'data': {'seq': s, 'xSeq': arr(x_np[s], f9), 'y': f9(y_np[:8]), 'k': [int(v) for v in k[:8]]},
        'losses': f9(losses),
        'predictions': f9(pred),
        'trace': {name: arr(torch.stack(v), f9) for name, v in trace.items()},
        'lstmOutput': arr(out[0], f9),
    }


# ============================================================================================
# param-counts
# ============================================================================================

class SequenceClassifier(nn.Module):
    """The LSTM article's sequence classifier: 2-layer LSTM(10 → 64) on (B, T, 10), last step → Linear(64, 2)."""

    def __init__(self, input_size=10, hidden_size=64, num_layers=2, num_classes=2):
        super().__init__()
        self.lstm = nn.LSTM(input_size, hidden_size, num_layers, batch_first=True, dropout=0.2)
        self.fc = nn.Linear(hidden_size, num_classes)


class TextClassifier(nn.Module):
    """Embedding(V, 128) → 2-layer bidirectional LSTM(128 → 64) → [h_fwd; h_bwd] → Linear(128, 2); V = 43 (41 words + <PAD>, <UNK>)."""

    def __init__(self, vocab_size=43, embed_dim=128, hidden_dim=64, num_classes=2):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=0)
        self.lstm = nn.LSTM(embed_dim, hidden_dim, num_layers=2, batch_first=True, bidirectional=True, dropout=0.5)
        self.fc = nn.Linear(hidden_dim * 2, num_classes)


class CharRNN(nn.Module):
    """Embedding(V, 128) → 2-layer LSTM(128) → Linear(128, V); V = 65, tinyshakespeare's characters."""

    def __init__(self, vocab_size=65, embed_dim=128, hidden_dim=128, num_layers=2):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.lstm = nn.LSTM(embed_dim, hidden_dim, num_layers, batch_first=True, dropout=0.2)
        self.fc = nn.Linear(hidden_dim, vocab_size)


# ============================================================================================
# shapes: the nn.RNN / nn.LSTM / nn.GRU walk-throughs
# ============================================================================================

def main():
    data = {
        'generator': 'scripts/demos-a.py',
        'torch': torch.__version__,
        'numpy': np.__version__,
        'lstm_gates': {'short': lstm_gates(2), 'full': lstm_gates(300)},
    }
    with open(OUT, 'w') as f:
        json.dump(data, f, separators=(',', ':'))
        f.write('\n')
    print('wrote', os.path.relpath(OUT))


if __name__ == '__main__':
    main()
