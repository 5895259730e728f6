import type { Db } from '../db/database.js';
import type { GuaranteeProductDraft } from '../guarantees/guarantee-product.js';
import { guaranteeProductStore } from '../guarantees/guarantee-product-store.js';
import { institutionStore } from '../institutions/institution-store.js';
import type { ProductDraft } from '../lending/products/loan-product.js';
import { productStore } from '../lending/products/product-store.js';

type GuaranteeTerms = Omit<GuaranteeProductDraft, 'loanProductId' | 'name'>;

const tech = (overrides: Partial<GuaranteeTerms>): GuaranteeTerms => ({
  route: 'guarantee_first',
  templateCode: 'KC60-HIGH-TECH',
  guaranteedShareBp: 10000,
  feeRate: '0.8000',
  feeSubsidyRate: '0.3000',
  singleFirmCap: '10000000.00',
  maxTermMonths: 36,
  eligibleLists: ['tech_sme', 'high_tech', 'specialised'],
  techTier: 'high_tech',
  counterGuarantees: ['ip_pledge', 'controller_guarantee'],
  counterGuaranteeFreeUpTo: '1000000.00',
  autoGrantMaxAmount: null,
  ...overrides,
});

const loanProduct = (name: string, description: string, maxAmount: string): ProductDraft => ({
  name,
  description,
  minAmount: '300000.00',
  maxAmount,
  minTermMonths: 12,
  maxTermMonths: 36,
  minRate: '3.6000',
  maxRate: '4.8000',
  guaranteeType: 'guarantee_company',
  eligibility: [{ field: 'entityType', operator: 'eq', value: 'enterprise' }],
  regionCode: null,
  zoneTags: ['tech_loan'],
});

/**
 * The demo city's guarantee business: the existing 科担贷 (湖北银行) runs 见贷即保 with the
 * provincial tech guarantor; a 科担快贷 (建设银行) runs 见保即贷 with it; 再担科创贷 (工商银行)
 * runs 见保即贷 with the city guarantor under Hubei's 4321, as does 创业担保贷 (邮储银行, no fee,
 * no 反担保 up to 10万). Both companies get a batch limit; the demo enterprise's 高新技术企业
 * listing arrives through ingestion with the demo city's records.
 */
export async function seedDemoGuarantees(knex: Db): Promise<void> {
  if ((await guaranteeProductStore.products(knex, {})).length > 0) return;
  const institutions = await institutionStore.list(knex, {});
  const id = (code: string) => institutions.find((i) => i.code === code)?.id;
  const [kdd, hsfg, hbb, ccb, icbc, psbc] = ['HBSTG_HS', 'HSFG', 'HBB_HS', 'CCB_HS', 'ICBC_HS', 'PSBC_HS'].map(id);
  if (!kdd || !hsfg || !hbb || !ccb || !icbc || !psbc) return;
  await knex.transaction(async (tx) => {
    const existing = (await productStore.list(tx, { bankId: hbb, guaranteeType: 'guarantee_company' }))[0];
    const publish = async (bankId: string, draft: ProductDraft) => {
      const product = await productStore.insert(tx, bankId, draft);
      await productStore.setStatus(tx, product.id, ['draft'], 'published', new Date());
      return product.id;
    };
    const quick = await publish(ccb, loanProduct('科担快贷', '科技型中小企业凭知识产权质押增信，担保机构先行审核，通过后银行放款（见保即贷）。', '5000000.00'));
    const reguarantee = await publish(icbc, loanProduct('再担科创贷', '省再担保集团与市担保集团按"4321"分险的科创企业贷款（见保即贷）。', '20000000.00'));
    const startup = await publish(psbc, {
      ...loanProduct('创业担保贷', '面向高校毕业生、退役军人、返乡创业人员等的创业担保贷款，财政按政策贴息；10万元以下免反担保。', '300000.00'),
      minAmount: '10000.00',
      eligibility: [],
      zoneTags: ['startup_guarantee'],
    });
    const products: [string, string, string, GuaranteeTerms][] = [
      [hsfg, startup, '创业担保贷担保', tech({ templateCode: 'HB-4321-2021', techTier: null, eligibleLists: [], feeRate: '0.0000', feeSubsidyRate: '0.0000', singleFirmCap: '300000.00', counterGuarantees: ['controller_guarantee'], counterGuaranteeFreeUpTo: '100000.00' })],
      ...(existing ? [[kdd, existing.id, '科担贷批量担保', tech({ route: 'loan_first', templateCode: 'HB-4222-TECH', techTier: null, eligibleLists: [], autoGrantMaxAmount: '5000000.00' })] as [string, string, string, GuaranteeTerms]] : []),
      [kdd, quick, '科担快贷担保', tech({})],
      [hsfg, reguarantee, '再担科创贷担保', tech({ templateCode: 'HB-4321-2021', techTier: null, guaranteedShareBp: 8000, feeRate: '1.0000', feeSubsidyRate: '0.5000', maxTermMonths: 60 })],
    ];
    for (const [companyId, loanProductId, name, terms] of products) await guaranteeProductStore.insertProduct(tx, companyId, { ...terms, loanProductId, name });
    await guaranteeProductStore.setBatchLimit(tx, kdd, '500000000.00', new Date());
    await guaranteeProductStore.setBatchLimit(tx, hsfg, '200000000.00', new Date());
  });
}
