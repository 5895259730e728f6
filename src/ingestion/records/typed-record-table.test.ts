import { describe, expect, it } from 'vitest';
import { makeUscc } from '../../demo/demo-city.js';
import { SeededRandom } from '../../platform/seeded-random.js';
import type { RecordRow } from './credit-record.js';
import { typedTableOf } from './typed-categories.js';

const BATCH = '00000000-0000-4000-8000-000000000042';

describe('COPY lines of a typed chunk', () => {
  it('are each row written on its own, however values repeat and alternate down the fields', () => {
    const table = typedTableOf('penalties')!;
    const random = new SeededRandom(1208);
    // Values that repeat, alternate, go missing, need COPY escapes, or are the same text as another field's.
    const choices: Record<string, unknown[]> = {
      uscc: [makeUscc('91', '420202', '10000001'), makeUscc('91', '420202', '10000002')],
      subjectName: ['甲公司', '乙公司', 'a\tb', 'c\\d'],
      legalRepresentative: [undefined, '张三', '李四'],
      fineAmountWan: ['0.500000', '1.000000', '0.500000'],
      confiscatedAmountWan: ['0.000000'],
      remarks: [undefined, '无', 'x\ny', '\\N'],
    };
    const rows: RecordRow[] = Array.from({ length: 300 }, (_, i) => {
      const payload: Record<string, unknown> = { decisionDocNo: `黄市监罚〔2026〕${i}号`, decisionDate: '2026-09-01', publicityEnd: '2029-12-31', violationType: '其他' };
      for (const [field, values] of Object.entries(choices)) {
        const value = values[Math.floor(random.next() * values.length)];
        if (value !== undefined) payload[field] = value;
      }
      const onTime = [true, false, null][Math.floor(random.next() * 3)] ?? null;
      return { recordKey: String(100_000 + i), uscc: payload.uscc as string, payload, businessDate: null, publicityEnd: null, publishedOnTime: onTime };
    });
    const chunk = table.copyChunk(BATCH);
    for (const row of rows) chunk.add(row);
    const alone = rows.map((row) => {
      const single = table.copyChunk(BATCH);
      single.add(row);
      return single.lines().text.toString('utf8');
    });
    expect(chunk.lines().text.toString('utf8')).toBe(alone.join(''));
    // The lines are COPY text: escapes written, a missing value \N, the batch at the end.
    expect(alone.every((line) => line.endsWith(`\t${BATCH}\t${BATCH}\n`))).toBe(true);
    expect(alone.some((line) => line.includes('\ta\\tb\t'))).toBe(true);
    expect(alone.some((line) => line.includes('\t\\\\N\t'))).toBe(true);
  });
});
