/**
 * Japanese search that behaves the same on PGlite and PostgreSQL without extensions: text is NFKC-normalised
 * (half-width ｻｰﾋﾞｽ becomes サービス, full-width ＡＢＣ becomes abc), lower-cased and stripped of spaces and
 * punctuation, then cut into character unigrams and bigrams. A document matches a query when it contains every
 * bigram of the query (or, for a one-character query, that character), so a part of a word such as 買い物 finds
 * 買い物支援. The tokens are stored in a text[] column with a GIN index and matched with @>.
 */
export function normalizeForSearch(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, " ")
    .trim();
}

/** Unigrams and bigrams of each space-separated segment (bigrams never span a word boundary). */
export function documentTokens(...texts: (string | null | undefined)[]): string[] {
  const tokens = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const segment of normalizeForSearch(text).split(" ")) {
      const chars = Array.from(segment);
      for (let i = 0; i < chars.length; i++) {
        tokens.add(chars[i]);
        if (i + 1 < chars.length) tokens.add(chars[i] + chars[i + 1]);
      }
    }
  }
  return [...tokens].sort();
}

/** The tokens a document must all contain to match the query; empty when the query has no searchable character. */
export function queryTokens(query: string): string[] {
  const tokens = new Set<string>();
  for (const segment of normalizeForSearch(query).split(" ")) {
    const chars = Array.from(segment);
    if (chars.length === 1) tokens.add(chars[0]);
    for (let i = 0; i + 1 < chars.length; i++) tokens.add(chars[i] + chars[i + 1]);
  }
  return [...tokens].sort();
}
