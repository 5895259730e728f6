export const TEST_SM4_KEY = '0123456789abcdeffedcba9876543210';

/**
 * The platform's SM2 key pair in tests. Fixed, not generated into each DATA_DIR: the demo city of
 * the seeded template (test/setup/demo-template.ts) holds consent artefacts signed with it, and a
 * platform started on a copy must verify them.
 */
const TEST_PLATFORM_SM2 = {
  PLATFORM_SM2_PRIVATE_KEY: '4821c6f3f442f1a2dd4b1276ce1ec32e886a78de4baaf7625776e88c25ab329c',
  PLATFORM_SM2_PUBLIC_KEY: '048d6a59b2e4b8a099a9df063d055896006bee7ab5c3e770fad6b25a42248e6309ce2f74e84efba9ed5c0eccd23f4f3b76873437759b09ddce264e574f2e8a1cd0',
};

/** The settings of every test platform, before a file's own (`startTestPlatform(env)`). */
export const testPlatformEnv = (dataDir: string): Record<string, string> => ({
  NODE_ENV: 'test',
  PORT: '0',
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  JWT_SECRET: 'test-secret-test-secret-test-secret-42',
  SM4_KEY: TEST_SM4_KEY,
  ...TEST_PLATFORM_SM2,
  LOG_LEVEL: 'silent',
  DEMO_ENTITY_COUNT: '300',
  DEMO_CREDIT_RECORD_ENTITIES: '50',
  // scrypt at N = 2^10 (about 1 ms) instead of 2^15 (about 0.15 s): the seed hashes three times
  // and every login verifies; what the hash itself must withstand is tested in src/platform.
  PASSWORD_SCRYPT_LOG2N: '10',
  // The bank simulator and the tests' receivers listen on loopback.
  EGRESS_ALLOWED_NETWORKS: '127.0.0.0/8,::1/128',
  // Every test registers its enterprises from loopback; the per-address limit has its own test.
  SMS_CODE_MAX_PER_IP_PER_HOUR: '1000000',
  // Tests forge signed callbacks from loopback by the dozen; the limits per address and per claimed
  // sender have their own test.
  SIGNATURE_FAILURES_MAX_PER_ADDRESS: '1000000',
  SIGNATURE_FAILURES_MAX_PER_CLAIM: '1000000',
  // The demo banks retry an unacknowledged callback after 4, 10, 10 … minutes. A scripted
  // callback that overtakes the one before it on a loaded machine (a default before its
  // disbursement) is refused until that one arrives; at a thousandth of the schedule its retry
  // comes within a second, as the lending fixtures' simulator does, not after the test gave up.
  BANK_SIMULATOR_RETRY_SCALE: '0.001',
});

/**
 * Settings a file may change and still start from the seeded template: none of them takes part in
 * the demo seed (the seed runs with the scheduler and the bank simulator off; a start with the
 * simulator on connects the demo banks itself, on every start). Any other setting (the demo's own,
 * the keys, the creation budgets whose windows the seed's writes fall in) gets a fresh seed.
 */
const SEED_NEUTRAL = [
  /^SCHEDULER_ENABLED$/,
  /^BANK_SIMULATOR(_DECISION_DELAY_MS|_RETRY_SCALE)?$/,
  /^LOG_LEVEL$/,
  /^OUTBOX_/,
  /^TRUST_PROXY$/,
  /^METRICS_TOKEN$/,
  /^BODY_LIMIT_KB$/,
  /^RAW_BODIES_/,
  /^LOGIN_MAX_FAILURES_/,
  /^SIGNATURE_FAILURES_/,
  /^REFUSED_READS_/,
  /^USERNAME_CONFLICTS_/,
  /^BANK_CALLBACK_REJECTIONS_/,
  /^LENDING_SLA_/,
  /^INGEST_STALE_BATCH_SECONDS$/,
  /^DATABASE_(POOL_MAX|PREPARED_STATEMENTS)$/,
];

/** A platform with these settings of its own may start on a copy of the seeded template. */
export const seedNeutral = (env: Record<string, string>): boolean => Object.keys(env).every((key) => SEED_NEUTRAL.some((pattern) => pattern.test(key)));
