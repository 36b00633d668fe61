"""Article 000: its programs for scripts/article-refs.py.

Each entry: 'lines' (first, last) in the article; 'seeded_by_article' when the program seeds
itself; 'fixes' [(old, new, why)] applied to every run; 'variants' {name: {'replace': [(old, new)],
'append': code}} for short modes and --series instrumentation (written to ID.NAME.txt);
'full': False when only the variants are run (a long training); 'replay' [ids] run silently
first (article 000's shared generator); 'data' [files under ../shared/data/].

Article 000's numpy blocks share one generator: 000-1 calls np.random.seed(42) and 000-4 re-seeds
it, so each later block replays the blocks before it (000-3 draws nothing and is prose only) and
counts as seeded by the article. 000-9 draws only from torch, which the numpy blocks never touch:
it runs alone under the seeding convention.

Variants: 'series' prints the plotted arrays (`NAME step=N value=V`, the ports' --series);
'check' prints a few of the computed float64 values the article leaves unprinted (the ports'
--check), so the tests see the weights, the generator's replay and the arithmetic, not just shapes.
"""


def _series(name_expr, values, indent=''):
    """Python lines printing `values` as --series does; name_expr is a Python expression for NAME."""
    return (f'{indent}for _i, _v in enumerate({values}):\n'
            f'{indent}    print("%s step=%d value=%.6e" % ({name_expr}, _i + 1, _v))\n')


def _check(*exprs):
    """Python lines printing each expression's values as `check LABEL v1 v2 …` with 11 digits; an
    expression is itself the label, or a (label, expression) pair."""
    pairs = [e if isinstance(e, tuple) else (e, e) for e in exprs]
    return ''.join(f'print("check {label}", " ".join("%.10e" % _v for _v in np.ravel({e})))\n' for label, e in pairs)


_NUMPY = {'seeded_by_article': True}

PROGRAMS = {
    '000-1': {'lines': (12, 52), **_NUMPY, 'full': False, 'variants': {
        'series': {'append': _series('"sequences[\'时间序列\']"', "sequences['时间序列']")
                   + _series('"sequences[\'音频\']"', "sequences['音频']")},
    }},
    '000-2': {'lines': (67, 116), **_NUMPY, 'replay': ['000-1'], 'variants': {
        'check': {'append': _check('x[0, 0, :3]', 'rnn.Why[-1, -3:]', 'outputs[-1, 0, :3]', 'h_final[-1, -3:]')},
    }},
    '000-4': {'lines': (158, 200), **_NUMPY, 'full': False, 'replay': ['000-1', '000-2'], 'variants': {
        'series': {'replace': [("    ax.plot(norms, label=f'W scale={scale}')",
                                _series("'norms[scale=%s]' % scale", 'norms', '    ')
                                + "    ax.plot(norms, label=f'W scale={scale}')")]},
        # the article defines gradient_flow_rnn and never calls it: --check calls it once, after the block
        'check': {'append': '_gn, _me = gradient_flow_rnn(50)\n'
                  + _check(('max_eigenvalue', '_me'), ('gradient_norms[:3]', '_gn[:3]'), ('gradient_norms[-1]', '_gn[-1]'))},
    }},
    '000-5': {'lines': (213, 286), **_NUMPY, 'replay': ['000-1', '000-2', '000-4'], 'variants': {
        'check': {'append': _check('x[0, 0, :3]', 'outputs[-1, 0, :3]', 'h_final[-1, -3:]', 'c_final[-1, -3:]')},
    }},
    '000-6': {'lines': (290, 334), **_NUMPY, 'full': False, 'replay': ['000-1', '000-2', '000-4', '000-5'], 'variants': {
        'series': {'replace': [('    output_gate = 0.5 + 0.3 * np.sin(t / 3)\n',
                                '    output_gate = 0.5 + 0.3 * np.sin(t / 3)\n'
                                + _series("'forget_gate'", 'forget_gate', '    ')
                                + _series("'input_gate'", 'input_gate', '    ')
                                + _series("'output_gate'", 'output_gate', '    '))]},
    }},
    '000-7': {'lines': (344, 404), **_NUMPY, 'replay': ['000-1', '000-2', '000-4', '000-5', '000-6'], 'variants': {
        'check': {'append': _check('x[0, 0, :3]', 'outputs[-1, 0, :3]', 'h_final[-1, -3:]')},
    }},
    '000-8': {'lines': (415, 441), **_NUMPY, 'replay': ['000-1', '000-2', '000-4', '000-5', '000-6', '000-7'], 'variants': {
        'check': {'append': _check('x[0, 0, :3]', 'output[-1, 0, :3]', 'output[0, 0, -3:]')},
    }},
    '000-9': {'lines': (445, 494)},
}
