import { describe, expect, it } from 'vitest';
import { trimInvisible } from './visible-text.js';

describe('trimInvisible', () => {
  it('trims whitespace and characters that render as nothing at both ends, and nothing inside', () => {
    expect(trimInvisible('  \u200B\uFEFF黄石 公司\u3000\u115F\t\n')).toBe('黄石 公司');
    expect(trimInvisible('\u180B\uFE0F a b \u034F')).toBe('a b');
    expect(trimInvisible(' \u200B\u3000 ')).toBe('');
    expect(trimInvisible('')).toBe('');
    expect(trimInvisible('黄石')).toBe('黄石');
  });

  it('keeps characters outside the Basic Multilingual Plane whole, and trims the invisible ones there', () => {
    expect(trimInvisible(' 𠀀𠀁 ')).toBe('𠀀𠀁');
    // U+E0001 LANGUAGE TAG is a format character (Cf) written as a surrogate pair.
    expect(trimInvisible('\u{E0001} 𠀀 \u{E0001}')).toBe('𠀀');
    // A lone surrogate is not invisible: it stays, for the hazard checks to refuse.
    expect(trimInvisible(' \uD800 ')).toBe('\uD800');
    expect(trimInvisible(' a\uDC00')).toBe('a\uDC00');
  });

  it('takes time linear in the length: a long inner run of spaces is not tried from each of its positions', () => {
    // The old expression (`^X+|X+$`, global) needed seconds for this, four times as long for
    // twice the run (about 50 s for 60,000 spaces), all of it on the event loop; one field of a
    // 256 kB body holds a run twelve times longer.
    const value = ` 甲${' '.repeat(20_000)}乙 `;
    const started = performance.now();
    expect(trimInvisible(value)).toBe(`甲${' '.repeat(20_000)}乙`);
    expect(performance.now() - started).toBeLessThan(250);
  });
});
