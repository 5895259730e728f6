import type { ExchangePort } from './exchange-port.js';

/**
 * What the provincial node sends down: repair (信用修复) and withdrawal (撤销) results for
 * records the city holds, and data rows (national and provincial items such as customs
 * registration) in one of the ingestion catalogue's categories and format versions.
 */
export type DownItem =
  | { itemId: string; kind: 'repair' | 'withdrawal'; category: string; recordKey: string; noticeNo: string; reason: string }
  | { itemId: string; kind: 'data'; category: string; formatVersion: number; rows: Record<string, unknown>[] };

/** The provincial node both ways: the same upload port as the national platform, plus a pull of what comes down. */
export interface ProvincialNodePort extends ExchangePort {
  /** Items after `cursor` (null: from the start), oldest first, and the cursor to continue from. */
  pull(cursor: string | null): Promise<{ items: DownItem[]; cursor: string | null }>;
}

export const isProvincialNodePort = (port: ExchangePort): port is ProvincialNodePort => typeof (port as Partial<ProvincialNodePort>).pull === 'function';
