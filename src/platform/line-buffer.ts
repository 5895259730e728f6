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
    if (this.used + worst > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.used + worst));
      this.buf.copy(next, 0, 0, this.used);
      this.buf = next;
    }
    this.used += this.buf.write(text, this.used, 'utf8');
  }

  /** The bytes added since the last `take()`, as a buffer of their own; the writer starts empty. */
  take(): Buffer {
    const out = Buffer.from(this.buf.subarray(0, this.used));
    this.used = 0;
    return out;
  }
}
