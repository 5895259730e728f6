import type { Db } from '../db/database.js';
import { shanghaiMinute } from '../platform/business-date.js';
import type { ServiceFacts, ServiceStatusStore } from './service-status-store.js';

export type ServiceKey = 'registration' | 'consent' | 'profiles' | 'applications' | 'guarantees' | 'oversight';

export interface ServiceState {
  key: ServiceKey;
  open: boolean;
  /** What the state rests on, in Chinese, for the public home page. */
  detail: string;
}


/**
 * Each service's real state for the public home page (服务状态), computed from data: a service
 * is open when what it needs exists (the register to verify against, an active lender, a
 * completed government data batch, a published product at a connected bank, …).
 */
export class ServiceStatusService {
  constructor(private readonly deps: { db: Db; store: ServiceStatusStore; connectedBanks: () => Promise<number> }) {}

  async states(): Promise<ServiceState[]> {
    const [facts, connectedBanks] = await Promise.all([this.deps.store.facts(this.deps.db), this.deps.connectedBanks()]);
    return describe({ ...facts, connectedBanks });
  }
}

export function describe(f: ServiceFacts): ServiceState[] {
  const lastBatch = f.lastBatchCompletedAt ? shanghaiMinute(f.lastBatchCompletedAt) : null;
  return [
    { key: 'registration', open: f.marketEntities > 0, detail: f.marketEntities > 0 ? `可核验市场主体 ${f.marketEntities} 户` : '市场主体登记信息尚未归集' },
    { key: 'consent', open: f.activeLenders > 0, detail: `可授权的银行和担保机构 ${f.activeLenders} 家` },
    { key: 'profiles', open: lastBatch !== null, detail: lastBatch ? `最近一次政务数据归集：${lastBatch}` : '尚未归集政务数据' },
    {
      key: 'applications',
      open: f.connectedBanks > 0 && f.publishedProducts > 0,
      detail: `已对接银行 ${f.connectedBanks} 家，在售产品 ${f.publishedProducts} 个`,
    },
    { key: 'guarantees', open: f.activeGuarantors > 0, detail: `入驻担保机构 ${f.activeGuarantors} 家` },
    { key: 'oversight', open: f.activeFinancialOffices > 0, detail: f.activeFinancialOffices > 0 ? '地方金融管理部门已入驻' : '地方金融管理部门尚未入驻' },
  ];
}
