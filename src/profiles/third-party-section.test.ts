import { describe, expect, it } from 'vitest';
import type { CreditRecord } from '../ingestion/records/credit-record.js';
import { thirdPartyRecords, type ThirdPartyFact } from './third-party-section.js';

const fact = (category: string, recordKey: string): ThirdPartyFact => ({ provider: 'qxb', category, recordKey, payload: { k: recordKey }, fetchedAt: new Date(0) });
const government = [{ category: 'honours', recordKey: 'H1' } as CreditRecord];

describe('third-party section', () => {
  it('never shows a provider fact where a government record has the same category and key', () => {
    expect(thirdPartyRecords(government, [fact('honours', 'H1')])).toEqual([]);
  });

  it('ignores provider facts in government-only categories, even where the government has nothing (e.g. after a repair)', () => {
    expect(thirdPartyRecords([], [fact('penalties', 'P1'), fact('credit_lists', 'L1'), fact('register', 'R1')])).toEqual([]);
  });

  it('shows other provider facts marked third_party, in a stable order', () => {
    const shown = thirdPartyRecords(government, [fact('intellectual_property', 'IP2'), fact('honours', 'H2'), fact('intellectual_property', 'IP1')]);
    expect(shown.map((r) => [r.provenance, r.category, r.recordKey])).toEqual([
      ['third_party', 'honours', 'H2'],
      ['third_party', 'intellectual_property', 'IP1'],
      ['third_party', 'intellectual_property', 'IP2'],
    ]);
    expect(shown[1]).toMatchObject({ provider: 'qxb', categoryLabel: '知识产权', fetchedAt: '1970-01-01T00:00:00.000Z', payload: { k: 'IP1' } });
  });
});
