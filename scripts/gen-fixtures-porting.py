# PyTorch's module-attribute registration, as the golden for tests/nn/module-fields.test.ts:
# the state_dict keys (in order) and train flags of a model whose submodules are plain fields.
# Run: /usr/bin/python3 scripts/gen-fixtures-porting.py > tests/fixtures/porting.json
import json
import torch
from torch import nn


class Forecaster(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Linear(3, 4)
        self.gru = nn.GRU(4, 5, num_layers=2, batch_first=True)
        self.heads = nn.ModuleList([nn.Linear(5, 1), nn.Linear(5, 2)])
        self.extra = nn.ModuleDict({'b': nn.Linear(2, 2), 'a': nn.Linear(2, 1, bias=False)})
        self.scale = nn.Parameter(torch.ones(1))
        self.seq = nn.Sequential(nn.Linear(1, 1), nn.Tanh())
        self.drop = nn.Dropout(p=0.3)


m = Forecaster()
m.eval()
out = {
    'stateDictKeys': list(m.state_dict().keys()),
    'namedParameters': [[n, list(p.shape)] for n, p in m.named_parameters()],
    'namedModules': [n for n, _ in m.named_modules()],
    'trainingAfterEval': [mod.training for _, mod in m.named_modules()],
}
print(json.dumps(out, indent=1))
