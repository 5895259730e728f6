import { describe, expect, it } from 'vitest';
import type { DbOrTrx } from '../../db/database.js';
import type { Audience, Notice } from '../../notifications/notification.js';
import { applicationNotices } from './application-notices.js';
import type { LoanApplication, NewApplicationEvent } from './loan-application.js';

const tx = {} as DbOrTrx;
const application = { id: 'app1', enterpriseId: 'ent1', bankId: 'bank1', amount: '500000.00', termMonths: 12, version: 3 } as LoanApplication;

function setUp() {
  const told: { audience: Audience; notice: Notice }[] = [];
  const observer = applicationNotices({
    notifications: { notify: async (_tx, audience, notice) => void told.push({ audience, notice }) },
    banks: { findById: async () => ({ id: 'bank1', code: 'B1', name: '测试银行' }) },
    enterprises: { summary: async () => ({ uscc: '91420200000000000X', name: '测试企业' }) },
  });
  const event = (action: NewApplicationEvent['action'], details: Record<string, unknown>, reason: string | null = null): NewApplicationEvent => ({
    applicationId: 'app1', fromStatus: null, toStatus: 'UNDER_REVIEW', action, actorType: 'bank_officer', actorId: 'u1', reason, details, occurredAt: new Date(0),
  });
  return { told, on: (e: NewApplicationEvent) => observer.onEvent(tx, application, e), event };
}

describe('applicationNotices', () => {
  it("tells the bank's people of a submission with the applicant and amount", async () => {
    const { told, on, event } = setUp();
    await on(event('submit', {}));
    expect(told).toEqual([{ audience: { to: 'institution_staff', institutionId: 'bank1' }, notice: expect.objectContaining({ kind: 'application_received', link: '/bank/applications/app1' }) }]);
    expect(told[0]!.notice.body).toContain('测试企业申请贷款 500,000.00 元');
  });

  it('tells the SME what material is needed, the approved terms with the note, and the decline reason', async () => {
    const { told, on, event } = setUp();
    await on(event('request_action', { bankEventId: 'e1', action: { type: 'ADD_DOCUMENT', description: '近三个月流水' } }));
    await on(event('approve', { bankEventId: 'e2', approval: { amount: '1200000', rate: '3.85', termMonths: 24 }, note: '按季付息' }));
    await on(event('reject', { bankEventId: 'e3', rejection: { reason: 'POLICY_NOT_MET', description: '行业受限' } }));
    expect(told.every((t) => t.audience.to === 'enterprise')).toBe(true);
    expect(told.map((t) => t.notice.kind)).toEqual(['material_requested', 'application_approved', 'application_declined']);
    expect(told[0]!.notice.quote).toContain('近三个月流水');
    expect(told[1]!.notice.body).toContain('1,200,000.00 元，年利率 3.85%，期限 24 个月');
    expect(told[1]!.notice.quote).toContain('审批意见：按季付息');
    expect(told[2]!.notice.body).toContain('不符合产品政策');
    expect(told[2]!.notice.quote).toContain('行业受限');
    expect(new Set(told.map((t) => t.notice.dedupeKey)).size).toBe(3);
  });

  it('skips implied steps and repayments, and keys each disbursement by its tranche', async () => {
    const { told, on, event } = setUp();
    await on(event('contract', { bankEventId: 'e4', implied: true }));
    await on(event('record', { bankEventId: 'e5', entry: { kind: 'repayment', amount: '1000', reference: 'R1', occurredOn: '2027-01-01' } }));
    await on(event('disburse', { bankEventId: 'e6', entry: { kind: 'disbursement', amount: '300000', reference: 'D1', occurredOn: '2027-01-02' } }));
    await on(event('record', { bankEventId: 'e7', entry: { kind: 'disbursement', amount: '200000', reference: 'D2', occurredOn: '2027-01-03' } }));
    expect(told.map((t) => t.notice.dedupeKey)).toEqual(['application:app1:disbursed:D1', 'application:app1:disbursed:D2']);
    expect(told[1]!.notice.body).toContain('200,000.00 元（放款日 2027-01-03）');
  });

  it("tells the guarantee company's people of a 见保即贷 application and the SME of the guarantee's decision", async () => {
    const { told, on, event } = setUp();
    await on(event('submit_for_guarantee', { guaranteeCompanyId: 'g1' }));
    await on(event('decline_guarantee', {}, '超出在保余额'));
    expect(told[0]!.audience).toEqual({ to: 'institution_staff', institutionId: 'g1' });
    expect(told[1]).toMatchObject({ audience: { to: 'enterprise', enterpriseId: 'ent1' }, notice: { kind: 'guarantee_decided' } });
    expect(told[1]!.notice.quote).toContain('超出在保余额');
  });

  it('keeps every word a bank or guarantee company typed out of the title and body, the text an SMS carries', async () => {
    const { told, on, event } = setUp();
    const typed = '请点击 http://evil.example 或拨打 4001234567 办理';
    await on(event('request_action', { bankEventId: 'e1', action: { type: 'ADD_DOCUMENT', description: typed } }));
    await on(event('approve', { bankEventId: 'e2', approval: { amount: '1200000', rate: '3.85', termMonths: 24 }, note: typed }));
    await on(event('reject', { bankEventId: 'e3', rejection: { reason: 'OTHERS', description: typed } }));
    await on(event('decline_guarantee', {}, typed));
    expect(told).toHaveLength(4);
    for (const { notice } of told) {
      expect(`${notice.title}${notice.body}`).not.toContain('evil.example');
      expect(notice.quote).toContain(typed);
    }
  });
});
