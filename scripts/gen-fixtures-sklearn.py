#!/usr/bin/python3
"""Writes tests/fixtures/sklearn.json: scikit-learn's train_test_split and MinMaxScaler outputs.

Run with Debian's python3 and its scikit-learn (apt-get install python3-sklearn):
    /usr/bin/python3 scripts/gen-fixtures-sklearn.py

train_test_split: the split of arange(n) for test/train sizes given as fractions, counts, both
or neither, shuffled with a random_state or not. MinMaxScaler: fitted attributes, transform of
the fitting data and of new data outside the fitted range, inverse_transform, for two
feature ranges and data with a constant column and a single column. Values are float64 with
17 significant digits. Runner: tests/data/data.test.ts. The output is deterministic.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, '..', 'tests', 'fixtures', 'sklearn.json')


def enc(a):
    return [float('%.17g' % v) for v in np.asarray(a, dtype=np.float64).ravel()]


OUT = {'sklearn': sklearn.__version__, 'numpy': np.__version__}

splits = []
for n, kw in [
    (10, {'test_size': 0.25, 'random_state': 42}),
    (17, {'test_size': 0.3, 'random_state': 0}),
    (9, {'test_size': 4, 'random_state': 3}),
    (20, {'train_size': 0.6, 'random_state': 7}),
    (20, {'train_size': 0.5, 'test_size': 0.3, 'random_state': 11}),
    (13, {'train_size': 5, 'test_size': 3, 'random_state': 5}),
    (100, {'random_state': 123}),
    (7, {'test_size': 0.5, 'shuffle': False}),
    (1000, {'test_size': 0.2, 'random_state': 2024}),
]:
    X = np.arange(n)
    tr, te = train_test_split(X, **kw)
    opts = {{'test_size': 'testSize', 'train_size': 'trainSize', 'random_state': 'randomState', 'shuffle': 'shuffle'}[k]: v
            for k, v in kw.items()}
    splits.append({'n': n, 'opts': opts, 'train': tr.tolist(), 'test': te.tolist()})
OUT['trainTestSplit'] = splits

rs = np.random.RandomState(0)
X1 = rs.randn(8, 3) * [1.0, 10.0, 0.01] + [0.0, -5.0, 3.0]
X1[:, 2] = 2.5  # a constant feature: scale 1
X1new = rs.randn(4, 3) * 20
X2 = rs.rand(12, 1) * 7 - 2
X2new = np.array([[-10.0], [0.0], [100.0]])
scalers = []
for name, X, Xnew in [('three features, one constant', X1, X1new), ('one feature', X2, X2new)]:
    for fr in [(0, 1), (-1, 1), (-3.5, 0.25)]:
        sc = MinMaxScaler(feature_range=fr).fit(X)
        scalers.append({
            'name': name, 'featureRange': list(fr), 'shape': list(X.shape), 'X': enc(X), 'Xnew': enc(Xnew),
            'dataMin': enc(sc.data_min_), 'dataMax': enc(sc.data_max_), 'scale': enc(sc.scale_), 'min': enc(sc.min_),
            'transform': enc(sc.transform(X)), 'transformNew': enc(sc.transform(Xnew)),
            'inverseNew': enc(sc.inverse_transform(Xnew)),
        })
OUT['minMaxScaler'] = scalers

with open(FIX, 'w') as f:
    json.dump(OUT, f, separators=(',', ':'))
    f.write('\n')
print('wrote', FIX)
