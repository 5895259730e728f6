import { BoundedConcurrency, type BoundedConcurrencyOptions } from './bounded-concurrency.js';
import { DomainError } from './errors.js';
import type { HashPassword, VerifyPassword } from './password.js';

/**
 * At most two hashes at once: the process has four worker threads (libuv's default), which also
 * read files, resolve names and compress; two stay free for them whatever arrives. The queue holds
 * a burst of honest logins; each waits at most five seconds.
 */
export const PASSWORD_WORK: BoundedConcurrencyOptions = { maxActive: 2, maxQueued: 200, waitMs: 5_000 };

const busy = () =>
  new DomainError('unavailable', 'PASSWORD_CHECKS_BUSY', '当前登录请求较多，请稍后重试', [], { retryAfterSeconds: 2 });

/**
 * Password hashing and checking (scrypt: about 0.1 s of a worker thread each at production cost)
 * through one gate per process. A login's checks run before its caller is known, and the per-address
 * and per-account lockouts do not bound a stranger who spreads attempts over many addresses and
 * names (each made-up name is checked against a stand-in hash of the same cost): without the gate
 * such a client took every worker thread from file reads, name lookups and the other logins. Past
 * the queue, or after the wait, the answer is 503 `PASSWORD_CHECKS_BUSY` with `Retry-After`.
 */
export function gatedPasswordWork(
  hash: HashPassword,
  verify: VerifyPassword,
  options: BoundedConcurrencyOptions = PASSWORD_WORK,
): { hashPassword: HashPassword; verifyPassword: VerifyPassword } {
  const gate = new BoundedConcurrency(options, busy);
  return {
    hashPassword: (password) => gate.run(() => hash(password)),
    verifyPassword: (password, stored) => gate.run(() => verify(password, stored)),
  };
}
