import ExcelJS from 'exceljs';
import { shanghaiMinute } from '../platform/business-date.js';
import type { PrecreditResult } from './whitelist.js';
import { xlsxBytes } from '../platform/spreadsheet-text.js';

const DECISION_LABELS: Record<PrecreditResult['decision'], string> = { graded: '已评级', ungraded: '未达最低等级', knockout: '不符合准入' };

/** 白名单 as an Excel sheet: one row per enterprise, limits as numbers so the bank can sum them. */
export async function whitelistWorkbook(rows: readonly PrecreditResult[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('预授信白名单');
  sheet.columns = [
    { header: '企业名称', key: 'name', width: 36 },
    { header: '统一社会信用代码', key: 'uscc', width: 22 },
    { header: '评分', key: 'score', width: 8 },
    { header: '预授信等级', key: 'grade', width: 10 },
    { header: '预授信额度（元）', key: 'limit', width: 16 },
    { header: '结论', key: 'decision', width: 14 },
    { header: '主要原因', key: 'reasons', width: 60 },
    { header: '模型版本', key: 'version', width: 10 },
    { header: '有效期至', key: 'validUntil', width: 20 },
  ];
  for (const r of rows) {
    sheet.addRow({
      name: r.enterpriseName,
      uscc: r.uscc,
      score: r.score,
      grade: r.grade ?? '—',
      limit: r.limit === null ? null : Number(r.limit),
      decision: DECISION_LABELS[r.decision],
      reasons: r.reasons.map((x) => x.text).join('；'),
      version: `V${r.modelVersion}`,
      validUntil: shanghaiMinute(r.validUntil),
    });
  }
  sheet.getColumn('limit').numFmt = '#,##0.00';
  return xlsxBytes(workbook);
}
