import { describe, expect, it } from 'vitest';
import { failureText, targetText, topicText } from './outbox-labels';

const icbc = { id: '1aef4ee5-161e-4d36-a7a5-8dde38d98abc', code: 'ICBC_HS', name: '中国工商银行黄石分行' };

describe('outbox labels', () => {
  it('names the receiver by institution id or code, and the other receivers in words', () => {
    expect(targetText({ channel: 'institution_webhook', target: icbc.id }, [icbc])).toBe('中国工商银行黄石分行');
    expect(targetText({ channel: 'bank_adapter', target: 'ICBC_HS' }, [icbc])).toBe('中国工商银行黄石分行');
    expect(targetText({ channel: 'national_feed', target: 'national' }, [])).toBe('全国融资信用服务平台');
    expect(targetText({ channel: 'provincial_node', target: 'provincial_node' }, [])).toBe('省级节点（鄂融通）');
    expect(targetText({ channel: 'notification_sms', target: '0c1f7d2e-0000-4000-8000-000000000000' }, [icbc])).toBe('平台用户（短信）');
  });

  // The admin read 最近错误 as the adapters word it for engineers: "bank unreachable: TypeError: fetch failed".
  it('says a technical failure in Chinese by its kind, and keeps a message already in Chinese', () => {
    expect(failureText('ICBC_HS: bank unreachable: TypeError: fetch failed')).toBe('无法连接对方系统');
    expect(failureText('ICBC_HS: bank did not answer within 10000 ms')).toBe('对方系统 10 秒内未应答');
    expect(failureText('bank answered 503: busy')).toBe('对方系统返回错误（状态 503）');
    expect(failureText('receiver answered HTTP 500')).toBe('对方系统返回错误（状态 500）');
    expect(failureText('receiver answered 410 Gone')).toBe('对方已停用该接收地址（状态 410）');
    expect(failureText('bank return_code 50001: 系统繁忙')).toBe('对方系统拒绝办理（返回码 50001）');
    expect(failureText('CCB_HS: bank return_code 40002: bad request')).toBe('对方系统拒绝办理（返回码 40002）');
    expect(failureText('egress refused: 10.0.0.1 is private')).toBe('对方地址不被平台的出站访问策略允许');
    expect(failureText('no deliverer for channel fax')).toBe('平台未配置该接收方的投递方式');
    expect(failureText('HTTP 503 银行系统繁忙')).toBe('HTTP 503 银行系统繁忙');
    expect(failureText('something odd')).toBe('投递未成功（技术原因见提示）');
    expect(failureText(null)).toBe('');
  });

  it('names message types, every SMS as one', () => {
    expect(topicText('consent.revoked')).toBe('授权撤销通知');
    expect(topicText('loan_application.submit')).toBe('推送贷款申请');
    expect(topicText('notification.application_approved')).toBe('短信通知');
    expect(topicText('something.new')).toBe('其他消息');
  });
});
