import { z } from 'zod';
import type { BankGateway } from '../../../bank-adapters/gateway.js';
import { BankAdapterError, cancelPayloadSchema, submissionPayloadSchema } from '../../../bank-adapters/port.js';
import { PermanentDeliveryError, type Deliverer } from '../../platform/outbox/outbox-message.js';
import { CANCEL_TOPIC, SUBMIT_TOPIC, type ApplicationStateMachine } from '../applications/application-state-machine.js';
import { submissionMessageKey } from '../applications/loan-application.js';

/** Whether an application's submission to a bank is still waiting in the outbox (not delivered, not dead). */
export interface SubmissionDeliveries {
  stillToDeliver(bankCode: string, submissionKey: string): Promise<boolean>;
}

/**
 * The outbox deliverer of channel `bank_adapter`: sends each message through the bank's adapter
 * with the message key as idempotency key, so a retry never creates a second application at
 * the bank. A refusal that no retry can fix dead-letters the message at once.
 *
 * The outbox does not order messages: a withdrawal is held back (retried later) while its
 * application's submission is still to be delivered, so the bank never gets the withdrawal of an
 * application it has not heard of (answered 404 and dropped) and then the application itself.
 */
export function bankAdapterDeliverer(
  gateway: Pick<BankGateway, 'submitApplication' | 'cancelApplication'>,
  applications: Pick<ApplicationStateMachine, 'recordSubmissionReceipt'>,
  submissions: SubmissionDeliveries,
): Deliverer {
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
        if (await submissions.stillToDeliver(message.target, submissionMessageKey(payload.applicationId))) {
          throw new Error('贷款申请本身尚未送达银行，撤回通知在其送达后再发');
        }
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
