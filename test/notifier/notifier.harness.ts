import { eventually } from '@lifecycle/testing';
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Pool } from 'pg';
import {
  consumerName,
  createEnvelope,
  EVENT_SAMPLES,
  STREAMS,
  streamForSubject,
  type Envelope,
  type EventMap,
  type Subject,
} from '@lifecycle/contracts';
import { loadEnv } from '@lifecycle/config';
import { Namespace, provisionStreams } from '@lifecycle/messaging';
import { createLogger } from '@lifecycle/observability';
import { createServiceApp } from '@lifecycle/runtime';
import { createTestDatabase, Factories, freePort, testInfra, testNamespace, type TestDatabase } from '@lifecycle/testing';
import { notifierEnvSchema } from '../../apps/notifier/src/notifier.env';
import { notifierService } from '../../apps/notifier/src/notifier.service';

export interface EmailLogRow {
  id: number;
  dedup_key: string | null;
  email_type: string;
  recipient_email: string;
  subject: string | null;
  content_hash: string | null;
  delivery_status: string | null;
  mailjet_message_id: string | null;
  error: string | null;
  user_id: number | null;
  company_id: number | null;
  sent_at: Date;
  opened_at: Date | null;
  clicked_at: Date | null;
}

export interface World {
  db: TestDatabase;
  pool: Pool;
  ns: Namespace;
  nc: NatsConnection;
  jsm: JetStreamManager;
  /** Base URL of the notifier's HTTP port. */
  http: string;
  mailDir: string;
  factories: Factories;
  /** Boots the notifier (again) on this world's database and namespace. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Publishes on the namespace's stream; `msgId` defaults to the envelope id (as the outbox relay does). */
  publish(envelope: Envelope, msgId?: string): Promise<number>;
  rows(): Promise<EmailLogRow[]>;
  row(dedupKey: string): Promise<EmailLogRow | undefined>;
  /** Envelopes on the NOTIFICATION stream (published by the outbox relay). */
  notifications(): Promise<Envelope[]>;
  /** True once the notifier's consumer of `subject` has acked everything up to stream sequence `seq`. */
  acked(subject: Subject, seq: number): Promise<boolean>;
  close(): Promise<void>;
}

/** The notifier booted in this process as runService boots it (createServiceApp), on its own database and namespace. */
export async function notifierWorld(env: Record<string, string> = {}): Promise<World> {
  const db = await createTestDatabase();
  const pool = new Pool({ connectionString: db.url, max: 3 });
  const ns = new Namespace(testNamespace());
  const natsUrl = testInfra().natsUrl;
  const nc = await connect({ servers: natsUrl, name: 'notifier-test' });
  const jsm = await jetstreamManager(nc);
  await provisionStreams(jsm, ns, STREAMS);
  const mailDir = mkdtempSync(join(tmpdir(), 'notifier-mail-'));
  const port = await freePort();
  let app: INestApplication | null = null;

  const parsed = loadEnv('notifier', notifierEnvSchema, {
    DATABASE_URL: db.url,
    DATABASE_POOL_SIZE: '5',
    NATS_URL: natsUrl,
    LIFECYCLE_NAMESPACE: ns.value,
    HTTP_PORT: String(port),
    MAIL_DIR: mailDir,
    LOG_LEVEL: process.env.NOTIFIER_TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });

  const world: World = {
    db,
    pool,
    ns,
    nc,
    jsm,
    http: `http://127.0.0.1:${port}`,
    mailDir,
    factories: new Factories(pool),
    async start() {
      const logger = createLogger({ service: 'notifier', level: parsed.LOG_LEVEL });
      const created = await createServiceApp(notifierService, parsed, logger);
      await created.listen(port, '127.0.0.1');
      app = created;
    },
    async stop() {
      const running = app;
      app = null;
      await running?.close();
    },
    async publish(envelope, msgId = envelope.id) {
      const ack = await jetstream(nc).publish(ns.subject(envelope.type), JSON.stringify(envelope), { msgID: msgId });
      return ack.seq;
    },
    async rows() {
      const { rows } = await pool.query<EmailLogRow>(`SELECT * FROM email_logs ORDER BY id`);
      return rows;
    },
    async row(dedupKey) {
      const { rows } = await pool.query<EmailLogRow>(`SELECT * FROM email_logs WHERE dedup_key = $1`, [dedupKey]);
      return rows[0];
    },
    async notifications() {
      const stream = ns.stream('NOTIFICATION');
      const { state } = await jsm.streams.info(stream);
      const out: Envelope[] = [];
      for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
        const message = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
        if (message) out.push(message.json<Envelope>());
      }
      return out;
    },
    async acked(subject, seq) {
      const stream = streamForSubject(subject)!.name;
      const info = await jsm.consumers.info(ns.stream(stream), consumerName('notifier', subject)).catch(() => null);
      return !!info && info.ack_floor.stream_seq >= seq && info.num_ack_pending === 0;
    },
    async close() {
      await world.stop().catch(() => undefined);
      await nc.close();
      await pool.end();
      await db.drop();
      rmSync(mailDir, { recursive: true, force: true });
    },
  };
  await world.start();
  return world;
}

let sequence = 0;

/** A valid envelope of `subject` (EVENT_SAMPLES data), with a fresh id unless given. */
export function event<S extends Subject>(subject: S, data: Partial<EventMap[S]> = {}, id = `${subject}:test-${process.pid}-${++sequence}`): Envelope<S> {
  return createEnvelope(subject, {
    id,
    source: subject.startsWith('health.') ? 'health' : 'billing',
    correlationId: 'clock.tick.trial-reminders@2026-12-01T09:00:00Z',
    occurredAt: '2026-12-01T09:00:00Z',
    data: { ...EVENT_SAMPLES[subject], ...data } as EventMap[S],
  });
}

export { eventually };
