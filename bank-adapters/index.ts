import { z } from 'zod';
import type { EgressGuard } from '../src/platform/egress/egress-guard.js';
import { cnOpenPlatformAdapter } from './cn-open-platform/cn-open-platform-adapter.js';
import { jsonWebhooksAdapter } from './json-webhooks/json-webhooks-adapter.js';
import type { AdapterContext, BankAdapter, BankAdapterDefinition } from './port.js';

/**
 * The explicit registry of bank protocols: identifier → definition. Adding a protocol means
 * adding its folder and one line here; nothing is discovered at run time.
 */
export const BANK_ADAPTER_REGISTRY: Readonly<Record<string, BankAdapterDefinition<never>>> = {
  [jsonWebhooksAdapter.identifier]: jsonWebhooksAdapter as BankAdapterDefinition<never>,
  [cnOpenPlatformAdapter.identifier]: cnOpenPlatformAdapter as BankAdapterDefinition<never>,
};

/** How one bank is reached: its adapter and that adapter's options (one entry of `BANK_ADAPTERS`). */
export const bankAdapterSettingSchema = z
  .object({ bankCode: z.string().min(1), adapter: z.string().min(1), options: z.record(z.string(), z.unknown()) })
  .strict();
export interface BankAdapterSetting {
  readonly bankCode: string;
  readonly adapter: string;
  readonly options: Readonly<Record<string, unknown>>;
}

export class BankAdapterConfigError extends Error {
  override readonly name = 'BankAdapterConfigError';
}

/** One problem with a setting: the option at fault (a path inside `options`, empty for the adapter itself) and why. */
export interface SettingProblem {
  path: readonly (string | number)[];
  message: string;
}

export type SettingCheck = { ok: true; options: unknown } | { ok: false; problems: SettingProblem[] };

/**
 * Checks one bank's setting: a known adapter, options valid for that adapter's own schema and a
 * `baseUrl` the egress policy allows (https in production, no internal addresses unless
 * allow-listed). Returns the parsed options (defaults applied) or every problem found.
 */
export function checkBankAdapterSetting(setting: Pick<BankAdapterSetting, 'adapter' | 'options'>, egress: EgressGuard): SettingCheck {
  const definition = BANK_ADAPTER_REGISTRY[setting.adapter];
  if (!definition) return { ok: false, problems: [{ path: [], message: `unknown adapter "${setting.adapter}" (known: ${Object.keys(BANK_ADAPTER_REGISTRY).join(', ')})` }] };
  const parsed = (definition.optionsSchema as z.ZodType).safeParse(setting.options);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message })) };
  const baseUrl = (parsed.data as { baseUrl?: unknown }).baseUrl;
  const refusal = typeof baseUrl === 'string' ? egress.check(baseUrl) : undefined;
  if (refusal) return { ok: false, problems: [{ path: ['baseUrl'], message: `refused by the egress policy: ${refusal} (see EGRESS_ALLOWED_NETWORKS)` }] };
  return { ok: true, options: parsed.data };
}

/** The adapter of one bank from options that passed {@link checkBankAdapterSetting}. */
export function createBankAdapter(adapter: string, options: unknown, context: AdapterContext): BankAdapter {
  const definition = BANK_ADAPTER_REGISTRY[adapter];
  if (!definition) throw new BankAdapterConfigError(`unknown adapter "${adapter}"`);
  return definition.create(options as never, context);
}
