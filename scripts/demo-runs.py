#!/usr/bin/python3
"""Writes tests/fixtures/demo-runs.json: what the short runs of three demos print, computed by the
same programs in PyTorch 1.13 (float32 CPU, one thread), for the demo tests to compare with the
numbers the demos print.

Run with Debian's python3:  /usr/bin/python3 scripts/demo-runs.py

  translation    examples/translation.ts --epochs 5: torch.manual_seed(0), the embedded corpus
                 (engine/seq2seq/corpus-de-en.tsv), split by FNV-1a of the source, the model and
                 training loop of scripts/seq2seq-pytorch.py (emb 32, hidden 32, decoder 64, Adam
                 3e-3, batch 32, clip 1, randperm from Generator().manual_seed(0)): the train loss
                 per epoch, greedy BLEU / exact match on the held-out sentences, and the greedy
                 translation of "die katze sitzt auf dem tisch ." with its attention rows
  seq2seq-plain  examples/seq2seq-plain.ts --epochs 1: torch.manual_seed(42), 3,000 digit strings
                 (torch.randint), GRU encoder → GRU decoder, DataLoader(shuffle=True), one
                 torch.rand(float64) coin per batch for teacher forcing 0.5, Adam 5e-3, clip 1:
                 the epoch loss, the teacher-forced batch count, greedy exact match (overall and
                 by source length) on the 500 test pairs
  char-lm        examples/char-lm.ts --epochs 1: torch.manual_seed(42), the i2h/i2o cell on the
                 embedded text, windows of 32 at every offset, DataLoader(batch 64, shuffle=True),
                 NLLLoss, Adam 3e-3, clip 1: the initial loss over all windows and the epoch loss

Runners: tests/examples/translation.test.ts, tests/examples/seq2seq-plain.test.ts,
tests/examples/char-lm.test.ts. Deterministic.
"""
import importlib.util
import json
import math
import os
import re

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_sequence

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, '..')
FIX = os.path.join(ROOT, 'tests', 'fixtures', 'demo-runs.json')
torch.set_num_threads(1)

spec = importlib.util.spec_from_file_location('s2s', os.path.join(HERE, 'seq2seq-pytorch.py'))
s2s = importlib.util.module_from_spec(spec)
spec.loader.exec_module(s2s)


def num(v):
    return float('%.9g' % float(v))


def read(path):
    return open(os.path.join(ROOT, path), encoding='utf8').read()


# ---------------------------------------------------------------------------------------------
# translation

def translation(epochs=5):
    torch.manual_seed(0)
    tsv = read('engine/seq2seq/corpus-de-en.tsv')
    pairs = []
    for line in tsv.split('\n'):
        if line.strip() == '':
            continue
        cols = line.split('\t')
        pairs.append((s2s.normalize_string(cols[0]), s2s.normalize_string(cols[1])))
    train, test = s2s.split_by_source(pairs, 0.1)
    sv = s2s.Vocab([p[0].split(' ') for p in train])
    tv = s2s.Vocab([p[1].split(' ') for p in train])
    model = s2s.Seq2Seq(len(sv), len(tv), 32, 32, 64)
    data = s2s.encode(train, sv, tv)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    gen = torch.Generator().manual_seed(0)
    losses = []
    for _ in range(epochs):
        perm = torch.randperm(len(data), generator=gen).tolist()
        loss_sum = tok_sum = 0
        for s in range(math.ceil(len(data) / 32)):
            src, lengths, tgt, n = s2s.batch(data, perm[s * 32:(s + 1) * 32])
            opt.zero_grad()
            loss = model.loss(src, lengths, tgt)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            loss_sum += loss.item() * n
            tok_sum += n
        losses.append(num(loss_sum / tok_sum))
    model.eval()

    groups = s2s.group_by_source(test)
    refs = [[r.split(' ') for r in rs] for _, rs in groups]
    hyps = []
    for i in range(0, len(groups), 64):
        srcs = [sv.encode(s.split(' ')) + [s2s.EOS] for s, _ in groups[i:i + 64]]
        hyps += [[tv.itos[t] for t in out] for out in model.translate(srcs, 50)]
    bleu = s2s.corpus_bleu(hyps, refs)[0]
    exact = sum(any(h == r for r in rs) for h, rs in zip(hyps, refs)) / len(groups)

    # greedy decoding of one sentence with its attention rows (EOS row included)
    sentence = 'die katze sitzt auf dem tisch .'
    ids = sv.encode(sentence.split(' ')) + [s2s.EOS]
    with torch.no_grad():
        src, lengths = s2s.pad_ids([ids])
        keys, state, mask = model.encoder(src, lengths)
        pre = model.decoder.attention.precompute(keys)
        inp = torch.tensor([s2s.SOS])
        tokens, rows = [], []
        for _ in range(50):
            state, c, w = model.decoder.step(inp, state, keys, mask, pre)
            inp = model.decoder.project(state[0], c).argmax(1)
            rows.append([num(v) for v in w[0]])
            if int(inp[0]) == s2s.EOS:
                break
            tokens.append(tv.itos[int(inp[0])])
    return {'numPairs': len(pairs), 'nTrain': len(train), 'nTest': len(test), 'srcVocab': len(sv), 'tgtVocab': len(tv),
            'numParameters': sum(p.numel() for p in model.parameters()), 'epochs': epochs, 'losses': losses,
            'heldOut': len(groups), 'greedyBleu': num(100 * bleu), 'greedyExact': num(100 * exact),
            'sentence': sentence, 'tokens': tokens, 'attention': rows}


# ---------------------------------------------------------------------------------------------
# seq2seq-plain

PAD, SOS, EOS = 0, 1, 2


class Encoder(nn.Module):
    def __init__(self, V, E=32, H=64):
        super().__init__()
        self.embedding = nn.Embedding(V, E, padding_idx=PAD)
        self.gru = nn.GRU(E, H, batch_first=True)

    def forward(self, src, lengths):
        packed = pack_padded_sequence(self.embedding(src), lengths, batch_first=True, enforce_sorted=False)
        return self.gru(packed)[1]


class Decoder(nn.Module):
    def __init__(self, V, E=32, H=64):
        super().__init__()
        self.embedding = nn.Embedding(V, E, padding_idx=PAD)
        self.gru = nn.GRU(E, H, batch_first=True)
        self.out = nn.Linear(H, V)

    def forward(self, inp, hidden):
        out, hn = self.gru(self.embedding(inp), hidden)
        return self.out(out), hn


class Seq2Seq(nn.Module):
    def __init__(self, V):
        super().__init__()
        self.encoder = Encoder(V)
        self.decoder = Decoder(V)

    def forward(self, src, lengths, dec_in, teacher_forcing):
        context = self.encoder(src, lengths)
        if teacher_forcing:
            return self.decoder(dec_in, context)[0]
        B, T = dec_in.shape
        hidden, tok, steps = context, dec_in[:, :1], []
        for _ in range(T):
            logits, hidden = self.decoder(tok, hidden)
            steps.append(logits)
            tok = logits.reshape(B, -1).argmax(1).unsqueeze(1)
        return torch.cat(steps, 1)

    @torch.no_grad()
    def greedy(self, src, lengths, max_len):
        B = src.shape[0]
        hidden = self.encoder(src, lengths)
        tok = torch.full((B, 1), SOS, dtype=torch.long)
        out, done = [[] for _ in range(B)], [False] * B
        for _ in range(max_len):
            if all(done):
                break
            logits, hidden = self.decoder(tok, hidden)
            nxt = logits.reshape(B, -1).argmax(1)
            for b in range(B):
                if done[b]:
                    continue
                if int(nxt[b]) == EOS:
                    done[b] = True
                else:
                    out[b].append(int(nxt[b]))
            tok = nxt.unsqueeze(1)
        return out


def seq2seq_plain(epochs=1):
    torch.manual_seed(42)
    pairs = []
    for _ in range(3000):
        L = int(torch.randint(3, 9, (1,)).item())
        src = [3 + d for d in torch.randint(0, 10, (L,)).tolist()]  # ids: <PAD> <SOS> <EOS> then '0' … '9'
        pairs.append((src, src[::-1]))
    train, test = pairs[:2500], pairs[2500:]
    max_src = max(len(p[0]) for p in pairs)

    def collate(items):
        pad = lambda seqs: pad_sequence([torch.tensor(s) for s in seqs], batch_first=True, padding_value=PAD)
        return (pad([p[0] for p in items]), [len(p[0]) for p in items], pad([[SOS] + p[1] for p in items]),
                pad([p[1] + [EOS] for p in items]))

    model = Seq2Seq(13)
    crit = nn.CrossEntropyLoss(ignore_index=PAD)
    opt = torch.optim.Adam(model.parameters(), lr=5e-3)
    loader = torch.utils.data.DataLoader(train, batch_size=64, shuffle=True, collate_fn=collate)

    def exact(pairs_):
        ok = 0
        for i in range(0, len(pairs_), 250):
            src, lengths, _, _ = collate(pairs_[i:i + 250])
            for o, p in zip(model.greedy(src, lengths, max_src + 1), pairs_[i:i + 250]):
                ok += o == p[1]
        return ok / len(pairs_)

    for _ in range(epochs):
        total = n = forced = 0
        for src, lengths, dec_in, target in loader:
            tf = torch.rand((), dtype=torch.float64).item() < 0.5
            forced += tf
            opt.zero_grad()
            logits = model(src, lengths, dec_in, tf)
            B, T, V = logits.shape
            loss = crit(logits.reshape(B * T, V), target.reshape(B * T))
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            total += loss.item()
            n += 1
    acc = exact(test)
    src, lengths, _, _ = collate(test)
    outs = model.greedy(src, lengths, max_src + 1)
    by_len = {}
    for o, p in zip(outs, test):
        ok, cnt = by_len.get(len(p[0]), (0, 0))
        by_len[len(p[0])] = (ok + (o == p[1]), cnt + 1)
    return {'epochs': epochs, 'loss': num(total / n), 'forced': forced, 'batches': n, 'exactMatch': num(100 * acc),
            'byLength': {str(L): num(100 * ok / cnt) for L, (ok, cnt) in sorted(by_len.items())}}


# ---------------------------------------------------------------------------------------------
# char-lm

class CharLMCell(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super().__init__()
        self.hidden_size = hidden_size
        self.i2h = nn.Linear(input_size + hidden_size, hidden_size)
        self.i2o = nn.Linear(input_size + hidden_size, output_size)

    def forward(self, inp, hidden):
        combined = torch.cat((inp, hidden), 1)
        return F.log_softmax(self.i2o(combined), 1), self.i2h(combined)


def char_lm(epochs=1):
    block = re.search(r'// BEGIN CHAR_LM_TEXT\n(.*?)// END CHAR_LM_TEXT', read('examples/lib/corpora.ts'), re.S).group(1)
    text = ''.join(re.findall(r"'((?:[^'\\]|\\.)*)'", block))
    chars = sorted(set(text))
    ids = [chars.index(c) for c in text]
    V, H, SEQ = len(chars), 128, 32
    n_seq = len(ids) - SEQ
    torch.manual_seed(42)
    model = CharLMCell(V, H, V)
    crit = nn.NLLLoss()
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    loader = torch.utils.data.DataLoader(list(range(n_seq)), batch_size=64, shuffle=True, collate_fn=lambda items: items)

    def loss_of(seqs):
        hidden = torch.zeros(len(seqs), H)
        outputs, targets = [], []
        for t in range(SEQ):
            x = F.one_hot(torch.tensor([ids[s + t] for s in seqs]), V).float()
            output, hidden = model(x, hidden)
            outputs.append(output)
            targets += [ids[s + t + 1] for s in seqs]
        return crit(torch.stack(outputs, 0).reshape(SEQ * len(seqs), V), torch.tensor(targets))

    with torch.no_grad():
        initial = loss_of(list(range(n_seq))).item()
    losses = []
    for _ in range(epochs):
        total = 0
        for seqs in loader:
            opt.zero_grad()
            loss = loss_of(seqs)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            total += loss.item() * len(seqs)
        losses.append(num(total / n_seq))
    return {'epochs': epochs, 'initialLoss': num(initial), 'losses': losses}


def main():
    out = {'torch': torch.__version__, 'translation': translation(), 'seq2seq-plain': seq2seq_plain(), 'char-lm': char_lm()}
    with open(FIX, 'w', encoding='utf8') as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write('\n')
    print(json.dumps(out, ensure_ascii=False)[:1500])


if __name__ == '__main__':
    main()
