import ExcelJS from 'exceljs';
import { shanghaiMinute } from '../platform/business-date.js';
import { yuanText } from '../platform/money.js';
import { KPI_CATALOGUE, PRECREDIT_FUNNEL, type KpiDefinition, type KpiUnit } from './kpi-catalogue.js';
import type { KpiFigure } from './kpi-figures.js';
import type { RankingRow } from './loan-rankings.js';
import type { PrecreditFunnel, PrecreditFunnelStage } from './precredit-funnel.js';
import type { BankServiceRow, FunnelStage, OverdueApplication } from './service-figures.js';
import { xlsxBytes } from '../platform/spreadsheet-text.js';

/**
 * 月度监测报表: every table of the 监测看板 for one month as a workbook the office can send
 * upward. Values are numbers with Excel formats (shares as percentages, amounts in 元 with
 * thousands separators), headers in Chinese, and a cover sheet that says what each figure means.
 */
export interface ReportData {
  month: string;
  asOf: Date | null;
  generatedAt: Date;
  figures: KpiFigure[];
  districts: { code: string; name: string; figures: KpiFigure[] }[];
  trend: { months: string[]; series: { code: string; values: (string | null)[] }[] };
  funnel: { from: string; to: string; stages: FunnelStage[]; precredit: PrecreditFunnel };
  bankService: { rows: BankServiceRow[]; overdue: OverdueApplication[]; thresholds: { acceptHours: number; decisionHours: number } };
  rankings: { districts: RankingRow[]; banks: RankingRow[] };
}

const SHEETS = ['封面与指标说明', '监测指标', '分区县指标', '月度趋势', '融资漏斗', '银行服务', '超时申请', '放款排名'] as const;

const FORMAT: Record<KpiUnit, string> = { percent: '0.00%', count: '#,##0', yuan: '#,##0.00', rate: '0.00"%"' };
const UNIT_LABEL: Record<KpiUnit, string> = { percent: '比例', count: '个数', yuan: '元', rate: '年化利率' };
const COMPARATOR: Record<string, string> = { gt: '高于', gte: '不低于', lt: '低于', lte: '不高于' };
const STAGE_LABELS: Record<FunnelStage['stage'], string> = {
  registered: '注册', authorised: '授权', applied: '申请', accepted: '受理', approved: '审批通过', disbursed: '放款',
};

const num = (v: string | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));
const shanghai = (d: Date | null) => (d ? shanghaiMinute(d) : '—');
const def = (code: string) => KPI_CATALOGUE.find((k) => k.code === code)!;

/** The target as the dashboard states it ("不低于 1", "高于 20%"), never the stored decimal ("1.000000"). */
function targetText(f: KpiFigure, d: KpiDefinition): string {
  if (!f.target) return '—';
  const stored = f.target.value;
  const n = Number(stored);
  const value = {
    percent: () => `${Math.round(n * 1_000_000) / 10_000}%`,
    rate: () => `${n.toFixed(2)}%`,
    yuan: () => yuanText(stored),
    count: () => n.toLocaleString('en-US'),
  }[d.unit]();
  return `${COMPARATOR[f.target.comparator]} ${value}`;
}

function header(sheet: ExcelJS.Worksheet, columns: { header: string; width: number; format?: string }[]) {
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width, style: c.format ? { numFmt: c.format } : {} }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

function cover(wb: ExcelJS.Workbook, r: ReportData) {
  const sheet = wb.addWorksheet(SHEETS[0]);
  sheet.columns = [{ width: 22 }, { width: 30 }, { width: 30 }, { width: 60 }, { width: 36 }, { width: 16 }, { width: 40 }];
  sheet.addRow(['信易贷平台监测月报']).font = { bold: true, size: 16 };
  sheet.addRow(['统计月份', r.month]);
  sheet.addRow(['数据截至', shanghai(r.asOf)]);
  sheet.addRow(['生成时间', shanghai(r.generatedAt)]);
  sheet.addRow(['说明', '比例类指标以百分比显示；金额单位为元；时效按工作日历计时（工作日计 24 小时，休息日与法定节假日不计）。']);
  sheet.addRow([]);
  sheet.addRow(['指标', '分子', '分母', '口径说明', '数据来源', '目标', '目标依据']).font = { bold: true };
  for (const f of r.figures) {
    const d = def(f.code);
    sheet.addRow([d.name, d.numerator, d.denominator ?? '—', d.unavailable ? `${d.definition}（${d.unavailable}）` : d.definition, d.dataSource, targetText(f, d), f.target?.source ?? '—']);
  }
  sheet.addRow([]);
  sheet.addRow(['预授信漏斗环节', '金额', '', '口径说明']).font = { bold: true };
  for (const s of PRECREDIT_FUNNEL) sheet.addRow([s.name, s.amount, '', s.definition]);
}

function figuresSheet(wb: ExcelJS.Workbook, r: ReportData) {
  const sheet = wb.addWorksheet(SHEETS[1]);
  header(sheet, [
    { header: '指标', width: 26 }, { header: '单位', width: 10 }, { header: '数值', width: 18 }, { header: '分子', width: 20 },
    { header: '分母', width: 20 }, { header: '目标', width: 14 }, { header: '是否达标', width: 10 }, { header: '目标依据', width: 40 },
  ]);
  for (const f of r.figures) {
    const d = def(f.code);
    const row = sheet.addRow([d.name, UNIT_LABEL[d.unit], num(f.value), num(f.numerator), num(f.denominator), targetText(f, d), f.met === null ? '—' : f.met ? '达标' : '未达标', f.target?.source ?? '—']);
    row.getCell(3).numFmt = FORMAT[d.unit];
    const partFormat = d.unit === 'yuan' || ['credit_loan_share', 'guarantee_share', 'inclusive_share_of_city', 'online_disbursement_share', 'average_rate'].includes(d.code) ? '#,##0.00' : '#,##0';
    row.getCell(4).numFmt = partFormat;
    row.getCell(5).numFmt = partFormat;
    if (d.unavailable) row.getCell(3).value = '暂无数据';
  }
}

function districtSheet(wb: ExcelJS.Workbook, r: ReportData) {
  const sheet = wb.addWorksheet(SHEETS[2]);
  const codes = r.districts[0]?.figures.map((f) => f.code) ?? [];
  header(sheet, [{ header: '区县', width: 14 }, ...codes.map((c) => ({ header: def(c).name, width: 20, format: FORMAT[def(c).unit] }))]);
  for (const d of r.districts) sheet.addRow([d.name, ...codes.map((c) => num(d.figures.find((f) => f.code === c)?.value))]);
}

function trendSheet(wb: ExcelJS.Workbook, r: ReportData) {
  const sheet = wb.addWorksheet(SHEETS[3]);
  header(sheet, [{ header: '月份', width: 10 }, ...r.trend.series.map((s) => ({ header: def(s.code).name, width: 20, format: FORMAT[def(s.code).unit] }))]);
  r.trend.months.forEach((m, i) => sheet.addRow([m, ...r.trend.series.map((s) => num(s.values[i]))]));
}

function funnelSheet(wb: ExcelJS.Workbook, r: ReportData) {
  const sheet = wb.addWorksheet(SHEETS[4]);
  header(sheet, [
    { header: '环节', width: 12 }, { header: '数量', width: 12, format: '#,##0' }, { header: '金额（元）', width: 20, format: '#,##0.00' },
    { header: '较上一环节', width: 12, format: '0.00%' },
  ]);
  const rows = (stages: readonly { count: number; amount: string | null }[], label: (i: number) => string) =>
    stages.forEach((s, i) => {
      const prev = stages[i - 1];
      sheet.addRow([label(i), s.count, num(s.amount), prev && prev.count > 0 ? s.count / prev.count : null]);
    });
  rows(r.funnel.stages, (i) => STAGE_LABELS[r.funnel.stages[i]!.stage]);
  sheet.addRow([]);
  sheet.addRow([`统计期间：${r.funnel.from} 至 ${r.funnel.to}`]);
  const precredit = (title: string, stages: readonly PrecreditFunnelStage[]) => {
    sheet.addRow([]);
    sheet.addRow([title]).font = { bold: true };
    rows(stages, (i) => PRECREDIT_FUNNEL[i]!.name);
  };
  precredit(`预授信漏斗（全市，企业数；金额依次为${PRECREDIT_FUNNEL.map((p) => p.amount).join('、')}）`, r.funnel.precredit.stages);
  for (const b of r.funnel.precredit.banks) precredit(`预授信漏斗：${b.bankName}`, b.stages);
}

function bankSheets(wb: ExcelJS.Workbook, r: ReportData) {
  const sheet = wb.addWorksheet(SHEETS[5]);
  header(sheet, [
    { header: '银行', width: 24 }, { header: '是否已对接', width: 10 }, { header: '最近成功交换', width: 18 }, { header: '提交', width: 8, format: '#,##0' },
    { header: '受理', width: 8, format: '#,##0' }, { header: '出具结论', width: 10, format: '#,##0' }, { header: '审批通过', width: 10, format: '#,##0' },
    { header: '接单率', width: 10, format: '0.00%' }, { header: '获得率', width: 10, format: '0.00%' }, { header: '平均受理用时（工作小时）', width: 16, format: '0.0' },
    { header: '平均审批用时（工作日）', width: 16, format: '0.00' }, { header: '超时申请', width: 10, format: '#,##0' },
  ]);
  for (const b of r.bankService.rows) {
    const row = sheet.addRow([
      b.bankName, b.connected ? '已对接' : '未对接', shanghai(b.lastExchangeAt), b.submitted, b.accepted, b.decided, b.approved,
      num(b.acceptanceRate), num(b.approvalRate), num(b.avgWorkHoursToAcceptance), num(b.avgWorkDaysToDecision), b.overdue,
    ]);
    if (b.overdue > 0) row.getCell(12).font = { bold: true, color: { argb: 'FFC0392B' } };
  }
  const overdue = wb.addWorksheet(SHEETS[6]);
  header(overdue, [
    { header: '银行', width: 24 }, { header: '超时环节', width: 12 }, { header: '已等待（工作小时）', width: 16, format: '0.0' },
    { header: '已提醒', width: 20 }, { header: '提交时间', width: 18 }, { header: '申请编号', width: 38 },
  ]);
  for (const o of r.bankService.overdue) {
    overdue.addRow([
      o.bankName, o.overdueFor === 'acceptance' ? '超时未受理' : '超时未审批', o.waitedWorkHours,
      o.escalation === 'office' ? '银行机构管理员、金融办' : '银行机构管理员', shanghai(o.submittedAt), o.id,
    ]);
  }
}

function rankingSheet(wb: ExcelJS.Workbook, r: ReportData) {
  const sheet = wb.addWorksheet(SHEETS[7]);
  sheet.columns = [{ width: 8 }, { width: 24 }, { width: 20 }, { width: 20 }, { width: 20 }, { width: 12 }];
  for (const [title, rows] of [['按区县', r.rankings.districts], ['按银行', r.rankings.banks]] as const) {
    sheet.addRow([`${title}（${r.month} 当月放款金额排名）`]).font = { bold: true };
    sheet.addRow(['排名', title === '按区县' ? '区县' : '银行', '当月放款（元）', '月末贷款余额（元）', '月末普惠贷款余额（元）', '新增首贷户']).font = { bold: true };
    rows.forEach((row, i) => {
      const added = sheet.addRow([i + 1, row.name, Number(row.disbursed), Number(row.balance), Number(row.inclusiveBalance), row.firstLoans]);
      for (const c of [3, 4, 5]) added.getCell(c).numFmt = '#,##0.00';
    });
    sheet.addRow([]);
  }
}

export async function buildReportWorkbook(r: ReportData): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '信易贷平台';
  wb.created = r.generatedAt;
  cover(wb, r);
  figuresSheet(wb, r);
  districtSheet(wb, r);
  trendSheet(wb, r);
  funnelSheet(wb, r);
  bankSheets(wb, r);
  rankingSheet(wb, r);
  return xlsxBytes(wb);
}
