import { describe, expect, it } from 'vitest';
import { supplement, THIRD_PARTY_SCOPE } from './supplement.js';
import type { StoredProviderRecord } from './third-party-store.js';

const fact = (category: string, recordKey: string): StoredProviderRecord => ({ provider: 'qxb', uscc: 'U', category, recordKey, payload: {}, fetchedAt: new Date(0) });
const government = [{ category: 'honours', recordKey: 'H1', sourceName: '黄石市公共信用信息中心' }];

describe('third-party supplement', () => {
  it('never lets a provider fact replace a government record of the same key', () => {
    const result = supplement(government, [fact('honours', 'H1')], [THIRD_PARTY_SCOPE]);
    expect(result.records).toEqual([{ provenance: 'government', category: 'honours', recordKey: 'H1', source: '黄石市公共信用信息中心' }]);
    expect(result.ignored).toEqual([{ category: 'honours', recordKey: 'H1', provider: 'qxb', reason: 'government_record' }]);
  });

  it('ignores provider facts in government-only categories, even where the government has nothing (e.g. after a repair)', () => {
    const result = supplement([], [fact('penalties', 'P1'), fact('credit_lists', 'L1')], [THIRD_PARTY_SCOPE]);
    expect(result.records).toEqual([]);
    expect(result.ignored.map((i) => i.reason)).toEqual(['government_only', 'government_only']);
  });

  it('adds other provider facts, marked third_party, only when the grant allows them', () => {
    expect(supplement(government, [fact('intellectual_property', 'IP1')], ['honours']).records).toHaveLength(1);
    const allowed = supplement(government, [fact('intellectual_property', 'IP1')], ['honours', THIRD_PARTY_SCOPE]);
    expect(allowed.records[1]).toEqual({ provenance: 'third_party', category: 'intellectual_property', recordKey: 'IP1', source: 'qxb' });
  });
});
