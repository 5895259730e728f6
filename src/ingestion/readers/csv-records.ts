/**
 * CSV records (RFC 4180) from UTF-8 bytes that arrive chunk by chunk: fields separated by
 * commas; a field in double quotes may hold commas, line breaks and doubled quotes. A leading
 * BOM is dropped. The record delimiter is the first of CRLF, LF or CR found outside quotes,
 * and only that one ends records afterwards (elsewhere it is part of the field), as csv-parse
 * does. Empty lines are skipped; records may have any number of fields. A quote inside an
 * unquoted field, text after a closing quote and a quote left open are errors.
 *
 * Made for bulk uploads (a million rows): it scans bytes and cuts each field out of the chunk
 * once. Records are returned per chunk, never one promise per row; the bytes of a record cut by
 * the end of a chunk are kept and scanned again with the next chunk.
 */
export class CsvFormatError extends Error {
  constructor(
    readonly code: 'CSV_INVALID_OPENING_QUOTE' | 'CSV_INVALID_CLOSING_QUOTE' | 'CSV_QUOTE_NOT_CLOSED' | 'CSV_RECORD_TOO_LARGE',
    message: string,
  ) {
    super(message);
  }
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

type Delimiter = 'crlf' | 'lf' | 'cr';

/**
 * Largest record carried from one chunk to the next, in bytes. An unfinished record is kept and
 * scanned again with each chunk, so without a bound a quote left open early in a large file
 * would cost time quadratic in its size.
 */
export const MAX_RECORD_BYTES = 1_048_576;

/** Columns whose last cell the reader remembers, and the largest chunk it keeps for that (see `text`). */
const REMEMBERED_COLUMNS = 64;
const REMEMBERED_CHUNK_BYTES = 131_072;

/** Where a record's scan stopped: a complete record, or more bytes needed. */
const NEED_MORE = -1;

export class CsvRecordReader {
  private pending: Buffer | undefined;
  private started = false;
  private delimiter: Delimiter | undefined;
  /** Records returned so far (a record's number is its index + 1). */
  private records = 0;
  private failure: CsvFormatError | undefined;
  /** Per column, the last cell decoded: its bytes (a kept chunk and a range in it) and its text (see `text`). */
  private readonly last: { chunk: Buffer | undefined; start: number; end: number; text: string }[] = [];

  /** Records completed by `chunk`. After an error, the records before it are returned once and the next call throws. */
  push(chunk: Buffer): string[][] {
    return this.scan(chunk, false);
  }

  /** The last record (the input ended). */
  end(): string[][] {
    return this.scan(Buffer.alloc(0), true);
  }

  private scan(chunk: Buffer, final: boolean): string[][] {
    if (this.failure) throw this.failure;
    let buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    if (!this.started) {
      if (buf.length < 3 && !final) {
        this.pending = buf;
        return [];
      }
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
      this.started = true;
    }
    const out: string[][] = [];
    let pos = 0;
    try {
      while (pos < buf.length) {
        const cells: string[] = [];
        const next = this.record(buf, pos, final, cells);
        if (next === NEED_MORE) {
          if (buf.length - pos > MAX_RECORD_BYTES) {
            throw new CsvFormatError('CSV_RECORD_TOO_LARGE', `第${this.records + 1}条记录超过 ${MAX_RECORD_BYTES / 1_048_576} MB（是否有引号没有闭合？）`);
          }
          this.pending = Buffer.from(buf.subarray(pos));
          break;
        }
        // An empty line (no bytes before its delimiter) is not a record.
        if (!(cells.length === 1 && cells[0] === '' && buf[pos] !== QUOTE)) {
          out.push(cells);
          this.records++;
        }
        pos = next;
      }
    } catch (error) {
      if (!(error instanceof CsvFormatError)) throw error;
      this.failure = error;
      if (out.length === 0) throw error;
    }
    return out;
  }

  /**
   * Scans one record from `start` into `cells`; returns where the next record starts, or
   * NEED_MORE when the chunk ends inside the record (or right after a CR whose LF may follow).
   */
  private record(buf: Buffer, start: number, final: boolean, cells: string[]): number {
    const n = buf.length;
    let i = start;
    for (;;) {
      if (i < n && buf[i] === QUOTE) {
        let value = '';
        let from = i + 1;
        let j = from;
        let escaped = false;
        for (;;) {
          if (j >= n) {
            if (final) throw new CsvFormatError('CSV_QUOTE_NOT_CLOSED', `第${this.records + 1}条记录的引号没有闭合`);
            return NEED_MORE;
          }
          if (buf[j] !== QUOTE) {
            j++;
            continue;
          }
          if (j + 1 >= n && !final) return NEED_MORE;
          if (buf[j + 1] === QUOTE) {
            value += buf.toString('utf8', from, j + 1);
            j += 2;
            from = j;
            escaped = true;
            continue;
          }
          value = escaped ? value + buf.toString('utf8', from, j) : this.text(buf, from, j, cells.length);
          break;
        }
        cells.push(value);
        i = j + 1;
        if (i >= n) return final ? n : NEED_MORE;
        const c = buf[i];
        if (c === COMMA) {
          i++;
          continue;
        }
        const end = this.recordEnd(buf, i, final);
        if (end === NEED_MORE) return NEED_MORE;
        if (end === undefined) {
          throw new CsvFormatError('CSV_INVALID_CLOSING_QUOTE', `第${this.records + 1}条记录第${cells.length}个字段的闭合引号后应为逗号或换行`);
        }
        return end;
      }
      let j = i;
      for (;;) {
        while (j < n) {
          const c = buf[j]!;
          if (c === COMMA || c === CR || c === LF) break;
          if (c === QUOTE) {
            throw new CsvFormatError('CSV_INVALID_OPENING_QUOTE', `第${this.records + 1}条记录第${cells.length + 1}个字段中的引号应在字段开头`);
          }
          j++;
        }
        if (j >= n) {
          if (!final) return NEED_MORE;
          cells.push(this.text(buf, i, j, cells.length));
          return n;
        }
        if (buf[j] === COMMA) break;
        const end = this.recordEnd(buf, j, final);
        if (end === NEED_MORE) return NEED_MORE;
        if (end !== undefined) {
          cells.push(this.text(buf, i, j, cells.length));
          return end;
        }
        // A CR or LF that is not the record delimiter belongs to the field.
        j++;
      }
      cells.push(this.text(buf, i, j, cells.length));
      i = j + 1;
    }
  }

  /**
   * The text of bytes `start..end` of `buf`, a cell of column `column`. Deliveries repeat values
   * down a column (the authority, the category, the month, the enterprise of several rows): a
   * cell whose bytes equal the column's last decoded cell is given that cell's very string, not
   * decoded again, so later steps can tell a repeat by identity and keep their answer for it
   * (the row checks and COPY lines do). Chunks are never modified once pushed, so bytes of an
   * earlier chunk can be compared. A column holds on to at most one earlier chunk, and only to a
   * chunk as read (not one that joined a long record's bytes) and only for the first columns,
   * so what a file can make the reader keep is bounded (REMEMBERED_COLUMNS × REMEMBERED_CHUNK_BYTES).
   */
  private text(buf: Buffer, start: number, end: number, column: number): string {
    if (column >= REMEMBERED_COLUMNS) return buf.toString('utf8', start, end);
    const last = this.last[column];
    const n = end - start;
    if (last?.chunk !== undefined && last.end - last.start === n) {
      const { chunk, start: from } = last;
      let k = 0;
      while (k < n && chunk[from + k] === buf[start + k]) k++;
      if (k === n) return last.text;
    }
    const text = buf.toString('utf8', start, end);
    const chunk = buf.length <= REMEMBERED_CHUNK_BYTES ? buf : undefined;
    if (last === undefined) {
      this.last[column] = { chunk, start, end, text };
    } else {
      // Updated in place: a miss allocates nothing but the text.
      last.chunk = chunk;
      last.start = start;
      last.end = end;
      last.text = text;
    }
    return text;
  }

  /**
   * At a CR or LF (or any other byte) at `i`: where the next record starts when it is the record
   * delimiter (detected here the first time), undefined when it is not, NEED_MORE when a CR is
   * the chunk's last byte and the delimiter is CRLF or not yet known.
   */
  private recordEnd(buf: Buffer, i: number, final: boolean): number | undefined {
    const c = buf[i];
    if (c !== CR && c !== LF) return undefined;
    if (this.delimiter === undefined) {
      if (c === LF) this.delimiter = 'lf';
      else if (i + 1 >= buf.length) {
        if (!final) return NEED_MORE;
        this.delimiter = 'cr';
      } else this.delimiter = buf[i + 1] === LF ? 'crlf' : 'cr';
    }
    switch (this.delimiter) {
      case 'lf':
        return c === LF ? i + 1 : undefined;
      case 'cr':
        return c === CR ? i + 1 : undefined;
      case 'crlf':
        if (c !== CR) return undefined;
        if (i + 1 >= buf.length) return final ? undefined : NEED_MORE;
        return buf[i + 1] === LF ? i + 2 : undefined;
    }
  }
}
