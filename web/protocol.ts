// The messages between the playground page (web/page.ts) and its module worker (web/worker.ts).
import type { BenchOptions, StepTiming } from './bench.js';
import type { ThreadsReport } from './threads-check.js';

/** One entry of the page's list: an article program (id set) or an own demo. */
export interface ProgramInfo {
  key: string;
  id?: string;
  name: string;
  title: string;
  fixes: readonly string[];
  /** The article's line range, and what it does (article programs only). */
  lines?: [number, number];
  what?: string;
  /** Prose or a diagram only: nothing to run. */
  textOnly?: boolean;
  /** False for an article program no port exists for yet. */
  ported?: boolean;
  article?: string;
}

export type ToWorker =
  | { type: 'run'; key: string; argv: string[] }
  | { type: 'tr-train'; epochs: number; tsv?: string }
  | { type: 'tr-translate'; sentence: string; beam: number }
  | { type: 'tr-save' }
  | { type: 'tr-load'; bytes: Uint8Array }
  | { type: 'bench'; id: string; opts: BenchOptions; phase: 'warm' | 'time' }
  | { type: 'threads'; counts: number[] };

export interface TranslationView {
  input: string;
  text: string;
  source: string[];
  tokens: string[];
  attention: number[][];
  unknown: string[];
  error?: string;
  svg: string;
}

export type FromWorker =
  | { type: 'ready'; build: string | null; programs: ProgramInfo[]; articles: { key: string; file: string; subject: string }[] }
  | { type: 'line'; text: string }
  | { type: 'figure'; name: string; svg: string }
  | { type: 'note'; text: string }
  | { type: 'progress'; label: string; i: number; total: number; extra: string }
  | { type: 'done'; ms: number; error?: string }
  | { type: 'tr-trained'; pairs: number; srcVocab: number; tgtVocab: number; params: number; losses: number[]; ms: number }
  | { type: 'tr-translation'; result: TranslationView }
  | { type: 'tr-saved'; bytes: Uint8Array }
  | { type: 'tr-loaded'; srcVocab: number; tgtVocab: number }
  | ({ type: 'bench-result' } & StepTiming)
  | { type: 'bench-warm'; id: string }
  | { type: 'threads-result'; report: ThreadsReport };
