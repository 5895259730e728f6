import { pipeline, Transform, type Readable } from 'node:stream';
import { DomainError } from '../../platform/errors.js';

/**
 * Passes the body through while counting bytes; past `maxBytes` the stream fails with a
 * payload_too_large error (rows read until then are kept by the pipeline). A failing source
 * (client gone) fails the returned stream too, so readers never wait forever.
 */
export function limitBytes(body: Readable, maxBytes: number): Readable {
  let seen = 0;
  const limiter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > maxBytes) {
        done(new DomainError('payload_too_large', 'UPLOAD_TOO_LARGE', `报送内容超过 ${Math.round(maxBytes / 1_048_576)} MB 上限，请拆分后分批报送（已读取的行已保存）`));
        return;
      }
      done(null, chunk);
    },
  });
  pipeline(body, limiter, () => undefined);
  return limiter;
}
