import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ABOUT_A_DAY_OF_ATTEMPTS } from '../src/platform/outbox/backoff.js';
import { signWebhook } from '../src/platform/webhooks/standard-webhooks.js';
import { demoEnterpriseLogin, productIdsByBankCode, eventually, productLike, startPlatformWithSimulator, type SimulatedPlatform } from './helpers/lending-fixtures.js';

let env: SimulatedPlatform;
let sme: string;
let products: Map<string, string>;

beforeAll(async () => {
  env = await startPlatformWithSimulator();
  sme = await env.platform.login(demoEnterpriseLogin(env.platform));
  products = await productIdsByBankCode(env.platform, sme);
});
afterAll(() => env?.close());

interface Detail {
  application: { id: string; status: string; statusLabel: string; approvedAmount: string | null; approvedRate: string | null; disbursedAmount: string; bankReference: string | null };
  events: { fromStatus: string | null; toStatus: string; actorType: string }[];
}

async function apply(bankCode: string, amount = '300000'): Promise<string> {
  const res = await env.platform.api('/api/v1/loan-applications', {
    token: sme,
    body: { productId: await productLike(env.platform, products.get(bankCode)!), amount, termMonths: 12, purpose: '购买设备' },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as Detail).application.id;
}

const detail = async (id: string) => (await (await env.platform.api(`/api/v1/loan-applications/${id}`, { token: sme })).json()) as Detail;

/** An application the bank has received, once the bank's (silent) script has run: it sent no callbacks. */
async function appliedSilently(bankCode: string): Promise<string> {
  const id = await apply(bankCode);
  await eventually(
    () => env.platform.database.knex('loan_applications').where({ id }).first(),
    (row) => row.bank_reference !== null,
  );
  await env.simulator.idle();
  return id;
}

const until = (id: string, status: string) => eventually(() => detail(id), (d) => d.application.status === status);

describe.each([
  ['CCB_HS', 'json-webhooks'],
  ['ICBC_HS', 'cn-open-platform-sm'],
])('%s (%s)', (bankCode) => {
  it('SME applies → bank accepts and approves → disbursement callback → 已放款 with amount and rate', async () => {
    const id = await apply(bankCode);
    const done = await until(id, 'DISBURSED');
    expect(done.application).toMatchObject({ statusLabel: '已放款', approvedAmount: '300000.00', approvedRate: '3.6500', disbursedAmount: '300000.00' });
    expect(done.application.bankReference).toMatch(new RegExp(`^${bankCode}-`));
    expect(done.events.map((e) => e.toStatus)).toEqual(['DRAFT', 'SUBMITTED', 'ACCEPTED', 'UNDER_REVIEW', 'APPROVED', 'CONTRACTED', 'DISBURSED']);
    expect(done.events.slice(2).every((e) => e.actorType === 'bank_system')).toBe(true);
  });

  it('survives 5xx, a lost response, duplicate, reordered and badly signed callbacks', async () => {
    const refusedBefore = Number((await env.platform.database.knex('bank_callback_rejections').where({ bank_code: bankCode }).count({ n: '*' }).first())?.n);
    env.simulator.setDefaultScript({
      submitFailures: 2,
      submitTimeouts: 1,
      duplicate: true,
      reorder: true,
      badSignature: true,
      steps: [
        { event: 'accepted', afterMs: 5 },
        { event: 'under_review', afterMs: 5 },
        { event: 'approved', afterMs: 5, amount: '250000', rate: '3.9' },
        { event: 'contracted', afterMs: 5 },
        { event: 'disbursed', afterMs: 5, amount: '100000', reference: 'T1' },
        { event: 'disbursed', afterMs: 5, amount: '150000', reference: 'T2' },
      ],
    });
    try {
      const id = await apply(bankCode);
      const done = await eventually(() => detail(id), (d) => d.application.disbursedAmount === '250000.00' && d.application.approvedAmount !== null);
      expect(done.application).toMatchObject({ status: 'DISBURSED', approvedAmount: '250000.00', approvedRate: '3.9000' });
      // The retries reached the bank with the same key: one application there, not four.
      expect(env.simulator.application(id)).toBeDefined();
      const outbox = await eventually(
        () => env.platform.database.knex('outbox_messages').where({ message_key: `loan-application:${id}:submit` }).first(),
        (m) => m.status !== 'pending',
      );
      // Two 503s and one timeout are scripted; a loaded machine may time out once more, never fewer.
      expect(outbox, outbox.last_error).toMatchObject({ status: 'delivered' });
      // Tried for about a day, not the outbox default of ten attempts (some ten minutes of a bank's maintenance).
      expect(outbox.max_attempts).toBe(ABOUT_A_DAY_OF_ATTEMPTS);
      expect(outbox.attempts).toBeGreaterThanOrEqual(4);
      expect(env.simulator.stats.replayedSubmits).toBeGreaterThan(0);
      await env.simulator.idle();
      const refused = Number((await env.platform.database.knex('bank_callback_rejections').where({ bank_code: bankCode }).count({ n: '*' }).first())?.n);
      expect(refused - refusedBefore).toBe(6);
      // Each disbursement applied once, each callback event recorded once.
      const ledger = await env.platform.database.knex('loan_ledger_entries').where({ application_id: id }).select('reference');
      expect(ledger.map((l) => l.reference).sort()).toEqual(['T1', 'T2']);
      const events = (await detail(id)).events.map((e) => `${e.fromStatus}>${e.toStatus}`);
      expect(events.filter((e) => e === 'CONTRACTED>DISBURSED')).toHaveLength(1);
    } finally {
      env.simulator.setDefaultScript({ steps: [{ event: 'accepted' }, { event: 'under_review' }, { event: 'approved' }, { event: 'contracted' }, { event: 'disbursed' }] });
    }
  });

  it('finds out by polling when the bank sends no callbacks', async () => {
    env.simulator.setDefaultScript({ silent: true, steps: [{ event: 'accepted' }, { event: 'under_review' }, { event: 'approved' }] });
    try {
      const id = await appliedSilently(bankCode);
      expect((await detail(id)).application.status).toBe('SUBMITTED');
      await env.platform.database.knex('loan_applications').where({ id }).update({ last_bank_contact_at: new Date(Date.now() - 2 * 3_600_000) });
      const result = await env.platform.services.bankSync.pollSilent();
      expect(result.failed).toBe(0);
      const polled = await detail(id);
      expect(polled.application).toMatchObject({ status: 'APPROVED', approvedAmount: '300000.00' });
      expect(polled.events.map((e) => e.toStatus)).toEqual(['DRAFT', 'SUBMITTED', 'ACCEPTED', 'UNDER_REVIEW', 'APPROVED']);
    } finally {
      env.simulator.setDefaultScript({ steps: [{ event: 'accepted' }, { event: 'under_review' }, { event: 'approved' }, { event: 'contracted' }, { event: 'disbursed' }] });
    }
  });

  it('a polled settlement that the repayments it lists do not cover is not applied; the repayments are', async () => {
    const steps = [{ event: 'accepted' }, { event: 'under_review' }, { event: 'approved' }, { event: 'contracted' }, { event: 'disbursed' }] as const;
    env.simulator.setDefaultScript({ silent: true, steps: [...steps, { event: 'repaid', amount: '100000', reference: 'R1' }, { event: 'closed', amount: '0' }] });
    try {
      const id = await appliedSilently(bankCode);
      const poll = async () => {
        await env.platform.database.knex('loan_applications').where({ id }).update({ last_bank_contact_at: new Date(Date.now() - 2 * 3_600_000) });
        expect((await env.platform.services.bankSync.pollSilent()).failed).toBe(0);
        return env.platform.database.knex('loan_applications').where({ id }).first();
      };
      expect(await poll()).toMatchObject({ status: 'REPAYING', disbursed_amount: '300000.00', repaid_amount: '100000.00' });
      // Nobody reads a poll's answer: the bank's admins are told of the refused settlement, once however often it is polled.
      const told = () =>
        env.platform.database.knex('notifications as n').join('users as u', 'u.id', 'n.user_id')
          .where('n.dedupe_key', 'like', `bank-report-refused:${id}:%`).select('u.position', 'n.body', 'n.link');
      const first = await told();
      expect(first.length).toBeGreaterThan(0);
      expect(first.every((t: { position: string; link: string; body: string }) => t.position === 'institution_admin' && t.link === `/bank/applications/${id}` && t.body.includes('尚有未还本金'))).toBe(true);
      expect(await poll()).toMatchObject({ status: 'REPAYING' });
      expect(await told()).toHaveLength(first.length);
      // The bank's ledger catches up: with the rest repaid, the next poll closes the loan.
      const date = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
      (env.simulator.application(id)!.repayments as { reference: string; amount: string; date: string }[]).push({ reference: 'R2', amount: '200000.00', date });
      expect(await poll()).toMatchObject({ status: 'CLOSED', repaid_amount: '300000.00' });
    } finally {
      env.simulator.setDefaultScript({ steps: [{ event: 'accepted' }, { event: 'under_review' }, { event: 'approved' }, { event: 'contracted' }, { event: 'disbursed' }] });
    }
  });
});

describe('callback idempotency (json-webhooks)', () => {
  it('returns the first result for a repeat, 422 for the same id with another body, 401 for a bad signature', async () => {
    env.simulator.setDefaultScript({ silent: true, steps: [] });
    const id = await apply('CCB_HS');
    const bankReference = (
      await eventually(
        () => env.platform.database.knex('loan_applications').where({ id }).first(),
        (row) => row.bank_reference !== null,
      )
    ).bank_reference as string;
    env.simulator.setDefaultScript({ steps: [{ event: 'accepted' }, { event: 'under_review' }, { event: 'approved' }, { event: 'contracted' }, { event: 'disbursed' }] });
    const secret = (env.settings.find((s) => s.bankCode === 'CCB_HS')!.options as { webhookSecrets: string[] }).webhookSecrets[0]!;
    const rejection = { code: 'POLICY_NOT_MET', description: '不符合准入条件' };
    const send = (eventId: string, status: string, secrets = [secret]) => {
      const body = JSON.stringify({ type: 'loan_application.status_changed', timestamp: new Date().toISOString(), data: { applicationId: id, bankReference, status, ...(status === 'DECLINED' && { rejection }) } });
      return env.platform.api('/api/v1/callbacks/banks/CCB_HS', {
        body,
        headers: { ...signWebhook(secrets, eventId, new Date(), body) },
      });
    };
    const first = await send('evt_manual_1', 'RECEIVED');
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true });
    expect((await send('evt_manual_1', 'RECEIVED')).status).toBe(200);
    const reused = await send('evt_manual_1', 'DECLINED');
    expect(reused.status).toBe(422);
    // Named as the bank sends it: the id is the webhook-id header.
    expect(await reused.json()).toMatchObject({ code: 'EVENT_ID_REUSED', errors: [{ field: 'webhook-id', code: 'EVENT_ID_REUSED' }] });
    const forged = await send('evt_manual_2', 'DECLINED', ['whsec_' + Buffer.alloc(32, 7).toString('base64')]);
    expect(forged.status).toBe(401);
    expect((await detail(id)).application.status).toBe('ACCEPTED');
    const logged = await env.platform.database.knex('bank_callback_rejections').where({ bank_code: 'CCB_HS', reason: 'SIGNATURE_MISMATCH' });
    expect(logged.length).toBeGreaterThan(0);
    expect((await env.platform.api('/api/v1/callbacks/banks/NOPE_BANK', { body: '{}' })).status).toBe(404);
    // Signed by the bank, but about an application it does not have here: 422, not 401, so the bank
    // can tell its own data error from a key problem.
    const unknownBody = JSON.stringify({
      type: 'loan_application.status_changed',
      timestamp: new Date().toISOString(),
      data: { applicationId: '00000000-0000-4000-8000-000000000000', bankReference: 'NOPE', status: 'DECLINED', rejection },
    });
    const unknown = await env.platform.api('/api/v1/callbacks/banks/CCB_HS', { body: unknownBody, headers: { ...signWebhook([secret], 'evt_manual_3', new Date(), unknownBody) } });
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toEqual({ received: false, error: 'unknown application' });
  });
});
