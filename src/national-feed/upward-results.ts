import { z } from 'zod';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import { PermanentDeliveryError, type Deliverer } from '../platform/outbox/outbox-message.js';
import { PackageRefusedError } from './exchange/exchange-port.js';
import type { ProvincialNodePort, UpwardResult } from './exchange/provincial-port.js';

/** The outbox channel of results synchronised upward (信用中国 via the provincial node). */
export const UPWARD_RESULTS_CHANNEL = 'provincial_node';

const objectionResult = z.object({
  objectionNumber: z.string(),
  uscc: z.string(),
  category: z.string(),
  recordKey: z.string(),
  outcome: z.enum(['corrected', 'withdrawn', 'upheld']),
  reason: z.string(),
  filedAt: z.string(),
  answeredAt: z.string(),
  deliverBy: z.string(),
});

/**
 * The deliverer of the upward channel: each objection outcome is handed to the provincial node
 * under the message key (so a repeat after a lost answer is a no-op there). A node that is down
 * is retried by the outbox with backoff; a refused or malformed result is dead-lettered at once,
 * where the outbox page shows it. A delivery after its next-day-08:00 deadline is logged.
 */
export function upwardResultDeliverer(port: ProvincialNodePort, clock: Clock, logger: Logger): Deliverer {
  return async (message) => {
    const parsed = objectionResult.safeParse(message.payload);
    if (!parsed.success) throw new PermanentDeliveryError(`malformed upward result ${message.messageKey}: ${z.prettifyError(parsed.error)}`);
    const result: UpwardResult = { resultId: message.messageKey, kind: 'objection', ...parsed.data };
    try {
      await port.sendResult(result);
    } catch (error) {
      if (error instanceof PackageRefusedError) throw new PermanentDeliveryError(error.message);
      throw error;
    }
    if (clock.now().getTime() > Date.parse(result.deliverBy)) {
      logger.warn({ messageKey: message.messageKey, deliverBy: result.deliverBy }, 'objection result reached the provincial node after its next-day 08:00 deadline');
    }
  };
}
