import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

let platform: TestPlatform;
let token: string;
const usccs: string[] = [];

beforeAll(async () => {
  platform = await startTestPlatform();
  token = await platform.login('tax_feed');
  usccs.push(...(await platform.database.knex('market_entities').orderBy('uscc', 'desc').limit(40).pluck('uscc')));
});
afterAll(() => platform?.close());

const HEADER = '统一社会信用代码,所属期,税种,实缴税额（元）,欠税金额（元）\r\n';
const csvText = (n: number) => HEADER + usccs.slice(0, n).map((u) => `${u},2026-07,增值税,100.00,0\r\n`).join('');

function gb18030(text: string): Buffer {
  // Encoded by hand from the GB18030 table entries this test uses (Node has a decoder, no encoder).
  const table: Record<string, number[]> = { 统: [0xcd, 0xb3], 一: [0xd2, 0xbb], 社: [0xc9, 0xe7], 会: [0xbb, 0xe1], 信: [0xd0, 0xc5], 用: [0xd3, 0xc3], 代: [0xb4, 0xfa], 码: [0xc2, 0xeb], 所: [0xcb, 0xf9], 属: [0xca, 0xf4], 期: [0xc6, 0xda], 税: [0xcb, 0xb0], 种: [0xd6, 0xd6], 实: [0xca, 0xb5], 缴: [0xbd, 0xc9], 额: [0xb6, 0xee], '（': [0xa3, 0xa8], 元: [0xd4, 0xaa], '）': [0xa3, 0xa9], 欠: [0xc7, 0xb7], 金: [0xbd, 0xf0], 增: [0xd4, 0xf6], 值: [0xd6, 0xb5] };
  const bytes: number[] = [];
  for (const ch of text) {
    const code = table[ch];
    if (code) bytes.push(...code);
    else if (ch.charCodeAt(0) < 0x80) bytes.push(ch.charCodeAt(0));
    else throw new Error(`no GB18030 bytes for ${ch}`);
  }
  return Buffer.from(bytes);
}

async function upload(body: Buffer | string, type: string, fileName?: string) {
  const named = fileName === undefined ? '' : `&fileName=${encodeURIComponent(fileName)}`;
  const res = await fetch(`${platform.url}/api/v1/ingestion/tax_payments/files?formatVersion=1${named}`, {
    method: 'POST',
    body: typeof body === 'string' ? body : new Uint8Array(body),
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    signal: AbortSignal.timeout(20_000),
  });
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Record<string, unknown> };
}

async function batchStatus(id: unknown): Promise<{ status: string; failure: string | null }> {
  return platform.database.knex('ingestion_batches').where({ id }).first('status', 'failure');
}

describe('upload encodings', () => {
  it('checks that the GB18030 fixture is what a GB18030 decoder reads', () => {
    expect(new TextDecoder('gb18030').decode(gb18030(csvText(2)))).toBe(csvText(2));
  });

  it('reads a UTF-16 CSV (with its byte-order mark) and the batch completes', async () => {
    const text = '\uFEFF' + csvText(3);
    const utf16 = Buffer.from(text, 'utf16le');
    const { status, body } = await upload(utf16, 'text/csv');
    expect(status).toBe(201);
    expect(body).toMatchObject({ status: 'completed', rowsRead: 3, rowsAccepted: 3 });
  });

  it('reads a GB18030 CSV named by its charset parameter', async () => {
    const { status, body } = await upload(gb18030(csvText(3)), 'text/csv; charset=GBK');
    expect(status).toBe(201);
    expect(body).toMatchObject({ status: 'completed', rowsRead: 3, rowsAccepted: 3 });
  });

  it('detects a GB18030 CSV sent without a charset', async () => {
    const { status, body } = await upload(gb18030(csvText(4)), 'text/csv');
    expect(status).toBe(201);
    expect(body).toMatchObject({ status: 'completed', rowsRead: 4, rowsAccepted: 4 });
  });

  it('refuses bytes that are not UTF-8 when UTF-8 was declared, naming the problem, and fails the batch', async () => {
    const { status, type, body } = await upload(Buffer.concat([Buffer.from(csvText(2)), Buffer.from([0xc3, 0x28, 0x0a])]), 'text/csv; charset=utf-8');
    expect(status).toBe(400);
    expect(type).toContain('application/problem+json');
    expect(body).toMatchObject({ code: 'INVALID_ENCODING', errors: [{ field: 'body', code: 'INVALID_ENCODING' }] });
    expect(await batchStatus(body.batchId)).toMatchObject({ status: 'failed', failure: expect.stringContaining('UTF-8') });
  });

  it('refuses a file name with control or bidi characters before reading, and keeps a plain one trimmed', async () => {
    const batches = async () => Number((await platform.database.knex('ingestion_batches').count('* as n').first())?.n);
    const count = await batches();
    for (const fileName of ['税务\u202eVSC.xlsx', '税务\u0007.csv']) {
      const { status, type, body } = await upload(csvText(1), 'text/csv', fileName);
      expect(status, fileName).toBe(400);
      expect(type).toContain('application/problem+json');
      expect(body).toMatchObject({ errors: [{ field: 'fileName', code: 'CONTROL_CHARACTER' }] });
    }
    expect(await batches()).toBe(count);
    const { status, body } = await upload(csvText(1), 'text/csv', ' 税务十月.csv\u200b');
    expect(status).toBe(201);
    expect(body).toMatchObject({ fileName: '税务十月.csv', rowsAccepted: 1 });
  });

  it('refuses an unknown charset before reading', async () => {
    const { status, body } = await upload(csvText(1), 'text/csv; charset=ebcdic');
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'UNSUPPORTED_CHARSET', errors: [{ field: 'content-type' }] });
  });

  it('refuses an XLSX sent as text/csv instead of hanging, and the batch ends', async () => {
    const zipLike = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(2_000, 7)]);
    const { status, body } = await upload(zipLike, 'text/csv');
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'XLSX_SENT_AS_TEXT', errors: [{ field: 'content-type' }] });
    expect(await batchStatus(body.batchId)).toMatchObject({ status: 'failed', failure: expect.stringContaining('XLSX') });
  });

  it('leaves no batch of this file in processing', async () => {
    const left = await platform.database.knex('ingestion_batches').where({ status: 'processing' }).pluck('id');
    expect(left).toEqual([]);
  });
});
