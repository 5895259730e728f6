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
  const sql = `select case
        when p.uscc is null or p.stale or p.current_version = 0
          or (p.stale_after is not null and p.stale_after <= (now() at time zone 'Asia/Shanghai')::date)
        then jsonb_build_object('${NEEDS_READ}', true)
        else prof.data || case when 'register' = any(gate.scopes) then jsonb_build_object('register',
               coalesce((${registerDataSource.sql})->'register', '{}'::jsonb) || coalesce(prof.data->'register', '{}'::jsonb))
             else '{}'::jsonb end
      end
      from (select 1) as one
      left join credit_profiles p on p.uscc = gate.uscc
      cross join lateral (
        select coalesce(jsonb_object_agg(s.scope, s.section), '{}'::jsonb) as data
          from credit_profile_versions v
          join credit_profile_sections s on s.profile_version_id = v.id and s.scope = any(gate.scopes)
         where v.uscc = p.uscc and v.version = p.current_version) prof`;
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
