import type { SeededRandom } from '../platform/seeded-random.js';

/**
 * For the row-check tests: a copy of `row` with one field damaged the way files go wrong (a
 * character from `alphabet` inserted or substituted, or one deleted); a field left empty is
 * dropped, as the readers drop empty cells.
 */
export function damagedRow(row: Readonly<Record<string, unknown>>, random: SeededRandom, alphabet: readonly string[]): Record<string, unknown> {
  const damaged: Record<string, unknown> = { ...row };
  const fields = Object.keys(damaged);
  const field = fields[Math.floor(random.next() * fields.length)]!;
  const value = String(damaged[field]);
  const at = Math.floor(random.next() * (value.length + 1));
  const ch = alphabet[Math.floor(random.next() * alphabet.length)]!;
  const mode = Math.floor(random.next() * 3);
  damaged[field] = mode === 0 ? value.slice(0, at) + ch + value.slice(at) : mode === 1 ? value.slice(0, at) + ch + value.slice(at + 1) : value.slice(0, at) + value.slice(at + 1);
  if (damaged[field] === '') delete damaged[field];
  return damaged;
}
