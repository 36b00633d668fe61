"""Article 001: its programs for scripts/article-refs.py.

Each entry: 'lines' (first, last) in the article; 'seeded_by_article' when the program seeds
itself; 'fixes' [(old, new, why)] applied to every run; 'variants' {name: {'replace': [(old, new)],
'append': code}} for short modes and --series instrumentation (written to ID.NAME.txt);
'full': False when only the variants are run (a long training); 'replay' [ids] run silently
first (article 000's shared generator); 'data' [files under ../shared/data/].
"""
PROGRAMS = {
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
