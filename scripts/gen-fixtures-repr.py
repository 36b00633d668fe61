"""PyTorch 1.13's repr of modules (extra_repr), for tests/nn/repr.test.ts.
Run: /usr/bin/python3 scripts/gen-fixtures-repr.py  →  tests/fixtures/nn-repr.json"""
import json
import os
import torch.nn as nn

cases = [
    ("LSTM", dict(input_size=10, hidden_size=20, num_layers=2, batch_first=True, bidirectional=True), nn.LSTM(10, 20, num_layers=2, batch_first=True, bidirectional=True)),
    ("LSTM", dict(input_size=8, hidden_size=16, proj_size=4, bias=False, dropout=0.25), nn.LSTM(8, 16, proj_size=4, bias=False, dropout=0.25)),
    ("LSTM", dict(input_size=3, hidden_size=5, num_layers=2, dropout=1.0), nn.LSTM(3, 5, num_layers=2, dropout=1.0)),
    ("GRU", dict(input_size=1, hidden_size=32, num_layers=2), nn.GRU(1, 32, num_layers=2)),
    ("RNN", dict(input_size=4, hidden_size=6), nn.RNN(4, 6)),
    ("RNN", dict(input_size=4, hidden_size=6, nonlinearity="relu", bidirectional=True), nn.RNN(4, 6, nonlinearity="relu", bidirectional=True)),
    ("RNNCell", dict(input_size=4, hidden_size=6), nn.RNNCell(4, 6)),
    ("RNNCell", dict(input_size=4, hidden_size=6, nonlinearity="relu", bias=False), nn.RNNCell(4, 6, nonlinearity="relu", bias=False)),
    ("LSTMCell", dict(input_size=3, hidden_size=7), nn.LSTMCell(3, 7)),
    ("GRUCell", dict(input_size=3, hidden_size=7, bias=False), nn.GRUCell(3, 7, bias=False)),
    ("Linear", dict(in_features=10, out_features=20), nn.Linear(10, 20)),
    ("Linear", dict(in_features=3, out_features=1, bias=False), nn.Linear(3, 1, bias=False)),
    ("Embedding", dict(num_embeddings=43, embedding_dim=128), nn.Embedding(43, 128)),
    ("Embedding", dict(num_embeddings=10, embedding_dim=3, padding_idx=0), nn.Embedding(10, 3, padding_idx=0)),
    ("Dropout", dict(p=0.5), nn.Dropout()),
    ("Dropout", dict(p=0.1), nn.Dropout(0.1)),
    ("Tanh", {}, nn.Tanh()),
    ("ReLU", {}, nn.ReLU()),
    ("Sigmoid", {}, nn.Sigmoid()),
    ("Sequential", dict(layers=[["Linear", dict(in_features=4, out_features=8)], ["Tanh", {}], ["Dropout", dict(p=0.2)], ["Linear", dict(in_features=8, out_features=2)]]),
     nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Dropout(0.2), nn.Linear(8, 2))),
    ("ModuleList", dict(modules=[["GRUCell", dict(input_size=2, hidden_size=3)], ["Linear", dict(in_features=3, out_features=1)]]),
     nn.ModuleList([nn.GRUCell(2, 3), nn.Linear(3, 1)])),
]

out = [{"module": name, "args": args, "repr": repr(m)} for name, args, m in cases]
path = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "nn-repr.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
for c in out:
    print(c["repr"])
