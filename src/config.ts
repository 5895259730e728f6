import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { BankAdapterSetting } from '../bank-adapters/index.js';
import type { DatabaseSettings } from './db/database.js';
import type { RetentionMonths } from './platform/partitions/monthly-tables.js';
import { DEFAULT_SCRYPT_LOG2N } from './platform/password.js';
import type { Sm4Keyring } from './platform/national-crypto.js';
import { generateSm2KeyPair, type Sm2KeyPair } from './platform/sm2.js';
import { envSchema } from './config-env.js';

/** Outside production the demo banks (the simulator) listen on loopback. */
const DEV_EGRESS_ALLOWED = ['127.0.0.0/8', '::1/128'];

/** Every environment variable the platform reads (docs/operations.md lists each with its default). */
export const CONFIG_KEYS: readonly string[] = Object.keys(envSchema.shape);

export interface Config {
  readonly env: 'development' | 'test' | 'production';
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly database: DatabaseSettings;
  readonly jwt: { readonly secret: string; readonly ttlSeconds: number; readonly clientTtlSeconds: number };
  /** People's sessions: refresh-token lifetime (sliding) and how long a token epoch is cached. */
  readonly sessions: { readonly refreshTtlSeconds: number; readonly epochCacheSeconds: number };
  /** SM4 keys for personal data at rest: the current one encrypts, older ones still decrypt. */
  readonly sm4: Sm4Keyring;
  /** The platform's SM2 key pair: signs consent artefacts and outbound bank envelopes. */
  readonly platformSm2: Sm2KeyPair;
  readonly logLevel: string;
  readonly demo: {
    readonly seed: boolean;
    readonly entityCount: number;
    /** How many demo entities get generated credit records on first start (0: none). */
    readonly creditRecordEntities: number;
    /** Whether the first start writes six months of past guarantees, defaults, 代偿 and 追偿. */
    readonly guaranteeHistory: boolean;
  };
  readonly ingestion: {
    readonly chunkSize: number;
    readonly maxUploadMb: number;
    readonly parallelWrites: number;
    readonly uploads: { readonly maxActive: number; readonly maxQueued: number; readonly waitMs: number };
    readonly staleBatchSeconds: number;
  };
  readonly bodyLimitKb: number;
  /** Raw bodies (files, signed callbacks) the process holds in memory at once before it answers 503. */
  readonly rawBodiesMaxKb: number;
  /** One client address's share of `rawBodiesMaxKb`. */
  readonly rawBodiesMaxKbPerAddress: number;
  /** Behind a reverse proxy: take the client IP (login rate limits) from X-Forwarded-For. */
  readonly trustProxy: boolean;
  readonly outbox: { readonly pollMs: number; readonly backoffBaseMs: number; readonly leaseSeconds: number };
  /** Bearer token of the Prometheus scraper for `/metrics` (unset: `/metrics` answers 401 to everyone). */
  readonly metricsToken: string | undefined;
  readonly schedulerEnabled: boolean;
  /** Monthly partitions: months created ahead, months kept per table (null: every month). */
  readonly partitions: {
    readonly monthsAhead: number;
    readonly retention: RetentionMonths;
    /** Retention of the unpartitioned growing tables, purged by batched deletes. */
    readonly deliveredOutboxMonths: number;
    readonly readNotificationMonths: number;
    /** Months records of the unpartitioned categories are kept after they stop being in effect (null: kept). */
    readonly endedRecordMonths: number | null;
  };
  readonly lending: {
    /** The longest validity an SME may choose for the `loan_application` grant it gives on submission (at most 366 days). */
    readonly consentValidityDays: number;
    /** The polling job asks a bank for the status of applications it has been silent about this long. */
    readonly pollSilentMinutes: number;
    /** SLA thresholds: applications past them are flagged overdue for the financial office. */
    readonly slaAcceptHours: number;
    readonly slaDecisionHours: number;
    /** Drafts and unaccepted submissions untouched this long expire (EXPIRED). */
    readonly expireDays: number;
    /** Refused bank callbacks kept per bank in the window (the endpoint needs no credentials); more are refused and not kept. */
    readonly callbackRejectionLimit: { readonly max: number; readonly windowSeconds: number };
  };
  /** 异议: working days the data-source department has to answer an objection before it escalates. */
  readonly objectionAnswerWorkingDays: number;
  /**
   * Bank connections are data (the `bank_connections` table, kept in the web and API). This is
   * only a one-time import at boot: each entry becomes the bank's stored connection unless the
   * bank already has one. Unset outside production with the simulator on: the demo banks are
   * stored as connections to the built-in bank simulator.
   */
  readonly bankAdapters: readonly BankAdapterSetting[] | undefined;
  /** 已对接 needs a successful exchange with the bank within this many days. */
  readonly bankConnectedWithinDays: number;
  /** Start the built-in bank simulator (default: on outside production, off in production). */
  readonly bankSimulator: boolean;
  /** Scales the simulator's callback retry schedule (4m, 10m, … 15h); tests compress it. */
  readonly bankSimulatorRetryScale: number;
  /** log2 of scrypt's N for new password hashes (15 by default; the tests' platforms set less). */
  readonly passwordScryptLog2N: number;
  /** How long the demo's automatic simulated banks take to decide an application. */
  readonly bankSimulatorDecisionDelayMs: number;
  /** The simulated 不动产登记中心 moves one node (受理 → 核定 → 登簿) every this many milliseconds. */
  readonly registrySimulatorStepMs: number;
  /**
   * Monthly feed to the national platform and the provincial node: the city's region code,
   * the job's cron (Asia/Shanghai), format version folders, and how each side is reached
   * (`simulator` in process, `file:<dir>` exchange directory, or an HTTPS service URL).
   */
  readonly nationalFeed: {
    readonly regionCode: string;
    readonly cron: string;
    readonly formatVersion: { readonly national: string; readonly provincial: string };
    readonly nationalExchange: string;
    readonly provincialExchange: string;
  };
  readonly loginLimits: {
    readonly maxFailuresPerAccountAndIp: number;
    readonly maxFailuresPerAccount: number;
    readonly maxFailuresPerIp: number;
    readonly windowSeconds: number;
  };
  /** "Username already taken" answers one account may get in the window (usernames are one namespace) before 429. */
  readonly usernameConflictLimit: { readonly maxPerAccount: number; readonly windowSeconds: number };
  /** Refused profile reads (查询记录) one institution may cause in the window before it is answered 429. */
  readonly refusedReadLimits: { readonly maxPerInstitution: number; readonly windowSeconds: number };
  /**
   * Refused signatures one client address (`max`), and one claimed sender from every address
   * (`maxPerClaim`), may have at the signed routes (bank callbacks, registry notices) per window, per instance.
   */
  readonly signatureFailureLimit: { readonly max: number; readonly maxPerClaim: number; readonly windowSeconds: number };
  /** Resources (answers 201) one enterprise may create in the window before it is answered 429. */
  readonly enterpriseCreationLimit: { readonly max: number; readonly windowSeconds: number };
  /** What a lending institution's people and machine clients may create together per window (decision 0057). */
  readonly institutionCreationLimit: { readonly max: number; readonly windowSeconds: number };
  /**
   * Outbound HTTP to configured URLs (webhooks, bank adapters): https only in production;
   * loopback, link-local and private addresses only inside these networks.
   */
  readonly egress: { readonly requireHttps: boolean; readonly allowedNetworks: readonly string[] };
  /**
   * SMS (短信): `simulator` keeps messages for the admin's 开发收件箱 (never in production), a URL
   * is the provider's endpoint; codes' lifetime, wrong tries and sending limits (per mobile from one
   * address, per mobile from all, per address).
   */
  readonly sms: {
    readonly gateway: 'simulator' | { readonly url: string; readonly token: string | undefined };
    readonly codes: { readonly ttlSeconds: number; readonly maxAttempts: number; readonly maxPerHour: number; readonly maxPerMobilePerHour: number; readonly maxPerIpPerHour: number; readonly minIntervalSeconds: number };
    /** Notification texts (站内消息 sent by SMS too) one mobile is sent within an hour; past it, the inbox only. */
    readonly notificationsPerMobilePerHour: number;
  };
  /** How long an invitation link (邀请链接) stays usable. */
  readonly invitationTtlHours: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

interface DevSecrets {
  jwtSecret: string;
  sm4Key: string;
  sm2: Sm2KeyPair;
}

/**
 * Outside production missing secrets (JWT secret, SM4 key, platform SM2 key pair) are generated
 * once and kept in the data dir, so a restart keeps sessions, encrypted columns and signatures
 * valid. Production must set all of them.
 */
function devSecrets(dataDir: string): DevSecrets {
  const file = join(dataDir, 'secrets.json');
  try {
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DevSecrets;
    mkdirSync(dataDir, { recursive: true });
    const secrets: DevSecrets = {
      jwtSecret: randomBytes(48).toString('base64url'),
      sm4Key: randomBytes(16).toString('hex'),
      sm2: generateSm2KeyPair(),
    };
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    return secrets;
  } catch (error) {
    // A folder that cannot be made or written, or a damaged secrets file: a restart cannot fix it.
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError(`Invalid configuration:\n✖ DATA_DIR (${dataDir}): the generated development secrets in secrets.json cannot be read or written (${reason})\n  → at DATA_DIR`);
  }
}

/** Settings whose empty value is meaningful (an empty list); any other set but empty is refused. */
const EMPTY_MEANS_NONE = new Set(['SM4_PREVIOUS_KEYS', 'EGRESS_ALLOWED_NETWORKS']);

/**
 * A variable set to nothing (`PORT=` in an env file, `${UNSET}` in a compose file) is refused by
 * name: read as a number it was 0 (a random port, "keep every month"), which nobody meant.
 */
function emptySettings(env: NodeJS.ProcessEnv): string[] {
  return CONFIG_KEYS.filter((key) => !EMPTY_MEANS_NONE.has(key) && env[key] !== undefined && env[key]!.trim() === '').map(
    (key) => `✖ ${key} is set but empty: give it a value, or unset it for its default\n  → at ${key}`,
  );
}

/** What production needs beyond valid values: real secrets and real counterparts, no demo shortcuts. */
function productionProblems(e: z.infer<typeof envSchema>): string[] {
  if (e.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  const missingSecrets = (['JWT_SECRET', 'SM4_KEY', 'PLATFORM_SM2_PRIVATE_KEY', 'PLATFORM_SM2_PUBLIC_KEY'] as const).filter((key) => !e[key]);
  if (missingSecrets.length > 0) {
    problems.push(`✖ JWT_SECRET, SM4_KEY, PLATFORM_SM2_PRIVATE_KEY and PLATFORM_SM2_PUBLIC_KEY must be set when NODE_ENV=production (missing: ${missingSecrets.join(', ')})`);
  }
  if (e.DEMO_SEED === true) problems.push('✖ DEMO_SEED=true is refused when NODE_ENV=production: the demo city would create accounts with a published password');
  if (e.SMS_GATEWAY === undefined || e.SMS_GATEWAY === 'simulator') problems.push('✖ SMS_GATEWAY must be the SMS provider URL when NODE_ENV=production (the simulator sends nothing)');
  // The feeds' simulators answer with receipts in process: the office would see months reported that never left.
  for (const key of ['NATIONAL_PLATFORM_EXCHANGE', 'PROVINCIAL_NODE_EXCHANGE'] as const) {
    if (e[key] === 'simulator') problems.push(`✖ ${key} must be file:<exchange directory> or the https:// service URL when NODE_ENV=production (the simulator receives the monthly feed in process, and nothing reaches the other side)`);
  }
  // Enterprises' data and credentials go to these: in clear text never (the egress guard would refuse
  // the SMS provider only at the first message, and the feed's exchange does not pass through it).
  for (const key of ['SMS_GATEWAY', 'NATIONAL_PLATFORM_EXCHANGE', 'PROVINCIAL_NODE_EXCHANGE'] as const) {
    if (e[key]?.startsWith('http://')) problems.push(`✖ ${key} must be an https:// URL when NODE_ENV=production\n  → at ${key}`);
  }
  if (e.PASSWORD_SCRYPT_LOG2N < DEFAULT_SCRYPT_LOG2N) {
    problems.push(`✖ PASSWORD_SCRYPT_LOG2N below ${DEFAULT_SCRYPT_LOG2N} is refused when NODE_ENV=production: password hashes would be cheaper to guess`);
  }
  return problems;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const empty = emptySettings(env);
  // The empty ones are named above; their schema errors would only repeat it.
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([key, value]) => EMPTY_MEANS_NONE.has(key) || value?.trim() !== '')));
  if (empty.length > 0 || !parsed.success) {
    // Every problem at once, so a deployment is not fixed one start at a time.
    const invalid = parsed.success ? [] : [z.prettifyError(parsed.error)];
    throw new ConfigError(`Invalid configuration:\n${[...empty, ...invalid].join('\n')}`);
  }
  const e = parsed.data;
  const problems = productionProblems(e);
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  const dataDir = resolve(e.DATA_DIR);
  const complete = e.JWT_SECRET && e.SM4_KEY && e.PLATFORM_SM2_PRIVATE_KEY && e.PLATFORM_SM2_PUBLIC_KEY;
  const secrets = complete ? undefined : devSecrets(dataDir);
  const config: Config = {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolMax: e.DATABASE_POOL_MAX, preparedStatements: e.DATABASE_PREPARED_STATEMENTS, ...(e.DATABASE_READ_URL ? { readUrl: e.DATABASE_READ_URL } : {}) }
      : { kind: 'pglite', dir: join(dataDir, 'pglite') },
    jwt: { secret: e.JWT_SECRET ?? secrets!.jwtSecret, ttlSeconds: e.JWT_TTL_SECONDS, clientTtlSeconds: e.CLIENT_TOKEN_TTL_SECONDS },
    sessions: { refreshTtlSeconds: e.REFRESH_TOKEN_TTL_SECONDS, epochCacheSeconds: e.SESSION_EPOCH_CACHE_SECONDS },
    sm4: keyring(e.SM4_KEY ?? secrets!.sm4Key, e.SM4_KEY_ID, e.SM4_PREVIOUS_KEYS, e.SM4_LEGACY_KEY_ID),
    platformSm2:
      e.PLATFORM_SM2_PRIVATE_KEY && e.PLATFORM_SM2_PUBLIC_KEY
        ? { privateKey: e.PLATFORM_SM2_PRIVATE_KEY.toLowerCase(), publicKey: e.PLATFORM_SM2_PUBLIC_KEY.toLowerCase() }
        : secrets!.sm2,
    logLevel: e.LOG_LEVEL,
    demo: { seed: e.DEMO_SEED ?? e.NODE_ENV !== 'production', entityCount: e.DEMO_ENTITY_COUNT, creditRecordEntities: e.DEMO_CREDIT_RECORD_ENTITIES, guaranteeHistory: e.DEMO_GUARANTEE_HISTORY ?? e.NODE_ENV !== 'test' },
    ingestion: {
      chunkSize: e.INGEST_CHUNK_SIZE,
      maxUploadMb: e.INGEST_MAX_UPLOAD_MB,
      parallelWrites: e.INGEST_PARALLEL_WRITES,
      uploads: { maxActive: e.INGEST_MAX_ACTIVE_UPLOADS, maxQueued: e.INGEST_MAX_QUEUED_UPLOADS, waitMs: e.INGEST_UPLOAD_WAIT_SECONDS * 1_000 },
      staleBatchSeconds: e.INGEST_STALE_BATCH_SECONDS,
    },
    bodyLimitKb: e.BODY_LIMIT_KB,
    rawBodiesMaxKb: e.RAW_BODIES_MAX_KB,
    rawBodiesMaxKbPerAddress: e.RAW_BODIES_MAX_KB_PER_ADDRESS,
    trustProxy: e.TRUST_PROXY,
    outbox: { pollMs: e.OUTBOX_POLL_MS, backoffBaseMs: e.OUTBOX_BACKOFF_BASE_MS, leaseSeconds: e.OUTBOX_LEASE_SECONDS },
    metricsToken: e.METRICS_TOKEN,
    schedulerEnabled: e.SCHEDULER_ENABLED,
    partitions: {
      monthsAhead: e.PARTITION_MONTHS_AHEAD,
      retention: {
        accessLogMonths: e.RETENTION_ACCESS_LOG_MONTHS === 0 ? null : e.RETENTION_ACCESS_LOG_MONTHS,
        loanEventMonths: e.RETENTION_LOAN_EVENTS_MONTHS === 0 ? null : e.RETENTION_LOAN_EVENTS_MONTHS,
        periodRecordMonths: e.RETENTION_PERIOD_RECORDS_MONTHS === 0 ? null : e.RETENTION_PERIOD_RECORDS_MONTHS,
      },
      deliveredOutboxMonths: e.RETENTION_DELIVERED_OUTBOX_MONTHS,
      readNotificationMonths: e.RETENTION_READ_NOTIFICATIONS_MONTHS,
      endedRecordMonths: e.RETENTION_ENDED_RECORDS_MONTHS === 0 ? null : e.RETENTION_ENDED_RECORDS_MONTHS,
    },
    lending: {
      consentValidityDays: e.LENDING_CONSENT_VALIDITY_DAYS,
      pollSilentMinutes: e.LENDING_POLL_SILENT_MINUTES,
      callbackRejectionLimit: { max: e.BANK_CALLBACK_REJECTIONS_MAX_PER_BANK, windowSeconds: e.BANK_CALLBACK_REJECTIONS_WINDOW_SECONDS },
      slaAcceptHours: e.LENDING_SLA_ACCEPT_HOURS,
      slaDecisionHours: e.LENDING_SLA_DECISION_HOURS,
      expireDays: e.LENDING_EXPIRE_DAYS,
    },
    objectionAnswerWorkingDays: e.OBJECTION_ANSWER_WORKING_DAYS,
    bankAdapters: e.BANK_ADAPTERS,
    bankConnectedWithinDays: e.BANK_CONNECTED_WITHIN_DAYS,
    bankSimulator: e.BANK_SIMULATOR ?? e.NODE_ENV !== 'production',
    bankSimulatorRetryScale: e.BANK_SIMULATOR_RETRY_SCALE,
    passwordScryptLog2N: e.PASSWORD_SCRYPT_LOG2N,
    bankSimulatorDecisionDelayMs: e.BANK_SIMULATOR_DECISION_DELAY_MS,
    registrySimulatorStepMs: e.REGISTRY_SIMULATOR_STEP_MS,
    nationalFeed: {
      regionCode: e.NATIONAL_FEED_REGION,
      cron: e.NATIONAL_FEED_CRON,
      formatVersion: { national: e.NATIONAL_FEED_FORMAT, provincial: e.PROVINCIAL_FEED_FORMAT },
      nationalExchange: e.NATIONAL_PLATFORM_EXCHANGE,
      provincialExchange: e.PROVINCIAL_NODE_EXCHANGE,
    },
    loginLimits: {
      maxFailuresPerAccountAndIp: e.LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP,
      maxFailuresPerAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerIp: e.LOGIN_MAX_FAILURES_PER_IP,
      windowSeconds: e.LOGIN_FAILURE_WINDOW_SECONDS,
    },
    usernameConflictLimit: { maxPerAccount: e.USERNAME_CONFLICTS_MAX_PER_ACCOUNT, windowSeconds: e.USERNAME_CONFLICTS_WINDOW_SECONDS },
    refusedReadLimits: { maxPerInstitution: e.REFUSED_READS_MAX_PER_INSTITUTION, windowSeconds: e.REFUSED_READS_WINDOW_SECONDS },
    signatureFailureLimit: {
      max: e.SIGNATURE_FAILURES_MAX_PER_ADDRESS,
      maxPerClaim: e.SIGNATURE_FAILURES_MAX_PER_CLAIM,
      windowSeconds: e.SIGNATURE_FAILURES_WINDOW_SECONDS,
    },
    enterpriseCreationLimit: { max: e.ENTERPRISE_CREATIONS_MAX_PER_WINDOW, windowSeconds: e.ENTERPRISE_CREATIONS_WINDOW_SECONDS },
    institutionCreationLimit: { max: e.INSTITUTION_CREATIONS_MAX_PER_WINDOW, windowSeconds: e.INSTITUTION_CREATIONS_WINDOW_SECONDS },
    egress: {
      requireHttps: e.NODE_ENV === 'production',
      allowedNetworks: e.EGRESS_ALLOWED_NETWORKS ?? (e.NODE_ENV === 'production' ? [] : DEV_EGRESS_ALLOWED),
    },
    sms: {
      gateway: !e.SMS_GATEWAY || e.SMS_GATEWAY === 'simulator' ? 'simulator' : { url: e.SMS_GATEWAY, token: e.SMS_GATEWAY_TOKEN },
      codes: {
        ttlSeconds: e.SMS_CODE_TTL_SECONDS,
        maxAttempts: e.SMS_CODE_MAX_ATTEMPTS,
        maxPerHour: e.SMS_CODE_MAX_PER_HOUR,
        maxPerMobilePerHour: e.SMS_CODE_MAX_PER_MOBILE_PER_HOUR,
        maxPerIpPerHour: e.SMS_CODE_MAX_PER_IP_PER_HOUR,
        minIntervalSeconds: e.SMS_CODE_MIN_INTERVAL_SECONDS,
      },
      notificationsPerMobilePerHour: e.SMS_NOTIFICATIONS_MAX_PER_MOBILE_PER_HOUR,
    },
    invitationTtlHours: e.INVITATION_TTL_HOURS,
  };
  return deepFreeze(config);
}

function keyring(currentHex: string, currentId: string, previous: readonly string[], legacyId: string | undefined): Sm4Keyring {
  const keys = new Map<string, Buffer>([[currentId, Buffer.from(currentHex, 'hex')]]);
  for (const entry of previous) {
    const [id = '', hex = ''] = entry.split(':');
    if (keys.has(id)) throw new ConfigError(`Invalid configuration:\n✖ SM4_PREVIOUS_KEYS names key id "${id}" twice or as the current SM4_KEY_ID`);
    keys.set(id, Buffer.from(hex, 'hex'));
  }
  const legacy = legacyId ?? currentId;
  if (!keys.has(legacy)) throw new ConfigError(`Invalid configuration:\n✖ SM4_LEGACY_KEY_ID "${legacy}" is neither SM4_KEY_ID nor in SM4_PREVIOUS_KEYS`);
  return { currentId, keys, legacyId: legacy };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
