/**
 * Chinese-capable full text without a segmenter (zhparser is not available on PGlite or on a
 * stock PostgreSQL): each run of Han characters becomes its overlapping character pairs (a
 * lone character stays itself), each run of letters or digits one lower-case word. The tokens
 * go into a tsvector with the `simple` configuration, which keeps them as they are; a query is
 * tokenised the same way and all of its tokens must match.
 */
const RUN = /(\p{Script=Han}+)|([\p{L}\p{N}]+)/gu;

export function searchTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const [, han, word] of text.normalize('NFKC').matchAll(RUN)) {
    if (han) {
      const chars = [...han];
      if (chars.length === 1) tokens.push(chars[0]!);
      for (let i = 0; i + 1 < chars.length; i++) tokens.push(chars[i]! + chars[i + 1]!);
    } else if (word) tokens.push(word.toLowerCase());
  }
  return tokens;
}

/** The tsquery text for a search (every token required), or undefined when nothing searchable remains. */
export function searchQuery(text: string): string | undefined {
  const tokens = [...new Set(searchTokens(text))];
  return tokens.length ? tokens.map((t) => `'${t}'`).join(' & ') : undefined;
}
