import type { RecordRow } from './credit-record.js';
import type { RecordChunk } from './record-chunk.js';

/** First size of a chunk's buffer; it doubles as rows need (a chunk of wide rows is a few MB). */
const INITIAL_BYTES = 256 * 1024;

/**
 * A chunk written as COPY text (UTF-8) when each row is added, so a chunk waiting for its write
 * holds bytes outside the JavaScript heap instead of row objects (at a million rows a batch,
 * those rows outlived the young generation and most of the platform's collection time was
 * theirs). `lineOf` writes one row's line, line break included.
 */
export class CopyChunk implements RecordChunk {
  private bytes = Buffer.allocUnsafe(INITIAL_BYTES);
  private used = 0;
  private readonly keys: string[] = [];
  private readonly usccs: string[] = [];
  /** Where each row's line ends; it starts where the previous one ends. */
  private readonly ends: number[] = [];

  constructor(private readonly lineOf: (row: RecordRow) => string) {}

  get size(): number {
    return this.keys.length;
  }

  add(row: RecordRow): void {
    const line = this.lineOf(row);
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (this.used + line.length * 3 > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + line.length * 3));
      this.bytes.copy(grown, 0, 0, this.used);
      this.bytes = grown;
    }
    this.used += this.bytes.write(line, this.used);
    this.keys.push(row.recordKey);
    this.usccs.push(row.uscc);
    this.ends.push(this.used);
  }

  /**
   * The lines of the last row per key, in key order (concurrent chunks then lock keys in the
   * same order), and the USCCs of those rows in the same order.
   */
  lines(): { text: Buffer; usccs: string[]; rows: number } {
    const { keys } = this;
    let ordered = true;
    for (let i = 1; i < keys.length && ordered; i++) ordered = keys[i - 1]! < keys[i]!;
    if (ordered) return { text: this.bytes.subarray(0, this.used), usccs: this.usccs, rows: keys.length };
    const order = keys.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b));
    const text = Buffer.allocUnsafe(this.used);
    const usccs: string[] = [];
    let at = 0;
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!;
      if (k + 1 < order.length && keys[order[k + 1]!] === keys[i]) continue;
      const start = i === 0 ? 0 : this.ends[i - 1]!;
      at += this.bytes.copy(text, at, start, this.ends[i]!);
      usccs.push(this.usccs[i]!);
    }
    return { text: text.subarray(0, at), usccs, rows: usccs.length };
  }
}
