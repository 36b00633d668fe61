// Finding 8 of issue 12: optimizer and scheduler settings are checked like PyTorch's ValueErrors
// (same wording), in every param group, before anything is updated.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { manualSeed, nn, optim } from '../../engine/index.js';
import { throwsMatching } from './helpers.js';

const test = suite("optimizer settings: PyTorch's ValueErrors");

function params() {
  manualSeed(0);
  return new nn.Linear({ inFeatures: 3, outFeatures: 2 }).parameters();
}

test('SGD', () => {
  const p = params();
  throwsMatching(() => new optim.SGD(p, { lr: NaN }), /SGD/, /Invalid learning rate: NaN/);
  throwsMatching(() => new optim.SGD(p, { lr: -0.1 }), /SGD/, /Invalid learning rate: -0.1/);
  throwsMatching(() => new optim.SGD(p, { lr: Infinity }), /SGD/, /Invalid learning rate: Infinity/);
  throwsMatching(() => new optim.SGD(p, { lr: 0.1, momentum: -0.5 }), /SGD/, /Invalid momentum value: -0.5/);
  throwsMatching(() => new optim.SGD(p, { lr: 0.1, weightDecay: -1 }), /SGD/, /Invalid weight_decay value: -1/);
  throwsMatching(() => new optim.SGD(p, { lr: 0.1, dampening: NaN }), /SGD/, /dampening/);
  throwsMatching(() => new optim.SGD(p, { lr: 0.1, nesterov: true }), /SGD/, /Nesterov momentum requires a momentum and zero dampening/);
  throwsMatching(() => new optim.SGD(p, { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true }), /Nesterov/);
  // per-group overrides are checked too, naming the group
  throwsMatching(
    () => new optim.SGD([{ params: p.slice(0, 1) }, { params: p.slice(1), lr: NaN }], { lr: 0.1 }),
    /SGD/,
    /param group 1/,
    /Invalid learning rate: NaN/,
  );
  throwsMatching(() => new optim.SGD([{ params: p.slice(0, 1), momentum: -1 }, { params: p.slice(1) }], { lr: 0.1 }), /param group 0/, /momentum/);
});

test('Adam / AdamW', () => {
  const p = params();
  for (const [Opt, name] of [
    [optim.Adam, 'Adam'],
    [optim.AdamW, 'AdamW'],
  ] as const) {
    throwsMatching(() => new Opt(p, { lr: NaN }), new RegExp(name), /Invalid learning rate: NaN/);
    throwsMatching(() => new Opt(p, { eps: -1e-8 }), /Invalid epsilon value: -1e-8/);
    throwsMatching(() => new Opt(p, { betas: [1, 0.999] }), /Invalid beta parameter at index 0: 1/);
    throwsMatching(() => new Opt(p, { betas: [0.9, -0.1] }), /Invalid beta parameter at index 1: -0.1/);
    throwsMatching(() => new Opt(p, { betas: [0.9] }), /betas/);
    throwsMatching(() => new Opt(p, { weightDecay: -0.01 }), /Invalid weight_decay value: -0.01/);
    throwsMatching(() => new Opt([{ params: p.slice(0, 1) }, { params: p.slice(1), betas: [0.9, NaN] }]), /param group 1/, /beta parameter at index 1/);
  }
});

test('RMSprop', () => {
  const p = params();
  throwsMatching(() => new optim.RMSprop(p, { lr: -1 }), /RMSprop/, /Invalid learning rate: -1/);
  throwsMatching(() => new optim.RMSprop(p, { eps: NaN }), /Invalid epsilon value: NaN/);
  throwsMatching(() => new optim.RMSprop(p, { momentum: -1 }), /Invalid momentum value: -1/);
  throwsMatching(() => new optim.RMSprop(p, { weightDecay: -1 }), /Invalid weight_decay value: -1/);
  throwsMatching(() => new optim.RMSprop(p, { alpha: -0.5 }), /Invalid alpha value: -0.5/);
});

test('a parameter in two groups, or no parameters', () => {
  const p = params();
  throwsMatching(() => new optim.SGD([{ params: p }, { params: [p[0]] }], { lr: 0.1 }), /SGD/, /some parameters appear in more than one parameter group/);
  throwsMatching(() => new optim.Adam([{ params: [p[1]] }, { params: p }]), /Adam/, /more than one parameter group/);
  throwsMatching(() => new optim.SGD([], { lr: 0.1 }), /SGD/, /empty parameter list/);
  throwsMatching(() => new optim.SGD([{ params: 'w' as never }], { lr: 0.1 }), /SGD/, /params/);
});

test('loadStateDict cannot smuggle bad settings in', () => {
  const opt = new optim.SGD(params(), { lr: 0.1 });
  const sd = opt.stateDict();
  sd.paramGroups[0].lr = NaN;
  throwsMatching(() => opt.loadStateDict(sd), /Invalid learning rate: NaN/);
  assert.is(opt.paramGroups[0].options.lr, 0.1, 'unchanged after the refused load');
});

test('schedulers', () => {
  const opt = new optim.SGD(params(), { lr: 0.1 });
  throwsMatching(() => new optim.StepLR(opt, { stepSize: 2, gamma: NaN }), /StepLR/, /gamma/);
  throwsMatching(() => new optim.StepLR(opt, { stepSize: 2, gamma: -1 }), /StepLR/, /gamma/);
  throwsMatching(() => new optim.ExponentialLR(opt, { gamma: -0.5 }), /ExponentialLR/, /gamma/);
  throwsMatching(() => new optim.ReduceLROnPlateau(opt, { factor: NaN }), /ReduceLROnPlateau/, /factor/);
  throwsMatching(() => new optim.ReduceLROnPlateau(opt, { factor: -0.5 }), /ReduceLROnPlateau/, /factor/);
  throwsMatching(() => new optim.ReduceLROnPlateau(opt, { minLr: -1 }), /ReduceLROnPlateau/, /minLr/);
  throwsMatching(() => new optim.ReduceLROnPlateau(opt, { minLr: [NaN] }), /ReduceLROnPlateau/, /minLr/);
  // the schedulers write lr: a group lr that is already invalid is refused when they are made
  opt.paramGroups[0].options.lr = NaN;
  throwsMatching(() => new optim.StepLR(opt, { stepSize: 2 }), /StepLR/, /Invalid learning rate: NaN/);
});

test.run();
