import type { EntityStatus, EntityType, MarketEntity } from '../enterprises/market-entity.js';
import { orgCodeCheckChar, USCC_CHARSET, usccCheckChar } from '../platform/uscc.js';
import type { InstitutionType, OnboardedInstitutionType } from '../platform/roles.js';
import { SeededRandom } from '../platform/seeded-random.js';

/**
 * The demo city (黄石市-like, six districts), generated from a fixed seed: the same entities,
 * names and valid USCCs on every machine. Entity i does not depend on how many are generated.
 */
export const DEMO_SEED = 20261125;

export const DEMO_DISTRICTS = [
  { code: '420202', name: '黄石港区', prefix: '黄石' },
  { code: '420203', name: '西塞山区', prefix: '黄石' },
  { code: '420204', name: '下陆区', prefix: '黄石' },
  { code: '420205', name: '铁山区', prefix: '黄石' },
  { code: '420222', name: '阳新县', prefix: '阳新' },
  { code: '420281', name: '大冶市', prefix: '大冶' },
] as const;

const BRAND_CHARS = '华兴鑫源恒达瑞丰宏泰博远嘉盛金诚东楚磁湖楚天新创明正佳和伟业同心长江青山汇通安康振宇富民永顺天成晨光锦程';
const INDUSTRIES = [
  ['科技', '软件和信息技术服务业'],
  ['机械制造', '通用设备制造业'],
  ['新材料', '金属制品业'],
  ['建材', '非金属矿物制品业'],
  ['食品', '农副食品加工业'],
  ['纺织服饰', '纺织服装、服饰业'],
  ['商贸', '批发业'],
  ['物流', '道路运输业'],
  ['电子', '计算机、通信和其他电子设备制造业'],
  ['医药', '医药制造业'],
  ['模具', '专用设备制造业'],
  ['环保科技', '生态保护和环境治理业'],
] as const;
const SHOPS = [
  ['便利店', '零售业'],
  ['餐馆', '餐饮业'],
  ['五金店', '零售业'],
  ['汽车修理部', '机动车、电子产品和日用产品修理业'],
  ['理发店', '居民服务业'],
  ['建材经营部', '批发业'],
] as const;
const CROPS = ['水稻', '油茶', '蔬菜', '茶叶', '水产', '中药材'] as const;
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玲丹萍鹏斌宇浩凯婷雪琳晨';

function chars(random: SeededRandom, pool: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += pool.charAt(random.int(0, pool.length - 1));
  return s;
}

export function personName(random: SeededRandom): string {
  return chars(random, SURNAMES, 1) + chars(random, GIVEN, random.chance(0.7) ? 2 : 1);
}

/**
 * A USCC that passes GB 32100: registration department + category, region code, an 8-char
 * organisation body with its GB 11714 check char, then the mod-31 check char. With
 * `breakOrgCheck` the embedded organisation check is wrong on purpose (a stored warning).
 */
export function makeUscc(prefix2: string, region: string, body8: string, breakOrgCheck = false): string {
  const correct = orgCodeCheckChar(body8);
  const orgCheck = breakOrgCheck ? (correct === '1' ? '2' : '1') : correct;
  const first17 = prefix2 + region + body8 + orgCheck;
  return first17 + usccCheckChar(first17);
}

function orgBody(random: SeededRandom, modern: boolean): string {
  const digits = '0123456789';
  return modern ? `MA${chars(random, USCC_CHARSET, 6)}` : chars(random, digits, 8);
}

const TYPE_PREFIX: Record<EntityType, string> = {
  enterprise: '91',
  individual_business: '92',
  farmer_cooperative: '93',
};

function pickType(random: SeededRandom): EntityType {
  const r = random.next();
  return r < 0.6 ? 'enterprise' : r < 0.95 ? 'individual_business' : 'farmer_cooperative';
}

function pickStatus(random: SeededRandom): EntityStatus {
  const r = random.next();
  if (r < 0.62) return 'existing';
  if (r < 0.88) return 'operating';
  if (r < 0.93) return 'revoked';
  if (r < 0.98) return 'cancelled';
  return 'moved_out';
}

function isoDate(random: SeededRandom, fromYear: number, toYear: number): string {
  const y = random.int(fromYear, toYear);
  const m = random.int(1, 12);
  const d = random.int(1, 28);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function generateMarketEntities(count: number, seed = DEMO_SEED): MarketEntity[] {
  const random = new SeededRandom(seed);
  const usccs = new Set<string>();
  const names = new Set<string>();
  const entities: MarketEntity[] = [];
  while (entities.length < count) {
    const district = random.pick(DEMO_DISTRICTS);
    const entityType = pickType(random);
    const establishedOn = isoDate(random, 1998, 2025);
    const modern = Number(establishedOn.slice(0, 4)) >= 2016;
    const uscc = makeUscc(TYPE_PREFIX[entityType], district.code, orgBody(random, modern), random.chance(0.005));
    const brand = chars(random, BRAND_CHARS, 2);
    let name: string;
    let industry: string;
    let capital: number;
    if (entityType === 'enterprise') {
      const [trade, sector] = random.pick(INDUSTRIES);
      name = `${district.prefix}${brand}${trade}${random.chance(0.8) ? '有限公司' : '有限责任公司'}`;
      industry = sector;
      capital = random.int(10, 5_000) * 10_000;
    } else if (entityType === 'individual_business') {
      const [shop, sector] = random.pick(SHOPS);
      name = `${district.name}${brand}${shop}`;
      industry = sector;
      capital = random.int(1, 50) * 10_000;
    } else {
      name = `${district.name}${brand}${random.pick(CROPS)}种植专业合作社`;
      industry = '农业';
      capital = random.int(5, 300) * 10_000;
    }
    const status = pickStatus(random);
    const legalRepresentative = personName(random);
    if (usccs.has(uscc) || names.has(name)) continue;
    usccs.add(uscc);
    names.add(name);
    entities.push({
      uscc,
      name,
      entityType,
      legalRepresentative,
      districtCode: district.code,
      status,
      establishedOn,
      registeredCapital: `${capital}.00`,
      industry,
    });
  }
  return entities;
}

export interface DemoInstitution {
  code: string;
  name: string;
  type: OnboardedInstitutionType;
  /** Login of the institution's demo user. */
  username: string;
  /** Banks and guarantee companies: login of their 机构管理员 (people, 分派, 接口凭证, 银行对接). */
  adminUsername?: string;
}

export const DEMO_INSTITUTIONS: readonly DemoInstitution[] = [
  { code: 'ICBC_HS', name: '中国工商银行黄石分行', type: 'bank', username: 'icbc_officer', adminUsername: 'icbc_admin' },
  { code: 'CCB_HS', name: '中国建设银行黄石分行', type: 'bank', username: 'ccb_officer', adminUsername: 'ccb_admin' },
  { code: 'HBB_HS', name: '湖北银行黄石分行', type: 'bank', username: 'hbb_officer', adminUsername: 'hbb_admin' },
  { code: 'HSRCB', name: '黄石农村商业银行', type: 'bank', username: 'hsrcb_officer', adminUsername: 'hsrcb_admin' },
  { code: 'ABC_HS', name: '中国农业银行黄石分行', type: 'bank', username: 'abc_officer', adminUsername: 'abc_admin' },
  { code: 'PSBC_HS', name: '中国邮政储蓄银行黄石分行', type: 'bank', username: 'psbc_officer', adminUsername: 'psbc_admin' },
  { code: 'HSFG', name: '黄石市融资担保集团有限公司', type: 'guarantee_company', username: 'hsfg_officer', adminUsername: 'hsfg_admin' },
  { code: 'HBSTG_HS', name: '湖北省科技融资担保有限公司黄石分公司', type: 'guarantee_company', username: 'kdd_officer', adminUsername: 'kdd_admin' },
  { code: 'HS_JRJ', name: '黄石市地方金融管理局', type: 'financial_office', username: 'jrj_viewer' },
  { code: 'HS_SCJG', name: '黄石市市场监督管理局', type: 'data_source', username: 'scjg_feed' },
  { code: 'HS_TAX', name: '国家税务总局黄石市税务局', type: 'data_source', username: 'tax_feed' },
  { code: 'HS_RSJ', name: '黄石市人力资源和社会保障局', type: 'data_source', username: 'rsj_feed' },
  { code: 'HS_GJJ', name: '黄石市住房公积金中心', type: 'data_source', username: 'gjj_feed' },
  { code: 'HS_XYZX', name: '黄石市公共信用信息中心', type: 'data_source', username: 'credit_feed' },
  { code: 'HS_COURT', name: '湖北省黄石市中级人民法院', type: 'data_source', username: 'court_feed' },
];

/** Institutions' own USCCs: banks and guarantee companies are enterprises (91), the rest organs (11). */
export function institutionUscc(index: number, type: InstitutionType): string {
  const prefix = type === 'bank' || type === 'guarantee_company' ? '91' : '11';
  const body = String(71_000_000 + index * 7_919).padStart(8, '0');
  return makeUscc(prefix, '420200', body);
}

export const DEMO_PASSWORD = 'Demo@2026';
export const DEMO_ENTERPRISE_MOBILE = '13800001234';
