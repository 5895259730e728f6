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

/**
 * One problem per option at fault. An option the protocol does not have is named by its own
 * path (`timeout`, not the options object), so the answer names `options.timeout`.
 */
function problemsOf(issue: z.core.$ZodIssue): SettingProblem[] {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: [...path, key], message: '该协议没有这个选项' }));
  return [{ path, message: issue.message }];
}

/** The egress guard's refusal in the words the bank's administrator reads (the reason itself is for logs). */
function egressMessage(refusal: string): string {
  return /https|http\(s\)|credentials|valid URL/.test(refusal)
    ? '银行接口地址须为不含账号密码的 https 地址'
    : '平台不向本机、内网、链路本地或云元数据地址发送请求；如确需使用内网地址，请联系平台运营人员加入白名单（EGRESS_ALLOWED_NETWORKS）';
}

export type SettingCheck = { ok: true; options: unknown } | { ok: false; problems: SettingProblem[] };

/**
 * Checks one bank's setting: a known adapter, options valid for that adapter's own schema and a
 * `baseUrl` the egress policy allows (https in production, no internal addresses unless
 * allow-listed). Returns the parsed options (defaults applied) or every problem found.
 */
export function checkBankAdapterSetting(setting: Pick<BankAdapterSetting, 'adapter' | 'options'>, egress: EgressGuard): SettingCheck {
  const definition = BANK_ADAPTER_REGISTRY[setting.adapter];
  if (!definition) return { ok: false, problems: [{ path: [], message: `未知的对接协议“${setting.adapter}”（可选：${Object.keys(BANK_ADAPTER_REGISTRY).join('、')}）` }] };
  const parsed = (definition.optionsSchema as z.ZodType).safeParse(setting.options);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.flatMap(problemsOf) };
  const baseUrl = (parsed.data as { baseUrl?: unknown }).baseUrl;
  const refusal = typeof baseUrl === 'string' ? egress.check(baseUrl) : undefined;
  if (refusal) return { ok: false, problems: [{ path: ['baseUrl'], message: egressMessage(refusal) }] };
  return { ok: true, options: parsed.data };
}

/** The adapter of one bank from options that passed {@link checkBankAdapterSetting}. */
export function createBankAdapter(adapter: string, options: unknown, context: AdapterContext): BankAdapter {
  const definition = BANK_ADAPTER_REGISTRY[adapter];
  if (!definition) throw new BankAdapterConfigError(`unknown adapter "${adapter}"`);
  return definition.create(options as never, context);
}
