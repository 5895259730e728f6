import type { WebhookTest } from '@/api/institution-access-api';

/**
 * A test event's outcome in words for the 机构管理员. The platform records why a delivery failed
 * in English for the operator (`receiver answered HTTP 401`); the page says it in Chinese, with
 * what the bank's team should check.
 */
export function webhookTestText(test: Pick<WebhookTest, 'status' | 'error'>): { type: 'info' | 'success' | 'error'; text: string } {
  if (test.status === 'pending') return { type: 'info', text: '测试事件已发出，正在等待贵方地址应答……' };
  if (test.status === 'delivered') return { type: 'success', text: '测试事件已送达：贵方地址已应答成功（2xx）。' };
  return { type: 'error', text: `测试事件未送达：${failureText(test.error ?? '')}` };
}

function failureText(error: string): string {
  const status = /HTTP (\d{3})/.exec(error)?.[1];
  if (status === '401' || status === '403') return `贵方地址拒绝了该事件（状态码 ${status}），请核对验签所用的签名密钥与时间戳校验。`;
  if (/410/.test(error)) return '贵方地址答复不再接收事件（状态码 410）。';
  if (status) return `贵方地址返回状态码 ${status}，应答成功应为 2xx。`;
  if (/egress refused/.test(error)) return '平台不向该地址发送事件（本机、内网或不允许的地址），请更换回调地址。';
  if (/timeout|aborted/i.test(error)) return '贵方地址在 10 秒内未应答。';
  return '无法连接贵方地址，请确认该地址可从平台访问。';
}
