import type { CreditProfile, ProfileSection } from './credit-profile.js';
import { assembleProfile } from './profile-assembler.js';
import type { ProfileScope } from '../platform/profile-scopes.js';

/** The version an enterprise reads before anything about it was assembled. */
export const EMPTY_PROFILE_VERSION = 0;

/**
 * The sections of a profile with no records, register entry or reported items. They do not
 * depend on the business date (every window is empty), so they are computed once; the consent
 * gate folds them into its statement for enterprises without a built profile.
 */
export const EMPTY_SECTIONS: readonly ProfileSection[] = assembleProfile({ uscc: '', asOf: '2000-01-01', entity: undefined, records: [] }).sections;

/** An enterprise with no data yet: every section empty, version 0; nothing is built or stored. */
export function emptyProfile(uscc: string, asOf: string, now: Date, scopes: readonly ProfileScope[]): CreditProfile {
  return {
    uscc,
    version: EMPTY_PROFILE_VERSION,
    inputsHash: '',
    asOf,
    builtAt: now,
    reason: 'no_data',
    sections: EMPTY_SECTIONS.filter((s) => scopes.includes(s.scope)),
  };
}
