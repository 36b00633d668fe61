// Corpus BLEU (Papineni et al. 2002) with NLTK corpus_bleu / sacrebleu semantics on already
// tokenised text, and the exact-match rate.

/** corpusBleu's score and its parts. */
export interface BleuResult {
  /** BLEU in [0, 1] (print 100× with one decimal, as sacrebleu does). */
  bleu: number;
  /** Clipped n-gram precisions p_1 … p_N. */
  precisions: number[];
  /** Brevity penalty: 1 if c > r, else exp(1 − r/c). */
  bp: number;
  /** c: total hypothesis length; r: total closest-reference length. */
  hypLen: number;
  /** r: the summed length of each hypothesis's closest reference. */
  refLen: number;
  /** Per n: clipped matches and hypothesis n-gram counts. */
  matches: number[];
  /** Per n: the hypotheses' n-gram counts (the precisions' denominators). */
  totals: number[];
}

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const g = tokens.slice(i, i + n).join('\u0001');
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

/**
 * Corpus BLEU-N (default 4, uniform weights): clipped n-gram matches and hypothesis n-gram counts
 * are summed over the corpus before dividing (each n-gram clipped to its largest count in any one
 * reference); r sums, per sentence, the reference length closest to the hypothesis length (the
 * shorter on ties); BLEU = BP · exp(Σ log p_n / N). NOTE: like NLTK without smoothing, BLEU is 0
 * when some order has no match at all (sacrebleu's default 'exp' smoothing differs only there).
 * hypotheses[i]: tokens; references[i]: one or more token lists for the same source.
 */
export function corpusBleu(hypotheses: readonly (readonly string[])[], references: readonly (readonly (readonly string[])[])[], maxN = 4): BleuResult {
  if (hypotheses.length !== references.length) throw new Error(`corpusBleu: ${hypotheses.length} hypotheses but ${references.length} reference sets`);
  const matches = new Array<number>(maxN).fill(0);
  const totals = new Array<number>(maxN).fill(0);
  let hypLen = 0;
  let refLen = 0;
  hypotheses.forEach((hyp, i) => {
    const refs = references[i];
    if (!refs || refs.length === 0) throw new Error(`corpusBleu: hypothesis ${i} has no reference`);
    const c = hyp.length;
    hypLen += c;
    let best = refs[0].length;
    for (const r of refs) {
      const d = Math.abs(r.length - c);
      const bd = Math.abs(best - c);
      if (d < bd || (d === bd && r.length < best)) best = r.length;
    }
    refLen += best;
    for (let n = 1; n <= maxN; n++) {
      const hc = ngramCounts(hyp, n);
      const maxRef = new Map<string, number>();
      for (const r of refs) for (const [g, k] of ngramCounts(r, n)) maxRef.set(g, Math.max(maxRef.get(g) ?? 0, k));
      for (const [g, k] of hc) matches[n - 1] += Math.min(k, maxRef.get(g) ?? 0);
      totals[n - 1] += Math.max(0, c - n + 1);
    }
  });
  const precisions = matches.map((m, i) => (totals[i] > 0 ? m / totals[i] : 0));
  const bp = hypLen === 0 ? 0 : hypLen > refLen ? 1 : Math.exp(1 - refLen / hypLen);
  const bleu = precisions.some((p) => p === 0) ? 0 : bp * Math.exp(precisions.reduce((s, p) => s + Math.log(p), 0) / maxN);
  return { bleu, precisions, bp, hypLen, refLen, matches, totals };
}

/** Fraction of hypotheses equal (token for token) to one of their references. */
export function exactMatch(hypotheses: readonly (readonly string[])[], references: readonly (readonly (readonly string[])[])[]): number {
  if (hypotheses.length === 0) return 0;
  let hit = 0;
  hypotheses.forEach((h, i) => {
    if (references[i].some((r) => r.length === h.length && r.every((t, j) => t === h[j]))) hit++;
  });
  return hit / hypotheses.length;
}
