import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The request id (X-Request-Id) of the work in progress, carried across awaits: every log line
 * written while a request (or the delivery of an outbox message it caused) runs names it, and an
 * outbox row written during the request records it, so one id follows the work across instances.
 */
const scope = new AsyncLocalStorage<string>();

export function runWithRequestId<T>(requestId: string, work: () => T): T {
  return scope.run(requestId, work);
}

export function currentRequestId(): string | undefined {
  return scope.getStore();
}
