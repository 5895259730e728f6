import { describe, expect, it } from 'vitest';
import { TYPED_TABLES } from '../src/ingestion/records/typed-categories.js';
import { MONTHLY_TABLES } from '../src/platform/partitions/monthly-tables.js';
import { scheduleJobs } from '../src/scheduler/schedule-jobs.js';
import type { Job, SchedulerService } from '../src/scheduler/scheduler-service.js';
import type { Services } from '../src/services.js';
import { databaseForFile } from './helpers/test-database.js';

/**
 * How every table of the schema stays bounded (docs/decisions/0016): partitioned by month and
 * retired, purged by a named scheduled job, or kept because it grows only with the city itself
 * (institutions, enterprises, loans) or is the record the law asks to keep. A new table must be
 * entered here with its rule.
 */
type Growth = { partitioned: true } | { purgedBy: string } | { kept: string };

const partitioned = { partitioned: true } as const;
const perCity = (what: string): Growth => ({ kept: `one row per ${what}` });
const business = (what: string): Growth => ({ kept: `the business record of ${what}, kept with it` });

const GROWTH: Record<string, Growth> = {
  // Partitioned by month (MONTHLY_TABLES), retired by maintain-partitions.
  consent_access_log: partitioned,
  consent_refused_reads: partitioned,
  loan_application_events: partitioned,
  credit_record_history: partitioned,
  tax_payment_records: partitioned,
  social_security_records: partitioned,
  provident_fund_records: partitioned,
  utilities_records: partitioned,
  import_export_records: partitioned,
  // Ended records of the other typed categories, once uncited.
  penalties_records: { purgedBy: 'purge-ended-records' },
  permits_records: { purgedBy: 'purge-ended-records' },
  tax_grades_records: { purgedBy: 'purge-ended-records' },
  judicial_records: { purgedBy: 'purge-ended-records' },
  credit_lists_records: { purgedBy: 'purge-ended-records' },
  honours_records: { purgedBy: 'purge-ended-records' },
  intellectual_property_records: { purgedBy: 'purge-ended-records' },
  commitment_breaches_records: { purgedBy: 'purge-ended-records' },
  rnd_records: { purgedBy: 'purge-ended-records' },
  tech_lists_records: { purgedBy: 'purge-ended-records' },
  real_estate_records: { kept: 'a registered property right has no end date; one row per registration' },
  credit_records: { kept: 'the register (登记注册) records: one per market entity' },
  credit_record_events: { kept: 'repairs and withdrawals (信用修复): the audit of why a record changed' },
  third_party_records: { kept: 'third-party records forwarded to the national platform: the evidence of what was sent' },
  ingestion_batches: { kept: 'the provenance every stored record names' },
  ingestion_quarantine: { kept: 'the rejected rows of a batch, for the data source to correct; bounded by the upload limits per batch' },
  // Rows that only serve a limit, a lock or a short-lived check.
  outbox_messages: { purgedBy: 'purge-delivered-outbox-and-read-notifications' },
  outbox_attempts: { purgedBy: 'purge-delivered-outbox-and-read-notifications' },
  notifications: { purgedBy: 'purge-delivered-outbox-and-read-notifications' },
  idempotency_keys: { purgedBy: 'purge-idempotency-keys' },
  login_failures: { purgedBy: 'purge-login-failures' },
  username_conflicts: { purgedBy: 'purge-login-failures' },
  enterprise_creations: { purgedBy: 'purge-login-failures' },
  institution_creations: { purgedBy: 'purge-login-failures' },
  sms_codes: { purgedBy: 'purge-spent-operational-rows' },
  refresh_tokens: { purgedBy: 'purge-spent-operational-rows' },
  bank_callback_rejections: { purgedBy: 'purge-spent-operational-rows' },
  sms_simulator_messages: { purgedBy: 'purge-spent-operational-rows' },
  job_runs: { purgedBy: 'purge-spent-operational-rows' },
  // Grow with the city: institutions, people, enterprises and their settings.
  districts: perCity('district'),
  working_calendar: perCity('day of the working calendar'),
  data_source_categories: perCity('data source and category'),
  institutions: perCity('institution'),
  institution_changes: { kept: "the audit of an institution's details changing" },
  institution_clients: perCity('machine client of an institution'),
  institution_setup_steps: perCity('institution and 开始使用 step it has done'),
  institution_client_secrets: perCity('client secret (two live at most during a rotation)'),
  bank_connections: perCity('bank'),
  users: perCity('person'),
  invitations: perCity('invitation, bounded by the people an institution invites'),
  notification_preferences: perCity('person and notification kind they changed'),
  enterprises: perCity('registered enterprise'),
  market_entities: perCity('market entity in the register'),
  credit_profiles: perCity('enterprise (the head of its versions)'),
  precredit_inputs: perCity('enterprise (upserted)'),
  precredit_results: perCity('bank and enterprise (upserted)'),
  precredit_fetch_cursors: perCity('bank'),
  precredit_models: perCity('model version a bank published'),
  precredit_runs: perCity('white-list run a bank started'),
  precredit_monitoring: perCity('model and month'),
  precredit_generated_samples: perCity('training sample a bank generated'),
  precredit_outcome_samples: { kept: 'loan outcomes a model is validated on' },
  loan_products: perCity('loan product'),
  loan_product_reviews: business('an admin decision on a loan product (产品审核记录)'),
  guarantee_products: perCity('guarantee product'),
  guarantee_risk_templates: perCity('risk-sharing template'),
  guarantee_capacity: perCity('guarantee company and year'),
  oversight_kpi_targets: perCity('indicator and year'),
  oversight_city_inclusive_balances: perCity('month of reported balances'),
  knowledge_articles: perCity('published article'),
  credit_zones: perCity('credit zone'),
  // The records of loans, guarantees, consents and credit services: kept as the law and the parties need them.
  loan_applications: business('a loan application'),
  loan_ledger_entries: business('a loan (its ledger)'),
  application_assignments: business('a loan application'),
  application_assignment_history: business('a loan application'),
  application_case_files: business('a loan application'),
  application_documents: business('a loan application'),
  application_messages: business('a loan application'),
  bank_callbacks: business("a loan's bank reports (each event id once)"),
  financing_demands: business('a financing demand'),
  guarantees: business('a guarantee'),
  guarantee_compensations: business('a guarantee (代偿)'),
  guarantee_fee_payments: business('a guarantee (fees)'),
  guarantee_letters: business('a guarantee (保函)'),
  guarantee_recoveries: business('a guarantee (追偿)'),
  movable_collateral_registrations: business('a collateral registration'),
  real_estate_mortgages: business('a mortgage'),
  real_estate_mortgage_notices: business('a mortgage'),
  real_estate_registry_receipts: business('a mortgage'),
  consent_grants: business('an authorisation (授权)'),
  consent_grant_usage: business('an authorisation (its use count)'),
  consent_access_log_anchors: { kept: "the access log's hash chain across dropped months: one anchor per sealed stretch" },
  credit_commitments: business('a credit commitment (信用承诺)'),
  credit_objections: business('an objection (异议)'),
  credit_objection_attachments: business('an objection (异议)'),
  credit_reports: business('an issued credit report (verifiable by its code)'),
  self_reported_items: business('self-reported data (自愿填报)'),
  qa_questions: business('a question'),
  qa_answers: business('a question'),
  oversight_alerts: business('an oversight alert'),
  national_feed_submissions: { kept: 'what was submitted to the national platform, month by month' },
  national_feed_files: { kept: 'what was submitted to the national platform, month by month' },
  national_feed_file_chunks: { kept: 'what was submitted to the national platform, month by month' },
  national_feed_build_progress: perCity('feed submission'),
  national_feed_corrections: business('a correction sent to the national platform'),
  provincial_inbound_items: business('a repair result from the provincial node'),
  // Versions no kept read can have served (0016).
  credit_profile_versions: { purgedBy: 'purge-unkept-profile-versions' },
  credit_profile_sections: { purgedBy: 'purge-unkept-profile-versions' },
  knex_migrations: { kept: 'one row per migration' },
  knex_migrations_lock: { kept: 'one row' },
};

const database = databaseForFile();

function scheduledJobIds(): Set<string> {
  const jobs: Job[] = [];
  const recorder = { schedule: (job: Job) => void jobs.push(job) } as unknown as SchedulerService;
  // Jobs read services when they run; only the feed's cron is read when scheduling.
  scheduleJobs(recorder, { nationalFeed: { monthlyCron: '0 2 1 * *' } } as unknown as Services);
  return new Set(jobs.map((j) => j.id));
}

describe('every table says how it stays bounded', () => {
  it('has a rule for each table of the migrated schema, and none for a table that is gone', async () => {
    const { rows } = (await database().knex.raw(`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition order by 1`)) as { rows: { name: string }[] };
    const tables = rows.map((r) => r.name);
    expect(tables.filter((t) => !(t in GROWTH)), 'tables without a rule').toEqual([]);
    expect(Object.keys(GROWTH).filter((t) => !tables.includes(t)), 'rules of tables that are gone').toEqual([]);
  });

  it('names only scheduled jobs, monthly tables that are enrolled, and every enrolled or ending table', () => {
    const jobs = scheduledJobIds();
    const entries = Object.entries(GROWTH);
    expect(entries.filter(([, g]) => 'purgedBy' in g && !jobs.has(g.purgedBy)).map(([t]) => t), 'purged by a job that is not scheduled').toEqual([]);
    const monthly = new Set(MONTHLY_TABLES.map((m) => m.table));
    expect(entries.filter(([, g]) => 'partitioned' in g).map(([t]) => t).sort()).toEqual([...monthly].sort());
    const ending = TYPED_TABLES.filter((t) => t.ends && !monthly.has(t.table)).map((t) => t.table);
    expect(ending.filter((t) => !('purgedBy' in GROWTH[t]! && (GROWTH[t] as { purgedBy: string }).purgedBy === 'purge-ended-records'))).toEqual([]);
  });
});
