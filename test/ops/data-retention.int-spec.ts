import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { createDataRetention, retentionSettings } from '@lifecycle/housekeeping';
import { createDataSource } from '@lifecycle/persistence';
import { FakeClock } from '@lifecycle/time';
import { DAY, OpsWorld } from './ops-world';

const TICK = new Date('2026-12-01T03:00:00Z');
const ago = (days: number) => new Date(TICK.getTime() - days * DAY);

describe('data retention over a crafted database', () => {
  let world: OpsWorld;
  let dataSource: DataSource;

  beforeEach(async () => {
    world = await OpsWorld.create({ streams: false });
    dataSource = await createDataSource(world.db.url, { poolSize: 2, applicationName: 'retention-test' }).initialize();
  });

  afterEach(async () => {
    await dataSource.destroy();
    await world.dispose();
  });

  const q = (sql: string, params: unknown[] = []) => world.pool.query(sql, params);

  async function craft(): Promise<void> {
    // outbox: sent 40 and 10 days ago, and one never sent (40 days old): the relay still owes it.
    for (const [id, sentDaysAgo] of [['old-sent', 40], ['recent-sent', 10], ['old-unsent', null]] as const) {
      await q(`INSERT INTO outbox_events (event_id, subject, aggregate, payload, created_at, sent_at) VALUES ($1, 'trial.expired', 'a', '{}', $2, $3)`, [
        id,
        ago(40),
        sentDaysAgo === null ? null : ago(sentDaysAgo),
      ]);
    }
    await q(`INSERT INTO processed_messages (consumer, event_id, processed_at) VALUES ('c', 'old', $1), ('c', 'recent', $2)`, [ago(31), ago(29)]);
    // trial-expiry slots 60, 45 and 35 days ago: all old, but the latest is the clock's watermark; email-health: one old, one fresh.
    const slot = (schedule: string, at: Date) =>
      q(`INSERT INTO clock_slots (schedule, slot, "trigger", tick_id) VALUES ($1, $2, 'schedule', $3)`, [schedule, at, `${schedule}@${at.toISOString()}`]);
    for (const days of [60, 45, 35]) await slot('trial-expiry', ago(days));
    await slot('email-health', ago(40));
    await slot('email-health', ago(1));
    // evidence: three years old and one year old
    for (const [type, days] of [['old', 3 * 365], ['kept', 365]] as const) {
      await q(
        `INSERT INTO email_logs ("timestamp", email_type, recipient_email, sent_at, delivery_status, dedup_key) VALUES ($1, $2, 'a@example.com', $1, 'sent', $2)`,
        [ago(days), `evidence-${type}`],
      );
      await q(`INSERT INTO audit_logs ("timestamp", action_type, success) VALUES ($1, $2, true)`, [ago(days), `evidence-${type}`]);
    }
  }

  const left = async () => ({
    outbox: (await q(`SELECT event_id FROM outbox_events ORDER BY event_id`)).rows.map((r) => r.event_id),
    processed: (await q(`SELECT event_id FROM processed_messages ORDER BY event_id`)).rows.map((r) => r.event_id),
    slots: (await q(`SELECT schedule, slot FROM clock_slots ORDER BY schedule, slot`)).rows.map((r) => `${r.schedule}@${r.slot.toISOString()}`),
    emails: (await q(`SELECT email_type FROM email_logs ORDER BY email_type`)).rows.map((r) => r.email_type),
    audit: (await q(`SELECT action_type FROM audit_logs ORDER BY action_type`)).rows.map((r) => r.action_type),
  });

  it('deletes old sent events, handled-message records and slots, keeps each schedule\'s latest slot, and evidence for two years', async () => {
    await craft();
    const registry = new Registry();
    const retention = createDataRetention({ manager: dataSource.manager, settings: retentionSettings(), registry, wallClock: new FakeClock(TICK) });
    const summary = await retention.execute({ now: TICK, tickId: 'data-retention@2026-12-01T03:00:00Z' });
    expect(summary.deleted).toEqual({ outbox_events: 1, processed_messages: 1, clock_slots: 3, email_logs: 1, audit_logs: 1 });
    expect(await left()).toEqual({
      outbox: ['old-unsent', 'recent-sent'],
      processed: ['recent'],
      slots: [`email-health@${ago(1).toISOString()}`, `trial-expiry@${ago(35).toISOString()}`],
      emails: ['evidence-kept'],
      audit: ['evidence-kept'],
    });
    const metrics = await registry.getSingleMetricAsString('lifecycle_retention_deleted_rows_total');
    expect(metrics).toContain('lifecycle_retention_deleted_rows_total{table="clock_slots"} 3');

    // A rerun of the tick finds nothing more.
    const again = await retention.execute({ now: TICK, tickId: 'data-retention@2026-12-01T03:00:00Z' });
    expect(Object.values(again.deleted)).toEqual([0, 0, 0, 0, 0]);
  });

  it('EVIDENCE_RETENTION=off keeps email_logs and audit_logs; batches loop until done', async () => {
    await craft();
    for (let i = 0; i < 5; i++) {
      await q(`INSERT INTO outbox_events (event_id, subject, aggregate, payload, sent_at) VALUES ($1, 'x', 'a', '{}', $2)`, [`batch-${i}`, ago(50)]);
    }
    const retention = createDataRetention({ manager: dataSource.manager, settings: retentionSettings({ evidenceMs: null, batchSize: 2 }), wallClock: new FakeClock(TICK) });
    const summary = await retention.execute({ now: TICK, tickId: 't' });
    expect(summary.deleted).toMatchObject({ outbox_events: 6, email_logs: 0, audit_logs: 0 });
    expect((await left()).emails).toEqual(['evidence-kept', 'evidence-old']);
  });

  it('a simulated clock far ahead of the wall clock does not prune rows the database stamped recently', async () => {
    await craft();
    const wall = new FakeClock(ago(20));
    const retention = createDataRetention({ manager: dataSource.manager, settings: retentionSettings(), wallClock: wall });
    const summary = await retention.execute({ now: TICK, tickId: 't' });
    // The outbox and the ledger are measured from the wall clock (20 days before the tick): only what is 50+ days old would go.
    expect(summary.deleted).toMatchObject({ outbox_events: 0, processed_messages: 0, clock_slots: 3 });
  });
});
