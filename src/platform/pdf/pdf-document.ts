import PDFDocument from 'pdfkit';
import { chineseFontBytes } from './pdf-font.js';

/** The content of a platform PDF: a title, then blocks in order. Everything is plain text. */
export interface PdfContent {
  readonly title: string;
  /** Who issues the document, shown under the title and stored as the PDF's Author. */
  readonly issuer: string;
  /**
   * Stored as the PDF's CreationDate. Part of the content on purpose: the same content with the
   * same date renders the same bytes, so a digest of the file identifies the document.
   */
  readonly issuedAt: Date;
  readonly blocks: readonly PdfBlock[];
  /** Printed at the foot of every page (e.g. a verification code). */
  readonly footer?: string;
}

export type PdfBlock =
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'fields'; readonly rows: readonly (readonly [label: string, value: string])[] }
  | { readonly kind: 'table'; readonly columns: readonly string[]; readonly rows: readonly (readonly string[])[] };

const FONT = 'zh';
const MARGIN = 56;

/**
 * Renders `content` to a PDF (A4, the Chinese font embedded as a subset). Deterministic: no
 * wall-clock time or random value enters the file, so equal content gives equal bytes.
 */
export function renderPdf(content: PdfContent): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: content.title, Author: content.issuer, Creator: content.issuer, Producer: 'PDFKit', CreationDate: content.issuedAt },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont(FONT, chineseFontBytes());
  doc.font(FONT);
  doc.fontSize(18).text(content.title, { align: 'center' });
  doc.moveDown(0.3).fontSize(10).fillColor('#555555').text(content.issuer, { align: 'center' }).fillColor('#000000');
  doc.moveDown();
  for (const block of content.blocks) drawBlock(doc, block);
  if (content.footer) drawFooters(doc, content.footer);
  doc.end();
  return done;
}

function drawBlock(doc: PDFKit.PDFDocument, block: PdfBlock): void {
  switch (block.kind) {
    case 'heading':
      doc.moveDown(0.5).fontSize(13).text(block.text).moveDown(0.3);
      return;
    case 'paragraph':
      doc.fontSize(10).text(block.text).moveDown(0.3);
      return;
    case 'fields':
      doc.fontSize(10);
      for (const [label, value] of block.rows) doc.text(`${label}：${value}`);
      doc.moveDown(0.3);
      return;
    case 'table':
      drawTable(doc, block.columns, block.rows);
      return;
  }
}

function drawTable(doc: PDFKit.PDFDocument, columns: readonly string[], rows: readonly (readonly string[])[]): void {
  const width = doc.page.width - 2 * MARGIN;
  const columnWidth = width / columns.length;
  const line = (cells: readonly string[]): void => {
    const heights = cells.map((cell) => doc.heightOfString(cell, { width: columnWidth - 6 }));
    const height = Math.max(...heights, doc.currentLineHeight()) + 4;
    if (doc.y + height > doc.page.height - MARGIN - 20) doc.addPage();
    const top = doc.y;
    cells.forEach((cell, i) => doc.text(cell, MARGIN + i * columnWidth + 3, top + 2, { width: columnWidth - 6 }));
    doc.moveTo(MARGIN, top + height).lineTo(MARGIN + width, top + height).lineWidth(0.5).strokeColor('#999999').stroke();
    doc.x = MARGIN;
    doc.y = top + height;
  };
  doc.fontSize(9).fillColor('#333333');
  line(columns);
  doc.fillColor('#000000');
  for (const row of rows) line(row);
  doc.moveDown(0.5);
}

function drawFooters(doc: PDFKit.PDFDocument, footer: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    const y = doc.page.height - MARGIN + 16;
    const text = `${footer}    第 ${i + 1 - range.start} 页 / 共 ${range.count} 页`;
    doc.fontSize(8).fillColor('#555555').text(text, MARGIN, y, { width: doc.page.width - 2 * MARGIN, align: 'center', lineBreak: false });
  }
}
