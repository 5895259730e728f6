import { describe, expect, it } from 'vitest';
import { targetText, topicText } from './outbox-labels';

const icbc = { id: '1aef4ee5-161e-4d36-a7a5-8dde38d98abc', code: 'ICBC_HS', name: '中国工商银行黄石分行' };

describe('outbox labels', () => {
  it('names the receiver by institution id or code, and the other receivers in words', () => {
    expect(targetText({ channel: 'institution_webhook', target: icbc.id }, [icbc])).toBe('中国工商银行黄石分行');
    expect(targetText({ channel: 'bank_adapter', target: 'ICBC_HS' }, [icbc])).toBe('中国工商银行黄石分行');
    expect(targetText({ channel: 'national_feed', target: 'national' }, [])).toBe('全国融资信用服务平台');
    expect(targetText({ channel: 'provincial_node', target: 'provincial_node' }, [])).toBe('省级节点（鄂融通）');
    expect(targetText({ channel: 'notification_sms', target: '0c1f7d2e-0000-4000-8000-000000000000' }, [icbc])).toBe('平台用户（短信）');
  });

  it('names message types, every SMS as one', () => {
    expect(topicText('consent.revoked')).toBe('授权撤销通知');
    expect(topicText('loan_application.submit')).toBe('推送贷款申请');
    expect(topicText('notification.application_approved')).toBe('短信通知');
    expect(topicText('something.new')).toBe('其他消息');
  });
});
