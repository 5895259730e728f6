import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { SaxesParser } from 'saxes';
import yauzl from 'yauzl';
import { validationError } from '../../platform/errors.js';
import { limitExceeded } from '../upload-limits.js';

/** The XLSX parts a reader may ask for; anything else in the package is never inflated. */
const MAX_ENTRIES = 10_000;

/**
 * Characters allowed between two `<` of a part's XML. saxes buffers a text node or a tag until it
 * ends, so without this bound one huge cell (or tag) would be held whole before any cell limit
 * could see it. Six times Excel's cell limit leaves room for escaped characters (`&amp;`).
 */
export const MAX_XML_RUN = 6 * 32_767;

export const malformedXlsx = () => validationError('MALFORMED_XLSX', '无法读取 Excel 文件：文件不是有效的 XLSX 格式或已损坏');

/**
 * An XLSX package (a ZIP) read from a temporary copy of the upload: a ZIP's directory is at its
 * end and Excel writes the shared strings after the worksheets, so the parts cannot be read in
 * the order they arrive. The copy is as large as the body, which `limitBytes` already bounds.
 * Entries are inflated only when asked for, each counted against `maxPartBytes` as it inflates
 * (yauzl also fails an entry that inflates past the size its header declares).
 */
export class XlsxPackage {
  private constructor(
    private readonly dir: string,
    private readonly zip: yauzl.ZipFile,
    private readonly entries: ReadonlyMap<string, yauzl.Entry>,
    private readonly maxPartBytes: number,
  ) {}

  static async open(input: Readable, maxPartBytes: number): Promise<XlsxPackage> {
    const dir = await mkdtemp(join(tmpdir(), 'xlsx-upload-'));
    try {
      const path = join(dir, 'upload.xlsx');
      await pipeline(input, createWriteStream(path));
      const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
        yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (error, z) => (error ? reject(malformedXlsx()) : resolve(z))),
      );
      const entries = new Map<string, yauzl.Entry>();
      await new Promise<void>((resolve, reject) => {
        zip.on('entry', (entry: yauzl.Entry) => {
          entries.set(entry.fileName.replace(/^\//, ''), entry);
          if (entries.size > MAX_ENTRIES) reject(limitExceeded('XLSX_TOO_MANY_PARTS', `Excel 文件包含超过 ${MAX_ENTRIES} 个部件`, 'file'));
          else zip.readEntry();
        });
        zip.once('end', () => resolve());
        zip.once('error', () => reject(malformedXlsx()));
        zip.readEntry();
      });
      return new XlsxPackage(dir, zip, entries, maxPartBytes);
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /**
   * Feeds a part's XML to `parser` as it inflates, decoding UTF-8 with a streaming decoder (a
   * character split between two chunks is joined, never replaced). Yields after each chunk, so
   * the caller can hand over what the chunk completed.
   */
  async *parse(name: string, parser: SaxesParser): AsyncGenerator<void> {
    const entry = this.entries.get(name);
    if (!entry) throw malformedXlsx();
    if (entry.uncompressedSize > this.maxPartBytes) throw this.tooLarge(name);
    const stream = await new Promise<Readable>((resolve, reject) =>
      this.zip.openReadStream(entry, (error, s) => (error ? reject(malformedXlsx()) : resolve(s))),
    );
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let inflated = 0;
    let run = 0;
    let failure: unknown;
    parser.on('error', (error) => {
      failure ??= error;
    });
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        inflated += chunk.length;
        if (inflated > this.maxPartBytes) throw this.tooLarge(name);
        const text = decoder.decode(chunk, { stream: true });
        const firstOpen = text.indexOf('<');
        const lastOpen = text.lastIndexOf('<');
        const before = run + (firstOpen < 0 ? text.length : firstOpen);
        run = firstOpen < 0 ? before : text.length - lastOpen - 1;
        if (before > MAX_XML_RUN || run > MAX_XML_RUN || longestRun(text, firstOpen, lastOpen) > MAX_XML_RUN) {
          throw limitExceeded('XLSX_CELL_TOO_LONG', `Excel 文件的“${name}”中有超过 ${MAX_XML_RUN} 个字符的单元格或标记`, 'file');
        }
        parser.write(text);
        if (failure) throw failure;
        yield;
      }
      parser.write(decoder.decode());
      parser.close();
      if (failure) throw failure;
      yield;
    } catch (error) {
      stream.destroy();
      if (error instanceof TypeError || (error instanceof Error && !('kind' in error))) throw malformedXlsx();
      throw error;
    }
  }

  async close(): Promise<void> {
    this.zip.close();
    await rm(this.dir, { recursive: true, force: true });
  }

  private tooLarge(name: string) {
    return limitExceeded('XLSX_PART_TOO_LARGE', `Excel 文件的“${name}”解压后超过 ${Math.round(this.maxPartBytes / 1_048_576)} MB`, 'file');
  }
}

/** The longest stretch between two `<` of `text` from its first to its last `<` (the stretches at either end are the caller's). */
function longestRun(text: string, first: number, last: number): number {
  let longest = 0;
  let from = first;
  while (from >= 0 && from < last) {
    const next = text.indexOf('<', from + 1);
    longest = Math.max(longest, next - from - 1);
    from = next;
  }
  return longest;
}
