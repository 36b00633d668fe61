// Shared checks of the hostile-input suites: the outcome is a plain Error naming the op (never a
// TypeError/RangeError from inside), and a bystander module's weights are left exactly as they were.
import * as assert from 'uvu/assert';
import { manualSeed, nn, setBackend } from '../../engine/index.js';

export const BACKENDS = ['wasm', 'js'] as const;

/** fn throws a plain Error whose message matches every pattern; returns the message. */
export function throwsMatching(fn: () => unknown, ...patterns: RegExp[]): string {
  let err: unknown = null;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  assert.ok(err !== null, 'expected an Error, nothing was thrown');
  assert.ok(err instanceof Error && err.constructor === Error, `expected a plain Error, got ${String(err)}`);
  for (const p of patterns) assert.match((err as Error).message, p);
  return (err as Error).message;
}

/** A Linear whose weights must never change; check() compares them bit for bit. */
export function bystander(): { check(where: string): void } {
  manualSeed(123);
  const lin = new nn.Linear({ inFeatures: 16, outFeatures: 16 });
  const before = lin.parameters().map((p) => p.toArray());
  return {
    check(where: string) {
      lin.parameters().forEach((p, i) => {
        const now = p.data;
        for (let j = 0; j < now.length; j++) {
          if (!Object.is(now[j], before[i][j]))
            assert.unreachable(`${where}: a bystander Linear's weights changed (element ${j}: ${before[i][j]} → ${now[j]})`);
        }
      });
    },
  };
}

export function onBackends(fn: (backend: 'wasm' | 'js') => void): void {
  try {
    for (const b of BACKENDS) {
      setBackend(b);
      fn(b);
    }
  } finally {
    setBackend('wasm');
  }
}
