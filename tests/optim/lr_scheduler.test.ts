// Replays the scheduler fixtures of tests/fixtures/toolkit.json: the lr of two param groups
// (lr and 3·lr) after every step of StepLR, ExponentialLR and ReduceLROnPlateau in PyTorch 1.13.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { nonEmpty } from '../fixture.js';
import { optim, Parameter } from '../../engine/index.js';

interface SchedCase {
  kind: 'StepLR' | 'ExponentialLR' | 'ReduceLROnPlateau';
  opts: Record<string, any>;
  lr: number;
  metrics: number[] | null;
  lrs: number[][];
}
const here = dirname(fileURLToPath(import.meta.url));
const fx = JSON.parse(readFileSync(join(here, '..', '..', '..', 'tests', 'fixtures', 'toolkit.json'), 'utf8')) as { torch: string; sched: SchedCase[] };

function make(c: SchedCase) {
  const p = new Parameter([1]);
  const q = new Parameter([1]);
  const opt = new optim.SGD([{ params: [p] }, { params: [q], lr: c.lr * 3 }], { lr: c.lr });
  const S = optim.lrScheduler;
  const sched =
    c.kind === 'StepLR'
      ? new S.StepLR(opt, c.opts as any)
      : c.kind === 'ExponentialLR'
        ? new S.ExponentialLR(opt, c.opts as any)
        : new S.ReduceLROnPlateau(opt, c.opts);
  return {
    opt,
    sched,
    dispose: () => {
      opt.dispose();
      p.dispose();
      q.dispose();
    },
  };
}

const s = suite(`optim.lrScheduler vs torch ${fx.torch}`);
for (const c of nonEmpty(fx.sched, 'toolkit.json: sched')) {
  s(`${c.kind} ${JSON.stringify(c.opts)}`, () => {
    const { opt, sched, dispose } = make(c);
    const lrs = () => opt.paramGroups.map((g) => g.options.lr as number);
    // exact: the same float64 operations in the same order
    assert.equal(lrs(), c.lrs[0], 'after construction');
    for (let i = 1; i < c.lrs.length; i++) {
      if (sched instanceof optim.lrScheduler.ReduceLROnPlateau) sched.step(c.metrics![i - 1]);
      else sched.step();
      assert.equal(lrs(), c.lrs[i], `after step ${i}`);
      assert.equal(sched.getLastLr(), c.lrs[i], `getLastLr after step ${i}`);
    }
    dispose();
  });
}
s('stateDict / loadStateDict continues the schedule', () => {
  const c = fx.sched.find((x) => x.kind === 'ReduceLROnPlateau' && x.opts.cooldown)!;
  const a = make(c);
  const b = make(c);
  const ra = a.sched as optim.ReduceLROnPlateau;
  const rb = b.sched as optim.ReduceLROnPlateau;
  for (let i = 0; i < 10; i++) ra.step(c.metrics![i]);
  rb.loadStateDict(JSON.parse(JSON.stringify(ra.stateDict())));
  b.opt.loadStateDict(a.opt.stateDict());
  for (let i = 10; i < c.metrics!.length; i++) {
    ra.step(c.metrics![i]);
    rb.step(c.metrics![i]);
    assert.equal(rb.getLastLr(), ra.getLastLr());
  }
  const st = make(fx.sched[0]);
  const st2 = make(fx.sched[0]);
  for (let i = 0; i < 4; i++) st.sched.step(undefined as never);
  st2.sched.loadStateDict(st.sched.stateDict());
  st2.opt.loadStateDict(st.opt.stateDict());
  for (let i = 0; i < 6; i++) {
    st.sched.step(undefined as never);
    st2.sched.step(undefined as never);
  }
  assert.equal(st2.sched.getLastLr(), st.sched.getLastLr());
  for (const x of [a, b, st, st2]) x.dispose();
});
s('invalid options throw with the scheduler name', () => {
  const { opt, dispose } = make(fx.sched[0]);
  assert.throws(() => new optim.lrScheduler.StepLR(opt, { stepSize: 0 }), /StepLR: stepSize must be a positive integer/);
  assert.throws(() => new optim.lrScheduler.ExponentialLR(opt, {} as any), /ExponentialLR: gamma/);
  assert.throws(() => new optim.lrScheduler.ReduceLROnPlateau(opt, { factor: 1 }), /factor should be < 1.0/);
  assert.throws(() => new optim.lrScheduler.ReduceLROnPlateau(opt, { mode: 'up' as any }), /mode up is unknown/);
  assert.throws(() => new optim.lrScheduler.ReduceLROnPlateau(opt, { minLr: [0] }), /expected 2 minLr values/);
  assert.throws(() => new optim.lrScheduler.ReduceLROnPlateau(opt).step(undefined as any), /expected a metric/);
  dispose();
});
s.run();
