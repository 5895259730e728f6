import type { Schemas } from '@/api/schemas';
import { formatMonth } from './date';
import { recordText } from './record-key';

type Submission = Schemas['NationalFeedSubmission'];
type FeedFile = Schemas['NationalFeedFile'];

export const TARGET_LABELS: Record<Submission['target'], string> = {
  national: '全国融资信用服务平台',
  provincial: '省级节点（鄂融通）',
};

export const SUBMISSION_STATUS: Record<Submission['status'], { label: string; tag: 'info' | 'warning' | 'success' | 'danger' | 'primary' }> = {
  building: { label: '生成中', tag: 'info' },
  invalid: { label: '校验未通过', tag: 'danger' },
  ready: { label: '待报送', tag: 'warning' },
  delivered: { label: '已报送，待回执', tag: 'primary' },
  receipted: { label: '已回执', tag: 'success' },
  failed: { label: '失败', tag: 'danger' },
};

export const TRIGGER_LABELS: Record<Submission['trigger'], string> = { schedule: '定时生成', manual: '手动生成' };

export const ITEM_KIND_LABELS: Record<Schemas['ProvincialItem']['kind'], string> = { repair: '信用修复结果', withdrawal: '撤销结果', data: '数据下发' };

/** Categories of the ingestion catalogue that the provincial node may send down. */
export const CATEGORY_LABELS: Record<string, string> = {
  register: '登记注册',
  tax_payments: '纳税',
  tax_grades: '纳税信用等级',
  social_security: '社会保险',
  provident_fund: '住房公积金',
  utilities: '水电气',
  permits: '行政许可',
  penalties: '行政处罚',
  judicial: '司法判决及执行',
  credit_lists: '严重失信主体名单',
  honours: '荣誉表彰',
  import_export: '进出口',
  intellectual_property: '知识产权',
  commitment_breaches: '信用承诺履行（违诺）',
  real_estate: '不动产登记',
  rnd: '科技研发',
  tech_lists: '科技企业名单',
};

/**
 * A feed record (refused by a receipt, or failing the format) as the office knows it, never by its
 * identifier: the enterprise a demand's or an application's record is about, a credit record by
 * its category and key in words (`penalties:…`), the platform's statistics by their month.
 */
export function feedRecordText(c: Pick<Schemas['NationalFeedCorrection'], 'recordType' | 'sourceId' | 'enterpriseName' | 'month'>): string {
  if (c.enterpriseName) return c.enterpriseName;
  if (c.recordType === 'credit_record') {
    const at = c.sourceId.indexOf(':');
    return recordText(CATEGORY_LABELS[c.sourceId.slice(0, at)] ?? '信用记录', c.sourceId.slice(at + 1));
  }
  if (c.recordType === 'platform_stats') return `全市统计 · ${formatMonth(c.month)}`;
  return '平台中已无该记录';
}

/** A file in words: record type (from the format), then what kind of file it is. */
export function fileLabel(file: FeedFile, recordTypes: ReadonlyMap<string, string>): string {
  if (file.kind === 'corrections') return '更正（删除）记录 · 压缩数据文件';
  if (file.kind === 'receipt') return '回执（逐条受理结果）';
  if (file.kind === 'manifest') return file.name.endsWith('.sig') ? '报送清单签名（国密）' : '报送清单';
  const type = recordTypes.get(file.recordType ?? '') ?? '数据';
  return `${type} · ${file.format === 'csv' ? '表格格式' : '逐行格式'}压缩数据文件`;
}

export const totalRows = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);

type BuildProgress = NonNullable<Submission['progress']>;

/** A running build's share done, by record types finished (whole percent, 0–100). */
export const buildPercent = (p: BuildProgress): number => Math.min(100, Math.floor((p.recordTypesDone * 100) / p.recordTypes));

/** A running build's progress in words: record types finished and rows read so far. */
export const buildProgressText = (p: BuildProgress): string =>
  `已完成 ${p.recordTypesDone}/${p.recordTypes} 类数据，已读取 ${p.rows.toLocaleString('zh-CN')} 条记录`;

/** Closed months a rebuild may target, newest first ('yyyy-MM', Asia/Shanghai). */
export function closedMonths(now: Date, count: number): string[] {
  const shanghai = new Date(now.getTime() + 8 * 3_600_000);
  let y = shanghai.getUTCFullYear();
  let m = shanghai.getUTCMonth() + 1;
  const months: string[] = [];
  for (let i = 0; i < count; i++) {
    m -= 1;
    if (m === 0) {
      m = 12;
      y -= 1;
    }
    months.push(`${y}-${String(m).padStart(2, '0')}`);
  }
  return months;
}
