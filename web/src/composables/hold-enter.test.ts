import { describe, expect, it } from 'vitest';
import { holdEnter } from './hold-enter';

/** A key event as the form sees it, recording whether its default action was cancelled. */
function enterIn(tagName: string) {
  const event = { target: { tagName }, prevented: false, preventDefault() { event.prevented = true; } };
  return event;
}

describe('holdEnter', () => {
  it('keeps Enter in a one-line input from sending the form', () => {
    const event = enterIn('INPUT');
    holdEnter(event);
    expect(event.prevented).toBe(true);
  });

  it('leaves Enter alone in a textarea and on a button', () => {
    for (const tag of ['TEXTAREA', 'BUTTON']) {
      const event = enterIn(tag);
      holdEnter(event);
      expect(event.prevented, tag).toBe(false);
    }
  });
});
