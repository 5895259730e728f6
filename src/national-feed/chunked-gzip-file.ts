import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createGunzip, createGzip, type Gzip } from 'node:zlib';
import type { DbOrTrx } from '../db/database.js';
import type { FeedStore } from './feed-store.js';

/** Stored chunk size: chunks are cut at exact 1 MiB boundaries, so the same bytes store the same way. */
export const CHUNK_BYTES = 1 << 20;

/**
 * zlib hands work to the thread pool and back one `chunkSize` at a time; at the default 16 KiB
 * the main thread spent its time passing pieces and waiting for `drain` after every batch.
 * Larger pieces, and a few batches buffered before waiting, let gzip run beside the encoding.
 * (Deflate's output does not depend on how its input is cut, so the bytes are the same.)
 */
const GZIP_CHUNK_BYTES = 256 * 1024;
const GZIP_BUFFER_BYTES = 2 * 1024 * 1024;

/**
 * A gzip file written into `national_feed_file_chunks` as it is produced. Lines go in, gzip
 * (node:zlib, fixed level, mtime 0) compresses on the thread pool while the caller maps the
 * next rows; the SM3 digest and size are of the compressed bytes, i.e. of the file as sent.
 */
export class ChunkedGzipFile {
  private readonly gzip: Gzip;
  private readonly pending: Buffer[] = [];
  private pendingBytes = 0;
  private readonly hash = createHash('sm3');
  private seq = 0;
  private bytes = 0;
  rows = 0;

  constructor(
    private readonly tx: DbOrTrx,
    private readonly store: FeedStore,
    readonly fileId: number,
    level: number,
  ) {
    this.gzip = createGzip({ level, chunkSize: GZIP_CHUNK_BYTES });
    this.gzip.on('data', (piece: Buffer) => {
      this.pending.push(piece);
      this.pendingBytes += piece.length;
      this.hash.update(piece);
      this.bytes += piece.length;
    });
  }

  /** Adds whole lines (text, or their UTF-8 bytes); resolves once gzip can take more and full chunks are stored. */
  async write(text: string | Buffer, rows: number): Promise<void> {
    this.rows += rows;
    // Past the stream's 16 KiB mark `write` asks for a drain; the wait is deferred to GZIP_BUFFER_BYTES.
    this.gzip.write(text);
    if (this.gzip.writableLength > GZIP_BUFFER_BYTES) await once(this.gzip, 'drain');
    await this.storeFullChunks();
  }

  async finish(): Promise<{ rows: number; bytes: number; sm3: string }> {
    const ended = once(this.gzip, 'end');
    this.gzip.end();
    await ended;
    await this.storeFullChunks();
    if (this.pendingBytes > 0) await this.store.insertChunk(this.tx, this.fileId, this.seq++, Buffer.concat(this.pending));
    return { rows: this.rows, bytes: this.bytes, sm3: this.hash.digest('hex') };
  }

  private async storeFullChunks(): Promise<void> {
    while (this.pendingBytes >= CHUNK_BYTES) {
      const all = Buffer.concat(this.pending);
      this.pending.length = 0;
      await this.store.insertChunk(this.tx, this.fileId, this.seq++, all.subarray(0, CHUNK_BYTES));
      const rest = all.subarray(CHUNK_BYTES);
      if (rest.length > 0) this.pending.push(rest);
      this.pendingBytes = rest.length;
    }
  }
}

/** A stored file's bytes, chunk by chunk, read in `tx` (PGlite has one connection). */
export async function* fileBytes(tx: DbOrTrx, store: FeedStore, fileId: number): AsyncGenerator<Buffer> {
  for (let seq = 0; ; seq++) {
    const chunk = await store.chunk(tx, fileId, seq);
    if (!chunk) return;
    yield chunk;
  }
}

/** The lines of a stored gzip file (JSONL), decompressed as they are read. */
export async function* gzipLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const gunzip = createGunzip();
  const feeding = (async () => {
    for await (const chunk of chunks) if (!gunzip.write(chunk)) await once(gunzip, 'drain');
    gunzip.end();
  })();
  let rest = '';
  gunzip.setEncoding('utf8');
  for await (const text of gunzip as AsyncIterable<string>) {
    const lines = (rest + text).split('\n');
    rest = lines.pop()!;
    yield* lines;
  }
  await feeding;
  if (rest) yield rest;
}
