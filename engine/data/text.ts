// Tokenizers: whitespace (optionally lowercased), characters, and the PyTorch seq2seq translation
// tutorial's normalizeString.

/** Splits on runs of whitespace (lowercased unless lowercase = false); no empty tokens. */
export function whitespaceTokenize(s: string, opts: { lowercase?: boolean } = {}): string[] {
  const t = opts.lowercase === false ? s : s.toLowerCase();
  return t.split(/\s+/u).filter((x) => x.length > 0);
}

/** One token per Unicode code point. */
export function charTokenize(s: string): string[] {
  return Array.from(s);
}

/** NFD, then drop combining marks (Unicode category Mn): 'Ça' → 'Ca'. */
export function unicodeToAscii(s: string): string {
  return s.normalize('NFD').replace(/\p{Mn}/gu, '');
}

/**
 * The translation tutorial's normalizeString: unicodeToAscii(lower(trim(s))), a space before
 * each of . ! ?, every run of other non-letters to one space.
 * NOTE: trims the result too, as the current tutorial does (`return s.strip()`).
 */
export function normalizeString(s: string): string {
  let t = unicodeToAscii(s.toLowerCase().trim());
  t = t.replace(/([.!?])/g, ' $1');
  t = t.replace(/[^a-zA-Z.!?]+/g, ' ');
  return t.trim();
}
