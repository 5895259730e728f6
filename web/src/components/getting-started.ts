import type { RouteLocationRaw } from 'vue-router';
import { recordSetupSteps } from '@/api/auth-api';
import { listBatches } from '@/api/ingestion-api';
import { listGuaranteeProducts } from '@/api/guarantee-api';
import { listClients } from '@/api/institution-access-api';
import { listProducts } from '@/api/lending-api';
import { listPeople } from '@/api/onboarding-api';
import type { Schemas } from '@/api/schemas';

/**
 * 开始使用: the first things a newly onboarded institution does, each read from data the workbench
 * may already fetch. The institution admin (机构管理员) gets the people and access steps, the others
 * the business steps their role does first. A step found done is recorded for the institution and
 * listed in `me.setupStepsDone` from then on: it is not read again, so a set-up institution's
 * workbench makes no request for the card.
 */
export interface SetupStep {
  key: Schemas['SetupStep'];
  title: string;
  text: string;
  links: readonly { label: string; to: RouteLocationRaw }[];
  done: boolean;
}

/** What the steps read of the caller (the session's `me`). */
type Me = Readonly<Pick<Schemas['Me'], 'id' | 'role' | 'position'>> & {
  readonly setupStepsDone: readonly Schemas['SetupStep'][];
  readonly institution: Readonly<Pick<Schemas['Institution'], 'id' | 'type' | 'connected'>> | null;
};
interface StepDefinition {
  key: Schemas['SetupStep'];
  title: string;
  text: string;
  links: readonly { label: string; to: RouteLocationRaw }[];
  applies: (me: Me) => boolean;
  isDone: (me: Me) => Promise<boolean>;
}

const isAdmin = (me: Me) => me.position === 'institution_admin';
const typeOf = (me: Me) => me.institution?.type;

const STEPS: readonly StepDefinition[] = [
  {
    key: 'people',
    title: '邀请本机构人员',
    text: '邀请信贷人员等本机构人员，对方通过邀请链接设置密码并登录后即完成',
    links: [{ label: '人员管理', to: { name: 'people' } }],
    applies: (me) => isAdmin(me) && ['bank', 'guarantee_company', 'data_source'].includes(typeOf(me) ?? ''),
    isDone: async (me) => (await listPeople(me.institution!.id)).items.some((p) => p.id !== me.id && p.status === 'active'),
  },
  {
    key: 'bank-access',
    title: '接入本行业务系统',
    text: '创建接口凭证，或配置银行对接并测试通过，本行系统即可与平台交换申请与结果',
    links: [
      { label: '接口凭证', to: { name: 'api-credentials' } },
      { label: '银行对接', to: { name: 'bank-connections' } },
    ],
    applies: (me) => isAdmin(me) && typeOf(me) === 'bank',
    isDone: async (me) => me.institution!.connected || (await listClients()).some((c) => c.status === 'active'),
  },
  {
    key: 'guarantee-access',
    title: '创建接口凭证',
    text: '为本机构业务系统创建接入平台的客户端凭证',
    links: [{ label: '接口凭证', to: { name: 'api-credentials' } }],
    applies: (me) => isAdmin(me) && typeOf(me) === 'guarantee_company',
    isDone: async () => (await listClients()).some((c) => c.status === 'active'),
  },
  {
    key: 'loan-product',
    title: '发布首个贷款产品',
    text: '新建产品草稿，经平台审核上架后企业即可申请',
    links: [{ label: '我的产品', to: { name: 'bank-products' } }],
    applies: (me) => !isAdmin(me) && typeOf(me) === 'bank',
    // A draft waits for the platform's review (待审核): the bank's part is done.
    isDone: async () => (await listProducts()).some((p) => p.status === 'draft' || p.status === 'published'),
  },
  {
    key: 'guarantee-product',
    title: '发布首个担保产品',
    text: '选择业务模式与风险分担模板，按 60号文校验后发布',
    links: [{ label: '担保产品', to: { name: 'guarantee-products' } }],
    applies: (me) => !isAdmin(me) && typeOf(me) === 'guarantee_company',
    isDone: async () => (await listGuaranteeProducts()).length > 0,
  },
  {
    key: 'first-batch',
    title: '报送首批数据',
    text: '上传本部门的信用数据文件，查看批次报告',
    links: [{ label: '数据报送', to: { name: 'data-submission' } }],
    applies: (me) => me.role === 'data_source',
    isDone: async () => (await listBatches()).some((b) => b.status === 'completed'),
  },
];

/**
 * The caller's steps with their state; null when a state could not be read (the card stays hidden).
 * Only the steps not recorded as done are read; those now found done are recorded.
 */
export async function setupSteps(me: Me): Promise<SetupStep[] | null> {
  const mine = STEPS.filter((s) => me.institution && s.applies(me));
  const recorded = new Set(me.setupStepsDone);
  try {
    const done = await Promise.all(mine.map((s) => recorded.has(s.key) || s.isDone(me)));
    const found = mine.filter((s, i) => done[i] && !recorded.has(s.key)).map((s) => s.key);
    // Not recording now only means reading the step again next time.
    if (found.length) await recordSetupSteps(found).catch(() => undefined);
    return mine.map(({ key, title, text, links }, i) => ({ key, title, text, links, done: done[i]! }));
  } catch {
    return null;
  }
}
