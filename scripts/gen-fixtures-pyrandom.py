#!/usr/bin/python3
"""Python's random module stream for tests/random/python.test.ts (engine/random/python.ts).

For a few seeds (int, 0, a negative, multi-word ints), random.seed(seed) then the first 8
random.random() values and the 1000th and 1313th (past the first MT19937 twists), each as repr
(17 significant digits, which round-trips a double).

  /usr/bin/python3 scripts/gen-fixtures-pyrandom.py   # writes tests/fixtures/pyrandom.json
"""
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'tests', 'fixtures', 'pyrandom.json')

cases = []
for seed in [42, 0, 1, -42, 12345, 2**32 + 7, 2**64 + 3]:
    r = random.Random(seed)
    vals = [r.random() for _ in range(1313)]
    cases.append({'seed': str(seed), 'first': [repr(v) for v in vals[:8]], 'at': {'1000': repr(vals[999]), '1313': repr(vals[1312])}})

with open(OUT, 'w') as f:
    json.dump({'python': sys.version.split()[0], 'cases': cases}, f, indent=1)
    f.write('\n')
print(f'wrote {OUT}')
