#!/usr/bin/python3
"""PyTorch (1.13, one thread) reference timings of the recurrent workloads W1-W5 of bench/workloads.ts.

Same shapes, same step (zero_grad + forward + backward + Adam step; W4 one no-grad generation
step), timed the same way as bench/rnn.bench.ts: warm-up (>= 5 steps), then per-step times for
>= 2 s (0.5 s with --quick); prints the medians, or JSON with --json.
Usage: /usr/bin/python3 scripts/bench-pytorch.py [--quick] [--json] [W1 ... W5]
"""
import json
import os
import platform
import sys
import time

# NOTE: Debian's torch calls OpenBLAS (pthreads build), whose own thread pool ignores
# torch.set_num_threads: without this its GEMMs use every core (W3 ~45 ms instead of ~70 ms on
# 2 cores). Must be set before OpenBLAS is loaded. --threads N (default 1) sets all three.
THREADS = int(sys.argv[sys.argv.index("--threads") + 1]) if "--threads" in sys.argv else 1
os.environ["OPENBLAS_NUM_THREADS"] = str(THREADS)  # --threads wins over an inherited setting
os.environ.setdefault("OMP_NUM_THREADS", str(THREADS))

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402

torch.set_num_threads(THREADS)

WORKLOAD_IDS = ["W1", "W2", "W3", "W4", "W5"]


def train_step(params, forward):
    opt = torch.optim.Adam(params, lr=1e-3)

    def step():
        opt.zero_grad()
        loss = forward()
        loss.backward()
        opt.step()
        return loss.item()

    return step


def w1():
    V, E, H, T, B = 43, 128, 64, 20, 16
    emb = nn.Embedding(V, E)
    lstm = nn.LSTM(E, H, num_layers=2, bidirectional=True)
    fc = nn.Linear(2 * H, 2)
    loss_fn = nn.CrossEntropyLoss()
    tokens = torch.randint(0, V, (T, B))
    labels = torch.randint(0, 2, (B,))

    def forward():
        _, (hn, _) = lstm(emb(tokens))
        return loss_fn(fc(torch.cat((hn[-2], hn[-1]), 1)), labels)

    return train_step([*emb.parameters(), *lstm.parameters(), *fc.parameters()], forward)


def w2():
    V, E, H, T, B = 91, 128, 128, 20, 64
    emb = nn.Embedding(V, E)
    lstm = nn.LSTM(E, H, num_layers=2)
    fc = nn.Linear(H, V)
    loss_fn = nn.CrossEntropyLoss()
    tokens = torch.randint(0, V, (T, B))
    labels = torch.randint(0, V, (B,))

    def forward():
        out, _ = lstm(emb(tokens))
        return loss_fn(fc(out[-1]), labels)

    return train_step([*emb.parameters(), *lstm.parameters(), *fc.parameters()], forward)


def w3():
    I, H, T, B = 256, 256, 50, 32
    lstm = nn.LSTM(I, H)
    loss_fn = nn.MSELoss()
    x = torch.randn(T, B, I)
    target = torch.randn(T, B, H)
    return train_step(list(lstm.parameters()), lambda: loss_fn(lstm(x)[0], target))


def w4():
    V, E, H = 91, 128, 128
    emb = nn.Embedding(V, E).eval()
    lstm = nn.LSTM(E, H, num_layers=2).eval()
    st = {"state": (torch.zeros(2, 1, H), torch.zeros(2, 1, H)), "token": 1}

    def step():
        with torch.no_grad():
            # a fixed token sequence stands in for sampling (as in bench/workloads.ts)
            st["token"] = (st["token"] * 31 + 7) % V
            out, st["state"] = lstm(emb(torch.tensor([[st["token"]]])), st["state"])
            return out[0, 0, 0].item()

    return step


def w5():
    H, T, B = 32, 20, 64
    gru = nn.GRU(1, H, num_layers=2)
    fc = nn.Linear(H, 1)
    loss_fn = nn.MSELoss()
    x = torch.randn(T, B, 1)
    y = torch.randn(B, 1)

    def forward():
        out, _ = gru(x)
        return loss_fn(fc(out[-1]), y)

    return train_step([*gru.parameters(), *fc.parameters()], forward)


BUILDERS = {"W1": w1, "W2": w2, "W3": w3, "W4": w4, "W5": w5}


def time_steps(step, seconds, warm_steps=5, warm_seconds=0.3, min_steps=20):
    end = time.perf_counter() + warm_seconds
    i = 0
    while i < warm_steps or time.perf_counter() < end:
        step()
        i += 1
    times = []
    end = time.perf_counter() + seconds
    while len(times) < min_steps or time.perf_counter() < end:
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1e3)
    times.sort()
    return {"medianMs": times[len(times) // 2], "minMs": times[0], "p90Ms": times[int(len(times) * 0.9)], "steps": len(times)}


def main():
    args = sys.argv[1:]
    if "--threads" in args:
        del args[args.index("--threads"):args.index("--threads") + 2]
    quick = "--quick" in args
    as_json = "--json" in args
    ids = [a for a in args if not a.startswith("--")] or WORKLOAD_IDS
    for i in ids:
        if i not in BUILDERS:
            sys.exit(f"bench-pytorch: unknown workload {i!r} (expected {', '.join(WORKLOAD_IDS)})")
    seconds = 0.5 if quick else 2.0
    results = []
    for i in ids:
        torch.manual_seed(0)
        step = BUILDERS[i]()
        results.append({"id": i, **time_steps(step, seconds, warm_seconds=0.1 if quick else 0.3)})
    info = {"torch": torch.__version__, "python": platform.python_version(), "threads": torch.get_num_threads(),
            "openblasThreads": os.environ["OPENBLAS_NUM_THREADS"], "quick": quick}
    if as_json:
        print(json.dumps({**info, "results": results}))
        return
    print(f"PyTorch {info['torch']}, Python {info['python']}, {info['threads']} thread(s), OPENBLAS_NUM_THREADS={info['openblasThreads']}")
    print("| workload | median | min | p90 | steps |\n|---|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['id']} | {r['medianMs']:.3f} ms | {r['minMs']:.3f} ms | {r['p90Ms']:.3f} ms | {r['steps']} |")


if __name__ == "__main__":
    main()
