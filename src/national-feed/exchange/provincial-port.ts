import type { ExchangePort } from './exchange-port.js';

/**
 * What the provincial node sends down: repair (信用修复) and withdrawal (撤销) results for
 * records the city holds, and data rows (national and provincial items such as customs
 * registration) in one of the ingestion catalogue's categories and format versions.
 */
export type DownItem =
  | { itemId: string; kind: 'repair' | 'withdrawal'; category: string; recordKey: string; noticeNo: string; reason: string }
  | { itemId: string; kind: 'data'; category: string; formatVersion: number; rows: Record<string, unknown>[] };

/**
 * What goes up one at a time: the outcome of an objection (异议) to a record the city holds,
 * for 信用中国 by 08:00 the day after the answer. `resultId` is stable: a repeat is a no-op.
 */
export interface UpwardResult {
  resultId: string;
  kind: 'objection';
  objectionNumber: string;
  uscc: string;
  category: string;
  recordKey: string;
  outcome: 'corrected' | 'withdrawn' | 'upheld';
  reason: string;
  filedAt: string;
  answeredAt: string;
  deliverBy: string;
}

/** The provincial node both ways: the same upload port as the national platform, plus a pull of what comes down. */
export interface ProvincialNodePort extends ExchangePort {
  /** Items after `cursor` (null: from the start), oldest first, and the cursor to continue from. */
  pull(cursor: string | null): Promise<{ items: DownItem[]; cursor: string | null }>;
  /**
   * Hands one result over; resolves once the node has it. `ExchangeUnavailableError` when the
   * node is down (retry), `PackageRefusedError` when it refuses the result (final).
   */
  sendResult(result: UpwardResult): Promise<void>;
}

export const isProvincialNodePort = (port: ExchangePort): port is ProvincialNodePort => typeof (port as Partial<ProvincialNodePort>).pull === 'function';
