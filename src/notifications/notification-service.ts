import type { Db, DbOrTrx } from '../db/database.js';
import type { Clock } from '../platform/clock.js';
import { shanghaiMonth } from '../platform/partitions/month-range.js';
import { notFound } from '../platform/errors.js';
import { sm3Hex } from '../platform/national-crypto.js';
import type { Deliverer, NewOutboxMessage } from '../platform/outbox/outbox-message.js';
import type { SmsGateway } from '../platform/sms/sms-gateway.js';
import type { Role } from '../platform/roles.js';
import { effectiveChannels, KIND_RULES, kindsFor, type Channels, type NotificationKind } from './notification-kinds.js';
import type { Audience, Notice, Notification, RecipientDirectory } from './notification.js';
import type { NotificationStore } from './notification-store.js';

/** The outbox channel of notification SMS: one message per recipient, sent by `smsDeliverer`. */
export const SMS_CHANNEL = 'notification_sms';
const SMS_SIGNATURE = '【信易贷】';
/** Stands in an SMS for a notice's quoted words, which only the 站内消息 shows. */
const SEE_PLATFORM = '详情请登录信易贷平台查看。';

export interface NotificationServiceDeps {
  db: Db;
  store: NotificationStore;
  directory: RecipientDirectory;
  enqueue(tx: DbOrTrx, message: NewOutboxMessage): Promise<void>;
  sms: SmsGateway;
  clock: Clock;
  /** Months a read message is kept after the current one (docs/decisions/0016); unread ones stay. */
  readRetentionMonths: number;
  /**
   * How many notification texts one mobile is sent within an hour (decision 0063): past it, a
   * notice reaches the inbox only. `smsSentWithinHour` counts the texts queued for a recipient
   * (the SM3 digest of the mobile, as the SMS codes count a mobile) in the last hour, this
   * transaction's included, up to `limit`.
   */
  smsPerMobilePerHour: number;
  smsSentWithinHour(tx: DbOrTrx, recipient: string, limit: number): Promise<number>;
}

export interface PreferenceView extends Channels {
  kind: NotificationKind;
  label: string;
  /** 必达: the inbox stays on whatever the user chooses. */
  mustNotMiss: boolean;
}

interface SmsPayload {
  userId: string;
  content: string;
}

/**
 * 站内消息 and SMS for every role. Features tell in their own transaction (`notify`): the inbox
 * rows are written there and each SMS becomes an outbox message, so a failing SMS gateway is
 * retried by the relay and never undoes the business change. The mobile is looked up only when
 * the SMS is sent; it never sits in the outbox.
 */
export class NotificationService {
  constructor(private readonly deps: NotificationServiceDeps) {}

  async notify(tx: DbOrTrx, audience: Audience, notice: Notice): Promise<void> {
    const { store, directory, clock } = this.deps;
    const userIds = [...new Set(await directory.userIds(tx, audience))];
    if (userIds.length === 0) return;
    const choices = await store.choicesFor(tx, userIds, notice.kind);
    const now = clock.now();
    const channels = userIds.map((userId) => ({ userId, ...effectiveChannels(notice.kind, choices.get(userId)) }));
    await store.insert(
      tx,
      channels
        .filter((c) => c.inPlatform)
        .map(({ userId }) => ({ userId, kind: notice.kind, title: notice.title, body: `${notice.body}${notice.quote ?? ''}`, link: notice.link ?? null, dedupeKey: notice.dedupeKey, createdAt: now })),
    );
    for (const { userId } of channels.filter((c) => c.sms)) {
      // Another party's writes (a bank's tranches, requests) must not text a phone without end at
      // the platform's cost, however many accounts carry its number. The number itself never sits
      // in the outbox: the message names the person, and its target is the number's digest.
      const mobile = await directory.mobileOf(tx, userId);
      const recipient = mobile ? sm3Hex(mobile) : userId;
      if (mobile && (await this.deps.smsSentWithinHour(tx, recipient, this.deps.smsPerMobilePerHour)) >= this.deps.smsPerMobilePerHour) continue;
      await this.deps.enqueue(tx, {
        channel: SMS_CHANNEL,
        target: recipient,
        topic: `notification.${notice.kind}`,
        messageKey: `notification-sms:${userId}:${notice.dedupeKey}`,
        payload: { userId, content: `${SMS_SIGNATURE}${notice.title}：${notice.body}${notice.quote ? SEE_PLATFORM : ''}` } satisfies SmsPayload,
      });
    }
  }

  list(userId: string, query: { unreadOnly: boolean; page: number; pageSize: number }): Promise<{ total: number; unread: number; items: Notification[] }> {
    const { db, store } = this.deps;
    return db.transaction(async (tx) => {
      const page = await store.page(tx, userId, { unreadOnly: query.unreadOnly, limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
      return { ...page, unread: await store.unreadCount(tx, userId) };
    });
  }

  unreadCount(userId: string): Promise<number> {
    return this.deps.store.unreadCount(this.deps.db, userId);
  }

  /** Another user's message is answered like a missing one: 404, nothing revealed. */
  async markRead(userId: string, id: string): Promise<void> {
    if (!(await this.deps.store.markRead(this.deps.db, userId, id, this.deps.clock.now()))) throw notFound('NOTIFICATION_NOT_FOUND', '未找到该消息');
  }

  markAllRead(userId: string): Promise<number> {
    return this.deps.store.markAllRead(this.deps.db, userId, this.deps.clock.now());
  }

  /** Retention: deletes messages read before the first day of (this month − readRetentionMonths). */
  purgeRead(): Promise<number> {
    const { db, store, clock, readRetentionMonths } = this.deps;
    return store.purgeRead(db, shanghaiMonth(clock.now(), -readRetentionMonths).from);
  }

  /** The settings of the kinds a person of `role` is told of. */
  async preferences(userId: string, role: Role): Promise<PreferenceView[]> {
    const stored = await this.deps.store.choicesOf(this.deps.db, userId);
    return kindsFor(role).map((kind) => ({ kind, label: KIND_RULES[kind].label, mustNotMiss: KIND_RULES[kind].mustNotMiss, ...effectiveChannels(kind, stored.get(kind)) }));
  }

  /** Stores the choices given (other kinds keep theirs); the inbox of a must-not-miss kind stays on. */
  async savePreferences(userId: string, role: Role, choices: ReadonlyMap<NotificationKind, Channels>): Promise<PreferenceView[]> {
    const kept = new Map([...choices].map(([kind, c]) => [kind, effectiveChannels(kind, c)] as const));
    await this.deps.db.transaction((tx) => this.deps.store.saveChoices(tx, userId, kept, this.deps.clock.now()));
    return this.preferences(userId, role);
  }

  /** The outbox deliverer of `SMS_CHANNEL`: a person without a mobile is skipped; a gateway failure is retried. */
  smsDeliverer(): Deliverer {
    return async (message) => {
      const { userId, content } = message.payload as unknown as SmsPayload;
      const mobile = await this.deps.directory.mobileOf(this.deps.db, userId);
      if (mobile) await this.deps.sms.send(mobile, content);
    };
  }
}
