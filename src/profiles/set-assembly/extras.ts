import { extrasCanon } from '../inputs-hash.js';
import { selfReportedIndicators, type SelfReportedEntry } from '../self-reported-section.js';
import { thirdPartyCandidates, type ThirdPartyFact } from '../third-party-section.js';
import type { AssemblyExtras } from './assembly-statement.js';

/**
 * What the SQL assembler takes from the features above profiles (自愿填报 items, provider facts),
 * built here by the reference's own functions; the SQL only drops the facts a usable government
 * record already covers (same category and key). Enterprises without any are left out of the map.
 */
export function assemblyExtras(
  usccs: readonly string[],
  selfReported: ReadonlyMap<string, readonly SelfReportedEntry[]>,
  facts: ReadonlyMap<string, readonly ThirdPartyFact[]>,
): Map<string, AssemblyExtras> {
  const extras = new Map<string, AssemblyExtras>();
  for (const uscc of usccs) {
    const entries = selfReported.get(uscc) ?? [];
    const provided = facts.get(uscc) ?? [];
    if (entries.length === 0 && provided.length === 0) continue;
    extras.set(uscc, { selfReported: selfReportedIndicators(entries), facts: thirdPartyCandidates(provided), canon: extrasCanon(entries, provided) });
  }
  return extras;
}

/** The extras' hash part of an enterprise without any. */
export const NO_EXTRAS = extrasCanon([], []);
