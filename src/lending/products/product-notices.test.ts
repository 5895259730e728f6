import { describe, expect, it } from 'vitest';
import type { DbOrTrx } from '../../db/database.js';
import type { Audience, Notice } from '../../notifications/notification.js';
import type { LoanProduct } from './loan-product.js';
import { productNotices } from './product-notices.js';

const product = { id: 'p1', bankId: 'bank-1', name: '科创贷' } as LoanProduct;
const tx = {} as DbOrTrx;

function recorder() {
  const told: { audience: Audience; notice: Notice }[] = [];
  return { told, notify: async (_tx: DbOrTrx, audience: Audience, notice: Notice) => void told.push({ audience, notice }) };
}

describe('productNotices', () => {
  it("tells the product's bank admins, with the reason of a return, and keys each decision by its moment", async () => {
    const fake = recorder();
    const observer = productNotices(fake);
    const at = new Date('2026-12-07T08:00:00Z');
    await observer.onDecision(tx, product, { kind: 'returned', reason: '利率不符' }, at);
    await observer.onDecision(tx, product, { kind: 'published' }, at);
    await observer.onDecision(tx, product, { kind: 'published' }, new Date('2026-12-08T08:00:00Z'));
    expect(fake.told.map((t) => t.audience)).toEqual(Array(3).fill({ to: 'institution_admins', institutionId: 'bank-1' }));
    expect(fake.told[0]!.notice).toMatchObject({ kind: 'product_reviewed', title: '贷款产品被退回修改', link: '/bank/products' });
    expect(fake.told[0]!.notice.body).toContain('利率不符');
    expect(fake.told[0]!.notice.body).toContain('科创贷');
    const keys = fake.told.map((t) => t.notice.dedupeKey);
    expect(new Set(keys).size).toBe(3);
  });

  it('says every decision in Chinese only', async () => {
    const fake = recorder();
    const observer = productNotices(fake);
    for (const decision of [{ kind: 'published' }, { kind: 'returned', reason: '材料不全' }, { kind: 'withdrawn' }] as const) {
      await observer.onDecision(tx, product, decision, new Date());
    }
    for (const { notice } of fake.told) expect(`${notice.title}${notice.body}`).not.toMatch(/[A-Za-z]/);
  });
});
