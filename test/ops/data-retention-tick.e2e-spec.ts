import { isoId, tickId } from '@lifecycle/contracts';
import { DAY, eventually, OpsWorld, startAppProcess, type AppProcess } from './ops-world';

jest.setTimeout(120_000);

describe('the data-retention tick in the billing service', () => {
  let world: OpsWorld;
  let billing: AppProcess;

  beforeAll(async () => {
    world = await OpsWorld.create();
    billing = await startAppProcess('billing', world.env);
  });

  afterAll(async () => {
    await billing?.stop();
    await world.dispose();
  });

  it('prunes what is older than the window and logs the counts', async () => {
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    const ago = (days: number) => new Date(now.getTime() - days * DAY);
    await world.pool.query(
      `INSERT INTO outbox_events (event_id, subject, aggregate, payload, sent_at) VALUES ('old', 'x', 'a', '{}', $1), ('new', 'x', 'a', '{}', $2)`,
      [ago(31), ago(1)],
    );
    await world.pool.query(`INSERT INTO processed_messages (consumer, event_id, processed_at) VALUES ('c', 'old', $1), ('c', 'new', $2)`, [ago(31), ago(1)]);
    await world.pool.query(`INSERT INTO audit_logs ("timestamp", action_type) VALUES ($1, 'old'), ($2, 'new')`, [ago(800), ago(31)]);

    const at = isoId(now);
    await world.publish(world.envelope('clock.tick.data-retention', tickId('data-retention', at), { schedule: 'data-retention', scheduledAt: at, firedAt: at, trigger: 'manual' }));
    const left = () =>
      world.pool
        .query(`SELECT (SELECT string_agg(event_id, ',') FROM outbox_events) AS outbox, (SELECT string_agg(event_id, ',') FROM processed_messages) AS ledger,
                       (SELECT string_agg(action_type, ',') FROM audit_logs) AS audit`)
        .then((r) => r.rows[0]);
    // Each table is pruned by its own statements: wait for the last of them, then check all.
    expect(await eventually(left, (l) => l.outbox === 'new' && l.ledger === 'new' && l.audit === 'new', 30_000, 'old rows pruned')).toEqual({ outbox: 'new', ledger: 'new', audit: 'new' });
    await eventually(async () => billing.output(), (out) => out.includes(`${tickId('data-retention', at)}: deleted 1 outbox_events, 1 processed_messages, 0 clock_slots, 0 email_logs, 1 audit_logs`), 10_000, 'the log line');
  });
});
