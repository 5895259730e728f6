import type { BankConnectionRequest } from '@/api/bank-connections-api';

export type Protocol = BankConnectionRequest['protocol'];

/** The wire protocols in words (the identifiers stay in the API). */
export const PROTOCOL_LABELS: Record<Protocol, string> = {
  'json-webhooks': '通用报文接口（回调签名校验）',
  'cn-open-platform-sm': '开放平台报文接口（国密 SM2 签名、SM4 加密）',
};

/** Secrets by their API names. */
export const SECRET_LABELS: Record<string, string> = {
  apiKey: '接口令牌（银行颁发）',
  webhookSecrets: '回调签名密钥',
  sm4Key: '报文加密密钥（SM4）',
};

/** A secret's value as shown once: a list of several is one per line. */
export function secretText(value: unknown): string {
  return Array.isArray(value) ? value.map(String).join('\n') : String(value);
}

/** "已保存（尾号 abcd）" from a masked secret, without the mask's own prefixes. */
export function savedHint(masked: string | undefined): string {
  if (!masked) return '';
  const tail = masked.split('••••').at(-1)?.trim() ?? '';
  return tail ? `已保存（尾号 ${tail}）` : '已保存';
}
