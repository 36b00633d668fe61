# The order torch.sort(lengths, descending=True) gives on CPU (torch 1.13), for random length
# vectors with many ties: tests/fixtures/torch-sort.json. Run with Debian's /usr/bin/python3.
import json, random, torch

random.seed(7)
cases = []
for n in [1, 2, 3, 5, 16, 17, 18, 31, 32, 33, 64, 100, 257, 1000]:
    for trial in range(4):
        hi = random.choice([2, 3, 5, 10, 50])
        keys = [random.randint(1, hi) for _ in range(n)]
        cases.append({"keys": keys, "order": torch.sort(torch.tensor(keys), descending=True)[1].tolist()})
# sorted, reversed and all-equal inputs (worst cases for a quicksort)
for n in [40, 300]:
    for keys in [list(range(1, n + 1)), list(range(n, 0, -1)), [3] * n, [1, 2] * (n // 2)]:
        cases.append({"keys": keys, "order": torch.sort(torch.tensor(keys), descending=True)[1].tolist()})
json.dump({"torch": torch.__version__, "cases": cases}, open("tests/fixtures/torch-sort.json", "w"), separators=(",", ":"))
print(len(cases), "cases")
