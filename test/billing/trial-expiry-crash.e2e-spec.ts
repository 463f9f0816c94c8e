import type { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '@lifecycle/testing';
import { bulkSeed } from '../../tools/bench/bulk-seed';
import { BillingWorld, testPool, tick } from './billing-world';
import { eventually, startBilling, TestJetStream, tickEnvelope } from './billing-processes';

jest.setTimeout(120_000);

const SLOT = '2026-12-01T10:00:00Z';
const TRIALS = 2_000;

/** Per subscription: status, audit rows and trial.expired events; a consistent company has all three or none. */
async function ledger(pool: Pool) {
  const { rows } = await pool.query(`
    SELECT s.id, s.status,
           (SELECT count(*)::int FROM audit_logs a WHERE a.resource_id = s.id AND a.action_type = 'subscription_expired') AS audits,
           (SELECT count(*)::int FROM outbox_events o WHERE o.aggregate = 'subscription:' || s.id AND o.subject = 'trial.expired') AS events
    FROM subscriptions s ORDER BY s.id`);
  return rows as { id: number; status: string; audits: number; events: number }[];
}

describe('trial expiry killed mid-sweep', () => {
  let db: TestDatabase;
  let pool: Pool;
  let js: TestJetStream;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = testPool(db.url, 2);
    js = await TestJetStream.create();
    await bulkSeed((sql, params) => pool.query(sql, params), { count: TRIALS, base: new Date('2026-11-25T10:00:00Z'), spreadMs: 5 * 86_400_000 });
  });

  afterAll(async () => {
    await js.close();
    await pool.end();
    await db.drop();
  });

  it('leaves every company expired with one audit row and one event, or untouched; a second run completes', async () => {
    const billing = await startBilling(db.url, js.namespace, { SWEEP_BATCH_SIZE: '10', LOG_LEVEL: 'warn' });
    await js.publisher.publish(tickEnvelope('trial-expiry', SLOT));
    await eventually(
      () => pool.query(`SELECT count(*)::int AS n FROM subscriptions WHERE status = 'expired'`).then((r) => r.rows[0].n as number),
      (n) => n >= 300,
      60_000,
    );
    billing.child.kill('SIGKILL');
    await billing.exited;

    const afterCrash = await ledger(pool);
    const expired = afterCrash.filter((r) => r.status === 'expired');
    const trials = afterCrash.filter((r) => r.status === 'trial');
    expect({ expired: expired.length > 0, remaining: trials.length > 0 }).toEqual({ expired: true, remaining: true });
    expect(expired.filter((r) => r.audits !== 1 || r.events !== 1)).toEqual([]);
    expect(trials.filter((r) => r.audits !== 0 || r.events !== 0)).toEqual([]);

    // all of the seeded trials have ended by the slot; a second run (another process) does the rest
    const world = await BillingWorld.attach(db);
    try {
      const summary = await world.sweeps({ batchSize: 10 }).trialExpiry.execute(tick('trial-expiry', SLOT));
      expect(summary.expired).toBe(trials.length);
    } finally {
      await world.dispose();
    }
    const final = await ledger(pool);
    expect(final.filter((r) => r.status !== 'expired' || r.audits !== 1 || r.events !== 1)).toEqual([]);
    expect(final).toHaveLength(TRIALS);
  });
});
