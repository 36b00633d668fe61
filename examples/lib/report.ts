// Printing helpers shared by the demos: the parameter table (PyTorch state_dict names and shapes),
// shapes, and the arg-max / accuracy of a batch of logits.
import type { nn, Tensor } from '../../engine/index.js';

export const shapeStr = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

/** One line per parameter (`name  [shape]  count`), then the total; returns the total. */
export function printParameters(model: nn.Module, title = 'model parameters'): number {
  const rows = model.namedParameters();
  const width = rows.reduce((m, [n]) => Math.max(m, n.length), -Infinity);
  console.log(`${title}:`);
  for (const [name, p] of rows) console.log(`  ${name.padEnd(width)}  ${shapeStr(p.shape).padEnd(12)} ${p.size}`);
  const total = model.numParameters();
  console.log(`total parameters: ${total.toLocaleString('en-US')}`);
  return total;
}

/** Index of the largest value of each row of logits (B, C). */
export function argmaxRows(logits: Tensor): number[] {
  const [B, C] = logits.shape;
  const d = logits.data;
  const out: number[] = [];
  for (let b = 0; b < B; b++) {
    let best = 0;
    for (let c = 1; c < C; c++) if (d[b * C + c] > d[b * C + best]) best = c;
    out.push(best);
  }
  return out;
}

/** Number of rows of logits (B, C) whose arg-max equals the label. */
export function countCorrect(logits: Tensor, labels: readonly number[]): number {
  return argmaxRows(logits).reduce((n, p, i) => n + (p === labels[i] ? 1 : 0), 0);
}

/** A string argument (`--name VALUE`), or the default. */
export function strArg(args: Record<string, string | boolean>, name: string, dflt: string): string {
  const v = args[name];
  return typeof v === 'string' ? v : dflt;
}

/** A number argument (`--name 0.8`), or the default. */
export function numArg(args: Record<string, string | boolean>, name: string, dflt: number): number {
  const v = args[name];
  if (v === undefined || v === true) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`--${name} expects a number, got ${String(v)}`);
  return n;
}
