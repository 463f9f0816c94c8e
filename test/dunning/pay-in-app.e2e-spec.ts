import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, randomId, startFakePaytr, testInfra, type FakePaytr } from '@lifecycle/testing';
import { ROOT, spawnApp, type RunningApp } from '../app-processes';
import { TestJetStream, type BillingProcess } from '../billing/billing-processes';
import { eventually, startBillingProcess, startWorkspaceGuard, stop, tick, type GuardProcess, paytrBillingEnv } from './dunning-processes';
import { DAY, DunningWorld, HOUR, plus } from './dunning-world';

jest.setTimeout(180_000);

// Detection judges staleness by the billing process's clock (the wall clock), so the failure is an hour old.
const F = new Date(Math.floor(Date.now() / HOUR) * HOUR - HOUR).toISOString();
const iso = (at: Date) => at.toISOString().replace('.000Z', 'Z');

/**
 * A customer without a stored card, through real processes (billing on PAYMENT_GATEWAY=paytr against the fake
 * PayTR over HTTP, the notifier writing mail files, workspace-guard): every retry step is a payment-request
 * mail and no charge, the last one suspends, and paying in the app brings the workspaces back.
 */
describe('dunning without a stored card: pay in the app', () => {
  let world: DunningWorld;
  let js: TestJetStream;
  let paytr: FakePaytr;
  let billing: BillingProcess;
  let guard: GuardProcess;
  let notifier: RunningApp;
  const mailDir = join(ROOT, 'test-output', `pay-in-app-${randomId(6)}`);

  beforeAll(async () => {
    world = await DunningWorld.create();
    js = await TestJetStream.create();
    paytr = await startFakePaytr();
    billing = await startBillingProcess(world.billing.db.url, js, paytrBillingEnv(paytr));
    guard = await startWorkspaceGuard(world.billing.db.url, js);
    notifier = spawnApp('notifier', {
      DATABASE_URL: world.billing.db.url,
      NATS_URL: testInfra().natsUrl,
      LIFECYCLE_NAMESPACE: js.namespace.value,
      HTTP_PORT: String(await freePort()),
      MAIL_TRANSPORT: 'file',
      MAIL_DIR: mailDir,
      APP_BASE_URL: 'https://app.example.com',
    });
  });

  afterAll(async () => {
    await stop(billing);
    await stop(guard);
    await stop(notifier);
    await paytr.close();
    await js.close();
    await world.dispose();
    rmSync(mailDir, { recursive: true, force: true });
  });

  /** The .eml files of one mail type, oldest first, as subject lines. */
  const subjects = (type: string) =>
    (existsSync(mailDir) ? readdirSync(mailDir).filter((n) => n.includes(`-${type}-`) && n.endsWith('.eml')).sort() : []).map(
      (n) => /^Subject: (.*)$/m.exec(readFileSync(join(mailDir, n), 'utf8'))?.[1] ?? n,
    );
  const lifecycle = () => js.messages('LIFECYCLE');
  const ticked = (at: Date | string) => eventually(async () => billing.output(), (out) => out.includes(`payment-retry@${iso(new Date(at))}`), 60_000);

  it('mails a payment request at each step instead of charging, suspends at the end, and comes back when the platform records the payment', async () => {
    const c = await world.factories.newCompany({ status: 'active', periodEndsAt: F, currency: 'USD', workspaces: 2, workspacesRunning: true });
    const sub = c.subscription!.id;
    const ids = c.workspaces.map((w) => w.id);
    const running = async () => (await world.pool.query(`SELECT is_running FROM workspaces WHERE id = ANY($1)`, [ids])).rows.map((r) => r.is_running as boolean);
    await world.failedPayment(c, { at: F, amount: 2900, currency: 'USD' });

    // Detection (attempt 1), then the three retry steps at +6 h, +24 h and +72 h from each outcome.
    for (const at of [F, plus(F, 6 * HOUR), plus(F, 30 * HOUR), plus(F, 102 * HOUR)]) {
      await js.publisher.publish(tick('payment-retry', at) as never);
      await ticked(at);
    }
    const events = await eventually(lifecycle, (m) => m.some((e) => e.type === 'subscription.suspended'), 60_000).catch((error: Error) => {
      throw new Error(`${error.message}\nbilling output:\n${billing.output().slice(-6000)}`);
    });
    const failed = events.filter((e) => e.type === 'payment.failed').map((e) => e.data as { attempt: number; nextRetryAt: string | null; payInApp?: boolean });
    expect(failed.map((d) => [d.attempt, d.payInApp ?? false, d.nextRetryAt])).toEqual([
      [1, false, iso(plus(F, 6 * HOUR))],
      [2, true, iso(plus(F, 30 * HOUR))],
      [3, true, iso(plus(F, 102 * HOUR))],
      [4, true, null],
    ]);
    expect(events.filter((e) => e.type === 'subscription.suspended').map((e) => e.data)).toEqual([
      expect.objectContaining({ subscriptionId: sub, reason: 'payment_retries_exhausted' }),
    ]);
    // No charge was tried: PayTR was never asked anything (no utoken, so not even the card list).
    expect(paytr.requests).toEqual([]);
    expect((await world.pool.query(`SELECT status FROM subscriptions WHERE id = $1`, [sub])).rows[0].status).toBe('suspended');
    const attempts = await world.pool.query(`SELECT status, failure_reason_code FROM payments WHERE retry_of_payment_id IS NOT NULL ORDER BY id`);
    expect(attempts.rows).toEqual(Array.from({ length: 3 }, () => ({ status: 'failed', failure_reason_code: 'no_stored_card' })));
    await eventually(running, (r) => r.every((x) => !x), 60_000);

    // The customer received one ordinary notice (attempt 1) and three payment requests, then the suspension.
    const mails = await eventually(async () => subjects('payment_failed'), (s) => s.length >= 4, 60_000).catch((error: Error) => {
      throw new Error(`${error.message}\nnotifier output:\n${notifier.output()}`);
    });
    expect(mails.filter((s) => s.endsWith('is due'))).toHaveLength(3);
    expect(mails.filter((s) => s.endsWith('failed'))).toHaveLength(1);
    await eventually(async () => subjects('subscription_suspended'), (s) => s.length === 1, 60_000);

    // The customer pays in the app: the platform records the payment and makes the subscription active.
    const paidAt = plus(F, 110 * HOUR);
    await world.failedPayment(c, { at: paidAt, status: 'success', amount: 2900, currency: 'USD' });
    await world.pool.query(`UPDATE subscriptions SET status = 'active', current_period_start = $2, current_period_end = $3 WHERE id = $1`, [sub, paidAt, plus(paidAt, 30 * DAY)]);
    const next = plus(F, 114 * HOUR);
    await js.publisher.publish(tick('payment-retry', next) as never);
    await ticked(next);
    const after = await eventually(lifecycle, (m) => m.some((e) => e.type === 'subscription.reactivated'), 60_000);
    expect(after.filter((e) => e.type === 'subscription.reactivated').map((e) => e.data)).toEqual([
      expect.objectContaining({ subscriptionId: sub, reason: 'reactivated_by_platform' }),
    ]);
    await eventually(running, (r) => r.every((x) => x), 60_000);
    expect(paytr.requests).toEqual([]);
  });
});
