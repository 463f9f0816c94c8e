import 'reflect-metadata';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { DataSource } from 'typeorm';
import { createEnvelope, EVENT_SAMPLES, STREAMS, type Envelope } from '@lifecycle/contracts';
import { connectNats, JetStreamPublisher, Namespace, provisionStreams } from '@lifecycle/messaging';
import { createDataSource } from '@lifecycle/persistence';
import { createTestDatabase, testNamespace, type TestDatabase } from '@lifecycle/testing';
import { OutboxRelay, OutboxWriter, type OutboxPublisher, type OutboxRelayOptions } from '@lifecycle/outbox';

export type TrialExpiring = Envelope<'trial.expiring'>;

/** A valid `trial.expiring` envelope of subscription `subscriptionId`; `n` makes the fact distinct. */
export function trialExpiring(subscriptionId: number, n: number): TrialExpiring {
  return createEnvelope('trial.expiring', {
    id: `trial.expiring:sub-${subscriptionId}:n${n}`,
    source: 'billing',
    correlationId: 'clock.tick.trial-reminders@2026-12-01T09:00:00Z',
    occurredAt: '2026-12-01T09:00:00Z',
    data: { ...EVENT_SAMPLES['trial.expiring'], subscriptionId },
  });
}

export const bySubscription = (e: TrialExpiring): string => `subscription:${e.data.subscriptionId}`;

export const LIFECYCLE_STREAM = 'LIFECYCLE';

/** Counts what the relay sends, including JetStream's duplicate acks. */
export class CountingPublisher implements OutboxPublisher {
  sent = 0;
  duplicates = 0;

  constructor(private readonly inner: OutboxPublisher) {}

  async publishBatch(messages: readonly { subject: string; id: string; payload: string }[]) {
    const outcomes = await this.inner.publishBatch(messages);
    for (const outcome of outcomes) {
      if (outcome.ok) this.sent += 1;
      if (outcome.ok && outcome.duplicate) this.duplicates += 1;
    }
    return outcomes;
  }
}

/** One test's world: its own database and namespace, and everything it opened, closed by dispose(). */
export class OutboxWorld {
  readonly writer = new OutboxWriter();
  private readonly disposers: (() => Promise<unknown>)[] = [];

  private constructor(
    readonly db: TestDatabase,
    readonly namespace: Namespace,
    readonly dataSource: DataSource,
  ) {}

  static async create(): Promise<OutboxWorld> {
    const db = await createTestDatabase();
    const dataSource = await createDataSource(db.url, { poolSize: 4, applicationName: 'outbox-test' }).initialize();
    const world = new OutboxWorld(db, new Namespace(testNamespace()), dataSource);
    world.disposers.push(() => db.drop(), () => dataSource.destroy());
    return world;
  }

  /** A NATS connection to `url` with this namespace's streams provisioned. */
  async nats(url: string, publishTimeoutMs = 5_000): Promise<{ nc: NatsConnection; jsm: JetStreamManager; publisher: JetStreamPublisher }> {
    const nc = await connectNats({ url, name: 'outbox-test' });
    this.disposers.push(() => nc.close());
    const jsm = await jetstreamManager(nc);
    await provisionStreams(jsm, this.namespace, STREAMS);
    return { nc, jsm, publisher: new JetStreamPublisher(jetstream(nc), this.namespace, publishTimeoutMs) };
  }

  /** A relay with a DataSource of its own, as a separate process would have. */
  async relay(publisher: OutboxPublisher, options: OutboxRelayOptions = {}): Promise<OutboxRelay> {
    const dataSource = await createDataSource(this.db.url, { poolSize: 2, applicationName: 'outbox-relay-test' }).initialize();
    const relay = new OutboxRelay(dataSource, publisher, { logger: silent, ...options });
    this.disposers.push(
      () => dataSource.destroy(),
      () => relay.stop(),
    );
    return relay;
  }

  /** A relay on this world's own DataSource, as the writer's process runs it. */
  relayInThisProcess(publisher: OutboxPublisher, options: OutboxRelayOptions = {}): OutboxRelay {
    const relay = new OutboxRelay(this.dataSource, publisher, { logger: silent, ...options });
    this.disposers.push(() => relay.stop());
    return relay;
  }

  async append(events: TrialExpiring[]): Promise<void> {
    await this.dataSource.transaction((manager) => this.writer.append(manager, events, bySubscription));
  }

  async unsent(): Promise<number> {
    const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count FROM outbox_events WHERE sent_at IS NULL`);
    return count;
  }

  /** Event ids on the namespace's LIFECYCLE stream, in stream order. */
  async streamIds(jsm: JetStreamManager): Promise<string[]> {
    const stream = this.namespace.stream(LIFECYCLE_STREAM);
    const { state } = await jsm.streams.info(stream);
    const ids: string[] = [];
    for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
      const message = await jsm.streams.getMessage(stream, { seq });
      if (message) ids.push(message.json<TrialExpiring>().id);
    }
    return ids;
  }

  async streamCount(jsm: JetStreamManager): Promise<number> {
    return (await jsm.streams.info(this.namespace.stream(LIFECYCLE_STREAM))).state.messages;
  }

  async dispose(): Promise<void> {
    for (const dispose of this.disposers.reverse()) await dispose().catch(() => undefined);
  }
}

const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };

export async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
