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

/**
 * Secrets for a save: entered ones, else kept ones (same protocol), else generated ones; `revealed`
 * are the new ones, shown once. A list secret regenerated (json-webhooks' `webhookSecrets`) keeps
 * the one it replaces second, so callbacks the bank signs with it still verify while it deploys
 * the new one: regenerating dropped it at once, and every callback in between was refused 401.
 * Saving the list entered (the new one alone) ends the old one.
 */
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
    const rotating = !(name in entered) && regenerate.includes(name);
    const value = name in entered ? entered[name] : rotating ? generated() : name in kept ? kept[name] : generated();
    if (value === undefined) continue;
    const replaced = kept[name];
    if (rotating && Array.isArray(value) && Array.isArray(replaced) && replaced.length > 0) {
      secrets[name] = [...(value as unknown[]), replaced[0]];
      revealed[name] = value;
      continue;
    }
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
