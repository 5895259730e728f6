import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { renderPdf, type PdfContent } from './pdf-document.js';

const content: PdfContent = {
  title: '企业公共信用报告',
  issuer: '信易贷平台',
  issuedAt: new Date('2026-03-02T01:00:00Z'),
  footer: '验证码 ABCD-EFGH',
  blocks: [
    { kind: 'heading', text: '一、基本信息' },
    { kind: 'fields', rows: [['企业名称', '示例科技有限公司'], ['统一社会信用代码', '91310000MA1FL0000X']] },
    { kind: 'table', columns: ['类别', '来源', '日期'], rows: [['纳税', '税务局', '2026-02-01']] },
  ],
};

/** The PDF's objects, with their Flate streams inflated, as one latin1 string. */
function inflatedText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const parts: string[] = [raw];
  const streams = /stream\r?\n/g;
  for (let m = streams.exec(raw); m; m = streams.exec(raw)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    try {
      parts.push(inflateSync(pdf.subarray(start, end)).toString('latin1'));
    } catch {
      // not a Flate stream (the font file is one too, but every stream here is Flate)
    }
  }
  return parts.join('\n');
}

describe('renderPdf', () => {
  it('renders the same bytes for the same content', async () => {
    const [a, b] = await Promise.all([renderPdf(content), renderPdf(content)]);
    expect(a.subarray(0, 5).toString()).toBe('%PDF-');
    expect(a.equals(b)).toBe(true);
  });

  it('gives other bytes for other content or another date', async () => {
    const base = await renderPdf(content);
    const otherText = await renderPdf({ ...content, title: '企业公共信用报告（副本）' });
    const otherDate = await renderPdf({ ...content, issuedAt: new Date('2026-03-03T01:00:00Z') });
    expect(base.equals(otherText)).toBe(false);
    expect(base.equals(otherDate)).toBe(false);
  });

  it('embeds the Chinese font as a subset with a ToUnicode map, so text stays searchable', async () => {
    const pdf = await renderPdf(content);
    const text = inflatedText(pdf);
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/);
    expect(text).toContain('/FontFile2');
    expect(text).toContain('/ToUnicode');
    // Only the used glyphs: the whole font is ~10 MB.
    expect(pdf.length).toBeLessThan(200_000);
    // 信 (U+4FE1) is mapped in the ToUnicode CMap.
    expect(text.toLowerCase()).toContain('<4fe1>');
  });
});
