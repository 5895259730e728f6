import { randomInt } from 'node:crypto';
import type { TestPlatform } from './test-platform.js';

let issued = 0;

/** A mobile no other registration in this run uses, so the per-mobile SMS limits never meet. */
export function uniqueMobile(): string {
  issued += 1;
  return `139${String((randomInt(0, 10_000) * 10_000 + process.pid * 97 + issued) % 100_000_000).padStart(8, '0')}`;
}

/**
 * The contact mobile and its code, as a person gets them: the code is requested through the
 * API and read from the SMS simulator's inbox (the platform under test runs the simulator).
 */
export async function verifiedMobile(platform: Pick<TestPlatform, 'api' | 'services'>, mobile = uniqueMobile()): Promise<{ contactMobile: string; mobileCode: string }> {
  const sent = await platform.api('/api/v1/enterprises/registrations/mobile-code', { body: { mobile } });
  if (sent.status !== 202) throw new Error(`registration code for ${mobile}: ${sent.status} ${await sent.text()}`);
  const mobileCode = await platform.services.smsInbox?.latestCodeTo(mobile);
  if (!mobileCode) throw new Error(`no code reached the simulator inbox for ${mobile}`);
  return { contactMobile: mobile, mobileCode };
}
