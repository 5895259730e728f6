import type { ProfileService } from '../profiles/profile-service.js';
import { NEEDS_READ, registerDataSource, type EnterpriseDataSource, type ScopeSections } from './enterprise-data-source.js';

/**
 * What an institution reads through the gate: the credit profile's sections (indicators with the
 * records behind them) keyed by scope, the `register` section also carrying the market-entity
 * register entry. Only the allowed scopes are read (one `credit_profile_sections` row each).
 *
 * While the profile's current version is fresh it is folded into the gate statement (one round
 * trip). A profile awaiting rebuild — a record arrived or was repaired, or one of its time windows
 * moved — is read through the profile service instead, which rebuilds it first: a repaired or
 * withdrawn record never reaches a bank. Both paths give the same shape.
 */
export function profileDataSource(profiles: ProfileService): EnterpriseDataSource {
  // Scalar subqueries rather than joins and merges: the register entry is read only when the
  // register section is, a missing or stale head short-circuits to the service path, and the
  // sections are found from the head's (uscc, current_version) without the version table.
  const sql = `select coalesce((select case
        when p.stale or p.current_version = 0
          or (p.stale_after is not null and p.stale_after <= (now() at time zone 'Asia/Shanghai')::date)
        then jsonb_build_object('${NEEDS_READ}', true)
        else coalesce((
          select jsonb_object_agg(s.scope, case when s.scope = 'register'
                   then coalesce((${registerDataSource.sql})->'register', '{}'::jsonb) || s.section
                   else s.section end)
            from credit_profile_sections s
           where s.uscc = p.uscc and s.version = p.current_version and s.scope = any(gate.scopes)), '{}'::jsonb)
      end
      from credit_profiles p where p.uscc = gate.uscc), jsonb_build_object('${NEEDS_READ}', true))`;
  return {
    sql,
    async read(db, subject, scopes) {
      const profile = await profiles.profileFor(subject.uscc, scopes);
      const sections: ScopeSections = Object.fromEntries(profile.sections.map((section) => [section.scope, section]));
      if (!scopes.includes('register')) return sections;
      const register = (await registerDataSource.read(db, subject, scopes)).register;
      return { ...sections, register: { ...(register as object), ...(sections.register as object) } };
    },
  };
}
