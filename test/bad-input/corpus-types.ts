/** One bad request and what the platform must answer. */
export type Caller = 'anonymous' | 'enterprise' | 'bank' | 'bankAdmin' | 'admin' | 'dataSource' | 'financialOffice' | 'guarantee' | 'bankJson' | 'bankEnvelope';

export interface BadInputCase {
  /** Unique; the list of cases waiting for other work refers to it. */
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** May hold `{placeholder}`s filled from the fixtures (see `Fixtures`), and `{now}`, the time of sending. */
  path: string;
  caller: Caller;
  /** Sent as JSON (for `bankJson`, signed; for `bankEnvelope`, the encrypted biz_content). Placeholders are filled in strings. */
  body?: unknown;
  /** Sent exactly, instead of `body`. */
  raw?: { text: string | Uint8Array | (() => Promise<Uint8Array>); contentType: string };
  /** `refused`: a 4xx problem+json; `quarantined`: the upload is taken (201) but no row is accepted. */
  expect: 'refused' | 'quarantined';
  /** A field the problem must name (itself or a member below it). */
  field?: string;
  /**
   * A bank callback breaking a loan limit is refused in the bank's own protocol (422, not
   * problem+json), its answer naming this rule code.
   */
  protocolRefusal?: string;
}

/** Ids the cases refer to, created before the corpus runs. */
export interface Fixtures {
  product: string;
  application: string;
  approvedApplication: string;
  disbursedApplication: string;
  jsonApplication: string;
  envelopeApplication: string;
  consent: string;
  demand: string;
  bankId: string;
}
