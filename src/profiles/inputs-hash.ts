import { createHash } from 'node:crypto';
import type { MarketEntity } from '../enterprises/market-entity.js';
import type { SelfReportedEntry } from './self-reported-section.js';
import type { ThirdPartyFact } from './third-party-section.js';

/**
 * The inputs hash of a profile version: sha256 of a canonical text that the JavaScript assembler
 * and the SQL assembler both build (PostgreSQL and PGlite have `sha256()`, neither has SM3). It
 * is a change detector, not a signature: equal hashes mean a rebuild writes no new version.
 *
 *   <assembly version> | <asOf> | <entity> | <records> | <extras>
 *
 * - entity: the register fields the indicators show, joined by U+001F; `-` without an entry;
 * - records: `id,receivedAt,status,disputed` per usable record (receivedAt as ISO with
 *   milliseconds), by id ascending, joined by `;`;
 * - extras: JSON of the 自愿填报 items and the provider facts' identities (both built in
 *   JavaScript from their features' services, so both assemblers share this part as is).
 */
export const FIELD_SEPARATOR = '\u001f';

export function entityCanon(entity: MarketEntity | undefined): string {
  if (!entity) return '-';
  return [entity.name, entity.entityType, entity.status, entity.establishedOn, entity.registeredCapital, entity.industry ?? '', entity.districtCode].join(FIELD_SEPARATOR);
}

export function extrasCanon(selfReported: readonly SelfReportedEntry[], facts: readonly ThirdPartyFact[]): string {
  return JSON.stringify({ selfReported, facts: facts.map((f) => [f.provider, f.category, f.recordKey, new Date(f.fetchedAt).toISOString()]) });
}

export interface HashedRecord {
  id: number;
  receivedAt: Date | string;
  status: string;
  disputed: boolean;
}

export function recordsCanon(records: readonly HashedRecord[]): string {
  return [...records]
    .sort((a, b) => a.id - b.id)
    .map((r) => `${r.id},${new Date(r.receivedAt).toISOString()},${r.status},${r.disputed}`)
    .join(';');
}

export function inputsHash(parts: { assembly: number; asOf: string; entity: string; records: string; extras: string }): string {
  return createHash('sha256').update([parts.assembly, parts.asOf, parts.entity, parts.records, parts.extras].join('|'), 'utf8').digest('hex');
}
