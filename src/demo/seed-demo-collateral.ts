import type { Db } from '../db/database.js';
import { institutionStore } from '../institutions/institution-store.js';
import { productStore } from '../lending/products/product-store.js';

const NAME = '厂房抵押贷';

/**
 * The demo city's mortgage-secured product: 农业银行 lends against a plant's 不动产抵押, registered
 * with the (simulated) 不动产登记中心 before the money goes out. Added once, also to a city seeded
 * before it existed.
 */
export async function seedDemoCollateral(knex: Db): Promise<void> {
  const abc = (await institutionStore.list(knex, {})).find((i) => i.code === 'ABC_HS');
  if (!abc) return;
  await knex.transaction(async (tx) => {
    if ((await productStore.list(tx, { bankId: abc.id, guaranteeType: 'mortgage' })).some((p) => p.name === NAME)) return;
    const product = await productStore.insert(tx, abc.id, {
      name: NAME,
      description: '以企业自有厂房、土地使用权办理不动产抵押（一般抵押或最高额抵押），线上申请不动产抵押登记，登簿后放款。',
      minAmount: '500000.00',
      maxAmount: '30000000.00',
      minTermMonths: 12,
      maxTermMonths: 60,
      minRate: '3.4500',
      maxRate: '4.6000',
      guaranteeType: 'mortgage',
      eligibility: [{ field: 'entityType', operator: 'eq', value: 'enterprise' }],
      regionCode: null,
      zoneTags: [],
    });
    await productStore.setStatus(tx, product.id, ['draft'], 'published', new Date());
  });
}
