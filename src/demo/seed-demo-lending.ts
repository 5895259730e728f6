import type { Db } from '../db/database.js';
import { institutionStore } from '../institutions/institution-store.js';
import type { ProductDraft } from '../lending/products/loan-product.js';
import { productStore } from '../lending/products/product-store.js';

const DEMO_PRODUCTS: readonly { bankCode: string; draft: ProductDraft }[] = [
  {
    bankCode: 'ICBC_HS',
    draft: {
      name: '工银经营快贷',
      description: '依托纳税、社保等涉企信用信息的线上信用贷款，随借随还。',
      minAmount: '100000.00',
      maxAmount: '3000000.00',
      minTermMonths: 6,
      maxTermMonths: 36,
      minRate: '3.4500',
      maxRate: '4.3500',
      guaranteeType: 'credit',
      eligibility: [
        { field: 'yearsEstablished', operator: 'gte', value: 2 },
        { field: 'entityType', operator: 'in', value: ['enterprise', 'individual_business'] },
      ],
      regionCode: null,
      zoneTags: ['tech_loan'],
    },
  },
  {
    bankCode: 'CCB_HS',
    draft: {
      name: '建行云税贷',
      description: '按纳税信用等级核定额度的纯信用贷款。',
      minAmount: '50000.00',
      maxAmount: '2000000.00',
      minTermMonths: 3,
      maxTermMonths: 24,
      minRate: '3.6000',
      maxRate: '4.6000',
      guaranteeType: 'credit',
      eligibility: [{ field: 'yearsEstablished', operator: 'gte', value: 1 }],
      regionCode: null,
      zoneTags: [],
    },
  },
  {
    bankCode: 'HBB_HS',
    draft: {
      name: '科担贷',
      description: '科技型中小企业贷款，由科技融资担保公司提供担保。',
      minAmount: '300000.00',
      maxAmount: '5000000.00',
      minTermMonths: 12,
      maxTermMonths: 36,
      minRate: '3.8000',
      maxRate: '5.0000',
      guaranteeType: 'guarantee_company',
      eligibility: [{ field: 'entityType', operator: 'eq', value: 'enterprise' }],
      regionCode: null,
      zoneTags: ['tech_loan'],
    },
  },
  {
    bankCode: 'HSRCB',
    draft: {
      name: '乡村振兴贷',
      description: '面向农民专业合作社与涉农小微企业的经营贷款。',
      minAmount: '30000.00',
      maxAmount: '1000000.00',
      minTermMonths: 6,
      maxTermMonths: 36,
      minRate: '3.9500',
      maxRate: '5.5000',
      guaranteeType: 'guarantee',
      eligibility: [],
      regionCode: null,
      zoneTags: ['rural_revitalization'],
    },
  },
];

/** One published product per connected demo bank, on first start (when no product exists yet). */
export async function seedDemoLending(knex: Db): Promise<void> {
  if ((await productStore.list(knex, {})).length > 0) return;
  const banks = await institutionStore.list(knex, { type: 'bank' });
  await knex.transaction(async (tx) => {
    for (const { bankCode, draft } of DEMO_PRODUCTS) {
      const bank = banks.find((b) => b.code === bankCode);
      if (!bank) continue;
      const product = await productStore.insert(tx, bank.id, draft);
      await productStore.setStatus(tx, product.id, ['draft'], 'published', new Date());
    }
  });
}
