// examples/lib/torch-print.ts against repr() of the same tensors in torch 1.13
// (scripts/torch-print-fixture.py → tests/fixtures/torch-print.json): fixed, integer and
// scientific notation, non-finite values, ties, 0-D to 4-D, wrapped rows, summaries, print options,
// dtypes, requires_grad / grad_fn suffixes, Parameter, empty tensors.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { nn, Parameter, tensor } from '../../../engine/index.js';
import { type DType, formatExp, formatFixed, tensorRepr } from '../../../examples/lib/torch-print.js';

interface Case {
  name: string;
  options: { precision?: number; threshold?: number; edgeitems?: number; linewidth?: number; sci_mode?: boolean };
  dtype: DType;
  shape: number[];
  data: (number | 'inf' | '-inf' | 'nan')[];
  requires_grad: boolean;
  grad_fn: string | null;
  parameter: boolean;
  repr: string;
}

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'tests', 'fixtures', 'torch-print.json');
const { cases } = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { cases: Case[] };

function values(c: Case): ArrayLike<number> {
  const nums = c.data.map((v) => (v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v === 'nan' ? NaN : v));
  return c.dtype === 'float32' ? Float32Array.from(nums) : nums;
}

const test = suite('torch-print');

test('the fixture covers what ports print', () => {
  assert.ok(cases.length >= 50, `${cases.length} cases`);
  for (const what of ['sci', 'wraps', 'summarized', 'int64', 'grad_fn', 'Parameter', 'empty', 'ties']) {
    assert.ok(
      cases.some((c) => c.name.includes(what)),
      what,
    );
  }
});

for (const c of cases) {
  test(`repr: ${c.name}`, () => {
    const opts = {
      dtype: c.dtype,
      precision: c.options.precision,
      threshold: c.options.threshold,
      edgeitems: c.options.edgeitems,
      linewidth: c.options.linewidth,
      sciMode: c.options.sci_mode,
      gradFn: c.grad_fn ?? undefined,
    };
    const got = c.parameter
      ? tensorRepr(new Parameter(c.shape, values(c)), opts)
      : tensorRepr({ data: values(c), shape: c.shape }, { ...opts, requiresGrad: c.requires_grad });
    assert.is(got, c.repr);
  });
}

test('engine tensors: a leaf requiring grad, and an op result that needs the grad_fn torch would record', () => {
  const x = tensor([[1.5, -2]], { requiresGrad: true });
  assert.is(tensorRepr(x), 'tensor([[ 1.5000, -2.0000]], requires_grad=True)');
  const lin = new nn.Linear({ inFeatures: 2, outFeatures: 1 });
  const y = lin.forward(x);
  assert.throws(() => tensorRepr(y), /pass opts\.gradFn.*shape \[1, 1\]|shape \[1, 1\].*pass opts\.gradFn/);
  assert.match(tensorRepr(y, { gradFn: 'AddmmBackward0' }), /^tensor\(\[\[-?\d\.\d{4}\]\], grad_fn=<AddmmBackward0>\)$/);
});

test('Python format(): half to even on exact ties, carries, exponents', () => {
  assert.is(formatFixed(0.125, 2), '0.12');
  assert.is(formatFixed(0.375, 2), '0.38');
  assert.is(formatFixed(-0.0, 4), '-0.0000');
  assert.is(formatFixed(2.5, 0), '2');
  assert.is(formatFixed(99.99995, 4), '99.9999'); // the double is just below the tie
  assert.is(formatFixed(99.999951, 4), '100.0000');
  assert.is(formatFixed(1e21, 1), '1000000000000000000000.0');
  assert.is(formatExp(0, 4), '0.0000e+00');
  assert.is(formatExp(9.99996, 4), '1.0000e+01');
  assert.is(formatExp(1.03125, 4), '1.0312e+00');
  assert.is(formatExp(5e-324, 4), '4.9407e-324');
  assert.is(formatExp(1.7976931348623157e308, 2), '1.80e+308');
});

test('values that do not fill the shape are an Error naming the shape', () => {
  assert.throws(() => tensorRepr({ data: [1, 2, 3], shape: [2, 2] }), /3 values for shape \[2, 2\]/);
});

test.run();
