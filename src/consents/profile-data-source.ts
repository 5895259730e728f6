import { EMPTY_SECTIONS } from '../profiles/empty-profile.js';
import { PROFILE_SCOPES } from '../platform/profile-scopes.js';
import type { ProfileService } from '../profiles/profile-service.js';
import { registerDataSource, type EnterpriseDataSource, type ScopeSections } from './enterprise-data-source.js';

/**
 * What an institution reads through the gate: the credit profile's sections (indicators with the
 * records behind them) keyed by scope, the `register` section also carrying the market-entity
 * register entry. Only the allowed scopes are read (one `credit_profile_sections` row each; a
 * version stores only its non-empty sections, so a scope without a row is the empty section).
 *
 * The profile's current version is folded into the gate statement (one round trip) whether or
 * not a rebuild is pending: profiles are kept current by the pipeline, and a repair or
 * withdrawal rebuilds in its own transaction, so a repaired record never reaches a bank. The
 * empty sections (of an enterprise without a built profile, or of scopes the version has no row
 * for) are folded in as a constant, in the same statement. `read` (the gate's fallback) gives the same shape through the service.
 */
export function profileDataSource(profiles: ProfileService): EnterpriseDataSource {
  // The register entry is read only when the register section is (a scalar subquery), and the
  // sections are found from the head's (uscc, current_version) without the version table. The
  // empty sections are a constant keyed by scope: one key lookup per allowed scope without a
  // stored row, rather than expanding all fifteen on every read. Sections are json text and go
  // out as stored; only the small register section is parsed, to merge in the register entry.
  const empty = JSON.stringify(Object.fromEntries(EMPTY_SECTIONS.map((section) => [section.scope, section]))).replaceAll("'", "''");
  const sql = `(with st as (select c.scope, c.section from credit_profiles p
        join credit_profile_sections c on c.uscc = p.uscc and c.version = p.current_version
        where p.uscc = gate.uscc and p.current_version > 0 and c.scope = any(gate.scopes))
      select coalesce(json_object_agg(s.scope, case when s.scope = 'register'
               then (coalesce((${registerDataSource.sql})::jsonb->'register', '{}'::jsonb) || s.section::jsonb)::json
               else s.section end), '{}'::json)
        from (select scope, section from st
              union all
              select sc, ('${empty}'::jsonb -> sc)::json from unnest(gate.scopes) as sc where not exists (select 1 from st where st.scope = sc)) as s
       where s.section is not null)`;
  return {
    sql,
    // Every allowed profile scope has a section, stored or empty.
    keysSql: `array(select sc from unnest(gate.scopes) as sc where sc = any('{${PROFILE_SCOPES.join(',')}}'::text[]))`,
    async read(db, subject, scopes) {
      const profile = await profiles.profileFor(subject.uscc, scopes);
      const sections: ScopeSections = Object.fromEntries(profile.sections.map((section) => [section.scope, section]));
      if (!scopes.includes('register')) return sections;
      const register = (await registerDataSource.read(db, subject, scopes)).register;
      return { ...sections, register: { ...(register as object), ...(sections.register as object) } };
    },
  };
}
