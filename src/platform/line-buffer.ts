/**
 * Text lines gathered straight into UTF-8 bytes, for bulk writers (COPY text, JSONL, CSV).
 * Adding to one growing string and converting it at the end makes V8 flatten a tree of
 * thousands of small strings before encoding it; writing each line into the buffer as it
 * comes encodes it once, while it is still in the cache. `take()` gives the same bytes as
 * `Buffer.from(lines.join(''))`.
 */
export class LineBuffer {
  private buf: Buffer;
  private used = 0;

  constructor(initialBytes = 1 << 16) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  get length(): number {
    return this.used;
  }

  add(text: string): void {
    // A UTF-16 unit is at most 3 UTF-8 bytes (a surrogate pair, 2 units, is 4).
    const worst = text.length * 3;
    if (this.used + worst > this.buf.length) this.grow(worst);
    this.used += this.buf.write(text, this.used, 'utf8');
  }

  /** Adds one ASCII character by its code. */
  addAscii(code: number): void {
    if (this.used + 1 > this.buf.length) this.grow(1);
    this.buf[this.used++] = code;
  }

  /**
   * Adds `{v0,v1,…}`, the text of an integer array literal (PostgreSQL's array input), as ASCII
   * digits written straight into the buffer: a run writes two per result row, and building them
   * as strings made a number string and two concatenations per element.
   */
  addIntArray(values: Int32Array): void {
    // Each element is at most 11 bytes ("-2147483648") plus its comma; braces 2.
    const worst = values.length * 12 + 2;
    if (this.used + worst > this.buf.length) this.grow(worst);
    const buf = this.buf;
    let at = this.used;
    buf[at++] = 0x7b; // {
    for (let i = 0; i < values.length; i++) {
      if (i > 0) buf[at++] = 0x2c; // ,
      let v = values[i]!;
      if (v < 0) {
        buf[at++] = 0x2d; // -
        v = -v;
      }
      let digits = 1;
      for (let rest = v; rest >= 10; rest = (rest / 10) | 0) digits++;
      at += digits;
      for (let k = at - 1; k >= at - digits; k--) {
        buf[k] = 0x30 + (v % 10);
        v = (v / 10) | 0;
      }
    }
    buf[at++] = 0x7d; // }
    this.used = at;
  }

  private grow(bytes: number): void {
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.used + bytes));
    this.buf.copy(next, 0, 0, this.used);
    this.buf = next;
  }

  /** The bytes added since the last `take()`, as a buffer of their own; the writer starts empty. */
  take(): Buffer {
    const out = Buffer.from(this.buf.subarray(0, this.used));
    this.used = 0;
    return out;
  }
}
