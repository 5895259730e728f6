import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROFILE_SCOPES, SCOPE_LABELS } from '../platform/profile-scopes.js';
import { assembleProfile } from './profile-assembler.js';

/**
 * docs/profile-indicators.md is what banks build on: its sections and indicator tables must be
 * exactly what the assembler gives (codes, names, units, order).
 */
const catalogue = readFileSync(new URL('../../docs/profile-indicators.md', import.meta.url), 'utf8');

interface DocumentedSection {
  scope: string;
  label: string;
  indicators: { code: string; label: string; unit: string | null }[];
}

function documentedSections(markdown: string): DocumentedSection[] {
  const sections: DocumentedSection[] = [];
  for (const line of markdown.split('\n')) {
    const heading = /^## (\S+) \(`(\w+)`\)$/.exec(line);
    if (heading) sections.push({ label: heading[1]!, scope: heading[2]!, indicators: [] });
    const row = /^\| `([a-z0-9_]+)` \| ([^|]+) \|([^|]*)\|/.exec(line);
    if (row) sections.at(-1)!.indicators.push({ code: row[1]!, label: row[2]!.trim(), unit: row[3]!.trim() || null });
  }
  return sections;
}

describe('the profile indicator catalogue (docs/profile-indicators.md)', () => {
  const assembled = assembleProfile({
    uscc: '91420200MA4KXXXX0X',
    asOf: '2026-12-06',
    entity: {
      uscc: '91420200MA4KXXXX0X',
      name: '黄石测试企业',
      entityType: 'enterprise',
      legalRepresentative: '张三',
      districtCode: '420202',
      status: 'existing',
      establishedOn: '2015-01-01',
      registeredCapital: '1000000.00',
      industry: '批发业',
    },
    records: [],
  });

  it('lists every section in the order of the profile, under its Chinese name', () => {
    const documented = documentedSections(catalogue);
    expect(documented.map((s) => s.scope)).toEqual([...PROFILE_SCOPES]);
    for (const s of documented) expect(s.label, s.scope).toBe(SCOPE_LABELS[s.scope as keyof typeof SCOPE_LABELS]);
  });

  it('lists every indicator of each section with its code, name and unit, and nothing else', () => {
    const documented = new Map(documentedSections(catalogue).map((s) => [s.scope, s.indicators]));
    for (const section of assembled.sections) {
      expect(documented.get(section.scope), section.scope).toEqual(section.indicators.map((i) => ({ code: i.code, label: i.label, unit: i.unit })));
    }
  });
});
