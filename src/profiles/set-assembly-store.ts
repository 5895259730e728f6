import type { DbOrTrx } from '../db/database.js';
import { preparedInTransaction } from '../db/prepared-query.js';
import { PROFILE_SCOPES } from '../platform/profile-scopes.js';
import type { ProfileSection } from './credit-profile.js';
import { EMPTY_SECTIONS } from './empty-profile.js';
import { ASSEMBLY_CTES, assemblyBindings, SECTION_COLUMNS, type AssemblyExtras } from './set-assembly/assembly-statement.js';

export interface SetAssembled {
  uscc: string;
  sections: ProfileSection[];
  usedRecordIds: number[];
  inputsHash: string;
  staleAfter: string;
}

export interface SetRebuilt {
  uscc: string;
  version: number;
  changed: boolean;
}

export interface SetAssemblyRequest {
  usccs: readonly string[];
  asOf: string;
  extras: ReadonlyMap<string, AssemblyExtras>;
  /** The extras' hash part of an enterprise without any. */
  noExtras: string;
}

/**
 * The SQL assembler (set-assembly/): profiles of many enterprises in one statement. `rebuild`
 * writes, in that same statement, a new version (with the ids of the records it used) and its
 * non-empty sections for each USCC whose inputs hash differs from its current version's, and
 * moves every head on; the heads must exist and be locked by the caller (`ProfileStore.lockHeads`).
 */
export interface SetAssemblyStore {
  assemble(tx: DbOrTrx, request: SetAssemblyRequest): Promise<SetAssembled[]>;
  rebuild(tx: DbOrTrx, request: SetAssemblyRequest, reason: string): Promise<SetRebuilt[]>;
}

/** A version's section rows: the non-empty sections (a version stores only those), with their scope and ordinal. */
const SECTION_ROWS = SECTION_COLUMNS.map((column, ordinal) => `(${ordinal}::smallint, '${PROFILE_SCOPES[ordinal]}', a.${column})`).join(', ');

/**
 * The statement is large (many CTEs and expressions) but cheap to run for a set: PostgreSQL's JIT
 * would compile it on every execution (seconds, against tens of milliseconds of work). Its
 * materialised CTEs hold about 13 kB per profile (its non-empty sections): with the default 4 MB of
 * work memory a set of 1,000 spilled them to temporary files and read them back once per use
 * (about a tenth of the statement's CPU).
 */
const statementSettings = (tx: DbOrTrx) => tx.raw(`select set_config('jit', 'off', true), set_config('work_mem', '32MB', true)`);

export const setAssemblyStore: SetAssemblyStore = {
  async assemble(tx, r) {
    await statementSettings(tx);
    const result = await tx.raw(
      `with ${ASSEMBLY_CTES}
       select uscc, json_build_array(${SECTION_COLUMNS.join(', ')}) as sections, to_jsonb(used_ids) as "usedRecordIds", inputs_hash as "inputsHash",
         to_char(stale_after, 'YYYY-MM-DD') as "staleAfter"
       from assembled order by uscc`,
      assemblyBindings(r.usccs, r.asOf, r.extras, r.noExtras),
    );
    // The statement builds only the non-empty sections; the others are the empty profile's.
    return (result.rows as (Omit<SetAssembled, 'sections'> & { sections: (ProfileSection | null)[] })[]).map((row) => ({
      ...row,
      sections: row.sections.map((section, ordinal) => section ?? structuredClone(EMPTY_SECTIONS[ordinal]!)),
    }));
  },
  async rebuild(tx, r, reason) {
    if (r.usccs.length === 0) return [];
    await statementSettings(tx);
    // Prepared, so each connection parses and plans it once (parsing and planning were about 30 ms
    // of CPU a set), and run on its generic plan from the first run (left to choose, PostgreSQL
    // plans the first five runs of each connection anew): the row estimates do not depend on the
    // bindings. The caller's plan cache mode is put back after, since a single refresh runs
    // inside other work whose statements should keep their custom plans.
    const [{ mode }] = (
      await tx.raw(`select x.mode, set_config('plan_cache_mode', 'force_generic_plan', true)
        from (select current_setting('plan_cache_mode') as mode offset 0) x`)
    ).rows as [{ mode: string }];
    const rows = await preparedInTransaction<SetRebuilt>(
      tx,
      'profiles_set_rebuild',
      `with ${ASSEMBLY_CTES},
       a as materialized (select * from assembled),
       cur as (select h.uscc, h.current_version, v.inputs_hash from credit_profiles h
         left join credit_profile_versions v on v.uscc = h.uscc and v.version = h.current_version
         where h.uscc in (select uscc from a)),
       nv as (insert into credit_profile_versions (uscc, version, inputs_hash, as_of, reason, used_record_ids)
         select a.uscc, c.current_version + 1, a.inputs_hash, ?::date, ?, a.used_ids from a join cur c on c.uscc = a.uscc
         where c.current_version = 0 or c.inputs_hash is distinct from a.inputs_hash
         returning id, uscc, version),
       ns as (insert into credit_profile_sections (uscc, version, scope, ordinal, section)
         select nv.uscc, nv.version, s.scope, s.ordinal, s.section
         from nv join a on a.uscc = nv.uscc cross join lateral (values ${SECTION_ROWS}) as s(ordinal, scope, section)
         where s.section is not null),
       hu as (update credit_profiles h set current_version = coalesce(nv.version, h.current_version), stale = false,
           stale_after = a.stale_after, updated_at = now(), rebuild_failed_at = null, rebuild_error = null
         from a left join nv on nv.uscc = a.uscc where h.uscc = a.uscc)
       select a.uscc, coalesce(nv.version, c.current_version) as version, nv.id is not null as changed
       from a join cur c on c.uscc = a.uscc left join nv on nv.uscc = a.uscc order by a.uscc`,
      [...assemblyBindings(r.usccs, r.asOf, r.extras, r.noExtras), r.asOf, reason],
    );
    await tx.raw(`select set_config('plan_cache_mode', ?, true)`, [mode]);
    return rows;
  },
};
