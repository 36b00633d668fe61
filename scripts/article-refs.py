#!/usr/bin/python3
"""Reference transcripts of the articles' programs, for the ports' tests.

For each program listed in scripts/articles/aNNN.py, this cuts its lines out of the article in
../shared/seeds/ (the articles' code stays there, never in the project), puts the seeding
convention in front where the article does not seed (random.seed(42); np.random.seed(42);
torch.manual_seed(42)), applies the program's listed fixes and the variant's replacements (each
an exact string that must occur exactly once), runs it with Debian's python3 (torch 1.13, numpy,
matplotlib with the Agg backend) in a temporary folder, and writes what it printed to
tests/fixtures/articles/ID[.VARIANT].txt, plus a line in tests/fixtures/articles/index.json.

A program marked 'repl': True is an interactive session (`>>> ` / `... ` prompts followed by the
output the article shows): its prompts are stripped, the lines without a prompt (the article's
copy of the output) are dropped, and each bare expression statement prints repr(value) unless the
value is None, as the REPL's displayhook does, so the reference holds what the session shows.

  /usr/bin/python3 scripts/article-refs.py            # every program and variant
  /usr/bin/python3 scripts/article-refs.py 002-1 004  # those ids, or every program of an article
"""
import ast
import contextlib
import hashlib
import importlib
import io
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def shared_dir():
    """../shared beside the checkout; in a git worktree (/work/wt/NAME), the one beside the main checkout."""
    beside = os.path.join(ROOT, '..', 'shared')
    if os.path.isdir(beside):
        return beside
    common = subprocess.run(['git', 'rev-parse', '--git-common-dir'], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return os.path.join(os.path.dirname(os.path.abspath(os.path.join(ROOT, common))), '..', 'shared')


SHARED = shared_dir()
SEEDS = os.path.join(SHARED, 'seeds')
OUT = os.path.join(ROOT, 'tests', 'fixtures', 'articles')
sys.path.insert(0, HERE)

ARTICLE_FILES = {
    '000': '000_0d83b21974b9da88.txt',
    '001': '001_9700ed81899b3ed4.txt',
    '002': '002_b99330d79e838694.txt',
    '003': '003_3114010e33895a21.txt',
    '004': '004_f0894e9dca8cd21e.txt',
}

SEEDING = 'import random\nimport numpy as np\nimport torch\nrandom.seed(42)\nnp.random.seed(42)\ntorch.manual_seed(42)\n'
PRELUDE = 'import matplotlib\nmatplotlib.use("Agg")\nimport matplotlib.pyplot as plt\nplt.show = lambda *a, **k: None\n'


def cut(article, lines):
    """The article's lines first..last (1-based, inclusive)."""
    with open(os.path.join(SEEDS, ARTICLE_FILES[article]), encoding='utf-8') as f:
        text = f.read().split('\n')
    first, last = lines
    return '\n'.join(text[first - 1:last]) + '\n'


def replace_once(code, old, new, what):
    n = code.count(old)
    if n != 1:
        raise SystemExit(f'{what}: {old!r} occurs {n} times (must be exactly once)')
    return code.replace(old, new)


def repl_input(session):
    """What was typed into an interactive session: the lines after `>>> ` / `... ` prompts; the
    lines without a prompt are the output the article copied, and are dropped."""
    typed = []
    for line in session.split('\n'):
        for prompt in ('>>> ', '... '):
            if line.startswith(prompt) or line == prompt.rstrip():
                typed.append(line[len(prompt):])
                break
    return '\n'.join(typed) + '\n'


def repl_display(code):
    """The typed code as a script that shows what the REPL shows: each top-level bare expression
    statement becomes `value = EXPR` and `print(repr(value))` when the value is not None."""
    out = []
    for stmt in ast.parse(code).body:
        src = ast.get_source_segment(code, stmt)
        if isinstance(stmt, ast.Expr):
            out.append(f'_repl_value = ({src})\nif _repl_value is not None:\n    print(repr(_repl_value))')
        else:
            out.append(src)
    return '\n'.join(out) + '\n'


def program_code(article, pid, prog, variant):
    """The code a reference run executes: the seeding convention, the program with its fixes and
    the variant's replacements, then the variant's appended instrumentation (which only prints).
    An interactive session ('repl') is turned into the script that prints what the session shows."""
    code = cut(article, prog['lines'])
    if prog.get('repl'):
        code = repl_input(code)
    for old, new, _why in prog.get('fixes', []):
        code = replace_once(code, old, new, f'{pid} fix')
    v = prog.get('variants', {}).get(variant, {}) if variant else {}
    for old, new in v.get('replace', []):
        code = replace_once(code, old, new, f'{pid}.{variant}')
    if prog.get('repl'):
        code = repl_display(code)
    code += v.get('append', '')
    return code


def run(article, pid, prog, variant, programs):
    # Article 000's blocks share one numpy generator: replay the earlier blocks silently first.
    replay = ''.join(program_code(article, r, programs[r], None) for r in prog.get('replay', []))
    body = program_code(article, pid, prog, variant)
    seeding = '' if prog.get('seeded_by_article') else SEEDING
    script = (PRELUDE + seeding
              + ('import contextlib as _c, io as _io\nwith _c.redirect_stdout(_io.StringIO()):\n    exec(compile(' + repr(replay) + ', "replay", "exec"))\n' if replay else '')
              + body)
    with tempfile.TemporaryDirectory() as tmp:
        for name in prog.get('data', []):  # files the program reads, from ../shared/data/
            src = os.path.join(SHARED, 'data', name)
            os.symlink(src, os.path.join(tmp, os.path.basename(name)))
        for name in prog.get('project_files', []):  # files of this project the program reads (e.g. an embedded corpus)
            os.symlink(os.path.join(ROOT, name), os.path.join(tmp, os.path.basename(name)))
        path = os.path.join(tmp, 'program.py')
        with open(path, 'w', encoding='utf-8') as f:
            f.write(script)
        env = {**os.environ, 'MPLBACKEND': 'Agg', 'OMP_NUM_THREADS': '1', 'MKL_NUM_THREADS': '1', 'PYTHONHASHSEED': '0'}
        r = subprocess.run([sys.executable, path], cwd=tmp, env=env, capture_output=True, text=True, timeout=prog.get('timeout', 1800))
    if r.returncode != 0:
        raise SystemExit(f'{pid}{"." + variant if variant else ""} failed:\n{r.stderr[-3000:]}')
    return r.stdout, hashlib.sha256(body.encode()).hexdigest()[:16]


def main(argv):
    import torch
    torch.set_num_threads(1)
    os.makedirs(OUT, exist_ok=True)
    index_path = os.path.join(OUT, 'index.json')
    index = json.load(open(index_path)) if os.path.exists(index_path) else {}
    for article in ARTICLE_FILES:
        try:
            programs = importlib.import_module(f'articles.a{article}').PROGRAMS
        except ModuleNotFoundError:
            continue
        for pid, prog in programs.items():
            if argv and not any(pid == a or pid.startswith(a + '-') for a in argv):
                continue
            if prog.get('reference_only_in'):
                continue
            variants = ([None] if prog.get('full', True) else []) + list(prog.get('variants', {}))
            for variant in variants:
                name = pid + (f'.{variant}' if variant else '')
                out, digest = run(article, pid, prog, variant, programs)
                with open(os.path.join(OUT, f'{name}.txt'), 'w', encoding='utf-8') as f:
                    f.write(out)
                index[name] = {
                    'article': ARTICLE_FILES[article], 'lines': list(prog['lines']),
                    'fixes': [why for _o, _n, why in prog.get('fixes', [])],
                    'variant': variant, 'program_sha256_16': digest, 'torch': torch.__version__,
                    'numpy': __import__('numpy').__version__, 'lines_printed': out.count('\n'),
                }
                print(f'{name}: {out.count(chr(10))} lines')
    with open(index_path, 'w', encoding='utf-8') as f:
        json.dump(dict(sorted(index.items())), f, indent=1, ensure_ascii=False)
        f.write('\n')


if __name__ == '__main__':
    main(sys.argv[1:])
