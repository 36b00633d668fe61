"""Article 003: its programs for scripts/article-refs.py.

Each entry: 'lines' (first, last) in the article; 'seeded_by_article' when the program seeds
itself; 'fixes' [(old, new, why)] applied to every run; 'variants' {name: {'replace': [(old, new)],
'append': code}} for short modes and --series instrumentation (written to ID.NAME.txt);
'full': False when only the variants are run (a long training); 'replay' [ids] run silently
first (article 000's shared generator); 'data' [files under ../shared/data/].

003-1 only defines a class and prints nothing (its reference is empty); its 'forward' variant
appends one call of the class, which the port's test repeats with the port's class.
003-2 stops mid-line (`from tor`): the fix completes it as the section announces (character data
for an LSTM on Shakespeare's plays, from ../shared/data/tinyshakespeare.txt) and prints what it
prepared. Its 'short' variant reads the corpus's first 10,000 characters, the file the port's
test passes: tests/fixtures/articles/tinyshakespeare-10000.txt (`head -c 10000` of the corpus,
which is ASCII).
"""

# The completion of 003-2 after its cut `from tor`: the project's code, not the article's.
SHAKESPEARE_DATA = '''from torch.utils.data import Dataset

with open('tinyshakespeare.txt', encoding='utf-8') as f:
    text = f.read()

chars = sorted(set(text))
char_to_idx = {ch: i for i, ch in enumerate(chars)}
idx_to_char = {i: ch for i, ch in enumerate(chars)}
encoded = torch.tensor([char_to_idx[ch] for ch in text], dtype=torch.long)


class ShakespeareDataset(Dataset):
    def __init__(self, encoded, seq_length):
        self.encoded = encoded
        self.seq_length = seq_length

    def __len__(self):
        return len(self.encoded) - self.seq_length

    def __getitem__(self, idx):
        return self.encoded[idx:idx + self.seq_length], self.encoded[idx + 1:idx + self.seq_length + 1]


seq_length = 100
batch_size = 64
dataset = ShakespeareDataset(encoded, seq_length)
dataloader = DataLoader(dataset, batch_size=batch_size, shuffle=True)

print('文本长度:', len(text))
print('字符表大小:', len(chars))
print('训练样本数:', len(dataset))
inputs, targets = next(iter(dataloader))
print(inputs.shape, targets.shape)
print(inputs[0, :24])
print(targets[0, :24])
print(repr(''.join(idx_to_char[i] for i in inputs[0].tolist())))
'''

PROGRAMS = {
    '003-1': {
        'lines': (50, 64),
        'variants': {
            'forward': {'append': '''
rnn = RNN(5, 8, 3)
input = torch.randn(2, 5)
hidden = torch.zeros(2, 8)
output, hidden = rnn(input, hidden)
print(output)
print(hidden)
'''},
        },
    },
    '003-2': {
        'lines': (177, 179),
        'data': ['tinyshakespeare.txt'],
        'fixes': [('from tor\n', SHAKESPEARE_DATA,
                   'the block stops mid-line at `from tor`: completed as the section announces '
                   '(the corpus read from a file, as PyTorch ships no Shakespeare dataset: a character '
                   'vocabulary, the text encoded, (input, target) windows of 100 shifted by one, a '
                   'shuffled DataLoader of 64), printing the corpus and vocabulary sizes, the sample '
                   'count and the first batch')],
        'variants': {'short': {'replace': [('f.read()', 'f.read()[:10000]')]}},
    },
}
