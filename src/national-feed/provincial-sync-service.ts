import { Readable } from 'node:stream';
import type { Db } from '../db/database.js';
import type { DbOrTrx } from '../db/database.js';
import { CATEGORIES } from '../ingestion/category-registry.js';
import type { CreditRecord } from '../ingestion/records/credit-record.js';
import type { BatchReport, IngestRequest } from '../ingestion/batches/ingestion-service.js';
import type { NoticeInput, NoticeResult } from '../ingestion/records/record-service.js';
import type { Clock } from '../platform/clock.js';
import { DomainError } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';
import type { Principal } from '../platform/roles.js';
import type { DownItem, ProvincialNodePort } from './exchange/provincial-port.js';
import type { InboundItem, ProvincialInboundStore, ProvincialNode } from './provincial-inbound-store.js';

/** What this feature needs from ingestion: the doors every source and operator uses, and the usable records. */
/** Ingestion's pipeline, through which data from the provincial node enters. */
export interface IngestionPort {
  ingest(request: IngestRequest): Promise<BatchReport>;
}

/** Ingestion's credit records: repair and withdrawal notices, and the records a profile may use. */
export interface CreditRecordPort {
  applyNotice(principal: Principal, input: NoticeInput): Promise<NoticeResult>;
  usableRecords(tx: DbOrTrx, usccs: readonly string[], asOf: string): Promise<Map<string, CreditRecord[]>>;
}

/** Ingestion's per-department category grants (the admin's 报送权限). */
export interface SourceGrantPort {
  set(institutionId: string, categories: readonly string[]): Promise<unknown>;
}

/**
 * What the provincial node may deliver when it first appears: every category of the catalogue
 * but the market-entity register, which only the market-supervision department feeds. The admin
 * narrows it like any department's on the 报送权限 page.
 */
const PROVINCIAL_CATEGORIES = CATEGORIES.map((c) => c.category).filter((c) => c !== 'register');

export interface ProvincialSyncDeps {
  db: Db;
  port: ProvincialNodePort;
  store: ProvincialInboundStore;
  ingestion: IngestionPort;
  records: CreditRecordPort;
  sources: SourceGrantPort;
  clock: Clock;
  logger: Logger;
  node: ProvincialNode;
}

const HOUR = 3_600_000;

/** 08:00 Asia/Shanghai on the day after `at` (seed 002: repair results synced by 08:00 the next day). */
export function nextDayEight(at: Date): Date {
  const shanghai = new Date(at.getTime() + 8 * HOUR);
  // 00:00 UTC of the next Shanghai calendar day is 08:00 in Shanghai.
  return new Date(Date.UTC(shanghai.getUTCFullYear(), shanghai.getUTCMonth(), shanghai.getUTCDate() + 1));
}

/**
 * Brings down what the provincial node publishes and applies it through ingestion: repair
 * and withdrawal results as notices (the record stops being used, the profile is rebuilt, the
 * next feed revision drops it and lists a correction), data rows as an ingestion batch from
 * the provincial node's institution (its provenance). Each item is recorded once with its
 * next-day-08:00 deadline; a failed item keeps its error and is retried on the next run.
 */
export class ProvincialSyncService {
  constructor(private readonly deps: ProvincialSyncDeps) {}

  async sync(): Promise<InboundItem[]> {
    const { db, store, port } = this.deps;
    const { items } = await port.pull(await store.cursor(db));
    if (items.length === 0) return [];
    const identity = await store.ensureNode(db, this.deps.node);
    if (identity.created) await this.deps.sources.set(identity.institutionId, PROVINCIAL_CATEGORIES);
    const done: InboundItem[] = [];
    for (const item of items) done.push(await this.apply(item, identity));
    return done;
  }

  private async apply(item: DownItem, identity: { institutionId: string; userId: string }): Promise<InboundItem> {
    const { db, store, clock, ingestion } = this.deps;
    const receivedAt = clock.now();
    const recorded = await store.receive(db, {
      itemId: item.itemId,
      kind: item.kind,
      category: item.category,
      recordKey: item.kind === 'data' ? null : item.recordKey,
      rows: item.kind === 'data' ? item.rows.length : 0,
      receivedAt,
      dueBy: nextDayEight(receivedAt),
    });
    if (recorded.appliedAt) return recorded;
    let outcome: string;
    try {
      if (item.kind === 'data') {
        const report = await ingestion.ingest({
          institutionId: identity.institutionId,
          userId: null,
          category: item.category,
          formatVersion: item.formatVersion,
          channel: 'api',
          fileFormat: 'jsonl',
          fileName: `provincial-${item.itemId}.jsonl`,
          body: Readable.from([item.rows.map((r) => JSON.stringify(r)).join('\n')]),
        });
        outcome = `入库批次 ${report.id}：接收 ${report.rowsAccepted} 行，拒收 ${report.rowsRejected} 行`;
      } else {
        const principal: Principal = { userId: identity.userId, role: 'admin', institutionId: null, enterpriseId: null };
        const result = await this.deps.records.applyNotice(principal, { category: item.category, recordKey: item.recordKey, kind: item.kind, noticeNo: item.noticeNo, reason: item.reason });
        outcome = `${item.kind === 'repair' ? '信用修复' : '撤销'}已生效，信用画像更新至第 ${result.profileVersion} 版`;
      }
    } catch (error) {
      const message = error instanceof DomainError ? error.message : `处理失败：${(error as Error).message}`;
      this.deps.logger.warn({ err: error, itemId: item.itemId }, 'provincial item not applied');
      await store.finish(db, recorded.id, { appliedAt: null, outcome: null, error: message.slice(0, 2_000) });
      return { ...recorded, error: message };
    }
    const appliedAt = clock.now();
    await store.finish(db, recorded.id, { appliedAt, outcome, error: null });
    return { ...recorded, appliedAt, outcome, error: null };
  }

  list(limit: number): Promise<InboundItem[]> {
    return this.deps.store.list(this.deps.db, limit);
  }
}
