import ExcelJS from 'exceljs';
import { fromFen, toFen } from '../platform/money.js';
import type { MonthlyReport } from './guarantee-report.js';
import { xlsxBytes } from '../platform/spreadsheet-text.js';

/** 担保业务月报 as a workbook: a cover sheet with the definitions, then per product and per party, headers in Chinese. */
export async function buildGuaranteeReportWorkbook(report: MonthlyReport): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const cover = book.addWorksheet('说明');
  cover.addRows([
    ['担保业务月报', `${report.companyName} ${report.month}`],
    ['新增', '本月内同意担保（含自动担保）的笔数与担保金额'],
    ['在保', '月末仍在保的笔数与担保余额'],
    ['代偿率', '当年累计代偿额 ÷ 当年累计解除的担保额（贷款结清解除的担保额 + 代偿解除的担保额）'],
    ['代偿率上限', '月末适用的上限：2024-07-24 前 4%，其后 5%（财金〔2024〕60号）'],
    ['分担方', '当年代偿损失按产品风险分担模板在各方之间的分摊，精确到分；合作银行的分担由银行自担，其余各方之和即担保方代偿额（“按产品”的当年代偿额之和）'],
  ]);
  cover.getColumn(1).width = 14;
  cover.getColumn(2).width = 70;

  const products = book.addWorksheet('按产品');
  products.columns = [
    { header: '担保产品', key: 'name', width: 24 },
    { header: '新增笔数', key: 'newCount', width: 10 },
    { header: '新增金额（元）', key: 'newAmount', width: 18, style: { numFmt: '#,##0.00' } },
    { header: '在保笔数', key: 'inForceCount', width: 10 },
    { header: '在保余额（元）', key: 'inForceBalance', width: 18, style: { numFmt: '#,##0.00' } },
    { header: '当年代偿额（元）', key: 'compensated', width: 18, style: { numFmt: '#,##0.00' } },
    { header: '当年解保额（元）', key: 'released', width: 18, style: { numFmt: '#,##0.00' } },
    { header: '代偿率（%）', key: 'rate', width: 12 },
    { header: '代偿率上限（%）', key: 'ceiling', width: 14 },
    { header: '是否超限', key: 'above', width: 10 },
  ];
  for (const p of report.products) {
    products.addRow({
      name: p.productName,
      newCount: p.newCount,
      newAmount: Number(p.newAmount),
      inForceCount: p.inForceCount,
      inForceBalance: Number(p.inForceBalance),
      compensated: Number(p.compensated),
      released: Number(p.released),
      rate: p.compensationRatePct ?? '—',
      ceiling: p.ceilingPct ?? '—',
      above: p.aboveCeiling ? '是' : '否',
    });
  }
  const parties = book.addWorksheet('按分担方');
  parties.columns = [
    { header: '分担方', key: 'label', width: 30 },
    { header: '当年分担代偿损失（元）', key: 'amount', width: 22, style: { numFmt: '#,##0.00' } },
  ];
  for (const p of report.parties) parties.addRow({ label: p.label, amount: Number(p.amount) });
  const total = report.parties.reduce((sum, p) => sum + toFen(p.amount), 0n);
  if (report.parties.length) parties.addRow({ label: '合计（当年代偿损失）', amount: Number(fromFen(total)) }).font = { bold: true };
  for (const sheet of [products, parties]) sheet.getRow(1).font = { bold: true };
  return xlsxBytes(book);
}
