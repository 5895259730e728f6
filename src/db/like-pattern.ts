/**
 * A LIKE pattern matching `text` anywhere, each character of it literally: `%`, `_` and the
 * escape character `\` (PostgreSQL's default for LIKE) are escaped, so a person's search for
 * “50%” or “A_B” finds those characters and never turns into a wildcard matching every row.
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
