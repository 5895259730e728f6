import type { Db } from '../../db/database.js';
import type { Clock } from '../clock.js';
import { maskMobile } from '../masking.js';
import { sm3Hex } from '../national-crypto.js';
import type { SimulatedSms, SmsGateway, SmsInbox } from './sms-gateway.js';

interface Row {
  id: string | number;
  mobile_masked: string;
  content: string;
  sent_at: Date | string;
}

const plain = (row: Row): SimulatedSms => ({ id: String(row.id), mobileMasked: row.mobile_masked, content: row.content, sentAt: new Date(row.sent_at) });

/**
 * The SMS gateway of development and tests: nothing leaves the machine; each message is kept
 * (mobile as SM3 digest and masked) for the 开发收件箱 page.
 */
export class SimulatorSmsGateway implements SmsGateway, SmsInbox {
  readonly kind = 'simulator';

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async send(mobile: string, content: string): Promise<void> {
    await this.db('sms_simulator_messages').insert({ mobile_hash: sm3Hex(mobile), mobile_masked: maskMobile(mobile), content, sent_at: this.clock.now() });
  }

  /** The simulator's inbox keeps a week: it stands in for phones during a demo or a test. */
  async purgeOld(): Promise<number> {
    return this.db('sms_simulator_messages').where('sent_at', '<', new Date(this.clock.now().getTime() - 7 * 86_400_000)).delete();
  }

  async latest(limit: number): Promise<SimulatedSms[]> {
    return ((await this.db('sms_simulator_messages').orderBy('id', 'desc').limit(limit)) as Row[]).map(plain);
  }

  async latestTo(mobile: string): Promise<SimulatedSms | undefined> {
    const row = (await this.db('sms_simulator_messages').where({ mobile_hash: sm3Hex(mobile) }).orderBy('id', 'desc').first()) as Row | undefined;
    return row && plain(row);
  }

  async latestCodeTo(mobile: string): Promise<string | undefined> {
    return /验证码(\d{6})/.exec((await this.latestTo(mobile))?.content ?? '')?.[1];
  }
}
