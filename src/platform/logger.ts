import { pino, type DestinationStream, type Logger } from 'pino';
import { REDACTED, scrub } from './log-scrubber.js';
import { currentRequestId } from './request-scope.js';

export type { Logger };
export type LogDestination = DestinationStream;

/**
 * Paths redacted by pino itself (cheap, exact); every record's fields, error objects included,
 * then pass the value-level scrubber, so a secret inside an error message or a raw body is
 * caught too (issue 11: a failing request's body reached the log).
 */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.secret',
  '*.clientSecret',
  '*.client_secret',
  '*.accessToken',
  '*.refreshToken',
  '*.idNumber',
  '*.contactMobile',
  '*.mobile',
];

export function createLogger(level: string, destination?: LogDestination): Logger {
  return pino(
    {
      level,
      base: undefined,
      // Lines written while a request's work runs carry its id, whoever writes them.
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      serializers: { err: (err: unknown) => scrub(err) },
      formatters: { log: (record) => scrub(record) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? (scrub(a) as string) : a));
          method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}
