import { jetstream, jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Client } from 'pg';
import { JetStreamPublisher, type Namespace } from '@lifecycle/messaging';
import { OutboxRelay } from '@lifecycle/outbox';
import { createDataSource } from '@lifecycle/persistence';

export interface Baseline {
  count: number;
  seconds: number;
  perSecond: number;
}

/**
 * Raw JetStream publish rate with the services' client: a namespaced file stream, `payloadBytes`-sized
 * messages each with its own Nats-Msg-Id, async publishes pipelined in windows of `window` acks.
 */
export async function rawPublishRate(nc: NatsConnection, ns: Namespace, count: number, payloadBytes: number, window = 1_000): Promise<Baseline> {
  const jsm = await jetstreamManager(nc);
  const stream = ns.stream('BENCHRAW');
  await jsm.streams.add({ name: stream, subjects: [ns.subject('benchraw.>')], storage: StorageType.File, retention: RetentionPolicy.Limits, duplicate_window: 120_000_000_000 });
  const js = jetstream(nc);
  const payload = 'x'.repeat(Math.max(16, payloadBytes));
  const subject = ns.subject('benchraw.event');
  try {
    const started = performance.now();
    for (let start = 0; start < count; start += window) {
      const acks: Promise<unknown>[] = [];
      for (let i = start; i < Math.min(start + window, count); i++) acks.push(js.publish(subject, payload, { msgID: `raw-${i}` }));
      await Promise.all(acks);
    }
    const seconds = (performance.now() - started) / 1000;
    return { count, seconds, perSecond: count / seconds };
  } finally {
    await jsm.streams.delete(stream).catch(() => undefined);
  }
}

/** Raw PostgreSQL insert rate: multi-row INSERTs of `rowsPerStatement` outbox-like rows (jsonb payload) into a scratch table. */
export async function rawInsertRate(db: Client, count: number, payloadBytes: number, rowsPerStatement = 500): Promise<Baseline> {
  await db.query(`CREATE TABLE IF NOT EXISTS bench_raw_insert (LIKE outbox_events INCLUDING ALL)`);
  const payload = JSON.stringify({ pad: 'x'.repeat(Math.max(16, payloadBytes - 12)) });
  try {
    const started = performance.now();
    for (let start = 0; start < count; start += rowsPerStatement) {
      const n = Math.min(rowsPerStatement, count - start);
      const values: string[] = [];
      const params: unknown[] = [];
      for (let i = 0; i < n; i++) {
        params.push(`raw-${start + i}`, payload);
        values.push(`($${2 * i + 1}, 'benchraw.event', $${2 * i + 2}::jsonb, 'bench', now())`);
      }
      await db.query(`INSERT INTO bench_raw_insert (event_id, subject, payload, aggregate, created_at) VALUES ${values.join(',')}`, params);
    }
    const seconds = (performance.now() - started) / 1000;
    return { count, seconds, perSecond: count / seconds };
  } finally {
    await db.query(`DROP TABLE IF EXISTS bench_raw_insert`);
  }
}

/**
 * The outbox relays' own capacity, before the services start: `count` events (payload ~`payloadBytes`,
 * each of its own aggregate) committed to outbox_events at once, then `relays` OutboxRelays — the
 * services' code and settings, each with its own DataSource as each service process has — publish them
 * with the services' publisher into a scratch stream; timed from start until the relays report every
 * event published and marked sent (their own counters: counting unsent rows would load PostgreSQL during
 * the measurement). The relays share this process's event loop, where deployed ones have a process each.
 * The rows are deleted afterwards.
 */
export async function relayDrainRate(databaseUrl: string, nc: NatsConnection, ns: Namespace, db: Client, count: number, payloadBytes: number, relays = 1): Promise<Baseline> {
  const jsm = await jetstreamManager(nc);
  const stream = ns.stream('BENCHRELAY');
  await jsm.streams.add({ name: stream, subjects: [ns.subject('benchrelay.>')], storage: StorageType.File, retention: RetentionPolicy.Limits, duplicate_window: 120_000_000_000 });
  await db.query(
    `INSERT INTO outbox_events (event_id, subject, aggregate, payload)
     SELECT 'benchrelay-' || g, 'benchrelay.event', 'benchrelay:' || g, jsonb_build_object('n', g, 'pad', repeat('x', $2::int))
     FROM generate_series(1, $1::int) AS g`,
    [count, Math.max(16, payloadBytes - 30)],
  );
  await db.query('ANALYZE outbox_events');
  const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };
  const dataSources = await Promise.all(
    Array.from({ length: relays }, () => createDataSource(databaseUrl, { poolSize: 2, applicationName: 'pipeline-bench-relay' }).initialize()),
  );
  const running = dataSources.map((dataSource) => new OutboxRelay(dataSource, new JetStreamPublisher(jetstream(nc), ns), { logger: silent }));
  try {
    const started = performance.now();
    for (const relay of running) relay.start();
    while (running.reduce((sum, relay) => sum + relay.published, 0) < count) await new Promise((resolve) => setTimeout(resolve, 10));
    const seconds = (performance.now() - started) / 1000;
    return { count, seconds, perSecond: count / seconds };
  } finally {
    for (const relay of running) await relay.stop();
    for (const dataSource of dataSources) await dataSource.destroy();
    await db.query(`DELETE FROM outbox_events WHERE subject = 'benchrelay.event'`);
    await db.query('VACUUM ANALYZE outbox_events');
    await jsm.streams.delete(stream).catch(() => undefined);
  }
}
