import type { DbOrTrx } from '../db/database.js';
import { WEBHOOK_CHANNEL, WEBHOOK_MAX_ATTEMPTS } from '../institutions/institution-webhook-service.js';
import type { OutboxStore } from '../platform/outbox/outbox-store.js';

export const GUARANTEE_PENDING_TOPIC = 'guarantee.pending';

/**
 * Tells a guarantee company's own system, at its event address (事件推送地址), that a 见保即贷
 * application waits for its decision (同意担保 / 不予担保): a system that decides by API
 * (`guarantees:write`) hears of the guarantee without polling its book.
 */
export async function tellCompanyGuaranteePending(
  tx: DbOrTrx,
  outbox: Pick<OutboxStore, 'enqueue'>,
  guarantee: { id: string; companyId: string; applicationId: string; loanAmount: string; guaranteedAmount: string; feeDue: string },
  now: Date,
): Promise<void> {
  await outbox.enqueue(tx, {
    channel: WEBHOOK_CHANNEL,
    target: guarantee.companyId,
    topic: GUARANTEE_PENDING_TOPIC,
    messageKey: `${GUARANTEE_PENDING_TOPIC}:${guarantee.id}`,
    maxAttempts: WEBHOOK_MAX_ATTEMPTS,
    payload: {
      type: GUARANTEE_PENDING_TOPIC,
      timestamp: now.toISOString(),
      data: {
        guaranteeId: guarantee.id,
        applicationId: guarantee.applicationId,
        status: 'pending',
        loanAmount: guarantee.loanAmount,
        guaranteedAmount: guarantee.guaranteedAmount,
        feeDue: guarantee.feeDue,
      },
    },
  });
}
