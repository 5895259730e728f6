import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../platform/seeded-random.js';
import { CsvFormatError, CsvRecordReader, MAX_RECORD_BYTES } from './csv-records.js';

/**
 * The reader against csv-parse (the well-known parser uploads used before, with the options
 * they used): same records for the RFC 4180 cases, for every way of cutting the bytes into
 * chunks, and for random inputs; an input one rejects the other rejects too.
 */
type Outcome = { records: string[][] } | { error: string };

function read(chunks: readonly Buffer[]): Outcome {
  const reader = new CsvRecordReader();
  const records: string[][] = [];
  try {
    for (const chunk of chunks) records.push(...reader.push(chunk));
    records.push(...reader.end());
    return { records };
  } catch (error) {
    if (error instanceof CsvFormatError) return { error: error.code };
    throw error;
  }
}

function reference(text: string): Outcome {
  try {
    return { records: parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][] };
  } catch (error) {
    const code = String((error as { code?: unknown }).code);
    return { error: code.startsWith('CSV_') ? code : `CSV_${code}` };
  }
}

/** Every split of the bytes into two chunks, and one byte per chunk. */
function chunkings(bytes: Buffer): Buffer[][] {
  const ways: Buffer[][] = [[bytes]];
  for (let at = 0; at <= bytes.length; at++) ways.push([bytes.subarray(0, at), bytes.subarray(at)]);
  ways.push([...bytes].map((b) => Buffer.from([b])));
  return ways;
}

const CASES: [string, string][] = [
  ['plain', 'uscc,period\na,b\n'],
  ['no final line break', 'a,b\nc,d'],
  ['CRLF', 'a,b\r\nc,d\r\n'],
  ['CR only', 'a,b\rc,d\r'],
  ['a CR inside a field of an LF file', 'a\nb\r\nc\n'],
  ['an LF inside a field of a CR file', 'x\ry\nz\r'],
  ['a lone CR inside a field of a CRLF file', 'a,b\r\nc\rd,e\r\n'],
  ['BOM', '\ufeffa,b\n'],
  ['BOM only', '\ufeff'],
  ['empty input', ''],
  ['empty lines are skipped', '\n\na,b\n\n\nc\n\n'],
  ['empty CRLF lines', '\r\n\r\na\r\n\r\n'],
  ['a line of commas is a record', 'a,\n,\n'],
  ['a quoted empty field is a record', '"",a\n\n""\n'],
  ['quoted comma, line breaks and doubled quotes', '"a,b","c\nd","e""f"""\r\n"",""\r\n'],
  ['quoted CRLF', '"a\r\nb"\r\nc\r\n'],
  ['quoted field at the end of the input', 'a,"b"'],
  ['multi-byte characters', '统一社会信用代码,税种\n91420202,增值税\n"城市维护建设税,附加",印花税\n'],
  ['uneven columns', 'a,b,c\nd\ne,f,g,h\n'],
  ['spaces are kept', ' a , b \n'],
  ['quote inside an unquoted field', 'ab"c,d\n'],
  ['quote at the end of an unquoted field', 'a,b"'],
  ['space before an opening quote', ' "ab",d\n'],
  ['text after a closing quote', '"ab"c,d\n'],
  ['space after a closing quote', '"ab" ,d\n'],
  ['quote not closed', 'a,"b\n'],
  ['closing quote then a foreign line break', '"a"\r"b"\n'],
];

describe('CsvRecordReader', () => {
  it.each(CASES)('%s: as csv-parse, however the bytes are cut', (_name, text) => {
    const expected = reference(text);
    for (const chunks of chunkings(Buffer.from(text))) expect(read(chunks)).toEqual(expected);
  });

  it('returns the records before an error, then throws', () => {
    const reader = new CsvRecordReader();
    expect(reader.push(Buffer.from('a,b\nc,d\ne"f\n'))).toEqual([['a', 'b'], ['c', 'd']]);
    expect(() => reader.push(Buffer.from('g\n'))).toThrow(CsvFormatError);
  });

  it('refuses a record larger than MAX_RECORD_BYTES (a quote left open) instead of scanning it again and again', () => {
    const reader = new CsvRecordReader();
    expect(reader.push(Buffer.from('a,b\n"open'))).toEqual([['a', 'b']]);
    const chunk = Buffer.alloc(65_536, 0x61);
    const pushAll = () => {
      for (let sent = 0; sent <= MAX_RECORD_BYTES; sent += chunk.length) reader.push(chunk);
    };
    expect(pushAll).toThrow(expect.objectContaining({ code: 'CSV_RECORD_TOO_LARGE' }));
    const long = new CsvRecordReader();
    expect(long.push(Buffer.from(`"${'x'.repeat(MAX_RECORD_BYTES - 10)}"\n`))).toHaveLength(1);
  });

  it('reads 300 random files whose columns repeat values, of the same length and multi-byte, cut anywhere, as csv-parse does', () => {
    const random = new SeededRandom(1207);
    // Values that differ in one byte or one character of the same length, quoted ones, and quoted ones with a doubled quote or a line break.
    const vocabulary = ['增值税', '增值费', '印花税', 'ab', 'ba', 'aa', '"a,b"', '"a;b"', '"增""值"', '', '2026-09', '2026-10', '"x\ny"', '黄石市市场监督管理局', '黄石市市场监督管理所'];
    const pick = () => Math.floor(random.next() * vocabulary.length);
    for (let f = 0; f < 300; f++) {
      const columns = 1 + Math.floor(random.next() * 5);
      let previous = Array.from({ length: columns }, pick);
      let text = '';
      const rows = 5 + Math.floor(random.next() * 40);
      for (let r = 0; r < rows; r++) {
        // Mostly the value above in the same column, as deliveries do.
        previous = previous.map((v) => (random.next() < 0.7 ? v : pick()));
        text += `${previous.map((v) => vocabulary[v]).join(',')}\n`;
      }
      const bytes = Buffer.from(text);
      const cuts = Array.from({ length: Math.floor(random.next() * 5) }, () => Math.floor(random.next() * (bytes.length + 1))).sort((a, b) => a - b);
      const chunks = [0, ...cuts].map((at, k) => bytes.subarray(at, k < cuts.length ? cuts[k] : bytes.length));
      expect(read(chunks), `${JSON.stringify(text)} cut at ${cuts.join(',')}`).toEqual(reference(text));
    }
  });

  it('decides 5,000 random inputs as csv-parse does', () => {
    const random = new SeededRandom(4180);
    const alphabet = ['a', 'b', ',', ',', '"', '"', '\r', '\n', '\n', ' ', '增', '\ufeff'];
    let rejected = 0;
    for (let i = 0; i < 5_000; i++) {
      let text = '';
      const length = Math.floor(random.next() * 24);
      for (let k = 0; k < length; k++) text += alphabet[Math.floor(random.next() * alphabet.length)];
      const expected = reference(text);
      if ('error' in expected) rejected++;
      const bytes = Buffer.from(text);
      const at = Math.floor(random.next() * (bytes.length + 1));
      expect(read([bytes]), JSON.stringify(text)).toEqual(expected);
      expect(read([bytes.subarray(0, at), bytes.subarray(at)]), `${JSON.stringify(text)} cut at ${at}`).toEqual(expected);
    }
    expect(rejected).toBeGreaterThan(500);
    expect(rejected).toBeLessThan(4_500);
  });
});
