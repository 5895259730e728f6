import { z } from 'zod';
import type { BankGateway } from '../../../bank-adapters/gateway.js';
import { BankAdapterError, cancelPayloadSchema, submissionPayloadSchema } from '../../../bank-adapters/port.js';
import { PermanentDeliveryError, type Deliverer } from '../../platform/outbox/outbox-message.js';
import { CANCEL_TOPIC, SUBMIT_TOPIC, type ApplicationStateMachine } from '../applications/application-state-machine.js';

/**
 * The outbox deliverer of channel `bank_adapter`: sends each message through the bank's adapter
 * with the message key as idempotency key, so a retry never creates a second application at
 * the bank. A refusal that no retry can fix dead-letters the message at once.
 */
export function bankAdapterDeliverer(gateway: BankGateway, applications: ApplicationStateMachine): Deliverer {
  return async (message) => {
    try {
      if (message.topic === SUBMIT_TOPIC) {
        const payload = submissionPayloadSchema.parse(message.payload);
        const receipt = await gateway.submitApplication(message.target, { idempotencyKey: message.messageKey, ...payload });
        await applications.recordSubmissionReceipt(payload.applicationId, receipt.bankReference);
        return;
      }
      if (message.topic === CANCEL_TOPIC) {
        const payload = cancelPayloadSchema.parse(message.payload);
        await gateway.cancelApplication(message.target, { idempotencyKey: message.messageKey, ...payload });
        return;
      }
      throw new PermanentDeliveryError(`unknown bank_adapter topic ${message.topic}`);
    } catch (error) {
      if (error instanceof BankAdapterError && !error.retryable) throw new PermanentDeliveryError(error.message);
      // A stored payload that is not the port's shape stays that way: no retry can fix it.
      if (error instanceof z.ZodError) throw new PermanentDeliveryError(`malformed ${message.topic} payload: ${error.message}`);
      throw error;
    }
  };
}
