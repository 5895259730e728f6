import type { Db, DbOrTrx } from '../db/database.js';
import type { TransactionRunner } from '../db/transaction.js';
import { parseInput } from '../http/validate.js';
import { CsvFormatError, CsvRecordReader } from '../ingestion/readers/csv-records.js';
import type { Clock } from '../platform/clock.js';
import { conflict, forbidden, notFound, unprocessable } from '../platform/errors.js';
import type { Principal } from '../platform/roles.js';
import { DEFAULT_MODEL } from './default-model.js';
import { INPUT_BY_CODE, type InputValue, type ModelInputs } from './input-catalog.js';
import type { ModelStore } from './model-store.js';
import type { ModelVersion } from './model-version.js';
import { scorecardDocumentSchema, type ScorecardDocument } from './scorecard-model.js';
import type { Trend } from './binning.js';
import { train } from './train.js';

export interface LabelledRows {
  rows: ModelInputs[];
  bad: number[];
}

export interface ModelServiceDeps {
  db: Db;
  transaction: TransactionRunner;
  models: ModelStore;
  clock: Clock;
  /** Outcomes the platform holds for the bank: closed loans (good) and defaulted ones (bad), with inputs. */
  platformOutcomes(tx: DbOrTrx, bankId: string): Promise<LabelledRows>;
}

export interface TrainingRequest {
  source: 'platform' | 'upload';
  /** CSV with a header of input codes and a `bad` column of 0/1 (source `upload`). */
  csv?: string;
  features?: { input: string; trend?: Trend }[];
  name?: string;
}

const MIN_TRAINING_ROWS = 200;

function bankOf(officer: Principal): string {
  if (!officer.institutionId) throw forbidden('BANK_REQUIRED', '当前账号未关联银行');
  return officer.institutionId;
}

/**
 * An input with no value in any row cannot be binned: before, the model trained without it failed
 * its own validation and the bank was told `features.0.bins` was empty, a field it never sent.
 */
function assertEveryInputPresent(features: readonly { input: string }[], rows: readonly ModelInputs[], source: TrainingRequest['source']): void {
  const absent = features.map((f) => f.input).filter((input) => !rows.some((row) => row[input] !== null && row[input] !== undefined));
  if (absent.length === 0) return;
  const names = absent.map((input) => `“${INPUT_BY_CODE.get(input)?.label ?? input}”`).join('、');
  const message = source === 'upload' ? `训练文件缺少以下模型输入列，或该列全部为空：${names}` : `平台贷款结果中没有以下模型输入的数据：${names}`;
  const field = source === 'upload' ? 'csv' : 'source';
  throw unprocessable('TRAINING_INPUT_MISSING', message, [{ field, code: 'TRAINING_INPUT_MISSING', message }]);
}

function parseLabelledCsv(csv: string): LabelledRows {
  const reader = new CsvRecordReader();
  let parsed: string[][];
  try {
    parsed = [...reader.push(Buffer.from(csv, 'utf8')), ...reader.end()];
  } catch (error) {
    if (error instanceof CsvFormatError) throw unprocessable('TRAINING_FILE_INVALID', `训练文件不是有效的 CSV：${error.message}`);
    throw error;
  }
  const [header = [], ...lines] = parsed;
  const records = lines.map((fields) => Object.fromEntries(header.map((name, i) => [name.trim(), (fields[i] ?? '').trim()])));
  const rows: ModelInputs[] = [];
  const bad: number[] = [];
  records.forEach((record, line) => {
    if (record.bad !== '0' && record.bad !== '1') throw unprocessable('TRAINING_LABEL_INVALID', `第 ${line + 2} 行的 bad 列应为 0 或 1`);
    bad.push(Number(record.bad));
    const row: Record<string, InputValue> = {};
    for (const [code, text] of Object.entries(record)) {
      const def = INPUT_BY_CODE.get(code);
      if (!def) continue;
      if (text === '') row[code] = null;
      else if (def.kind === 'number') row[code] = Number.isFinite(Number(text)) ? Number(text) : null;
      else if (def.kind === 'boolean') row[code] = text === 'true' || text === '1';
      else row[code] = text;
    }
    rows.push(row);
  });
  return { rows, bad };
}

/**
 * Pre-credit model versions. A bank edits DRAFTs; one officer asks for activation and another
 * officer of the same bank approves it (maker-checker); the approved version becomes ACTIVE and
 * the previous one RETIRED. A non-draft document never changes (also enforced by a trigger).
 */
export class ModelService {
  constructor(private readonly deps: ModelServiceDeps) {}

  /**
   * The platform default, created ACTIVE on first use. Two first uses at once (two instances, two
   * banks' officers) take turns on a transaction lock, so exactly one default is created.
   */
  async platformDefault(): Promise<ModelVersion> {
    const active = await this.deps.models.active(this.deps.db, null);
    if (active) return active;
    return this.deps.transaction(async (tx) => {
      await tx.raw('select pg_advisory_xact_lock(hashtext(?))', ['precredit:platform-default']);
      const created = await this.deps.models.active(tx, null);
      if (created) return created;
      const model = await this.deps.models.insert(tx, { bankId: null, document: DEFAULT_MODEL, reference: null, trainingReport: null, basedOn: null, createdBy: null, createdAt: this.deps.clock.now() });
      await this.deps.models.requestActivation(tx, model.id, model.id, this.deps.clock.now());
      await this.deps.models.activate(tx, model.id, null, model.revision, model.id, this.deps.clock.now());
      return (await this.deps.models.active(tx, null))!;
    });
  }

  async modelFor(tx: DbOrTrx, bankId: string): Promise<ModelVersion> {
    return (await this.deps.models.active(tx, bankId)) ?? this.platformDefault();
  }

  async list(caller: Principal): Promise<{ own: ModelVersion[]; platformDefault: ModelVersion }> {
    const platformDefault = await this.platformDefault();
    const own = caller.role === 'admin' ? await this.deps.models.list(this.deps.db, null) : await this.deps.models.list(this.deps.db, bankOf(caller));
    return { own, platformDefault };
  }

  async get(caller: Principal, id: string): Promise<ModelVersion> {
    const model = await this.deps.models.findById(this.deps.db, id);
    if (!model || (caller.role !== 'admin' && model.bankId !== null && model.bankId !== caller.institutionId)) throw notFound('MODEL_NOT_FOUND', '未找到该模型版本');
    return model;
  }

  /** Checks a draft document; the field errors name the JSON path and say what is wrong in Chinese. */
  validate(document: unknown): ScorecardDocument {
    return parseInput(scorecardDocumentSchema, document);
  }

  async createDraft(officer: Principal, input: { document?: unknown; basedOn?: string }): Promise<ModelVersion> {
    const bankId = bankOf(officer);
    const base = input.basedOn ? await this.get(officer, input.basedOn) : undefined;
    const document = this.validate(input.document ?? base?.document ?? DEFAULT_MODEL);
    return this.deps.models.insert(this.deps.db, { bankId, document, reference: null, trainingReport: null, basedOn: base?.id ?? null, createdBy: officer.userId, createdAt: this.deps.clock.now() });
  }

  async updateDraft(officer: Principal, id: string, document: unknown): Promise<ModelVersion> {
    const model = await this.ownModel(officer, id);
    const valid = this.validate(document);
    if (!(await this.deps.models.updateDraft(this.deps.db, model.id, valid))) {
      throw conflict('MODEL_NOT_EDITABLE', '已启用或已停用的模型版本不能修改，请基于它新建草稿');
    }
    return this.get(officer, id);
  }

  async requestActivation(officer: Principal, id: string): Promise<ModelVersion> {
    const model = await this.ownModel(officer, id);
    if (!(await this.deps.models.requestActivation(this.deps.db, model.id, officer.userId, this.deps.clock.now()))) {
      throw conflict('MODEL_NOT_DRAFT', '只有草稿可以提交启用');
    }
    return this.get(officer, id);
  }

  /**
   * The checker's step: a second officer of the bank, not the one who asked, activates the
   * `revision` they reviewed. A draft edited since (and submitted again, perhaps by its maker) is
   * a later revision: 409, nothing activated, so what goes live is what was checked.
   */
  async approveActivation(officer: Principal, id: string, revision: number): Promise<ModelVersion> {
    const model = await this.ownModel(officer, id);
    if (model.status !== 'DRAFT' || !model.activationRequestedBy) throw conflict('ACTIVATION_NOT_REQUESTED', '该版本尚未提交启用申请');
    if (model.activationRequestedBy === officer.userId) throw forbidden('MAKER_CHECKER', '启用需由本行另一名工作人员复核，提交人不能自行复核');
    if (model.revision !== revision) throw changedSinceReview(revision, model.revision);
    const activated = await this.deps.transaction((tx) => this.deps.models.activate(tx, model.id, model.bankId, revision, officer.userId, this.deps.clock.now()));
    if (!activated) {
      const now = await this.ownModel(officer, id);
      if (now.status === 'DRAFT' && now.revision !== revision) throw changedSinceReview(revision, now.revision);
      throw conflict('ACTIVATION_NOT_REQUESTED', '该版本尚未提交启用申请');
    }
    return this.get(officer, id);
  }

  /** Trains a DRAFT from outcomes, with a hold-out validation report; the bank's active (or default) model is the template. */
  async train(officer: Principal, request: TrainingRequest): Promise<ModelVersion> {
    const bankId = bankOf(officer);
    const template = (await this.modelFor(this.deps.db, bankId)).document;
    const data = request.source === 'upload' ? parseLabelledCsv(request.csv ?? '') : await this.deps.platformOutcomes(this.deps.db, bankId);
    const bads = data.bad.reduce((a, b) => a + b, 0);
    if (data.rows.length < MIN_TRAINING_ROWS || bads < 20 || data.rows.length - bads < 20) {
      throw unprocessable('TRAINING_DATA_TOO_SMALL', `训练样本不足：需要至少 ${MIN_TRAINING_ROWS} 条且好坏样本各不少于 20 条（当前 ${data.rows.length} 条，其中违约 ${bads} 条）`);
    }
    const features = request.features ?? template.features.map((f) => ({ input: f.input }));
    assertEveryInputPresent(features, data.rows, request.source);
    const result = train(data.rows, data.bad, { features, template, name: request.name ?? `${template.name.replace(/（.*）$/, '')}（训练版）` });
    const document = this.validate(result.document);
    return this.deps.models.insert(this.deps.db, { bankId, document, reference: result.reference, trainingReport: result.report, basedOn: null, createdBy: officer.userId, createdAt: this.deps.clock.now() });
  }

  private async ownModel(officer: Principal, id: string): Promise<ModelVersion> {
    const model = await this.get(officer, id);
    if (model.bankId !== bankOf(officer)) throw forbidden('MODEL_NOT_OWNED', '只能操作本行的模型版本');
    return model;
  }
}

function changedSinceReview(reviewed: number, current: number) {
  const message = `复核期间该草稿被修改过（复核时为第 ${reviewed} 稿，现为第 ${current} 稿），请查看最新内容后重新复核`;
  return conflict('MODEL_CHANGED_SINCE_REVIEW', message, [{ field: 'revision', code: 'MODEL_CHANGED_SINCE_REVIEW', message }], { revision: current });
}
