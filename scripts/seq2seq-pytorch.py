#!/usr/bin/env python3
"""The PyTorch twin of `seqgrad translate train` + `seqgrad translate eval`, for the BLEU comparison.

Same data handling (the tutorial's normalizeString, columns source<TAB>target, validation split by
FNV-1a of the source sentence + '#val', vocabularies in Counter.most_common order with specials
<PAD> <SOS> <EOS> <UNK>), same model (Embedding → packed bidirectional GRU → Linear+tanh bridge;
Bahdanau attention Wa/Ua/Va; GRUCell on [embedding; context]; Linear on [h; context]), same
training (Adam, batch 32, clip 1, teacher forcing 1, randperm shuffling, validation loss per epoch,
best-on-validation parameters, wall-clock budget) and the same greedy decoding and corpus BLEU-4.

    /usr/bin/python3 scripts/seq2seq-pytorch.py --train TRAIN.tsv --test TEST.tsv --minutes 10 [--seed 0]

Runs with torch.set_num_threads(1). The model classes are also imported by gen-fixtures-seq2seq.py.
"""
import argparse
import collections
import math
import re
import sys
import time
import unicodedata

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

PAD, SOS, EOS, UNK = 0, 1, 2, 3
SPECIALS = ['<PAD>', '<SOS>', '<EOS>', '<UNK>']


# ---- data: identical to engine/data/text.ts and engine/seq2seq/corpus.ts ------------------------

def unicode_to_ascii(s):
    return ''.join(c for c in unicodedata.normalize('NFD', s) if unicodedata.category(c) != 'Mn')


def normalize_string(s):
    s = unicode_to_ascii(s.lower().strip())
    s = re.sub(r"([.!?])", r" \1", s)
    s = re.sub(r"[^a-zA-Z.!?]+", r" ", s)
    return s.strip()


def read_pairs(path, reverse=False):
    pairs = []
    with open(path, encoding='utf-8') as f:
        for line in f.read().split('\n'):
            line = line.rstrip('\r')
            if line.strip() == '':
                continue
            cols = line.split('\t')
            src, tgt = normalize_string(cols[0]), normalize_string(cols[1])
            pairs.append((tgt, src) if reverse else (src, tgt))
    return pairs


def fnv1a(s):
    h = 0x811c9dc5
    for ch in s.encode('utf-16-le').decode('utf-16-le'):
        for unit in ([ord(ch)] if ord(ch) < 0x10000 else [0xD800 + ((ord(ch) - 0x10000) >> 10), 0xDC00 + ((ord(ch) - 0x10000) & 0x3FF)]):
            h ^= unit
            h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def split_by_source(pairs, fraction, salt=''):
    sources = list(dict.fromkeys(p[0] for p in pairs))
    sources.sort(key=lambda s: (fnv1a(s + salt), s))
    held = set(sources[:round_half_even_js(fraction * len(sources))])
    return [p for p in pairs if p[0] not in held], [p for p in pairs if p[0] in held]


def round_half_even_js(x):
    # JavaScript's Math.round: halves go up
    return int(math.floor(x + 0.5))


class Vocab:
    def __init__(self, token_lists):
        counts = collections.Counter()
        for toks in token_lists:
            counts.update(toks)
        ordered = [t for t, _ in counts.most_common() if t not in SPECIALS]
        self.itos = SPECIALS + ordered
        self.stoi = {t: i for i, t in enumerate(self.itos)}

    def __len__(self):
        return len(self.itos)

    def encode(self, toks):
        return [self.stoi.get(t, UNK) for t in toks]


def group_by_source(pairs):
    m = collections.OrderedDict()
    for s, t in pairs:
        refs = m.setdefault(s, [])
        if t not in refs:
            refs.append(t)
    return list(m.items())


# ---- model ----------------------------------------------------------------------------------

class BahdanauAttention(nn.Module):
    def __init__(self, query_size, key_size, attn_size):
        super().__init__()
        self.Wa = nn.Linear(query_size, attn_size)
        self.Ua = nn.Linear(key_size, attn_size)
        self.Va = nn.Linear(attn_size, 1)

    def precompute(self, keys):
        return self.Ua(keys)

    def forward(self, query, keys, mask=None, pre=None):
        if pre is None:
            pre = self.precompute(keys)
        scores = self.Va(torch.tanh(self.Wa(query).unsqueeze(1) + pre)).squeeze(2)
        if mask is not None:
            scores = scores.masked_fill(mask == 0, float('-inf'))
        weights = torch.softmax(scores, dim=1)
        context = torch.bmm(weights.unsqueeze(1), keys).squeeze(1)
        return context, weights


class LuongAttention(nn.Module):
    def __init__(self, method, query_size, key_size, attn_size):
        super().__init__()
        self.method = method
        if method == 'general':
            self.Wa = nn.Linear(key_size, query_size, bias=False)
        elif method == 'concat':
            self.Wa = nn.Linear(query_size + key_size, attn_size, bias=False)
            self.va = nn.Linear(attn_size, 1, bias=False)

    def precompute(self, keys):
        return self.Wa(keys) if self.method == 'general' else None

    def forward(self, query, keys, mask=None, pre=None):
        if self.method == 'concat':
            q = query.unsqueeze(1).expand(-1, keys.shape[1], -1)
            scores = self.va(torch.tanh(self.Wa(torch.cat([q, keys], 2)))).squeeze(2)
        else:
            k = keys if self.method == 'dot' else (pre if pre is not None else self.precompute(keys))
            scores = torch.bmm(k, query.unsqueeze(2)).squeeze(2)
        if mask is not None:
            scores = scores.masked_fill(mask == 0, float('-inf'))
        weights = torch.softmax(scores, dim=1)
        context = torch.bmm(weights.unsqueeze(1), keys).squeeze(1)
        return context, weights


class Encoder(nn.Module):
    def __init__(self, src_vocab, emb, hidden, dec_hidden, layers=1, rnn='gru'):
        super().__init__()
        self.embedding = nn.Embedding(src_vocab, emb, padding_idx=PAD)
        self.rnn = (nn.LSTM if rnn == 'lstm' else nn.GRU)(emb, hidden, num_layers=layers, bidirectional=True, batch_first=True)
        self.fc = nn.Linear(2 * hidden, dec_hidden)
        if rnn == 'lstm':
            self.fcCell = nn.Linear(2 * hidden, dec_hidden)

    def forward(self, src, lengths):
        emb = self.embedding(src)
        packed = pack_padded_sequence(emb, torch.as_tensor(lengths), batch_first=True, enforce_sorted=False)
        out, hn = self.rnn(packed)
        c = None
        if isinstance(hn, tuple):
            hn, cn = hn
            c = torch.tanh(self.fcCell(torch.cat([cn[-2], cn[-1]], 1)))
        outputs, _ = pad_packed_sequence(out, batch_first=True, total_length=src.shape[1])
        h = torch.tanh(self.fc(torch.cat([hn[-2], hn[-1]], 1)))
        mask = (torch.arange(src.shape[1]).unsqueeze(0) < torch.as_tensor(lengths).unsqueeze(1)).to(outputs.dtype)
        return outputs, (h, c), mask


class AttentionDecoder(nn.Module):
    def __init__(self, tgt_vocab, emb, key_size, dec_hidden, rnn='gru', attention='bahdanau'):
        super().__init__()
        self.embedding = nn.Embedding(tgt_vocab, emb, padding_idx=PAD)
        self.attention = (BahdanauAttention(dec_hidden, key_size, dec_hidden) if attention == 'bahdanau'
                          else LuongAttention(attention, dec_hidden, key_size, dec_hidden))
        self.rnn = (nn.LSTMCell if rnn == 'lstm' else nn.GRUCell)(emb + key_size, dec_hidden)
        self.out = nn.Linear(dec_hidden + key_size, tgt_vocab)

    def step(self, inp, state, keys, mask, pre):
        h, c = state
        emb = self.embedding(inp)
        context, weights = self.attention(h, keys, mask, pre)
        x = torch.cat([emb, context], 1)
        state = self.rnn(x, (h, c)) if c is not None else (self.rnn(x, h), None)
        return state, context, weights

    def project(self, h, context):
        return self.out(torch.cat([h, context], -1))


class Seq2Seq(nn.Module):
    def __init__(self, src_vocab, tgt_vocab, emb=128, hidden=128, dec_hidden=256, layers=1, rnn='gru', attention='bahdanau'):
        super().__init__()
        self.encoder = Encoder(src_vocab, emb, hidden, dec_hidden, layers, rnn)
        self.decoder = AttentionDecoder(tgt_vocab, emb, 2 * hidden, dec_hidden, rnn, attention)

    def forward(self, src, lengths, tgt):
        keys, state, mask = self.encoder(src, lengths)
        pre = self.decoder.attention.precompute(keys)
        hs, cs, ws = [], [], []
        for t in range(tgt.shape[1] - 1):
            state, c, w = self.decoder.step(tgt[:, t], state, keys, mask, pre)
            hs.append(state[0])
            cs.append(c)
            ws.append(w)
        return self.decoder.project(torch.stack(hs, 1), torch.stack(cs, 1)), torch.stack(ws, 1)

    def loss(self, src, lengths, tgt):
        logits, _ = self(src, lengths, tgt)
        return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), tgt[:, 1:].reshape(-1), ignore_index=PAD)

    @torch.no_grad()
    def translate(self, srcs, max_len):
        src, lengths = pad_ids(srcs)
        keys, state, mask = self.encoder(src, lengths)
        pre = self.decoder.attention.precompute(keys)
        B = len(srcs)
        inp = torch.full((B,), SOS, dtype=torch.long)
        out = [[] for _ in range(B)]
        done = [False] * B
        for _ in range(max_len):
            state, c, _ = self.decoder.step(inp, state, keys, mask, pre)
            inp = self.decoder.project(state[0], c).argmax(1)
            for b in range(B):
                if done[b]:
                    continue
                tok = int(inp[b])
                if tok == EOS:
                    done[b] = True
                else:
                    out[b].append(tok)
            if all(done):
                break
        return out


def pad_ids(seqs):
    S = max(len(s) for s in seqs)
    t = torch.full((len(seqs), S), PAD, dtype=torch.long)
    for b, s in enumerate(seqs):
        t[b, :len(s)] = torch.as_tensor(s)
    return t, [len(s) for s in seqs]


# ---- BLEU: identical to engine/seq2seq/bleu.ts ----------------------------------------------

def corpus_bleu(hyps, refss, max_n=4):
    matches = [0] * max_n
    totals = [0] * max_n
    hyp_len = ref_len = 0
    for hyp, refs in zip(hyps, refss):
        c = len(hyp)
        hyp_len += c
        ref_len += min((abs(len(r) - c), len(r)) for r in refs)[1]
        for n in range(1, max_n + 1):
            hc = collections.Counter(tuple(hyp[i:i + n]) for i in range(len(hyp) - n + 1))
            mx = collections.Counter()
            for r in refs:
                for g, k in collections.Counter(tuple(r[i:i + n]) for i in range(len(r) - n + 1)).items():
                    mx[g] = max(mx[g], k)
            matches[n - 1] += sum(min(k, mx[g]) for g, k in hc.items())
            totals[n - 1] += max(0, c - n + 1)
    precisions = [m / t if t > 0 else 0 for m, t in zip(matches, totals)]
    bp = 0 if hyp_len == 0 else (1 if hyp_len > ref_len else math.exp(1 - ref_len / hyp_len))
    bleu = 0 if any(p == 0 for p in precisions) else bp * math.exp(sum(math.log(p) for p in precisions) / max_n)
    return bleu, precisions, bp, hyp_len, ref_len


# ---- training -------------------------------------------------------------------------------

def encode(pairs, sv, tv):
    return [(sv.encode(s.split(' ')) + [EOS], [SOS] + tv.encode(t.split(' ')) + [EOS]) for s, t in pairs]


def batch(data, idx):
    src, lengths = pad_ids([data[i][0] for i in idx])
    tgt, _ = pad_ids([data[i][1] for i in idx])
    return src, lengths, tgt, sum(len(data[i][1]) - 1 for i in idx)


def evaluate_loss(model, data, bs=64):
    model.eval()
    total = count = 0
    with torch.no_grad():
        for i in range(0, len(data), bs):
            src, lengths, tgt, n = batch(data, list(range(i, min(i + bs, len(data)))))
            total += model.loss(src, lengths, tgt).item() * n
            count += n
    model.train()
    return total / count


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--train', required=True)
    ap.add_argument('--test', required=True)
    ap.add_argument('--reverse', action='store_true')
    ap.add_argument('--minutes', type=float, default=10)
    ap.add_argument('--epochs', type=int, default=None)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--val', type=float, default=0.05)
    ap.add_argument('--batch', type=int, default=32)
    ap.add_argument('--lr', type=float, default=1e-3)
    ap.add_argument('--clip', type=float, default=1.0)
    ap.add_argument('--emb', type=int, default=128)
    ap.add_argument('--hidden', type=int, default=128)
    ap.add_argument('--dec-hidden', type=int, default=None)
    ap.add_argument('--predictions', default=None)
    a = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(a.seed)

    pairs = read_pairs(a.train, a.reverse)
    train_pairs, val_pairs = split_by_source(pairs, a.val, '#val')
    sv = Vocab([p[0].split(' ') for p in train_pairs])
    tv = Vocab([p[1].split(' ') for p in train_pairs])
    max_tgt = max(len(p[1].split(' ')) for p in pairs) + 1
    train_data, val_data = encode(train_pairs, sv, tv), encode(val_pairs, sv, tv)
    model = Seq2Seq(len(sv), len(tv), a.emb, a.hidden, a.dec_hidden or 2 * a.hidden)
    print(f'torch {torch.__version__}, 1 thread; {len(pairs)} pairs ({len(train_pairs)} train, {len(val_pairs)} validation); '
          f'vocabulary {len(sv)} source, {len(tv)} target; {sum(p.numel() for p in model.parameters())} parameters', flush=True)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    gen = torch.Generator().manual_seed(a.seed)
    t0 = time.time()
    c0 = time.process_time()
    deadline = t0 + a.minutes * 60
    best, best_loss, best_epoch, epoch, steps, stopped = None, None, 0, 0, 0, False
    while (a.epochs is None or epoch < a.epochs) and not stopped:
        epoch += 1
        perm = torch.randperm(len(train_data), generator=gen).tolist()
        nb = math.ceil(len(train_data) / a.batch)
        loss_sum = tok_sum = 0
        s = 0
        for s in range(nb):
            if time.time() >= deadline:
                stopped = True
                break
            src, lengths, tgt, n = batch(train_data, perm[s * a.batch:(s + 1) * a.batch])
            opt.zero_grad()
            loss = model.loss(src, lengths, tgt)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), a.clip)
            opt.step()
            steps += 1
            loss_sum += loss.item() * n
            tok_sum += n
        else:
            s = nb
        if s == 0:
            epoch -= 1
            break
        vl = evaluate_loss(model, val_data)
        mark = ''
        if best_loss is None or vl < best_loss:
            best_loss, best_epoch, mark = vl, epoch, ' *'
            best = {k: v.clone() for k, v in model.state_dict().items()}
        print(f'epoch {epoch}{" (partial)" if s < nb else ""}: train loss {loss_sum / tok_sum:.4f}, val loss {vl:.4f}{mark} ({time.time() - t0:.1f} s)', flush=True)
    model.load_state_dict(best)
    model.eval()
    print(f'done: {epoch} epochs, {steps} steps in {time.time() - t0:.1f} s ({time.process_time() - c0:.1f} s CPU); best val loss {best_loss:.4f} at epoch {best_epoch}', flush=True)

    groups = group_by_source(read_pairs(a.test, a.reverse))
    hyps = []
    for i in range(0, len(groups), 64):
        srcs = [sv.encode(s.split(' ')) + [EOS] for s, _ in groups[i:i + 64]]
        hyps += [[tv.itos[t] for t in out] for out in model.translate(srcs, max(20, 2 * max_tgt))]
    refs = [[r.split(' ') for r in rs] for _, rs in groups]
    bleu, prec, bp, hl, rl = corpus_bleu(hyps, refs)
    em = sum(any(h == r for r in rs) for h, rs in zip(hyps, refs)) / len(groups)
    print(f'BLEU = {100 * bleu:.1f}')
    print(f'exact match = {100 * em:.1f}% ({round(em * len(groups))}/{len(groups)} source sentences)')
    print(f'details: {"/".join(f"{100 * p:.1f}" for p in prec)} (BP = {bp:.3f}, ratio = {hl / max(1, rl):.3f}, hyp_len = {hl}, ref_len = {rl}); greedy')
    if a.predictions:
        with open(a.predictions, 'w') as f:
            for (s, _), h in zip(groups, hyps):
                f.write(f'{s}\t{" ".join(h)}\n')


if __name__ == '__main__':
    main()
