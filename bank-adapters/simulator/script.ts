import { z } from 'zod';
import { ACTION_TYPES, BANK_EVENT_TYPES, REJECTION_REASONS } from '../port.js';

/**
 * What the simulated bank does with one application: the steps it takes (each followed by a
 * callback) and the faults it injects. Scripts are set per application id, with a default for
 * applications that have none.
 */
export const simStepSchema = z
  .object({
    /** Wait after the previous step (ms). */
    afterMs: z.number().int().min(0).default(0),
    event: z.enum(BANK_EVENT_TYPES),
    /** approved: the amount (default: as requested); disbursed/repaid: the transaction amount (default: the rest). */
    amount: z.string().optional(),
    rate: z.string().default('3.65'),
    termMonths: z.number().int().min(1).optional(),
    reason: z.enum(REJECTION_REASONS).default('LOW_CREDIT_SCORE'),
    actionType: z.enum(ACTION_TYPES).default('ADD_DOCUMENT'),
    /** rejected / action_required: the bank's words to the applicant (default: a generic one). */
    note: z.string().min(1).max(500).optional(),
    /** Transaction reference for disbursed/repaid (default: generated). */
    reference: z.string().optional(),
  })
  .strict();
export type SimStep = z.infer<typeof simStepSchema>;
export type SimStepInput = z.input<typeof simStepSchema>;

export const simScriptSchema = z
  .object({
    steps: z.array(simStepSchema).default([]),
    /** The first n submit attempts answer 503. */
    submitFailures: z.number().int().min(0).default(0),
    /** The first n submit attempts are processed but never answered (the response is "lost"). */
    submitTimeouts: z.number().int().min(0).default(0),
    /** Deliver every callback twice (same event id and body). */
    duplicate: z.boolean().default(false),
    /** Hold the callbacks until the last step, then deliver them newest first. */
    reorder: z.boolean().default(false),
    /** The first delivery of every callback carries a bad signature (the retries are good). */
    badSignature: z.boolean().default(false),
    /** Send no callbacks at all (the platform must poll). */
    silent: z.boolean().default(false),
  })
  .strict();
export type SimScript = z.infer<typeof simScriptSchema>;
export type SimScriptInput = z.input<typeof simScriptSchema>;

/** Accept, review, approve as requested, sign, disburse in full. */
export const DEFAULT_SCRIPT: SimScript = simScriptSchema.parse({
  steps: [
    { event: 'accepted', afterMs: 50 },
    { event: 'under_review', afterMs: 50 },
    { event: 'approved', afterMs: 50 },
    { event: 'contracted', afterMs: 50 },
    { event: 'disbursed', afterMs: 50 },
  ],
});

/** Notification retry schedule of Chinese open platforms (4m, 10m, 10m, 1h, 2h, 6h, 15h), before scaling. */
export const CALLBACK_RETRY_MS = [4, 10, 10, 60, 120, 360, 900].map((minutes) => minutes * 60_000);
