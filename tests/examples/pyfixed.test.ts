// pyFixed against what Python 3 prints for f'{v:.4f}', f'{v:.2f}', f'{v:.0f}' (values copied from
// /usr/bin/python3's output): exact binary ties round half to even, others to nearest.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pyFixed } from '../../examples/lib/pyfixed.js';

const PYTHON: [number, string, string, string][] = [
  [0.90625, '0.9062', '0.91', '1'],
  [0.96875, '0.9688', '0.97', '1'],
  [0.03125, '0.0312', '0.03', '0'],
  [0.125, '0.1250', '0.12', '0'],
  [-0.125, '-0.1250', '-0.12', '-0'],
  [0.5, '0.5000', '0.50', '0'],
  [1.5, '1.5000', '1.50', '2'],
  [2.5, '2.5000', '2.50', '2'],
  [0.0005, '0.0005', '0.00', '0'],
  [1 / 3, '0.3333', '0.33', '0'],
  [-0, '-0.0000', '-0.00', '-0'],
  [2.675, '2.6750', '2.67', '3'],
  [1e-7, '0.0000', '0.00', '0'],
  [123456.78125, '123456.7812', '123456.78', '123457'],
];

test('pyFixed prints what Python prints (.4f, .2f, .0f)', () => {
  for (const [v, f4, f2, f0] of PYTHON) {
    assert.is(pyFixed(v, 4), f4, `${v}:.4f`);
    assert.is(pyFixed(v, 2), f2, `${v}:.2f`);
    assert.is(pyFixed(v, 0), f0, `${v}:.0f`);
  }
  assert.is(pyFixed(NaN, 4), 'nan');
  assert.is(pyFixed(-Infinity, 4), '-inf');
});

test.run();
