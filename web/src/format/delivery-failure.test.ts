import { describe, expect, it } from 'vitest';
import { failureText, reasonText } from './delivery-failure';

describe('delivery failures in words', () => {
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

  // 报送版本详情 showed the national feed's 说明 with Node's English after the Chinese lead.
  it('keeps the Chinese lead of a stored 说明 and says its technical rest in Chinese', () => {
    expect(reasonText('第 2 次报送失败：GET /receipts/t1: TypeError: fetch failed')).toBe('第 2 次报送失败：无法连接对方系统');
    expect(reasonText('第 3 次报送失败：exchange directory not writable: EACCES: permission denied')).toBe('第 3 次报送失败：报送文件无法写入交换目录');
    expect(reasonText('生成失败：Cannot read properties of undefined (reading \'uscc\')')).toBe('生成失败：技术原因见提示');
    expect(reasonText('处理失败：对方数据项缺失')).toBe('处理失败：对方数据项缺失');
    expect(reasonText('12 条记录不符合数据项格式，本次报送已阻止')).toBe('12 条记录不符合数据项格式，本次报送已阻止');
    expect(reasonText('socket hang up')).toBe('未成功（技术原因见提示）');
    expect(reasonText(null)).toBe('');
  });
});
