import { describe, expect, it } from 'vitest';
import { copyText } from '../ingestion/records/typed-record-table.js';
import { DEFAULT_MODEL } from './default-model.js';
import { Scorecard, type Reason } from './evaluate.js';
import { syntheticSample } from './synthetic-sample.js';
import { reasonsCopyText } from './whitelist-copy-text.js';

const reference = (reasons: readonly Reason[]) => copyText(JSON.stringify(reasons));

describe('reasonsCopyText', () => {
  it('equals copyText(JSON.stringify(reasons)) for the default model over a synthetic sample', () => {
    const card = new Scorecard(DEFAULT_MODEL);
    const { rows } = syntheticSample(2_000, 5);
    let knockouts = 0;
    for (const inputs of rows) {
      const { reasons, decision } = card.outcome(inputs);
      if (decision === 'knockout') knockouts++;
      expect(reasonsCopyText(reasons)).toBe(reference(reasons));
    }
    expect(knockouts).toBeGreaterThan(0);
  });

  it('escapes what JSON and COPY text escape: quotes, backslashes, control characters, surrogates', () => {
    const texts = ['纳税信用等级为"A"级', 'a\\b', '第一行\n第二行\t制表\r', '\u0001', '😀 荣誉', 'lone \ud800 high', 'lone \udc00 low', ''];
    const reasons: Reason[] = texts.map((text, i) => ({ code: i % 2 ? `code"${i}\\` : `code_${i}`, text, effect: i % 2 ? 'positive' : 'negative', deviation: i - 3 }));
    const text = reasonsCopyText(reasons);
    expect(text).toBe(reference(reasons));
    expect(text).not.toMatch(/[\t\n\r]/);
    expect(reasonsCopyText([])).toBe('[]');
  });

  it('writes a deviation that is not finite as null, as JSON.stringify does', () => {
    const reasons: Reason[] = [{ code: 'x', text: '说明', effect: 'negative', deviation: Number.NaN }];
    expect(reasonsCopyText(reasons)).toBe(reference(reasons));
  });
});
