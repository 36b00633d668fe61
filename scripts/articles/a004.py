"""Article 004 (the nn.RNN / nn.LSTM / nn.GRU API): its programs for scripts/article-refs.py.

Each entry: 'lines' (first, last) in the article; 'seeded_by_article' when the program seeds
itself; 'fixes' [(old, new, why)] applied to every run; 'variants' {name: {'replace': [(old, new)],
'append': code}} for short modes and --series instrumentation (written to ID.NAME.txt);
'full': False when only the variants are run (a long training); 'replay' [ids] run silently
first (article 000's shared generator); 'data' [files under ../shared/data/]; 'repl': True for
an interactive session (prompts stripped, the article's copy of the output dropped, bare
expressions print their repr).

The three programs are REPL sessions that do not seed: the reference runs them under the seeding
convention, so its numbers differ from the article's copy (drawn from an unseeded generator) and
its grad_fn names are torch 1.13's (StackBackward0; the article shows an older StackBackward).
"""
PROGRAMS = {
    '004-1': {'lines': (74, 90), 'repl': True},
    '004-2': {'lines': (146, 175), 'repl': True},
    '004-3': {'lines': (206, 225), 'repl': True},
}
