import cron from 'node-cron';
import { z } from 'zod';
import { bankAdapterSettingSchema } from '../bank-adapters/index.js';
import { isNetwork } from './platform/egress/address-policy.js';
import { KEY_ID } from './platform/national-crypto.js';
import { DEFAULT_SCRYPT_LOG2N } from './platform/password.js';

/**
 * Everything the platform can be told from outside (the environment), as `config.ts`, the only
 * reader of `process.env`, checks it; a bad value stops the boot with a readable message.
 */
const EXCHANGE = /^(simulator|file:.+|https?:\/\/.+)$/;
const EXCHANGE_HELP = 'must be simulator, file:<exchange directory> or an https:// service URL';

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection URL')
    .optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  // A streaming replica for lag-tolerant reads (oversight); unset: everything reads the primary.
  DATABASE_READ_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection URL')
    .optional(),
  // false behind a transaction-pooling PgBouncer < 1.21 (no max_prepared_statements).
  DATABASE_PREPARED_STATEMENTS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_TTL_SECONDS: z.coerce.number().int().min(60).max(3_600).default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(300).max(2_592_000).default(43_200),
  SESSION_EPOCH_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  CLIENT_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3_600).default(300),
  SM4_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{32}$/, 'must be 32 hex characters (128-bit SM4 key)')
    .optional(),
  SM4_KEY_ID: z.string().regex(KEY_ID, 'must be 1–32 letters, digits, _ or -').default('k1'),
  SM4_PREVIOUS_KEYS: z
    .string()
    .default('')
    .transform((text) => text.split(',').map((s) => s.trim()).filter(Boolean))
    .refine(
      (entries) => entries.every((e) => /^[A-Za-z0-9_-]{1,32}:[0-9a-fA-F]{32}$/.test(e)),
      'must be a comma-separated list of <keyId>:<32 hex characters>, e.g. k1:00112233445566778899aabbccddeeff',
    ),
  SM4_LEGACY_KEY_ID: z.string().regex(KEY_ID, 'must be 1–32 letters, digits, _ or -').optional(),
  PLATFORM_SM2_PRIVATE_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters').optional(),
  PLATFORM_SM2_PUBLIC_KEY: z.string().regex(/^04[0-9a-fA-F]{128}$/, 'must be an uncompressed SM2 public key (04…, 130 hex)').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Unset: on outside production, off in production; `true` in production is refused (loadConfig).
  DEMO_SEED: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
  DEMO_ENTITY_COUNT: z.coerce.number().int().min(100).max(1_000_000).default(5_000),
  DEMO_CREDIT_RECORD_ENTITIES: z.coerce.number().int().min(0).max(1_000_000).default(1_000),
  // Unset: on, except under tests (whose figures start from an empty guarantee book).
  DEMO_GUARANTEE_HISTORY: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
  // Rows per chunk transaction. 10,000 measured 7.3–7.5 µs of CPU per bulk row against 8.0–8.2
  // at 5,000 (fewer COPY statements and commits); 20,000 pushed a 1M-row upload past 500 MB RSS.
  INGEST_CHUNK_SIZE: z.coerce.number().int().min(100).max(100_000).default(10_000),
  INGEST_PARALLEL_WRITES: z.coerce.number().int().min(1).max(8).default(2),
  INGEST_MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(100_000).default(2_048),
  // Uploads read at once, and how many may wait (and how long) before the answer is 503 "busy".
  INGEST_MAX_ACTIVE_UPLOADS: z.coerce.number().int().min(1).max(64).default(2),
  INGEST_MAX_QUEUED_UPLOADS: z.coerce.number().int().min(0).max(1_000).default(8),
  INGEST_UPLOAD_WAIT_SECONDS: z.coerce.number().int().min(1).max(3_600).default(60),
  // A batch `processing` whose loader has not shown life for this long is failed (its process died).
  INGEST_STALE_BATCH_SECONDS: z.coerce.number().int().min(2).max(86_400).default(120),
  BODY_LIMIT_KB: z.coerce.number().int().min(1).max(10_240).default(256),
  // Raw bodies (files, signed callbacks) held in memory at once by the whole process; past it 503.
  // At least one full-size attachment (5 MB) must fit.
  RAW_BODIES_MAX_KB: z.coerce.number().int().min(5_120).default(65_536),
  // One client address's share of it (decision 0057); at least one full-size attachment.
  RAW_BODIES_MAX_KB_PER_ADDRESS: z.coerce.number().int().min(5_120).default(16_384),
  // Failed logins in the window: per account and client address (the lockout an owner meets),
  // per account across all addresses (distributed guessing), per address across all accounts.
  LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: z.coerce.number().int().min(1).default(5),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(50),
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(20),
  LOGIN_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  // "Username already taken" answers one account (an inviting admin or legal representative) may get
  // in the window; past it 429 (docs/decisions/0045).
  USERNAME_CONFLICTS_MAX_PER_ACCOUNT: z.coerce.number().int().min(1).default(20),
  USERNAME_CONFLICTS_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3_600),
  // Refused profile reads by one institution (all its officers and clients) in the window; past
  // the limit the gate answers 429 and keeps nothing (docs/decisions/0045).
  REFUSED_READS_MAX_PER_INSTITUTION: z.coerce.number().int().min(1).default(200),
  REFUSED_READS_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3_600),
  // Resources (answers 201) one enterprise's accounts may create in the window; past it 429
  // (docs/decisions/0049).
  ENTERPRISE_CREATIONS_MAX_PER_WINDOW: z.coerce.number().int().min(1).default(100),
  ENTERPRISE_CREATIONS_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3_600),
  INSTITUTION_CREATIONS_MAX_PER_WINDOW: z.coerce.number().int().min(1).default(500),
  INSTITUTION_CREATIONS_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3_600),
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  OUTBOX_BACKOFF_BASE_MS: z.coerce.number().int().min(1).max(600_000).default(2_000),
  // A claimed message whose instance died is taken again by another instance after this long.
  OUTBOX_LEASE_SECONDS: z.coerce.number().int().min(1).max(3_600).default(60),
  // Monthly partitions (docs/decisions/0016): kept ready ahead of the current month, and the
  // months each table keeps after it. The access log is evidence the enterprise reads and may
  // object with: at least the longest publication period of what was read (严重, 3 years,
  // 国办发〔2025〕22号); 5 years by default, and the refused reads 查询记录 shows beside it as long.
  // 0 keeps every month (the application events).
  PARTITION_MONTHS_AHEAD: z.coerce.number().int().min(1).max(24).default(3),
  RETENTION_ACCESS_LOG_MONTHS: z.coerce.number().int().refine((v) => v === 0 || v >= 36, 'must be 0 (keep) or at least 36 months').default(60),
  // Not partitioned (their unique keys are rules), purged in batches instead: delivered outbox
  // messages are the record of what reached which bank (network logs ≥ 6 months, 《网络安全法》
  // art. 21); read 站内消息 a year. Pending, dead and unread rows are never purged.
  RETENTION_DELIVERED_OUTBOX_MONTHS: z.coerce.number().int().min(6).max(120).default(6),
  RETENTION_READ_NOTIFICATIONS_MONTHS: z.coerce.number().int().min(1).max(120).default(12),
  RETENTION_LOAN_EVENTS_MONTHS: z.coerce.number().int().refine((v) => v === 0 || v >= 60, 'must be 0 (keep) or at least 60 months').default(0),
  // Months after the month they describe that 纳税/社保/公积金/水电气/进出口 records are kept: the
  // longest window profile indicators read (36) plus the longest publication and repair period of
  // 国办发〔2025〕22号 (严重, 3 years). A month is dropped only when no kept profile version cites it.
  RETENTION_PERIOD_RECORDS_MONTHS: z.coerce.number().int().refine((v) => v === 0 || v >= 72, 'must be 0 (keep) or at least 72 months').default(72),
  // Months after a penalty's 公示截止期 (a permit's validity, a list's removal, a case's closing…)
  // that the record is kept: the longest repair and objection period of 22号 (严重, 3 years). A
  // record is removed only when no kept profile version cites it.
  RETENTION_ENDED_RECORDS_MONTHS: z.coerce.number().int().refine((v) => v === 0 || v >= 36, 'must be 0 (keep) or at least 36 months').default(36),
  METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  SCHEDULER_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  LENDING_CONSENT_VALIDITY_DAYS: z.coerce.number().int().min(1).max(3_650).default(180),
  LENDING_POLL_SILENT_MINUTES: z.coerce.number().int().min(1).max(10_080).default(60),
  // Refused bank callbacks kept per bank in the window (docs/decisions/0045); more are refused alike, not kept.
  BANK_CALLBACK_REJECTIONS_MAX_PER_BANK: z.coerce.number().int().min(1).default(1_000),
  BANK_CALLBACK_REJECTIONS_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3_600),
  SIGNATURE_FAILURES_MAX_PER_ADDRESS: z.coerce.number().int().min(1).default(10),
  // Per claimed sender (one bank's callback path, the registry's), from every address together.
  SIGNATURE_FAILURES_MAX_PER_CLAIM: z.coerce.number().int().min(1).default(30),
  SIGNATURE_FAILURES_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3_600).default(60),
  LENDING_SLA_ACCEPT_HOURS: z.coerce.number().int().min(1).max(720).default(24),
  LENDING_SLA_DECISION_HOURS: z.coerce.number().int().min(1).max(2_160).default(120),
  LENDING_EXPIRE_DAYS: z.coerce.number().int().min(1).max(3_650).default(30),
  OBJECTION_ANSWER_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(5),
  BANK_ADAPTERS: z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(z.array(bankAdapterSettingSchema))
    .optional(),
  BANK_CONNECTED_WITHIN_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  BANK_SIMULATOR: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
  BANK_SIMULATOR_RETRY_SCALE: z.coerce.number().positive().max(1).default(1),
  // log2 of scrypt's N for new password hashes (see src/platform/password.ts); below 15 only outside production.
  PASSWORD_SCRYPT_LOG2N: z.coerce.number().int().min(10).max(20).default(DEFAULT_SCRYPT_LOG2N),
  BANK_SIMULATOR_DECISION_DELAY_MS: z.coerce.number().int().min(0).max(3_600_000).default(1500),
  REGISTRY_SIMULATOR_STEP_MS: z.coerce.number().int().min(1).max(600_000).default(3000),
  EGRESS_ALLOWED_NETWORKS: z
    .string()
    .optional()
    .transform((text) => (text === undefined ? undefined : text.split(',').map((s) => s.trim()).filter(Boolean)))
    .refine((list) => !list || list.every(isNetwork), 'must be a comma-separated list of IP addresses or CIDRs, e.g. 127.0.0.0/8,::1/128'),
  SMS_GATEWAY: z
    .string()
    .regex(/^(simulator|https?:\/\/.+)$/, 'must be simulator or the http(s):// URL of the SMS provider')
    .optional(),
  SMS_GATEWAY_TOKEN: z.string().min(1).optional(),
  SMS_CODE_TTL_SECONDS: z.coerce.number().int().min(60).max(1_800).default(300),
  SMS_CODE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(5),
  SMS_CODE_MAX_PER_HOUR: z.coerce.number().int().min(1).max(20).default(5),
  SMS_CODE_MAX_PER_MOBILE_PER_HOUR: z.coerce.number().int().min(1).max(100).default(20),
  SMS_CODE_MAX_PER_IP_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(30),
  SMS_CODE_MIN_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(600).default(60),
  SMS_NOTIFICATIONS_MAX_PER_MOBILE_PER_HOUR: z.coerce.number().int().min(1).max(1_000).default(10),
  INVITATION_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(72),
  NATIONAL_FEED_REGION: z.string().regex(/^[1-9][0-9]{5}$/, 'must be a 6-digit GB/T 2260 region code').default('420200'),
  NATIONAL_FEED_CRON: z.string().refine((v) => cron.validate(v), 'must be a cron expression (minute hour day month weekday)').default('0 2 5 * *'),
  NATIONAL_FEED_FORMAT: z.string().regex(/^[a-z0-9-]+$/).default('v1'),
  PROVINCIAL_FEED_FORMAT: z.string().regex(/^[a-z0-9-]+$/).default('v1'),
  NATIONAL_PLATFORM_EXCHANGE: z.string().regex(EXCHANGE, EXCHANGE_HELP).default('simulator'),
  PROVINCIAL_NODE_EXCHANGE: z.string().regex(EXCHANGE, EXCHANGE_HELP).default('simulator'),
});
