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
}
