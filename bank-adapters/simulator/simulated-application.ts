import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { shanghaiDate } from '../../src/platform/business-date.js';
import { addMoney, compareMoney, fromFen, toFen } from '../../src/platform/money.js';
import type { Sm2KeyPair } from '../../src/platform/sm2.js';
import type { BankEventType } from '../port.js';
import { bankPolicySchema } from './bank-policy.js';
import type { SimStep } from './script.js';

/** One bank the simulator plays, in one of the two protocols. */
export type SimulatedBank =
  | { bankCode: string; protocol: 'json-webhooks'; callbackUrl: string; apiKey: string; webhookSecret: string }
  | {
      bankCode: string;
      protocol: 'cn-open-platform-sm';
      callbackUrl: string;
      appId: string;
      sm4Key: string;
      bankKeys: Sm2KeyPair;
      platformPublicKey: string;
    };

/** A bank as the sandbox's control endpoint takes it (the simulator makes an open-platform bank's SM2 keys). */
export const sandboxBankSchema = z.discriminatedUnion('protocol', [
  z
    .object({
      protocol: z.literal('json-webhooks'),
      callbackUrl: z.url(),
      apiKey: z.string().min(1),
      webhookSecret: z.string().startsWith('whsec_'),
      policy: bankPolicySchema.optional(),
    })
    .strict(),
  z
    .object({
      protocol: z.literal('cn-open-platform-sm'),
      callbackUrl: z.url(),
      appId: z.string().min(1),
      sm4Key: z.string().regex(/^[0-9a-fA-F]{32}$/),
      platformPublicKey: z.string().regex(/^04[0-9a-fA-F]{128}$/),
      policy: bankPolicySchema.optional(),
    })
    .strict(),
]);

export interface Txn {
  reference: string;
  amount: string;
  date: string;
}

/** The bank's own record of one application. */
export interface SimApplication {
  bank: SimulatedBank;
  applicationId: string;
  bankReference: string;
  amount: string;
  termMonths: number;
  status: BankEventType | 'submitted';
  approval?: { amount: string; rate: string; termMonths: number };
  rejection?: { code: string; description: string };
  action?: { code: string; description: string };
  disbursements: Txn[];
  repayments: Txn[];
  cancelled: boolean;
}

/** One callback to send: the application as it was when the step happened, so retries resend the same content. */
export interface Callback {
  application: SimApplication;
  eventId: string;
  step: SimStep;
  txn?: Txn;
}

/**
 * The bank's behaviour for one scripted step: records the decision or the transaction on the
 * application and returns the callback announcing it. `nextReference` numbers new transactions.
 */
export function applyStep(app: SimApplication, step: SimStep, now: Date, nextReference: (prefix: string) => string): Callback {
  // Banks date their transactions in Shanghai business days, as the platform checks them.
  const date = shanghaiDate(now);
  let txn: Txn | undefined;
  switch (step.event) {
    case 'approved':
      app.approval = { amount: step.amount ?? app.amount, rate: step.rate, termMonths: step.termMonths ?? app.termMonths };
      break;
    case 'rejected':
      app.rejection = { code: step.reason, description: step.note ?? '模拟银行：审批未通过' };
      break;
    case 'action_required':
      app.action = { code: step.actionType, description: step.note ?? '模拟银行：请补充近半年银行流水' };
      break;
    case 'disbursed': {
      const total = app.approval?.amount ?? app.amount;
      const rest = fromFen(toFen(total) - app.disbursements.reduce((sum, t) => sum + toFen(t.amount), 0n));
      txn = { reference: step.reference ?? nextReference('DB'), amount: step.amount ?? rest, date };
      app.disbursements.push(txn);
      break;
    }
    case 'repaid':
    case 'closed': {
      const owed = app.disbursements.reduce((s, t) => addMoney(s, t.amount), '0.00');
      const paid = app.repayments.reduce((s, t) => addMoney(s, t.amount), '0.00');
      const amount = step.amount ?? fromFen(toFen(owed) - toFen(paid));
      if (compareMoney(amount, '0') > 0) {
        txn = { reference: step.reference ?? nextReference('RP'), amount, date };
        app.repayments.push(txn);
      }
      break;
    }
    default:
      break;
  }
  app.status = step.event;
  const snapshot: SimApplication = { ...app, disbursements: [...app.disbursements], repayments: [...app.repayments] };
  return { application: snapshot, eventId: `evt_${randomUUID().replace(/-/g, '')}`, step, txn };
}
