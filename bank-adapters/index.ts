import { z } from 'zod';
import { cnOpenPlatformAdapter } from './cn-open-platform/cn-open-platform-adapter.js';
import { BankGateway } from './gateway.js';
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

/**
 * Builds the gateway at boot. Every bank's options are checked against its adapter's schema
 * and its `baseUrl` against the egress policy (https in production, no internal addresses
 * unless allow-listed) first; any problem (unknown adapter, bad option, bank configured twice) stops the boot with
 * one message naming every bad setting.
 */
export function loadBankAdapters(
  settings: readonly BankAdapterSetting[],
  context: Omit<AdapterContext, 'bankCode' | 'callbackPath'> & { callbackPath(bankCode: string): string },
): BankGateway {
  const problems: string[] = [];
  const adapters = new Map<string, BankAdapter>();
  for (const setting of settings) {
    const definition = BANK_ADAPTER_REGISTRY[setting.adapter];
    if (!definition) {
      problems.push(`${setting.bankCode}: unknown adapter "${setting.adapter}" (known: ${Object.keys(BANK_ADAPTER_REGISTRY).join(', ')})`);
      continue;
    }
    if (adapters.has(setting.bankCode)) {
      problems.push(`${setting.bankCode}: configured more than once`);
      continue;
    }
    const parsed = (definition.optionsSchema as z.ZodType).safeParse(setting.options);
    if (!parsed.success) {
      problems.push(`${setting.bankCode} (${setting.adapter}):\n${z.prettifyError(parsed.error)}`);
      continue;
    }
    const baseUrl = (parsed.data as { baseUrl?: unknown }).baseUrl;
    const refusal = typeof baseUrl === 'string' ? context.egress.check(baseUrl) : undefined;
    if (refusal) {
      problems.push(`${setting.bankCode} (${setting.adapter}): options.baseUrl refused by the egress policy: ${refusal} (see EGRESS_ALLOWED_NETWORKS)`);
      continue;
    }
    adapters.set(
      setting.bankCode,
      definition.create(parsed.data as never, { ...context, bankCode: setting.bankCode, callbackPath: context.callbackPath(setting.bankCode) }),
    );
  }
  if (problems.length) throw new BankAdapterConfigError(`Invalid bank adapter configuration:\n${problems.join('\n')}`);
  return new BankGateway(adapters);
}
