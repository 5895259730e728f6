import { describe, expect, it } from 'vitest';
import { keysetPage } from './keyset-page.js';

const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `r${i + 1}` }));

describe('keysetPage', () => {
  it('names the last row of a full page when the extra row shows more follow', () => {
    expect(keysetPage(rows(4), 3)).toEqual({ items: rows(3), next: 'r3' });
  });

  it('names nothing when the listing ends within the page, or exactly at its end', () => {
    expect(keysetPage(rows(2), 3)).toEqual({ items: rows(2), next: null });
    expect(keysetPage(rows(3), 3)).toEqual({ items: rows(3), next: null });
    expect(keysetPage([], 3)).toEqual({ items: [], next: null });
  });
});
