/**
 * The words of a free-text search, as both search engines see them: letters and digits, lower case,
 * without accents ("Hôtel-Dieu" -> ["hotel", "dieu"]). Elasticsearch gets the same result from its
 * standard tokenizer with the lowercase and asciifolding filters, Postgres from `unaccent` and a
 * word-boundary match; this function is the reference the in-memory adapter and the tests use.
 */
export function textWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

export const MAX_TEXT_LENGTH = 100;
export const MAX_TEXT_WORDS = 10;

/** Whether every word of `query` is a word of `name` (the port's text condition). */
export function matchesText(name: string, query: string): boolean {
  const words = new Set(textWords(name));
  return textWords(query).every((w) => words.has(w));
}

/** A simple relevance for the in-memory adapter: the share of the name's words the query names. */
export function textScore(name: string, query: string): number {
  const words = textWords(name);
  const asked = new Set(textWords(query));
  return words.length === 0 ? 0 : words.filter((w) => asked.has(w)).length / words.length;
}
