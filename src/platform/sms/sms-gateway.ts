/**
 * The SMS port (短信网关): any feature that must text a person sends through it. Which adapter
 * stands behind it is configuration (`SMS_GATEWAY`): the simulator keeps messages for the
 * development inbox, the HTTP adapter posts to the city's SMS provider through the egress guard.
 */
export interface SmsGateway {
  readonly kind: 'simulator' | 'http';
  /** Sends `content` to an 11-digit mainland mobile; throws when the provider refuses. */
  send(mobile: string, content: string): Promise<void>;
}

/** A message the simulator kept (开发收件箱): the mobile masked, never in clear. */
export interface SimulatedSms {
  id: string;
  mobileMasked: string;
  content: string;
  sentAt: Date;
}

/** The simulator's inbox, read by the admin's development page and by tests. */
export interface SmsInbox {
  latest(limit: number): Promise<SimulatedSms[]>;
  latestTo(mobile: string): Promise<SimulatedSms | undefined>;
  /** The verification code in the newest message to `mobile`, as the person would read it. */
  latestCodeTo(mobile: string): Promise<string | undefined>;
  /** Drops the messages past the inbox's keeping time; answers how many. */
  purgeOld(): Promise<number>;
}
