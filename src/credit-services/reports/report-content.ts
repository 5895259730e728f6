import type { PdfBlock, PdfContent } from '../../platform/pdf/pdf-document.js';
import { SCOPE_LABELS } from '../../platform/profile-scopes.js';
import { shanghaiMinute } from '../../platform/business-date.js';
import { codedValueName, namedIndicatorLabel, type DistrictNames } from '../../profiles/coded-indicator-values.js';
import type { CreditProfile, Indicator, ProfileSection } from '../../profiles/credit-profile.js';
import type { LeftOutRecord } from './credit-report.js';

export const REPORT_ISSUER = '信易贷平台（市级节点）';

export interface ReportInput {
  verificationCode: string;
  issuedAt: Date;
  enterpriseName: string;
  profile: CreditProfile;
  leftOut: readonly LeftOutRecord[];
  /** Set when an institution obtained the report through the consent gate. */
  institutionName: string | null;
  /** The city's districts, so the report names a district and never prints its code. */
  districts: DistrictNames;
}

function valueText({ code, value, unit }: Indicator, districts: DistrictNames): string {
  if (value === null) return '暂无';
  if (typeof value === 'boolean') return value ? '是' : '否';
  const named = codedValueName(code, String(value), districts);
  if (named !== undefined) return named;
  return unit ? `${value} ${unit}` : String(value);
}

/** Data sources of a section: one row per source and category, with the record count and the latest receipt date. */
function sourceRows(section: ProfileSection): string[][] {
  const bySource = new Map<string, { source: string; category: string; count: number; latest: string }>();
  for (const r of section.records) {
    const source = r.sourceName ?? '未登记的来源单位';
    const key = `${source}|${r.categoryLabel}`;
    const received = r.receivedAt.slice(0, 10);
    const entry = bySource.get(key);
    if (!entry) bySource.set(key, { source, category: r.categoryLabel, count: 1, latest: received });
    else {
      entry.count += 1;
      if (received > entry.latest) entry.latest = received;
    }
  }
  return [...bySource.values()].map((e) => [e.source, e.category, String(e.count), e.latest]);
}

function sectionBlocks(section: ProfileSection, index: number, districts: DistrictNames): PdfBlock[] {
  const blocks: PdfBlock[] = [{ kind: 'heading', text: `${index}. ${section.label}` }];
  if (section.indicators.length > 0) {
    blocks.push({ kind: 'fields', rows: section.indicators.map((i) => [namedIndicatorLabel(i), valueText(i, districts)] as const) });
  }
  const sources = sourceRows(section);
  if (sources.length > 0) blocks.push({ kind: 'table', columns: ['数据来源单位', '数据类别', '记录数', '最近报送日期'], rows: sources });
  else blocks.push({ kind: 'paragraph', text: '本类别暂无政府部门报送的记录。' });
  return blocks;
}

const LEFT_OUT_STATUS: Record<LeftOutRecord['status'], string> = { repaired: '已信用修复', withdrawn: '已撤销' };

/**
 * The report's content: who and which profile version it covers, each section with its
 * indicators and data sources (with dates), and the records left out because they were
 * repaired or withdrawn. Values come only from the profile; nothing is computed here.
 */
export function reportContent(input: ReportInput): PdfContent {
  const { profile } = input;
  const blocks: PdfBlock[] = [
    { kind: 'heading', text: '一、报告信息' },
    {
      kind: 'fields',
      rows: [
        ['企业名称', input.enterpriseName],
        ['统一社会信用代码', profile.uscc],
        ['报告验证码', input.verificationCode],
        ['出具时间', `${shanghaiMinute(input.issuedAt)}（北京时间）`],
        ['信用画像版本', `第 ${profile.version} 版（数据截至 ${profile.asOf}）`],
        ['报告用途', input.institutionName ? `经企业授权，由${input.institutionName}查询` : '企业自行查询（免费）'],
        ['包含的数据类别', profile.sections.map((s) => SCOPE_LABELS[s.scope]).join('、') || '无'],
      ],
    },
    { kind: 'heading', text: '二、信用信息' },
  ];
  profile.sections.forEach((section, i) => blocks.push(...sectionBlocks(section, i + 1, input.districts)));
  blocks.push({ kind: 'heading', text: '三、未纳入本报告的记录' });
  if (input.leftOut.length === 0) {
    blocks.push({ kind: 'paragraph', text: '无。' });
  } else {
    blocks.push({ kind: 'paragraph', text: '以下记录已完成信用修复或被数据来源单位撤销，依规不再纳入信用报告，仅列明以供核对。' });
    blocks.push({
      kind: 'table',
      columns: ['数据类别', '记录标识', '处理结果', '处理日期', '数据来源单位'],
      rows: input.leftOut.map((r) => [
        r.categoryLabel,
        r.recordKey,
        LEFT_OUT_STATUS[r.status],
        r.changedAt ? shanghaiMinute(r.changedAt).slice(0, 10) : '—',
        r.sourceName ?? '—',
      ]),
    });
  }
  blocks.push(
    { kind: 'heading', text: '四、说明' },
    {
      kind: 'paragraph',
      text:
        '本报告依据政府部门依法报送的公共信用信息生成，不含企业自愿填报的信息。' +
        '核验方式：在平台“信用报告核验”页面输入报告验证码，或上传本报告的电子文件，平台将核对其 SM3 摘要；文件被改动后核验不能通过。',
    },
  );
  return {
    title: '企业公共信用报告',
    issuer: REPORT_ISSUER,
    issuedAt: input.issuedAt,
    footer: `报告验证码：${input.verificationCode}`,
    blocks,
  };
}
