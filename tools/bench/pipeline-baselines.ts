import { jetstream, jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Client } from 'pg';
import type { Namespace } from '@lifecycle/messaging';

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
