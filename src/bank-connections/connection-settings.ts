import type { BankAdapterDefinition } from '../../bank-adapters/port.js';
import type { SettingProblem } from '../../bank-adapters/index.js';
import type { FieldError } from '../platform/errors.js';

/**
 * How a connection's input maps onto its adapter's options: the secret options travel and are
 * stored apart (`secrets`), the bank's SM2 public key has its own field (`bankPublicKey`), the
 * rest are `options`. Pure functions, shared by saving, building and showing a connection.
 */
export type Definition = BankAdapterDefinition<never>;

/** The adapter's options from the three stored parts. */
export function adapterOptions(definition: Definition, options: Record<string, unknown>, secrets: Record<string, unknown>, bankPublicKey: string | null) {
  return { ...options, ...secrets, ...(definition.bankPublicKeyOption && bankPublicKey !== null ? { [definition.bankPublicKeyOption]: bankPublicKey } : {}) };
}

/** The input field a problem of the adapter's options belongs to, e.g. `secrets.apiKey`. */
export function fieldOf(definition: Definition, problem: SettingProblem): string {
  const [head, ...rest] = problem.path.map(String);
  if (head === undefined) return 'protocol';
  if (head === definition.bankPublicKeyOption) return 'bankPublicKey';
  const part = definition.secretOptions.includes(head) ? 'secrets' : 'options';
  return [part, head, ...rest].join('.');
}

export function fieldErrors(definition: Definition, problems: readonly SettingProblem[]): FieldError[] {
  return problems.map((p) => ({ field: fieldOf(definition, p), code: 'INVALID_VALUE', message: p.message }));
}

/** Secrets for a save: entered ones, else kept ones (same protocol), else generated ones; `revealed` are the new ones, shown once. */
export function resolveSecrets(
  definition: Definition,
  entered: Record<string, unknown>,
  kept: Record<string, unknown>,
  regenerate: readonly string[],
): { secrets: Record<string, unknown>; revealed: Record<string, unknown> } {
  const secrets: Record<string, unknown> = {};
  const revealed: Record<string, unknown> = {};
  for (const name of definition.secretOptions) {
    const generated = () => definition.generateSecret?.(name);
    const value = name in entered ? entered[name] : regenerate.includes(name) ? generated() : name in kept ? kept[name] : generated();
    if (value === undefined) continue;
    secrets[name] = value;
    if (value !== kept[name]) revealed[name] = value;
  }
  return { secrets, revealed };
}

/** A secret as shown after it was saved: its kind and last four characters only. */
export function maskSecret(value: unknown): string {
  if (Array.isArray(value)) return value.map(maskSecret).join(' ');
  const text = String(value);
  const prefix = text.startsWith('whsec_') ? 'whsec_' : '';
  return `${prefix}••••${text.length > 12 ? text.slice(-4) : ''}`;
}
