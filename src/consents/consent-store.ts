import type { DbOrTrx } from '../db/database.js';
import type {
  ConsentGrant,
  ConsentGrantView,
  ConsentPurpose,
  ConsentScope,
  ConsentStatus,
  EndedByKind,
  FetchType,
  FrequencyUnit,
  NewConsentGrant,
} from './consent.js';

interface Row {
  id: string;
  enterprise_id: string;
  enterprise_uscc: string;
  grantee_institution_id: string;
  scopes: ConsentScope[];
  purpose: ConsentPurpose;
  application_id: string | null;
  valid_from: Date;
  valid_until: Date;
  fetch_type: FetchType;
  frequency_unit: FrequencyUnit | null;
  frequency_value: number | null;
  artefact: string;
  artefact_signature: string;
  created_by: string;
  created_at: Date;
  status: ConsentStatus;
  ended_by_kind: EndedByKind | null;
  ended_by: string | null;
  ended_at: Date | null;
  end_reason: string | null;
}

interface ViewRow extends Row {
  use_count: number;
  last_used_at: Date | null;
  enterprise_name: string;
  grantee_name: string;
  grantee_type: 'bank' | 'guarantee_company';
  ended_by_name: string | null;
  ended_by_client: boolean;
}

const toGrant = (r: Row): ConsentGrant => ({
  id: r.id,
  enterpriseId: r.enterprise_id,
  enterpriseUscc: r.enterprise_uscc,
  granteeInstitutionId: r.grantee_institution_id,
  scopes: r.scopes,
  purpose: r.purpose,
  applicationId: r.application_id,
  validFrom: r.valid_from,
  validUntil: r.valid_until,
  fetchType: r.fetch_type,
  frequency: r.frequency_unit && r.frequency_value ? { unit: r.frequency_unit, value: r.frequency_value } : null,
  artefact: r.artefact,
  artefactSignature: r.artefact_signature,
  createdBy: r.created_by,
  createdAt: r.created_at,
  status: r.status,
  endedByKind: r.ended_by_kind,
  endedBy: r.ended_by,
  endedAt: r.ended_at,
  endReason: r.end_reason,
});

const toView = (r: ViewRow): ConsentGrantView => ({
  ...toGrant(r),
  useCount: r.use_count,
  lastUsedAt: r.last_used_at,
  enterpriseName: r.enterprise_name,
  granteeName: r.grantee_name,
  granteeType: r.grantee_type,
  endedByName: r.ended_by_name,
  endedByClient: r.ended_by_client,
});

export interface ConsentEnd {
  status: Exclude<ConsentStatus, 'ACTIVE'>;
  kind: EndedByKind;
  by: string;
  at: Date;
  reason: string | null;
}

export interface GrantListFilter {
  enterpriseId?: string;
  granteeInstitutionId?: string;
  status?: ConsentStatus;
  /** Only grants listed after this one (newest first): the `before` of the next page. */
  before?: string;
  limit: number;
}

export interface ConsentStore {
  insert(tx: DbOrTrx, grant: NewConsentGrant): Promise<ConsentGrant>;
  findView(tx: DbOrTrx, id: string): Promise<ConsentGrantView | undefined>;
  list(tx: DbOrTrx, filter: GrantListFilter): Promise<ConsentGrantView[]>;
  /**
   * Ends an ACTIVE grant; `undefined` when it was not active (already ended, or lost a race).
   * `guard` narrows which grant may be ended (its grantor or its grantee).
   */
  end(tx: DbOrTrx, id: string, guard: { enterpriseId?: string; granteeInstitutionId?: string }, end: ConsentEnd): Promise<ConsentGrant | undefined>;
  /** Marks up to `limit` ACTIVE grants whose validity ended by `now` as EXPIRED (SKIP LOCKED). */
  expireDue(tx: DbOrTrx, now: Date, limit: number): Promise<ConsentGrant[]>;
}

/**
 * The id in `ended_by` (text: a user's or a machine client's id, or a system job's name) as a
 * uuid, so the join reads the person's row by its key; comparing `id::text` instead read every
 * row of users (~100,000 at city scale) for each grant listed.
 */
const endedById = (when: string) =>
  `(case when ${when} and g.ended_by ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$' then g.ended_by::uuid end)`;

const VIEW_SELECT = `select g.*, u.use_count, u.last_used_at, e.name as enterprise_name, i.name as grantee_name, i.type as grantee_type,
    coalesce(eu.display_name, ec.name) as ended_by_name, ec.client_id is not null as ended_by_client
  from consent_grants g join consent_grant_usage u on u.grant_id = g.id
  join enterprises e on e.id = g.enterprise_id join institutions i on i.id = g.grantee_institution_id
  left join users eu on eu.id = ${endedById(`g.ended_by_kind in ('enterprise', 'institution')`)}
  left join institution_clients ec on ec.client_id = ${endedById(`g.ended_by_kind = 'institution'`)}`;

export const consentStore: ConsentStore = {
  async insert(tx, g) {
    const [row] = (await tx('consent_grants')
      .insert({
        id: g.id,
        enterprise_id: g.enterpriseId,
        enterprise_uscc: g.enterpriseUscc,
        grantee_institution_id: g.granteeInstitutionId,
        scopes: g.scopes,
        purpose: g.purpose,
        application_id: g.applicationId,
        valid_from: g.validFrom,
        valid_until: g.validUntil,
        fetch_type: g.fetchType,
        frequency_unit: g.frequency?.unit ?? null,
        frequency_value: g.frequency?.value ?? null,
        artefact: g.artefact,
        artefact_signature: g.artefactSignature,
        created_by: g.createdBy,
        created_at: g.createdAt,
      })
      .returning('*')) as Row[];
    await tx('consent_grant_usage').insert({ grant_id: g.id });
    return toGrant(row!);
  },

  async findView(tx, id) {
    const { rows } = (await tx.raw(`${VIEW_SELECT} where g.id = ?`, [id])) as { rows: ViewRow[] };
    return rows[0] && toView(rows[0]);
  },

  async list(tx, { enterpriseId, granteeInstitutionId, status, before, limit }) {
    const where: string[] = [];
    const args: string[] = [];
    if (enterpriseId !== undefined) {
      where.push('g.enterprise_uscc = (select uscc from enterprises where id = ?) and g.enterprise_id = ?');
      args.push(enterpriseId, enterpriseId);
    }
    for (const [column, value] of [
      ['g.grantee_institution_id', granteeInstitutionId],
      ['g.status', status],
    ] as const) {
      if (value === undefined) continue;
      where.push(`${column} = ?`);
      args.push(value);
    }
    if (before !== undefined) {
      // The listing's order (created_at desc, id): what comes after the grant `before`.
      const at = '(select created_at from consent_grants where id = ?)';
      where.push(`(g.created_at < ${at} or (g.created_at = ${at} and g.id > ?))`);
      args.push(before, before, before);
    }
    const { rows } = (await tx.raw(
      `${VIEW_SELECT} ${where.length ? `where ${where.join(' and ')}` : ''} order by g.created_at desc, g.id limit ?`,
      [...args, limit],
    )) as { rows: ViewRow[] };
    return rows.map(toView);
  },

  async end(tx, id, guard, end) {
    const query = tx('consent_grants').where({ id, status: 'ACTIVE' });
    if (guard.enterpriseId) query.andWhere('enterprise_id', guard.enterpriseId);
    if (guard.granteeInstitutionId) query.andWhere('grantee_institution_id', guard.granteeInstitutionId);
    const [row] = (await query
      .update({ status: end.status, ended_by_kind: end.kind, ended_by: end.by, ended_at: end.at, end_reason: end.reason })
      .returning('*')) as Row[];
    return row && toGrant(row);
  },

  async expireDue(tx, now, limit) {
    const { rows } = (await tx.raw(
      `with due as (
         select id from consent_grants where status = 'ACTIVE' and valid_until <= ? order by valid_until limit ? for update skip locked
       )
       update consent_grants g set status = 'EXPIRED', ended_by_kind = 'system', ended_by = 'scheduler', ended_at = ?,
              end_reason = '授权有效期届满'
         from due where g.id = due.id
       returning g.*`,
      [now, limit, now],
    )) as { rows: Row[] };
    return rows.map(toGrant);
  },
};
