import { isAscii, isUtf8 } from 'node:buffer';
import { pipeline, Transform, type Readable } from 'node:stream';
import { validationError } from '../../platform/errors.js';

const GB_NAMES = new Set(['gb18030', 'gbk', 'gb2312', 'x-gbk', 'cp936', 'windows-936']);
const UTF8_NAMES = new Set(['utf-8', 'utf8', 'us-ascii', 'ascii']);
const UTF16_NAMES: Record<string, string> = { 'utf-16': 'utf-16le', 'utf-16le': 'utf-16le', 'utf-16be': 'utf-16be' };

const invalid = (message: string) =>
  validationError('INVALID_ENCODING', message, [{ field: 'body', code: 'INVALID_ENCODING', message }]);

const unsupported = (code: string, message: string) => validationError(code, message, [{ field: 'content-type', code, message }]);

/** Refuses a charset parameter the platform cannot decode (before a batch is opened). */
export function checkCharset(charset: string | undefined): void {
  const name = charset?.toLowerCase();
  if (name && !GB_NAMES.has(name) && !UTF8_NAMES.has(name) && !(name in UTF16_NAMES)) {
    throw unsupported('UNSUPPORTED_CHARSET', `不支持的字符编码“${charset}”，请使用 UTF-8 或 GB18030（GBK）`);
  }
}

/**
 * A text upload (CSV, JSON lines) as UTF-8 bytes. The encoding is the charset parameter's when
 * there is one, else a UTF-16 byte-order mark's; else it is decided at the first non-ASCII byte
 * (ASCII reads the same in both): UTF-8 when what follows is valid UTF-8, else GB18030
 * (government exports from Chinese Excel are mostly GBK, a subset). UTF-8 passes through
 * unchanged, validated as it streams (without decoding it: the CSV reader decodes each cell);
 * other encodings are converted with a streaming TextDecoder.
 * Bytes the encoding cannot decode fail the stream with INVALID_ENCODING naming the offset; a
 * ZIP (an XLSX sent as text) or a body with NUL bytes is refused at once.
 */
export function textBody(body: Readable, charset: string | undefined): Readable {
  checkCharset(charset);
  const declared = charset?.toLowerCase();
  let head: Buffer<ArrayBufferLike> | undefined = Buffer.alloc(0);
  /** Set once the encoding is known: UTF-8 is validated, any other decoded. */
  let decoder: TextDecoder | 'utf-8' | undefined;
  /** The start of a UTF-8 character cut off by the end of the last chunk. */
  let carry: Buffer | undefined;
  let offset = 0;

  const start = (first: Buffer) => {
    if (first[0] === 0x50 && first[1] === 0x4b && first[2] === 0x03 && first[3] === 0x04) {
      throw unsupported('XLSX_SENT_AS_TEXT', '文件是 XLSX（Excel）格式，但按 CSV/JSONL 文本上传；请以 XLSX 类型上传');
    }
    const bom16 = first[0] === 0xff && first[1] === 0xfe ? 'utf-16le' : first[0] === 0xfe && first[1] === 0xff ? 'utf-16be' : undefined;
    const name = declared && !UTF8_NAMES.has(declared) ? (UTF16_NAMES[declared] ?? 'gb18030') : (bom16 ?? (declared ? 'utf-8' : undefined));
    if (name) use(name);
  };
  const use = (name: string) => {
    decoder = name === 'utf-8' ? name : new TextDecoder(name, { fatal: true });
  };
  const validateUtf8 = (chunk: Buffer, final: boolean) => {
    const bytes = carry ? Buffer.concat([carry, chunk]) : chunk;
    const cut = final ? 0 : cutCharacter(bytes);
    if (!isUtf8(bytes.subarray(0, bytes.length - cut))) throw invalid(`文件第 ${(offset - (carry?.length ?? 0)).toLocaleString('zh-CN')} 字节之后的内容不是有效的 UTF-8 编码`);
    carry = cut ? Buffer.from(bytes.subarray(bytes.length - cut)) : undefined;
  };

  const feed = (chunk: Buffer, push: (b: Buffer) => void, final: boolean) => {
    if (!decoder) {
      if (chunk.includes(0)) {
        throw unsupported('UNSUPPORTED_ENCODING', '文件含有空字节，不是文本文件（或是没有字节顺序标记的 UTF-16）；请另存为 UTF-8 或 GB18030 编码的 CSV');
      }
      if (isAscii(chunk) && !final) {
        offset += chunk.length;
        if (chunk.length) push(chunk);
        return;
      }
      use(validUtf8Prefix(chunk) ? 'utf-8' : 'gb18030');
    }
    if (decoder === 'utf-8') {
      validateUtf8(chunk, final);
      offset += chunk.length;
      if (chunk.length) push(chunk);
      return;
    }
    let text: string;
    try {
      text = decoder!.decode(chunk, { stream: !final });
    } catch {
      throw invalid(`文件第 ${offset.toLocaleString('zh-CN')} 字节之后的内容不是有效的 ${decoder!.encoding.toUpperCase()} 编码`);
    }
    offset += chunk.length;
    if (text.length) push(Buffer.from(text, 'utf8'));
  };

  const transform = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        if (head) {
          head = Buffer.concat([head, chunk]);
          if (head.length < 4) return done();
          chunk = head;
          head = undefined;
          start(chunk);
        }
        feed(chunk, (b) => this.push(b), false);
        done();
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done) {
      try {
        let last: Buffer<ArrayBufferLike> = Buffer.alloc(0);
        if (head) {
          last = head;
          head = undefined;
          start(last);
        }
        feed(last, (b) => this.push(b), true);
        done();
      } catch (error) {
        done(error as Error);
      }
    },
  });
  pipeline(body, transform, () => undefined);
  return transform;
}

/** How many bytes at the end of `bytes` start a UTF-8 character that is not complete yet (0–3). */
export function cutCharacter(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back]!;
    if ((b & 0xc0) === 0x80) continue;
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}

/** Whether `bytes` is valid UTF-8, allowing a character cut off at its end. */
function validUtf8Prefix(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}
