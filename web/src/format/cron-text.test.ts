import { describe, expect, it } from 'vitest';
import { cronText } from './cron-text';

describe('cronText', () => {
  it('says the schedules the platform uses in words', () => {
    expect(cronText('* * * * *')).toBe('每分钟');
    expect(cronText('*/10 * * * *')).toBe('每10分钟');
    expect(cronText('5-55/10 * * * *')).toBe('每10分钟（每小时第5至55分）');
    expect(cronText('40 * * * *')).toBe('每小时第40分');
    expect(cronText('17 3 * * *')).toBe('每天 03:17');
    expect(cronText('0 2 5 * *')).toBe('每月5日 02:00');
    expect(cronText('50 1 1 * *')).toBe('每月1日 01:50');
    expect(cronText('0 8 * * 1')).toBe('每周一 08:00');
    expect(cronText('0 8 * * 0')).toBe('每周日 08:00');
  });

  it('never shows an expression it cannot say in words', () => {
    for (const expression of ['0 8 * 1 *', '0 8-18 * * *', '*/5 8 * * *', '0 8 1 * 1', '0 8 * * 1-5', 'nonsense', '']) {
      expect(cronText(expression)).toBe('按自定义周期运行');
    }
  });
});
