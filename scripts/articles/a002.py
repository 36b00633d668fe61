"""Article 002: its programs for scripts/article-refs.py.

Each entry: 'lines' (first, last) in the article; 'seeded_by_article' when the program seeds
itself; 'fixes' [(old, new, why)] applied to every run; 'variants' {name: {'replace': [(old, new)],
'append': code}} for short modes and --series instrumentation (written to ID.NAME.txt);
'full': False when only the variants are run (a long training); 'replay' [ids] run silently
first (article 000's shared generator); 'data' [files under ../shared/data/].

None of the four seeds numpy, so each runs under the convention (random/np/torch seeded with 42
at the top); the article's own torch.manual_seed(42) then re-seeds torch before any draw.
002-1's labels: as written, torch.FloatTensor of the list of one-element tensors gives (980,), which
nn.MSELoss broadcasts against the (980, 1) outputs to (980, 980) (a UserWarning, no error): every
output is pulled to the labels' mean and the forecast is flat. The fix stacks them to (980, 1), the
evident intent (issue 11 item 5); the 'broadcast' variant undoes it (the port's --broadcast-labels).
The 'short' variants train for fewer epochs (the ports' --epochs N); 'series' prints the plotted
arrays as the ports' --series does.
"""


def series(*names):
    """Appended code printing each plotted array, flattened, as `NAME step=N value=V`."""
    return ''.join(
        f'for _i, _v in enumerate(np.asarray({n}, dtype=np.float64).ravel()):\n'
        f'    print("{n} step=%d value=%.6e" % (_i + 1, _v))\n' for n in names)


PROGRAMS = {
    '002-1': {
        'lines': (41, 144),
        'fixes': [
            ('sequences = torch.FloatTensor(sequences)', 'sequences = torch.stack(sequences)',
             'torch.FloatTensor of a list of (20, 1) tensors raises "only one element tensors can be converted '
             'to Python scalars": stacked instead, (980, 20, 1)'),
            ('labels = torch.FloatTensor(labels)', 'labels = torch.stack(labels)',
             'torch.FloatTensor of the list of one-element label tensors makes them (980,), which nn.MSELoss '
             'broadcasts against the (980, 1) outputs to (980, 980): stacked instead, (980, 1)'),
        ],
        'variants': {
            'short': {'replace': [('num_epochs = 100', 'num_epochs = 20')], 'append': series('y', 'predictions')},
            'series': {'append': series('y', 'predictions')},
            'broadcast': {'replace': [('labels = torch.stack(labels)', 'labels = torch.FloatTensor(labels)'),
                                      ('num_epochs = 100', 'num_epochs = 20')]},
        },
    },
    '002-2': {
        'lines': (190, 307),
        'variants': {
            'short': {'replace': [('num_epochs = 10', 'num_epochs = 2')]},
        },
    },
    '002-3': {
        'lines': (336, 471),
        'variants': {
            'short': {'replace': [('num_epochs = 100', 'num_epochs = 10')], 'append': series('y_test_actual', 'test_predictions')},
            'series': {'append': series('y_test_actual', 'test_predictions')},
        },
    },
    '002-4': {
        'lines': (510, 653),
        'variants': {
            'short': {'replace': [('n_epochs = 100', 'n_epochs = 10')]},
        },
    },
}
