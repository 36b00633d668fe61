// shapes: every walk-through's input/output/hn/cn shapes against PyTorch 1.13 (scripts/demos-a.py),
// the first output and hn values (same seed, same init), and the torch.Size lines main prints.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CASES, main, walkThroughs } from '../../examples/shapes.js';
import { assertClose, captureLog, demosA } from './demos-a-lib.js';

/** torch's randn on ≥ 16 floats is normal_fill_AVX2 (Sleef float32 log/sincos): ours within ~2e-6 */
const VALUE_ATOL = 1e-5;
const VALUE_RTOL = 1e-4;

const test = suite('shapes');
const ref = demosA().shapes;

test('shapes equal PyTorch for every walk-through', () => {
  const got = walkThroughs();
  assert.equal(Object.keys(got), Object.keys(ref));
  for (const [key, want] of Object.entries(ref) as [string, Record<string, unknown>][]) {
    const g = got[key];
    for (const f of ['input', 'output', 'hn', 'cn', 'final', 'lastForwardIsHn', 'firstBackwardIsHn']) {
      assert.equal((g as unknown as Record<string, unknown>)[f], want[f], `${key}.${f}`);
    }
  }
});

test('first output / hn values equal PyTorch (manual_seed(42) before each module)', () => {
  const got = walkThroughs();
  for (const [key, want] of Object.entries(ref) as [string, { outputValues: number[]; hnValues: number[] }][]) {
    assertClose(got[key].outputValues, want.outputValues, VALUE_RTOL, VALUE_ATOL, `${key} output`);
    assertClose(got[key].hnValues, want.hnValues, VALUE_RTOL, VALUE_ATOL, `${key} hn`);
  }
});

test('main prints torch.Size([…]) lines as PyTorch would', async () => {
  const lines = await captureLog(() => main([]));
  const size = (s: number[]) => `torch.Size([${s.join(', ')}])`;
  let at = 0;
  for (const c of CASES) {
    const want = ref[c.key];
    at = lines.indexOf(c.code, at);
    assert.ok(at >= 0, `header ${c.code}`);
    const block = lines.slice(at + 1, at + 8);
    const get = (label: string) => block.find((l) => l.startsWith(`${label}:`))?.slice(8).split(/\s+#/)[0].trim();
    assert.is(get('input'), size(want.input), `${c.key} input`);
    assert.is(get('output'), size(want.output), `${c.key} output`);
    assert.is(get('hn'), size(want.hn), `${c.key} hn`);
    if (want.cn) assert.is(get('cn'), size(want.cn), `${c.key} cn`);
  }
  assert.ok(lines.some((l) => l.startsWith('torch.cat([hn[-2], hn[-1]], dim=1): torch.Size([2, 12])')));
  assert.ok(lines.some((l) => l.startsWith('torch.equal(output[-1, :, :6], hn[-2]): True')));
});

test.run();
