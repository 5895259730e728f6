import type { Schemas } from '@/api/schemas';
import { TARGET_LABELS } from '@/format/feed-labels';

type Message = Schemas['OutboxMessage'];
type Institution = Pick<Schemas['Institution'], 'id' | 'code' | 'name'>;

export const CHANNEL_LABELS: Record<string, string> = {
  bank_adapter: '银行系统',
  institution_webhook: '机构回调',
  national_feed: '月度报送',
  provincial_node: '省级节点',
  real_estate_registry: '不动产登记',
  notification_sms: '短信',
};

const TOPIC_LABELS: Record<string, string> = {
  'loan_application.submit': '推送贷款申请',
  'loan_application.cancel': '撤回贷款申请',
  'consent.granted': '授权生效通知',
  'consent.revoked': '授权撤销通知',
  'consent.expired': '授权到期通知',
  'application.overdue': '申请办理超时提醒',
  'application.material_supplied': '企业补充材料通知',
  'guarantee.pending': '待审担保通知',
  'webhook.test': '回调测试事件',
  'national_feed.submission': '月度数据报送',
  'credit_objection.resolved': '异议处理结果上报',
  'mortgage.apply': '不动产抵押登记申请',
};

/** The message type in words; every 短信 (`notification.<kind>`) is one type to the operator. */
export function topicText(topic: string): string {
  return TOPIC_LABELS[topic] ?? (topic.startsWith('notification.') ? '短信通知' : '其他消息');
}

/** Who receives it, named: an institution (by id or by code), the feed's node, the registry; an SMS goes to a user. */
export function targetText(message: Pick<Message, 'channel' | 'target'>, institutions: readonly Institution[]): string {
  const institution = institutions.find((i) => i.id === message.target || i.code === message.target);
  if (institution) return institution.name;
  if (message.channel === 'national_feed') return TARGET_LABELS[message.target as keyof typeof TARGET_LABELS] ?? '报送对象';
  if (message.channel === 'provincial_node') return TARGET_LABELS.provincial;
  if (message.channel === 'real_estate_registry') return '不动产登记中心';
  if (message.channel === 'notification_sms') return '平台用户（短信）';
  return '其他接收方';
}
