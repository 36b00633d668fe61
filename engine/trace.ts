// The op layer's tracing hook: while an exporter (io/onnx-export.ts) traces a forward pass, the
// traced ops hand it their arguments and results here. Outside a trace `tracer` is null and each
// op pays one null check.
import type { Tensor } from './tensor.js';

export interface Tracer {
  /** Runs fn(...args) with tracing paused and records the call as one op of `kind`. */
  call<A extends unknown[], R>(kind: string, fn: (...args: A) => R, ...args: A): R;
  /** A tensor made while tracing (an untraced op's output is an error when a traced op reads it). */
  born(t: Tensor): void;
  /** A tensor made by a creation function (tensor, zeros, …): a constant of the graph. */
  constant(t: Tensor): void;
}

export let tracer: Tracer | null = null;

/** Installs (or removes, with null) the tracer; returns the previous one. */
export function setTracer(t: Tracer | null): Tracer | null {
  const prev = tracer;
  tracer = t;
  return prev;
}
