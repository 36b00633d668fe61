"""Article 001: its programs for scripts/article-refs.py.

Each entry: 'lines' (first, last) in the article; 'seeded_by_article' when the program seeds
itself; 'fixes' [(old, new, why)] applied to every run; 'variants' {name: {'replace': [(old, new)],
'append': code}} for short modes and --series instrumentation (written to ID.NAME.txt);
'full': False when only the variants are run (a long training); 'replay' [ids] run silently
first (article 000's shared generator); 'data' [files under ../shared/data/].
"""
# --- for 001-1 … 001-7 ---
# Each of these programs took its imports from 001-1 (the article runs top to bottom); alone, under
# the convention (random, numpy, torch imported), they lack torch.nn (and 001-7 torch.nn.functional).
NN = 'import torch.nn as nn\n'
IMPORT_WHY = 'imports torch.nn (as nn), which the program takes from 001-1'
PROSE_WHY = "prints a pointer to the article's lines instead of its prose (a multi-line text)"
PERMUTE_WHY = ("Attention.forward: drops the permute of encoder_outputs before the weighted sum "
               "(bmm of (B, 1, S) weights with (B, H, S) fails unless S == H); the article never calls it")


def pointer(first, last):
    """The line a port prints instead of a multi-line prose string of the article."""
    return f'[prose: 001_9700ed81899b3ed4.txt lines {first}-{last}]'


# --check variants: the hand-written modules that the article's programs define (and mostly never
# call) run on seeded inputs drawn after the program's own draws; a few values at 4 decimals.
ROW = "def _row(t):\n    print(' '.join('%.4f' % v for v in t.tolist()))\n"
CHECK_001_1 = ROW + """
_row(y[0])
_row(h[1, :5])
_row(output_seq[1, 2, :5])
_row(final_h[0, :5])
_row(output_pytorch[1, -1, :5])
_row(h_pytorch[0, 0, :5])
"""
CHECK_001_3 = ROW + """
manual = ManualLSTM(10, 20, num_layers=2)
x = torch.randn(3, 7, 10)
output, (h_n, c_n) = manual(x)
print(output.shape, h_n.shape, c_n.shape)
_row(output[0, -1, :6])
_row(c_n[1, 2, :6])
h1, c1 = lstm_cell(x[:, 0])
_row(h1[0, :6])
"""
CHECK_001_5 = ROW + """
cell = GRUCell(10, 20)
x = torch.randn(4, 10)
h = torch.zeros(4, 20)
for _ in range(3):
    h = cell(x, h)
print(h.shape)
_row(h[0, :6])
_row(h[3, -6:])
"""
CHECK_001_6 = ROW + """
encoder = Encoder(12, 8, 16, num_layers=2)
decoder = Decoder(10, 8, 16, num_layers=2)
model = Seq2Seq(encoder, decoder)
source = torch.randint(0, 12, (2, 5))
target = torch.randint(0, 10, (2, 6))
outputs = model(source, target)
print(outputs.shape)
print(outputs.argmax(2).tolist())
_row(outputs[0, 2])
_row(outputs[1, -1])
"""
CHECK_001_7 = ROW + """
decoder = AttentionDecoder(10, 8, 16)
x = torch.randint(0, 10, (3, 1))
hidden = torch.randn(1, 3, 16)
cell = torch.randn(1, 3, 16)
encoder_outputs = torch.randn(3, 5, 16)
predictions, hidden, cell, attention_weights = decoder(x, hidden, cell, encoder_outputs)
print(predictions.shape, hidden.shape, cell.shape, attention_weights.shape)
for w in attention_weights:
    _row(w)
_row(predictions[0])
"""
# --series: every plotted list, one point a line
SERIES_001_2 = """
for _name, _values in [('grad_stable', grad_stable), ('grad_unstable', grad_unstable), ('grad_clipped', grad_clipped),
                       ('log10_grad_stable', np.log10(grad_stable)), ('log10_grad_unstable', np.log10(grad_unstable))]:
    for _i, _v in enumerate(_values):
        print('%s step=%d value=%.6e' % (_name, _i + 1, _v))
"""
# --- end of the helpers for 001-1 … 001-7 ---

PROGRAMS = {
    # --- 001-1 … 001-7 (001-4 is a text diagram: no program) ---
    '001-1': {
        'lines': (17, 88),
        'variants': {
            # --check: the hand-written RNN's and nn.RNN's values, not only their shapes
            'check': {'append': CHECK_001_1},
        },
    },
    '001-2': {
        # The article seeds (np and torch) right before its draws; the convention's lines in front
        # change nothing and supply the imports it takes from 001-1.
        'lines': (113, 181),
        'fixes': [
            ('print("""', '_prose = ("""', PROSE_WHY),
            ('""")', '""")\nprint(' + repr(pointer(172, 181)) + ')', PROSE_WHY),
        ],
        'variants': {'series': {'append': SERIES_001_2}},
    },
    '001-3': {
        'lines': (199, 324),
        'fixes': [('class LSTMCell(nn.Module):', NN + 'class LSTMCell(nn.Module):', IMPORT_WHY)],
        'variants': {'check': {'append': CHECK_001_3}},
    },
    '001-5': {
        'lines': (380, 440),
        'fixes': [
            ('class GRUCell(nn.Module):', NN + 'class GRUCell(nn.Module):', IMPORT_WHY),
            ('print(comparison_table)', 'print(' + repr(pointer(428, 439)) + ')', PROSE_WHY),
        ],
        'variants': {'check': {'append': CHECK_001_5}},
    },
    '001-6': {
        'lines': (452, 523),
        'fixes': [('class Encoder(nn.Module):', NN + 'class Encoder(nn.Module):', IMPORT_WHY)],
        'variants': {'check': {'append': CHECK_001_6}},
    },
    '001-7': {
        'lines': (535, 632),
        'fixes': [
            ('class Attention(nn.Module):', NN + 'import torch.nn.functional as F\nclass Attention(nn.Module):', IMPORT_WHY),
            ('encoder_outputs = encoder_outputs.permute(0, 2, 1)', 'pass', PERMUTE_WHY),
            ('print(attention_demo)', 'print(' + repr(pointer(603, 629)) + ')', PROSE_WHY),
        ],
        'variants': {'check': {'append': CHECK_001_7}},
    },
    # --- end of 001-1 … 001-7 ---
    '001-8': {
        'lines': (638, 838),
        'fixes': [],
        'variants': {
            # the port's --epochs 5: one printed block (epoch 5), the best accuracy and the predictions
            'short': {'replace': [('num_epochs = 20', 'num_epochs = 5')]},
            # --epochs 5 --series: also every epoch's summed train and validation losses, 7 digits
            'series': {'replace': [
                ('num_epochs = 20', 'num_epochs = 5'),
                ('        scheduler.step(val_loss)\n',
                 "        print(f'train_loss step={epoch+1} value={train_loss:.6e}')\n"
                 "        print(f'val_loss step={epoch+1} value={val_loss:.6e}')\n"
                 '        scheduler.step(val_loss)\n'),
            ]},
        },
    },
}

# 001-9: the article prints its translation program as a listing (`print(translation_code)`); the
# reference runs that listing (exec), with the listing's fixes below, and replaces its closing usage
# notes (prose: prepare a parallel corpus, build vocabularies, create the model, train, translate)
# with a driver that does those five steps on the corpus the port reads: the project's embedded
# German→English pairs (engine/seq2seq/corpus-de-en.tsv, symlinked in by 'project_files'), or a
# Tatoeba TSV under ../shared/data/. The driver's sizes are the port's defaults (the article gives none).
TRANSLATION_DRIVER = r'''
import re as _re, unicodedata as _ud

def normalize_string(s):  # the PyTorch translation tutorial's normalisation (engine: normalizeString)
    s = ''.join(c for c in _ud.normalize('NFD', s.lower().strip()) if _ud.category(c) != 'Mn')
    s = _re.sub(r"([.!?])", r" \1", s)
    s = _re.sub(r"[^a-zA-Z.!?]+", r" ", s)
    return s.strip()

def read_pairs(path):  # source<TAB>target[<TAB>attribution] lines
    text = open(path, encoding='utf-8').read()
    pairs = []
    for line in text.split('\n'):
        if line.strip() == '':
            continue
        cols = line.split('\t')
        pairs.append((normalize_string(cols[0]), normalize_string(cols[1])))
    return pairs

CORPUS = 'corpus-de-en.tsv'
N_PAIRS = None
pairs = read_pairs(CORPUS)[:N_PAIRS]
src_vocab, tgt_vocab = Vocab(), Vocab()
src_vocab.build_vocab([s for s, _ in pairs])
tgt_vocab.build_vocab([t for _, t in pairs])
dataset = TranslationDataset([s for s, _ in pairs], [t for _, t in pairs], src_vocab, tgt_vocab)

def collate(batch):
    src = pad_sequence([torch.tensor(s) for s, _ in batch], batch_first=True)
    tgt = pad_sequence([torch.tensor(t) for _, t in batch], batch_first=True)
    return src, tgt

train_loader = torch.utils.data.DataLoader(dataset, batch_size=32, shuffle=True, collate_fn=collate)
encoder = Encoder(src_vocab.n_words, 64, 128, 1, 0.5)
decoder = Decoder(tgt_vocab.n_words, 64, 128, 1, 0.5)
model = Seq2Seq(encoder, decoder)
print(f"句对: {len(pairs)}, 源词汇表大小: {src_vocab.n_words}, 目标词汇表大小: {tgt_vocab.n_words}")
print(f"模型参数量: {sum(p.numel() for p in model.parameters()):,}")
train_seq2seq(model, train_loader)
print("翻译示例:")
for s, t in pairs[:6]:
    src = torch.tensor([src_vocab.encode(s, 50)])
    print(f"{s} => {tgt_vocab.decode(model.translate(src, (src != 0).sum(dim=1)))}")
'''

PROGRAMS['001-9'] = {
    'lines': (844, 1076),
    'project_files': ['engine/seq2seq/corpus-de-en.tsv'],
    'data': ['eng-fra-train.tsv'],
    'fixes': [
        ('def machine_translation_example():',
         'DRIVER = r\'\'\'' + TRANSLATION_DRIVER + '\'\'\'\n\ndef machine_translation_example():',
         'the driver that replaces the usage notes (the last fix), defined before the program'),
        ('    print(translation_code)',
         '    exec(translation_code, {"__name__": "__main__", "DRIVER": DRIVER})',
         'the article prints its program as a listing; the port runs it'),
        ('        tgt = self.tgt_vocab.encode(self.tgt_texts[idx], self.max_len + 1)',
         '        tgt = [1] + self.tgt_vocab.encode(self.tgt_texts[idx], self.max_len + 1)',
         'targets start with <SOS>: Seq2Seq.forward takes tgt[:, 0] as <SOS> and the loss skips it, translate starts from <SOS>, but encode adds only <EOS>'),
        ('        hidden = hidden.repeat(1, src_len, 1)  # (batch, src_len, hidden)',
         '        hidden = hidden.permute(1, 0, 2).repeat(1, src_len, 1)  # (batch, src_len, hidden)',
         'Attention: the decoder state (1, batch, hidden) is repeated to (batch, src_len, hidden) as the comment says; repeat(1, src_len, 1) made (1, batch*src_len, hidden), which cannot be concatenated with the encoder outputs'),
        ('        self.lstm = nn.LSTM(embed_size + hidden_size, hidden_size, num_layers, batch_first=True)\n        self.fc = nn.Linear(hidden_size * 2, vocab_size)',
         '        self.lstm = nn.LSTM(embed_size + hidden_size * 2, hidden_size, num_layers, batch_first=True)\n        self.fc = nn.Linear(hidden_size * 3, vocab_size)',
         'Decoder: the context is a weighted sum of the bidirectional encoder outputs, 2*hidden_size wide (the attention already sizes its Linear for hidden_size * 3 inputs), so the LSTM takes embed_size + 2*hidden_size and fc 3*hidden_size inputs'),
        ('print("""\n使用流程:', 'exec(DRIVER)\n_usage = ("""\n使用流程:',
         'the closing usage notes (prose, not printed) become a driver doing their five steps on a real corpus: read the pairs (default the embedded German-English corpus), build the vocabularies, create the model (embed 64, hidden 128, 1 layer, dropout 0.5; the article gives no sizes), train with its train_seq2seq (batches of 32, its 50 epochs and lr 0.001), translate the first six source sentences'),
    ],
    'variants': {
        # the port's --pairs 64 --epochs 10 --series: one report, each epoch's mean loss (7 digits), translations
        'short': {'replace': [
            ('N_PAIRS = None', 'N_PAIRS = 64'),
            ('num_epochs=50', 'num_epochs=10'),
            ('        if (epoch + 1) % 10 == 0:',
             "        print(f'loss step={epoch+1} value={total_loss/len(train_loader):.6e}')\n        if (epoch + 1) % 10 == 0:"),
        ]},
        # the same on the first 64 pairs of ../shared/data/eng-fra-train.tsv (--data FILE)
        'fra': {'replace': [
            ("CORPUS = 'corpus-de-en.tsv'", "CORPUS = 'eng-fra-train.tsv'"),
            ('N_PAIRS = None', 'N_PAIRS = 64'),
            ('num_epochs=50', 'num_epochs=10'),
            ('        if (epoch + 1) % 10 == 0:',
             "        print(f'loss step={epoch+1} value={total_loss/len(train_loader):.6e}')\n        if (epoch + 1) % 10 == 0:"),
        ]},
    },
}
