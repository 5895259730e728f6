import { hash } from 'node:crypto';
import { ENTITY_STATUS_LABELS, type EntityStatus } from '../enterprises/market-entity.js';
import type { CreditProfile } from '../profiles/credit-profile.js';
import { INPUT_CATALOG, type InputValue, type ModelInputs } from './input-catalog.js';

const STATUS_BY_LABEL = new Map(Object.entries(ENTITY_STATUS_LABELS).map(([code, label]) => [label, code as EntityStatus]));

function monthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
}

/**
 * A profile snapshot's model inputs (input schema 1): indicators by code, money and counts as
 * numbers, the register status as its code, and 经营时长 from 成立日期 to the profile's date.
 */
export function inputsFromProfile(profile: CreditProfile): ModelInputs {
  const indicators = new Map(profile.sections.flatMap((s) => s.indicators.map((i) => [i.code, i.value] as const)));
  const inputs: Record<string, InputValue> = {};
  for (const def of INPUT_CATALOG) {
    let value: InputValue | undefined = indicators.get(def.code) ?? null;
    if (def.code === 'operating_months') {
      const established = indicators.get('established_on');
      value = typeof established === 'string' ? monthsBetween(established, profile.asOf) : null;
    } else if (def.code === 'registration_status') {
      value = typeof value === 'string' ? (STATUS_BY_LABEL.get(value) ?? value) : null;
    } else if (def.kind === 'number' && value !== null) {
      const n = Number(value);
      value = Number.isFinite(n) ? n : null;
    }
    inputs[def.code] = value;
  }
  return inputs;
}

/** SHA-256 of the catalogue's inputs in catalogue order: the same hash and model version give the same result. */
export function inputsHash(inputs: ModelInputs): string {
  for (let i = 0; i < CODES.length; i++) values[i] = inputs[CODES[i]!] ?? null;
  // Each value as JSON with a comma after it (a missing or non-finite number as null): the
  // array's JSON text without its brackets. One native stringify instead of a string and a
  // concatenation per value (a run hashes every row).
  const json = JSON.stringify(values);
  return hash('sha256', `${json.slice(1, -1)},`, 'hex');
}

const CODES = INPUT_CATALOG.map((d) => d.code);
/** Scratch for `inputsHash`, read before it returns. */
const values: InputValue[] = new Array(CODES.length);
