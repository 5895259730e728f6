import type { Db, DbOrTrx } from '../db/database.js';
import type { Clock } from '../platform/clock.js';
import type { OutboxStore } from '../platform/outbox/outbox-store.js';
import { notFound } from '../platform/errors.js';
import { bankRows, districtRows, drillKind, sourceRows, type DrillDownKind, type DrillDownRow } from './drill-down.js';
import { findKpi, KPI_CATALOGUE } from './kpi-catalogue.js';
import { computeFigures, monthsBack, type FigureScope, type KpiFigure } from './kpi-figures.js';
import { rankLoans } from './loan-rankings.js';
import type { OversightConfiguration, OversightFacts } from './oversight-facts.js';
import type { AlertAudience, AlertStore, NewAlert, OverdueAlert } from './alert-store.js';
import type { NotificationService } from '../notifications/notification-service.js';
import type { NewTarget, OversightStore, PrecreditFunnelRow } from './oversight-store.js';
import { precreditFunnel, type PrecreditFunnel } from './precredit-funnel.js';
import type { ReportData } from './report-workbook.js';
import { bankService, funnel, overdueApplications, type BankServiceRow, type FunnelStage, type OverdueApplication, type Period, type SlaThresholds } from './service-figures.js';

export interface OversightDeps {
  db: Db;
  /**
   * Where the figures, funnels, drill-downs and the report read (a streaming replica when one is
   * configured): they already show how old their aggregates are, so a second of lag is fine.
   * Writes, alerts and escalations stay on `db`.
   */
  readDb?: Db;
  store: OversightStore;
  clock: Clock;
  /** Bank codes with a stored bank connection (bank-connections). */
  configuredBanks: () => Promise<readonly string[]>;
  /** Institution ids of the banks 已对接 now (bank-connections' rule). */
  connectedBanks: () => Promise<ReadonlySet<string>>;
  thresholds: SlaThresholds;
  /** Overdue escalations reach the bank's system as webhook events through the outbox (its institution admins see them as alerts). */
  outbox: OutboxStore;
  webhookChannel: string;
  /** Attempts each event gets on that channel (its receiver's outages may last hours). */
  webhookMaxAttempts: number;
  /** Past twice the limit, the case is also raised to the office as an alert it acknowledges. */
  alerts: AlertStore;
  /** Each newly raised alert is also a 站内消息 (and SMS) to its audience's people. */
  notifications: Pick<NotificationService, 'notify'>;
}

export interface Stamped {
  /** When the aggregates were last refreshed; figures are as of then. */
  asOf: Date | null;
}

/** The overdue list shows the oldest cases; the per-bank counts cover them all. The same bound holds for the alert list. */
const OVERDUE_LIST_LIMIT = 200;
/** Periods × districts of the pre-credit funnel kept per refresh; past it the kept ones are dropped. */
const MAX_PRECREDIT_PERIODS = 500;

const shanghaiMonth = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);

/**
 * The financial office's figures. The aggregates are cached in memory per refresh stamp: they
 * cannot change until the views are refreshed, and the stamp (one row) is read on every call, so
 * every instance sees a refresh made by any other. The pre-credit funnel, read from the white
 * lists and applications, is kept per refresh stamp and period too, so it is as fresh as the other
 * figures and no older. Targets, city balances and the banks with an active pre-credit model are
 * read each time.
 */
export class OversightService {
  private cache: { stamp: number; facts: Omit<OversightFacts, keyof OversightConfiguration> } | undefined;
  private precredit: { stamp: number; rows: Map<string, PrecreditFunnelRow[]> } = { stamp: -1, rows: new Map() };
  private configured: ReadonlySet<string> = new Set();
  private connected: ReadonlySet<string> = new Set();
  private refreshing: Promise<void> | undefined;

  constructor(private readonly deps: OversightDeps) {}

  private get reader(): Db {
    return this.deps.readDb ?? this.deps.db;
  }

  /** Recomputes every view; concurrent calls share one run. Readers keep reading the old rows meanwhile. */
  refresh(): Promise<void> {
    this.refreshing ??= this.deps.store.refresh(this.deps.db, true).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  currentMonth(): string {
    return shanghaiMonth(this.deps.clock.now());
  }

  async facts(): Promise<OversightFacts> {
    const { store } = this.deps;
    const db = this.reader;
    const [stamp, configuration, configured, connected] = await Promise.all([
      store.refreshedAt(db), store.configuration(db), this.deps.configuredBanks(), this.deps.connectedBanks(),
    ]);
    // Read with every request's facts: a bank connection may change at any time.
    this.configured = new Set(configured);
    this.connected = connected;
    const key = stamp?.getTime() ?? 0;
    if (this.cache?.stamp !== key) this.cache = { stamp: key, facts: await store.facts(db) };
    return { ...this.cache.facts, ...configuration };
  }

  private scope(month: string, districtCode?: string): FigureScope {
    return { month, currentMonth: shanghaiMonth(this.deps.clock.now()), districtCode, configuredBanks: this.configured, connectedBanks: this.connected };
  }

  private checkDistrict(facts: OversightFacts, districtCode?: string) {
    if (districtCode && !facts.districts.some((d) => d.code === districtCode)) throw notFound('DISTRICT_NOT_FOUND', `没有代码为 ${districtCode} 的区县`);
  }

  async figures(month = this.currentMonth(), districtCode?: string): Promise<Stamped & { month: string; figures: KpiFigure[] }> {
    const facts = await this.facts();
    this.checkDistrict(facts, districtCode);
    return { asOf: facts.refreshedAt, month, figures: computeFigures(facts, this.scope(month, districtCode)) };
  }

  async byDistrict(month = this.currentMonth()): Promise<Stamped & { month: string; districts: { code: string; name: string; figures: KpiFigure[] }[] }> {
    const facts = await this.facts();
    const codes = new Set(KPI_CATALOGUE.filter((k) => k.byDistrict && !k.unavailable).map((k) => k.code));
    return {
      asOf: facts.refreshedAt,
      month,
      districts: facts.districts.map((d) => ({ ...d, figures: computeFigures(facts, this.scope(month, d.code)).filter((f) => codes.has(f.code)) })),
    };
  }

  async trend(to = this.currentMonth(), count = 12): Promise<Stamped & { months: string[]; series: { code: string; values: (string | null)[] }[] }> {
    const facts = await this.facts();
    const months = monthsBack(to, count);
    const perMonth = months.map((m) => computeFigures(facts, this.scope(m)));
    const series = KPI_CATALOGUE.filter((k) => !k.unavailable).map((k) => ({ code: k.code, values: perMonth.map((fs) => fs.find((f) => f.code === k.code)!.value) }));
    return { asOf: facts.refreshedAt, months, series };
  }

  private period(from?: string, to?: string, districtCode?: string): Period {
    const end = to ?? this.currentMonth();
    return { from: from ?? monthsBack(end, 12)[0]!, to: end, districtCode };
  }

  async funnel(from?: string, to?: string, districtCode?: string): Promise<Stamped & Period & { stages: FunnelStage[]; precredit: PrecreditFunnel }> {
    const facts = await this.facts();
    this.checkDistrict(facts, districtCode);
    const period = this.period(from, to, districtCode);
    const rows = await this.precreditRows(facts.refreshedAt, period, districtCode);
    return { asOf: facts.refreshedAt, ...period, stages: funnel(facts, period), precredit: precreditFunnel(rows, facts.banks) };
  }

  async bankService(
    from?: string,
    to?: string,
  ): Promise<Stamped & Period & { thresholds: SlaThresholds; rows: BankServiceRow[]; overdue: OverdueApplication[]; overdueTotal: number }> {
    const { store, clock, thresholds } = this.deps;
    const db = this.reader;
    const [facts, late] = await Promise.all([this.facts(), store.overdue(db, clock.now(), thresholds, OVERDUE_LIST_LIMIT)]);
    const period = this.period(from, to);
    const scope = this.scope(period.to);
    return {
      asOf: facts.refreshedAt,
      ...period,
      thresholds,
      rows: bankService(facts, period, late.counts, scope.configuredBanks, scope.connectedBanks),
      overdue: overdueApplications(late.rows, facts.banks, thresholds),
      overdueTotal: [...late.counts.values()].reduce((n, c) => n + c, 0),
    };
  }

  async drillDown(code: string, month = this.currentMonth()): Promise<Stamped & { code: string; month: string; kind: DrillDownKind; rows: DrillDownRow[] }> {
    const def = findKpi(code);
    if (!def) throw notFound('KPI_NOT_FOUND', `没有编号为 ${code} 的指标`);
    const { store } = this.deps;
    const db = this.reader;
    const facts = await this.facts();
    const scope = this.scope(month);
    const kind = drillKind(def);
    const rows =
      kind === 'banks'
        ? bankRows(def, facts, def.group === 'lending' ? await store.loansByBank(db, month) : [], scope)
        : kind === 'sources'
          ? sourceRows(def, await store.sources(db, month))
          : districtRows(def, facts, scope);
    return { asOf: facts.refreshedAt, code, month, kind, rows };
  }

  private async precreditRows(refreshedAt: Date | null, period: Period, districtCode?: string): Promise<PrecreditFunnelRow[]> {
    const stamp = refreshedAt?.getTime() ?? 0;
    if (this.precredit.stamp !== stamp) this.precredit = { stamp, rows: new Map() };
    const key = `${period.from}|${period.to}|${districtCode ?? ''}`;
    let rows = this.precredit.rows.get(key);
    if (!rows) {
      rows = await this.deps.store.precreditFunnel(this.reader, period.from, period.to, districtCode);
      if (this.precredit.rows.size >= MAX_PRECREDIT_PERIODS) this.precredit.rows.clear();
      this.precredit.rows.set(key, rows);
    }
    return rows;
  }

  /**
   * Escalates the overdue applications, counted in working time: past the limit the bank gets a
   * webhook event and an alert on its institution admins' list; past twice the limit the bank gets
   * a second event and the office an alert. The outbox message key and the alert's unique key make every repeat (a
   * later run, another instance) a no-op, so each case reaches each party once per stage.
   */
  async escalateOverdue(): Promise<number> {
    const { db, store, clock, thresholds, outbox, webhookChannel, webhookMaxAttempts, alerts } = this.deps;
    const now = clock.now();
    const [facts, late] = await Promise.all([this.facts(), store.overdue(db, now, thresholds)]);
    const overdue = overdueApplications(late.rows, facts.banks, thresholds);
    await db.transaction(async (tx) => {
      for (const o of overdue) {
        await outbox.enqueue(tx, {
          channel: webhookChannel,
          target: o.bankId,
          topic: 'application.overdue',
          messageKey: `application.overdue:${o.id}:${o.overdueFor}:${o.escalation}`,
          maxAttempts: webhookMaxAttempts,
          payload: {
            type: 'application.overdue',
            timestamp: now.toISOString(),
            data: { applicationId: o.id, overdueFor: o.overdueFor, escalation: o.escalation, waitedWorkHours: o.waitedWorkHours, submittedAt: o.submittedAt.toISOString() },
          },
        });
      }
      const alert = (o: (typeof overdue)[number], audience: 'bank' | 'office') =>
        ({ audience, applicationId: o.id, bankId: o.bankId, overdueFor: o.overdueFor, submittedAt: o.submittedAt, waitedWorkHours: o.waitedWorkHours, raisedAt: now });
      const raised = await alerts.raise(tx, [...overdue.map((o) => alert(o, 'bank')), ...overdue.filter((o) => o.escalation === 'office').map((o) => alert(o, 'office'))]);
      const bankNames = new Map(overdue.map((o) => [o.bankId, o.bankName]));
      for (const a of raised) await this.tellAlert(tx, a, bankNames.get(a.bankId) ?? '');
    });
    return overdue.length;
  }

  /** The people of a new alert's audience: the bank's institution admins, or the financial office. */
  private tellAlert(tx: DbOrTrx, a: NewAlert, bankName: string): Promise<void> {
    const stage = a.overdueFor === 'acceptance' ? '受理' : '审批';
    const toBank = a.audience === 'bank';
    return this.deps.notifications.notify(tx, toBank ? { to: 'institution_admins', institutionId: a.bankId } : { to: 'office' }, {
      kind: 'sla_breach',
      title: toBank ? '贷款申请超时未处理' : '银行贷款申请超时预警',
      body: `${toBank ? '本行' : bankName}有一笔贷款申请超过${stage}时限未处理（已计 ${a.waitedWorkHours} 个工作小时），请尽快处理。`,
      link: toBank ? `/bank/applications/${a.applicationId}` : '/oversight/lending-sla',
      dedupeKey: `overdue:${a.applicationId}:${a.overdueFor}:${a.audience}`,
    });
  }

  /** 待处理预警 of the office or of one bank: alerts not yet acknowledged, oldest first, and how many there are. */
  pendingAlerts(audience: AlertAudience): Promise<{ total: number; items: OverdueAlert[] }> {
    return this.deps.alerts.pending(this.deps.db, audience, OVERDUE_LIST_LIMIT);
  }

  async acknowledgeAlert(audience: AlertAudience, id: string, by: string): Promise<void> {
    const found = await this.deps.db.transaction((tx) => this.deps.alerts.acknowledge(tx, audience, id, this.deps.clock.now(), by));
    if (!found) throw notFound('ALERT_NOT_FOUND', `没有编号为 ${id} 的预警`);
  }

  /** Everything the monthly workbook holds, computed from one read of the aggregates. */
  async report(month: string): Promise<ReportData> {
    const [figures, districts, trend, funnelResult, service] = await Promise.all([
      this.figures(month),
      this.byDistrict(month),
      this.trend(month),
      this.funnel(undefined, month),
      this.bankService(undefined, month),
    ]);
    const facts = await this.facts();
    const byBank = await this.deps.store.loansByBank(this.reader, month);
    return {
      month,
      asOf: figures.asOf,
      generatedAt: this.deps.clock.now(),
      figures: figures.figures,
      districts: districts.districts,
      trend,
      funnel: funnelResult,
      bankService: service,
      rankings: {
        districts: rankLoans(facts.loans, facts.districts.map((d) => ({ id: d.code, name: d.name })), month),
        banks: rankLoans(byBank, facts.banks, month),
      },
    };
  }

  async setCityBalance(month: string, balance: string, source: string, enteredBy: string): Promise<void> {
    await this.deps.store.putCityBalance(this.deps.db, { month, balance, source }, enteredBy);
  }

  async addTarget(target: NewTarget): Promise<void> {
    if (!findKpi(target.kpiCode)) throw notFound('KPI_NOT_FOUND', `没有编号为 ${target.kpiCode} 的指标`);
    await this.deps.db.transaction((tx) => this.deps.store.addTarget(tx, target));
  }

  async targets() {
    return (await this.deps.store.configuration(this.deps.db)).targets;
  }
}
