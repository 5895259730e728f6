import { describe, expect, it } from 'vitest';
import { lastAnswer } from './last-answer.js';

describe('lastAnswer', () => {
  it('asks the function again only when the input changes', () => {
    const asked: string[] = [];
    const length = lastAnswer((s: string) => {
      asked.push(s);
      return s.length;
    });
    expect(['ab', 'ab', 'abc', 'ab', 'ab', ''].map(length)).toEqual([2, 2, 3, 2, 2, 0]);
    expect(asked).toEqual(['ab', 'abc', 'ab', '']);
  });

  it('answers a first input that is undefined by asking, and asks about NaN every time', () => {
    const asked: unknown[] = [];
    const text = lastAnswer((v: unknown) => {
      asked.push(v);
      return String(v);
    });
    expect([undefined, undefined, Number.NaN, Number.NaN].map(text)).toEqual(['undefined', 'undefined', 'NaN', 'NaN']);
    expect(asked).toEqual([undefined, Number.NaN, Number.NaN]);
  });
});
