import { describe, expect, it } from 'vitest';
import { spreadsheetText } from './spreadsheet-text.js';

describe('spreadsheetText', () => {
  it('puts an apostrophe before text a spreadsheet would take for a formula', () => {
    for (const text of ['=1+1', '+1+1', '-1+1', '@SUM(A1)', '\t=1', '\r=1', '=HYPERLINK("http://x","点此")', '-', '+86 139']) {
      expect(spreadsheetText(text), JSON.stringify(text)).toBe(`'${text}`);
    }
  });

  it('leaves other text and plain signed numbers as they are', () => {
    for (const text of ['', '湖北某某科技有限公司', '91420200MA4K0XY10T', 'a=b', ' =1', '—', '-12.50', '+3', '-0.5', '1e5', "'=1"]) {
      expect(spreadsheetText(text), JSON.stringify(text)).toBe(text);
    }
  });
});
