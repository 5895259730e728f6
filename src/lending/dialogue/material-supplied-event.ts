import type { DbOrTrx } from '../../db/database.js';
import { WEBHOOK_CHANNEL, WEBHOOK_MAX_ATTEMPTS } from '../../institutions/institution-webhook-service.js';
import type { OutboxStore } from '../../platform/outbox/outbox-store.js';
import type { LoanApplication } from '../applications/loan-application.js';

export const MATERIAL_SUPPLIED_TOPIC = 'application.material_supplied';

/**
 * Tells the bank's own system, at its event address (事件推送地址), that the SME answered its
 * request for material (补充材料) and the application is back under review: a bank that asked by
 * a DOCUMENTS_REQUIRED callback hears of the answer by no message of its wire protocol.
 */
export async function tellBankMaterialSupplied(
  tx: DbOrTrx,
  outbox: Pick<OutboxStore, 'enqueue'>,
  application: Pick<LoanApplication, 'id' | 'bankId'>,
  answer: { messageId: number; documents: number; at: Date },
): Promise<void> {
  await outbox.enqueue(tx, {
    channel: WEBHOOK_CHANNEL,
    target: application.bankId,
    topic: MATERIAL_SUPPLIED_TOPIC,
    messageKey: `${MATERIAL_SUPPLIED_TOPIC}:${application.id}:${answer.messageId}`,
    maxAttempts: WEBHOOK_MAX_ATTEMPTS,
    payload: {
      type: MATERIAL_SUPPLIED_TOPIC,
      timestamp: answer.at.toISOString(),
      data: { applicationId: application.id, status: 'UNDER_REVIEW', messageId: answer.messageId, documents: answer.documents, answeredAt: answer.at.toISOString() },
    },
  });
}
