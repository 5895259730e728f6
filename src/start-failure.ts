import { ConfigError, loadConfig, type Config } from './config.js';
import { DatabaseFolderInUseError } from './db/database-folder-lock.js';
import { isDatabaseUnavailable, sqlState } from './db/transaction.js';
import { Sm4KeyMissingError } from './platform/national-crypto.js';

/**
 * How a start that the operator must fix outside the platform is reported, by the server and by
 * every command run with the platform's environment (`npm run setup`, `npm run reencrypt`,
 * `npm run migrate`): one line naming the setting, never a stack trace, and an exit code saying
 * whether a restart can help.
 */
export interface StartFailure {
  readonly line: string;
  /** 78 (EX_CONFIG): a setting is wrong, a restart cannot fix it (`npm start`'s supervisor stops). 64 (EX_USAGE): a value given to a command is wrong. 1: it may pass. */
  readonly exitCode: 1 | 64 | 78;
}

/** EX_CONFIG: the supervisor (scripts/supervise.ts) does not restart what a restart cannot fix. */
export const CONFIG_ERROR_EXIT = 78;
/** EX_USAGE: a value the operator gave a command (an option, a SETUP_* variable, an answer at the prompt) is wrong. */
export const USAGE_ERROR_EXIT = 64;

/**
 * A wrong value given to an operator's command, named as the operator gave it (`--port`,
 * `SETUP_OPERATOR_USCC`): told as one line `<command>: <argument>: <reason>`, exit 64, never a stack.
 */
export class CommandInputError extends Error {
  override readonly name = 'CommandInputError';
  constructor(
    readonly argument: string,
    readonly reason: string,
  ) {
    super(`${argument}: ${reason}`);
  }
}

export function describeStartFailure(config: Config | undefined, error: unknown, who = 'The platform'): StartFailure {
  return operatorFailure(config, error, who) ?? { line: `${who} failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, exitCode: 1 };
}

/** The failures the operator fixes outside the platform, as one line; undefined for anything else (a bug: keep its stack). */
export function operatorFailure(config: Config | undefined, error: unknown, who = 'The platform'): StartFailure | undefined {
  const failed = `${who} failed to start:`;
  if (error instanceof CommandInputError) return { line: `${who}: ${error.message}`, exitCode: USAGE_ERROR_EXIT };
  if (error instanceof Sm4KeyMissingError) {
    return { line: `${who}: SM4_PREVIOUS_KEYS: stored values are encrypted under key ${error.keyId}, which neither SM4_KEY_ID nor SM4_PREVIOUS_KEYS names; add it as ${error.keyId}:<32 hex>.`, exitCode: CONFIG_ERROR_EXIT };
  }
  if (error instanceof ConfigError) return { line: error.message, exitCode: CONFIG_ERROR_EXIT };
  if (error instanceof DatabaseFolderInUseError) return { line: `${failed} DATA_DIR: ${error.message}.`, exitCode: CONFIG_ERROR_EXIT };
  const { code, syscall, hostname, path } = (error ?? {}) as { code?: unknown; syscall?: unknown; hostname?: unknown; path?: unknown };
  // The embedded database's folder cannot be made or written (secrets from the environment skip the
  // earlier check of DATA_DIR that writing the generated ones is).
  if (config && typeof path === 'string' && typeof code === 'string' && (path === config.dataDir || path.startsWith(`${config.dataDir}/`))) {
    return { line: `${failed} DATA_DIR (${config.dataDir}) cannot be used: ${String(syscall)} ${path} failed (${code}); give a folder this process may create and write.`, exitCode: CONFIG_ERROR_EXIT };
  }
  if (config && (code === 'EADDRINUSE' || code === 'EACCES')) {
    return { line: `${failed} ${config.host}:${config.port} cannot be listened on (${code}): another process holds the port, or it needs privileges; set PORT (and HOST) or stop that process.`, exitCode: 1 };
  }
  // HOST names no address of this machine, or a name that does not resolve (EAI_AGAIN, a DNS hiccup, may pass).
  if (config && (syscall === 'listen' || (syscall === 'getaddrinfo' && hostname === config.host))) {
    return { line: `${failed} HOST (${config.host}) cannot be listened on (${String(code)}): set HOST to an address of this machine, or 0.0.0.0 for all.`, exitCode: code === 'EAI_AGAIN' ? 1 : CONFIG_ERROR_EXIT };
  }
  if (config?.database.kind === 'postgres') {
    if (isDatabaseUnavailable(error)) {
      return { line: `${failed} the database at DATABASE_URL does not answer (${String(code ?? (error as Error).message)}); check that PostgreSQL runs and accepts connections.`, exitCode: 1 };
    }
    const state = sqlState(error);
    const reason = `${state} ${firstLine(error)}`;
    // Class 28: the user or its password; 3D000: no such database. The URL is not echoed: it holds the password.
    if (state?.startsWith('28') || state === '3D000') {
      return { line: `${failed} the database at DATABASE_URL refused the connection (${reason}); check the user, password and database name in DATABASE_URL.`, exitCode: CONFIG_ERROR_EXIT };
    }
    if (state === '42501') {
      return { line: `${failed} the DATABASE_URL user may not create or change the platform's tables (${reason}); connect as the database's owner (createdb -O <user>).`, exitCode: CONFIG_ERROR_EXIT };
    }
  }
  return undefined;
}

/** The configuration for a command run with the platform's environment, or one line and exit 78. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(CONFIG_ERROR_EXIT);
  }
}

/** Reports a failed start as `describeStartFailure` says and exits with its code. */
export function exitOnStartFailure(config: Config | undefined, error: unknown, who?: string): never {
  const failure = describeStartFailure(config, error, who);
  console.error(failure.line);
  process.exit(failure.exitCode);
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
