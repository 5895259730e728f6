import type { ProfileService } from '../profiles/profile-service.js';
import { NEEDS_READ, registerDataSource, type EnterpriseDataSource, type ScopeSections } from './enterprise-data-source.js';

/**
 * What an institution reads through the gate: the credit profile's sections (indicators with the
 * records behind them) keyed by scope, the `register` section also carrying the market-entity
 * register entry.
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
        else prof.data || jsonb_build_object('register',
               coalesce(reg.data->'register', '{}'::jsonb) || coalesce(prof.data->'register', '{}'::jsonb))
      end
      from (select 1) as one
      left join credit_profiles p on p.uscc = gate.uscc
      cross join lateral (select coalesce((${registerDataSource.sql}), '{}'::jsonb) as data) reg
      cross join lateral (
        select coalesce(jsonb_object_agg(s->>'scope', s), '{}'::jsonb) as data
          from credit_profile_versions v cross join lateral jsonb_array_elements(v.sections) s
         where v.uscc = p.uscc and v.version = p.current_version) prof`;
  return {
    sql,
    async read(db, subject, scopes) {
      const register = (await registerDataSource.read(db, subject, scopes)).register;
      const profile = await profiles.profileFor(subject.uscc, scopes);
      const sections: ScopeSections = Object.fromEntries(profile.sections.map((section) => [section.scope, section]));
      return { ...sections, register: { ...(register as object), ...(sections.register as object) } };
    },
  };
}
