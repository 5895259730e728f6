import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CommandInputError, operatorFailure } from '../src/start-failure.js';

/**
 * The values an operator gives a command, read so that a wrong one is a `CommandInputError` naming
 * it (one line, exit 64, through `runCommand` or `runDatabaseCommand`), never a stack trace.
 */

/** `parseArgs` whose refusals (an unknown option, a missing value) name the option at fault. */
export function commandArgs<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS_')) throw error;
    // Node names the option in quotes ("Unknown option '--prot'", "Option '--port <value>' argument missing").
    const named = /'(-[^' ]+)/.exec(message ?? '')?.[1] ?? 'arguments';
    throw new CommandInputError(named, (message ?? code).replace(/\. To specify a positional argument.*$/s, ''));
  }
}

/** A TCP port: a whole number 0–65535 (0: any free port). */
export function portArgument(argument: string, text: string): number {
  const port = /^\d{1,5}$/.test(text.trim()) ? Number(text) : NaN;
  if (!(port >= 0 && port <= 65_535)) throw new CommandInputError(argument, `"${text}" is not a port (a whole number from 0 to 65535)`);
  return port;
}

/** A number greater than 0, e.g. a time scale. */
export function positiveNumberArgument(argument: string, text: string): number {
  const value = text.trim() === '' ? NaN : Number(text);
  if (!(Number.isFinite(value) && value > 0)) throw new CommandInputError(argument, `"${text}" is not a number greater than 0`);
  return value;
}

/** A JSON object read from a file: a file that cannot be read or holds no JSON object names the option. */
export function jsonFileArgument(argument: string, file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CommandInputError(argument, `${file} cannot be read (${(error as { code?: string }).code ?? String(error)})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CommandInputError(argument, `${file} is not JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CommandInputError(argument, `${file} must hold a JSON object`);
  return value as Record<string, unknown>;
}

/**
 * Runs an operator's command that needs no database: a wrong value it was given, or a failure the
 * operator fixes (a port in use), is one line and its exit code; anything else keeps its stack (a bug).
 */
export async function runCommand(command: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    const failure = operatorFailure(undefined, error, command);
    if (!failure) throw error;
    console.error(failure.line);
    process.exit(failure.exitCode);
  }
}
