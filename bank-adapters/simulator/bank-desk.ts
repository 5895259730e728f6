import type { ServerResponse } from 'node:http';
import type { SimApplication, SimulatedBank } from './simulated-application.js';

/** The request a protocol desk hands the bank, whatever the protocol's field names. */
export interface SubmitRequest {
  applicationId: string;
  amount: string;
  termMonths: number;
  /** The platform's product id, when the application is for a product. */
  productId: string | null;
}

export type SubmitResult = { kind: 'ok'; application: SimApplication } | { kind: 'busy' } | { kind: 'hang' } | { kind: 'conflict' };

/**
 * What a protocol desk (the json-webhooks or open-platform front of the simulated bank) may ask
 * of the bank behind it.
 */
export interface BankBackOffice {
  now(): Date;
  /** Idempotent on (bank, key): `fingerprintSource` is the request body a repeat must match. */
  submit(bank: SimulatedBank, key: string, fingerprintSource: string, request: SubmitRequest): SubmitResult;
  find(applicationId: string): SimApplication | undefined;
  /** Never answers `res` (a lost response); the simulator destroys it on stop. */
  hang(res: ServerResponse): void;
}
