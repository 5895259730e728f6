import type { MarketEntity } from '../enterprises/market-entity.js';
import { makeUscc, personName, DEMO_SEED } from './demo-city.js';
import { SeededRandom } from '../platform/seeded-random.js';

/**
 * Generated government records for the demo city, one stream of rows per category in the
 * category's format version 1, shaped by a per-firm "health" draw so profiles differ: healthy
 * firms pay tax and contributions on time and get honours; weak ones owe arrears, collect
 * penalties and a few end up on execution or 失信 lists. Dates run back from `today`.
 */
export type DemoRows = Record<string, Record<string, unknown>[]>;

export const DEMO_AUTHORITIES = {
  market: { name: '黄石市市场监督管理局', uscc: makeUscc('11', '420200', '71000011') },
  environment: { name: '黄石市生态环境局', uscc: makeUscc('11', '420200', '71000029') },
  emergency: { name: '黄石市应急管理局', uscc: makeUscc('11', '420200', '71000037') },
  development: { name: '黄石市发展和改革委员会', uscc: makeUscc('11', '420200', '71000045') },
  economy: { name: '黄石市经济和信息化局', uscc: makeUscc('11', '420200', '71000053') },
} as const;

function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

const money = (yuan: number) => yuan.toFixed(2);

const PENALTIES = [
  { type: '未按规定公示年度报告', facts: '当事人未按规定期限公示年度报告', basis: '《企业信息公示暂行条例》第十七条', authority: 'market', fine: [0, 0.5] },
  { type: '超标排放大气污染物', facts: '当事人废气排放口颗粒物浓度超过排放标准', basis: '《中华人民共和国大气污染防治法》第九十九条', authority: 'environment', fine: [10, 60] },
  { type: '未落实安全生产责任制', facts: '当事人未建立健全全员安全生产责任制', basis: '《中华人民共和国安全生产法》第九十七条', authority: 'emergency', fine: [1, 5] },
  { type: '销售不合格产品', facts: '当事人销售的产品经抽检不合格', basis: '《中华人民共和国产品质量法》第四十九条', authority: 'market', fine: [0.5, 8] },
] as const;

const PERMITS = [
  { name: '排污许可证', category: '普通', authority: 'environment', years: 5 },
  { name: '食品经营许可证', category: '普通', authority: 'market', years: 5 },
  { name: '安全生产许可证', category: '普通', authority: 'emergency', years: 3 },
  { name: '工业产品生产许可证', category: '核准', authority: 'market', years: 5 },
] as const;

const HONOURS = [
  { kind: '荣誉表彰', title: '湖北省守合同重信用企业', authority: 'market' },
  { kind: '荣誉表彰', title: '黄石市纳税信用A级企业', authority: 'development' },
  { kind: '政策支持', title: '专精特新中小企业认定奖补', authority: 'economy' },
  { kind: '政策支持', title: '稳岗返还补贴', authority: 'development' },
] as const;

export function generateDemoCreditRecords(entities: readonly MarketEntity[], today: string, seed = DEMO_SEED + 6): DemoRows {
  const random = new SeededRandom(seed);
  const rows: DemoRows = {
    register: [], tax_payments: [], tax_grades: [], social_security: [], provident_fund: [], utilities: [],
    permits: [], penalties: [], judicial: [], credit_lists: [], honours: [], import_export: [], intellectual_property: [],
    real_estate: [], rnd: [], tech_lists: [],
  };
  const month = today.slice(0, 7);
  const year = Number(today.slice(0, 4));
  for (const [index, e] of entities.entries()) {
    const health = random.next();
    const firm = e.entityType === 'enterprise';
    const scale = firm ? random.int(3, 300) : random.int(1, 8);
    rows.register!.push({ ...e, industry: e.industry ?? undefined });

    for (let i = 24; i >= 1; i--) {
      const period = addMonths(month, -i);
      const growth = 1 + (health - 0.4) * (24 - i) / 24;
      const vat = scale * 2_600 * growth * (0.8 + random.next() * 0.4);
      const owes = health < 0.2 && random.chance(0.35);
      rows.tax_payments!.push({ uscc: e.uscc, period, taxType: '增值税', amountPaid: money(owes ? vat * 0.3 : vat), arrearsAmount: money(owes ? vat * 0.7 : 0) });
      if (firm && period.endsWith('-03') || firm && period.endsWith('-06') || firm && period.endsWith('-09') || firm && period.endsWith('-12')) {
        rows.tax_payments!.push({ uscc: e.uscc, period, taxType: '企业所得税', amountPaid: money(scale * 1_900 * growth * health), arrearsAmount: '0.00' });
      }
    }
    for (const y of [year - 2, year - 1]) {
      const h = Math.min(0.999, Math.max(0, health + (random.next() - 0.5) * 0.2));
      const grade = h > 0.8 ? 'A' : h > 0.45 ? 'B' : h > 0.25 ? 'M' : h > 0.1 ? 'C' : 'D';
      rows.tax_grades!.push({ uscc: e.uscc, year: y, grade, publishedOn: `${y + 1}-04-20` });
    }

    const staffStart = Math.max(1, Math.round(scale / 4));
    const trend = (health - 0.45) * 0.5;
    for (let i = 13; i >= 1; i--) {
      const period = addMonths(month, -i);
      const headcount = Math.max(1, Math.round(staffStart * (1 + trend * (13 - i) / 12)));
      const base = headcount * 4_200;
      const due = base * 0.245;
      const arrears = health < 0.25 && i <= 4 && random.chance(0.6) ? due : 0;
      rows.social_security!.push({
        uscc: e.uscc, period, insuredHeadcount: headcount, contributionBase: money(base), amountDue: money(due),
        amountPaid: money(due - arrears), arrearsAmount: money(arrears),
      });
      if (firm && health > 0.3 && i <= 12) {
        const pf = headcount * 4_200 * 0.16;
        const pfArrears = health < 0.4 && random.chance(0.3) ? pf : 0;
        rows.provident_fund!.push({ uscc: e.uscc, period, depositHeadcount: headcount, amountPaid: money(pf - pfArrears), arrearsAmount: money(pfArrears) });
      }
    }

    const utilityTypes = firm ? ['电', '水', ...(random.chance(0.4) ? ['燃气'] : [])] : ['电'];
    for (const [u, type] of utilityTypes.entries()) {
      const account = `${['E', 'W', 'G'][u]}${String(4_202_000_000 + index * 3 + u)}`;
      for (let i = 12; i >= 1; i--) {
        const amount = scale * (type === '电' ? 900 : 150) * (0.8 + random.next() * 0.4);
        const late = random.chance(health < 0.3 ? 0.4 : 0.03);
        rows.utilities!.push({ uscc: e.uscc, utilityType: type, accountNo: account, period: addMonths(month, -i), amount: money(amount), paidOnTime: late ? '否' : '是', arrearsAmount: money(late && i === 1 ? amount : 0) });
      }
    }

    const permitCount = firm ? random.int(0, 3) : random.int(0, 1);
    for (let k = 0; k < permitCount; k++) {
      const permit = random.pick(PERMITS);
      const authority = DEMO_AUTHORITIES[permit.authority];
      const decisionDate = random.chance(0.3) ? addDays(today, -random.int(0, 4)) : addDays(today, -random.int(30, 365 * permit.years + 200));
      rows.permits!.push({
        uscc: e.uscc, subjectName: e.name, legalRepresentative: e.legalRepresentative, decisionDocName: `${permit.name}准予许可决定书`,
        decisionDocNo: `黄${permit.authority === 'market' ? '市监' : permit.authority === 'environment' ? '环' : '应急'}许〔${decisionDate.slice(0, 4)}〕${index * 10 + k + 1}号`,
        permitCategory: permit.category, certificateName: permit.name, permitNo: `${permit.authority.toUpperCase().slice(0, 2)}${420200}${String(index * 10 + k).padStart(6, '0')}`,
        content: `准予${e.name}${permit.name}`, decisionDate, validFrom: decisionDate, validTo: addDays(decisionDate, 365 * permit.years),
        authority: authority.name, authorityUscc: authority.uscc, currentStatus: '有效',
      });
    }

    const penaltyCount = health < 0.3 ? random.int(1, 3) : health < 0.6 && random.chance(0.25) ? 1 : 0;
    for (let k = 0; k < penaltyCount; k++) {
      const kind = random.pick(PENALTIES);
      const authority = DEMO_AUTHORITIES[kind.authority];
      const decisionDate = addDays(today, -random.int(3, 365 * 4));
      const fine = kind.fine[0] + random.next() * (kind.fine[1] - kind.fine[0]);
      const minor = fine < 1;
      rows.penalties!.push({
        uscc: e.uscc, subjectName: e.name, legalRepresentative: e.legalRepresentative,
        decisionDocNo: `黄${kind.authority === 'market' ? '市监' : kind.authority === 'environment' ? '环' : '应急'}罚〔${decisionDate.slice(0, 4)}〕${index * 10 + k + 1}号`,
        violationType: kind.type, violationFacts: kind.facts, penaltyBasis: kind.basis, penaltyCategory: fine > 0 ? '罚款' : '警告',
        penaltyContent: fine > 0 ? `罚款${(fine * 10_000).toFixed(0)}元` : '警告', fineAmountWan: fine.toFixed(4),
        decisionDate, publicityEnd: addDays(decisionDate, minor ? 90 : 365), authority: authority.name, authorityUscc: authority.uscc,
      });
    }

    if (health < 0.12) {
      const filedOn = addDays(today, -random.int(60, 900));
      const dishonest = random.chance(0.5);
      rows.judicial!.push({
        uscc: e.uscc, caseNo: `（${filedOn.slice(0, 4)}）鄂02执${1_000 + index}号`, court: '湖北省黄石市中级人民法院',
        role: '被执行人', caseCause: '买卖合同纠纷', filedOn, amount: money(scale * 8_000 * (0.5 + random.next())), caseStatus: '执行中',
      });
      if (dishonest) {
        rows.judicial!.push({
          uscc: e.uscc, caseNo: `（${filedOn.slice(0, 4)}）鄂02执${1_000 + index}号`, court: '湖北省黄石市中级人民法院',
          role: '失信被执行人', caseCause: '买卖合同纠纷', filedOn: addDays(filedOn, 90), amount: money(scale * 8_000), caseStatus: '执行中',
        });
      }
      if (health < 0.05) {
        const listedOn = addDays(today, -random.int(30, 700));
        rows.credit_lists!.push({
          uscc: e.uscc, listType: '失信被执行人名单', listingAuthority: '湖北省黄石市中级人民法院', authorityUscc: makeUscc('11', '420200', '71000061'),
          listedOn, reason: '有履行能力而拒不履行生效法律文书确定义务', removedOn: random.chance(0.3) ? addDays(listedOn, 365) : undefined,
        });
      }
    }

    if (firm && health > 0.7) {
      for (const honour of HONOURS) {
        if (!random.chance(0.35)) continue;
        const authority = DEMO_AUTHORITIES[honour.authority];
        rows.honours!.push({
          uscc: e.uscc, kind: honour.kind, title: honour.title, authority: authority.name, awardedOn: addDays(today, -random.int(30, 700)),
          amount: honour.kind === '政策支持' ? money(random.int(5, 50) * 10_000) : undefined,
        });
      }
    }

    if (firm && random.chance(0.15)) {
      const grade = health > 0.85 ? '高级认证企业' : health < 0.1 ? '失信企业' : '一般信用企业';
      for (let i = 12; i >= 1; i--) {
        rows.import_export!.push({ uscc: e.uscc, period: addMonths(month, -i), customsGrade: grade, importValue: money(scale * 3_000 * random.next()), exportValue: money(scale * 6_000 * random.next()) });
      }
    }

    if (firm && random.chance(0.35)) {
      const count = random.int(1, 6);
      for (let k = 0; k < count; k++) {
        const type = random.pick(['发明专利', '实用新型专利', '外观设计专利', '注册商标', '软件著作权'] as const);
        const grantedOn = addDays(today, -random.int(60, 3_000));
        rows.intellectual_property!.push({
          uscc: e.uscc, ipType: type, registrationNo: `${type.slice(0, 2)}${e.uscc.slice(8, 16)}${k}`, title: `${e.name.slice(2, 6)}${personName(random).slice(0, 1)}${type}${k + 1}`,
          grantedOn, validTo: type.includes('专利') ? addDays(grantedOn, type === '发明专利' ? 7_300 : 3_650) : undefined, pledged: random.chance(0.1) ? '是' : '否',
        });
      }
    }
  }
  addRealEstateAndRnd(rows, entities, year, seed);
  return rows;
}

const USES = ['工业', '商业服务', '办公', '仓储'] as const;
const DESIGNATIONS = ['高新技术企业', '科技型中小企业', '专精特新中小企业', '专精特新“小巨人”企业'] as const;

/**
 * The 科技企业名单 entry behind a designation: a 小巨人 is on the 专精特新中小企业 list; 高新技术企业
 * and 专精特新 hold three years, a 科技型中小企业 evaluation to the end of the following year.
 */
function listingOf(uscc: string, designation: (typeof DESIGNATIONS)[number], year: number): Record<string, unknown> {
  const list = designation === '专精特新“小巨人”企业' ? '专精特新中小企业' : designation;
  const listedOn = `${year}-06-30`;
  const expiresOn = list === '科技型中小企业' ? `${year + 1}-12-31` : `${year + 3}-06-29`;
  const authority = list === '专精特新中小企业' ? DEMO_AUTHORITIES.economy.name : '湖北省科学技术厅';
  return { uscc, list, listedOn, expiresOn, authority };
}

/**
 * 不动产 for most firms (one to three units, some mortgaged, a few seized) and 科技研发 for about a
 * fifth of them over the last two years, the designated ones also on the 科技企业名单; one designated firm in ten has not reported the latest
 * year yet, so 科技研发信息归集率 shows a gap. A random stream of its own leaves the other
 * categories' demo rows as they were.
 */
function addRealEstateAndRnd(rows: DemoRows, entities: readonly MarketEntity[], year: number, seed: number): void {
  const random = new SeededRandom(seed + 1);
  for (const [index, e] of entities.entries()) {
    if (e.entityType !== 'enterprise') continue;
    if (random.chance(0.7)) {
      const units = random.int(1, 3);
      for (let k = 0; k < units; k++) {
        const registeredOn = `${year - random.int(1, 15)}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`;
        const use = random.pick(USES);
        rows.real_estate!.push({
          uscc: e.uscc,
          certificateNo: `鄂（${registeredOn.slice(0, 4)}）黄石市不动产权第${String(index * 3 + k + 1).padStart(7, '0')}号`,
          unitNo: `${e.districtCode}001002GB${String(index + 1).padStart(5, '0').slice(-5)}F${String(k + 1).padStart(8, '0')}`,
          rightType: use === '工业' || use === '仓储' ? '国有建设用地使用权/房屋所有权' : random.pick(['国有建设用地使用权/房屋所有权', '国有建设用地使用权'] as const),
          use, area: money(random.int(80, 12_000) + random.next()), registeredOn,
          mortgaged: random.chance(0.35) ? '是' : '否', seized: random.chance(0.02) ? '是' : '否',
        });
      }
    }
    if (random.chance(0.2)) {
      const designated = random.chance(0.8);
      const designation = designated ? random.pick(DESIGNATIONS) : '无';
      const designatedYear = designated ? year - random.int(1, 5) : undefined;
      if (designation !== '无') rows.tech_lists!.push(listingOf(e.uscc, designation, designatedYear!));
      const reportedLatest = !designated || random.chance(0.9);
      for (const y of reportedLatest ? [year - 2, year - 1] : [year - 2]) {
        const expense = random.int(20, 800) * 10_000;
        rows.rnd!.push({
          uscc: e.uscc, year: y, designation, designatedYear, rndExpense: money(expense),
          superDeduction: money(designated ? expense : expense * random.next()), rndStaff: random.int(2, 60),
        });
      }
    }
  }
}
