import { describe, expect, it } from 'vitest';
import { containsPattern } from './like-pattern.js';

describe('containsPattern', () => {
  it('escapes the wildcards and the escape character, and nothing else', () => {
    expect(containsPattern('黄石')).toBe('%黄石%');
    expect(containsPattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });
});
