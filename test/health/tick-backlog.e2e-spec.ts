import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { Pool } from 'pg';
import { consumerName, createEnvelope, STREAMS, tickId } from '@lifecycle/contracts';
import { connectNats, Namespace, provisionStreams } from '@lifecycle/messaging';
import { utcConnectionOptions } from '@lifecycle/persistence';
import { createTestDatabase, freePort, testInfra, testNamespace, type TestDatabase } from '@lifecycle/testing';
import { spawnApp, type RunningApp } from '../app-processes';
import { eventually } from './health-world';

const SLOTS = ['2026-12-01T10:00:00Z', '2026-12-01T10:15:00Z', '2026-12-01T10:30:00Z', '2026-12-01T10:45:00Z'];

describe('the health app: a backlog of workspace-health ticks', () => {
  let db: TestDatabase;
  let pool: Pool;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let app: RunningApp | undefined;
  const namespace = new Namespace(testNamespace());

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 2, ...utcConnectionOptions() });
    nc = await connectNats({ url: testInfra().natsUrl, name: 'tick-backlog-test' });
    jsm = await jetstreamManager(nc);
    await provisionStreams(jsm, namespace, STREAMS);
  });

  afterAll(async () => {
    if (app && app.child.exitCode === null) {
      app.child.kill('SIGTERM');
      await app.exited;
    }
    for (const stream of STREAMS) await jsm.streams.delete(namespace.stream(stream.name)).catch(() => undefined);
    await nc.close();
    await pool.end();
    await db.drop();
  });

  it('runs the check once, for the newest tick, and acknowledges the others', async () => {
    const js = jetstream(nc);
    for (const slot of SLOTS) {
      const tick = createEnvelope('clock.tick.workspace-health', {
        id: tickId('workspace-health', slot),
        source: 'clock',
        correlationId: tickId('workspace-health', slot),
        occurredAt: slot,
        data: { schedule: 'workspace-health', scheduledAt: slot, firedAt: slot, trigger: 'schedule' },
      });
      await js.publish(namespace.subject(tick.type), JSON.stringify(tick), { msgID: tick.id });
    }
    app = spawnApp('health', { DATABASE_URL: db.url, NATS_URL: testInfra().natsUrl, LIFECYCLE_NAMESPACE: namespace.value, HTTP_PORT: String(await freePort()) });

    const durable = consumerName('health', 'clock.tick.workspace-health');
    const settled = await eventually(
      async () => {
        const info = await jsm.consumers.info(namespace.stream('CLOCK'), durable).catch(() => null); // created at boot
        if (!info) return null;
        return { delivered: info.delivered.consumer_seq, pending: info.num_pending, ackPending: info.num_ack_pending };
      },
      (state) => state !== null && state.delivered === SLOTS.length && state.pending === 0 && state.ackPending === 0,
      30_000,
      'every tick acknowledged',
    );
    expect(settled).toEqual({ delivered: SLOTS.length, pending: 0, ackPending: 0 });
    const { rows } = await pool.query<{ event_id: string }>(`SELECT event_id FROM outbox_events WHERE subject = 'health.report' ORDER BY id`);
    expect(rows.map((r) => r.event_id)).toEqual(['health.report:workspace-health@2026-12-01T10:45:00Z']);
    expect(app.output()).toContain('skipped, a later workspace-health tick is queued');
  });
});
