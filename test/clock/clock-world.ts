import { eventually } from '@lifecycle/testing';
import 'reflect-metadata';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import type { DataSource } from 'typeorm';
import { clockStateBucket, TickRepository } from '@lifecycle/clock';
import { STREAMS, type Envelope, type ScheduleName } from '@lifecycle/contracts';
import { connectNats, JetStreamPublisher, Namespace, provisionStreams } from '@lifecycle/messaging';
import { OutboxRelay } from '@lifecycle/outbox';
import { createDataSource } from '@lifecycle/persistence';
import { createTestDatabase, testInfra, testNamespace, type TestDatabase } from '@lifecycle/testing';

export type Tick = Envelope<`clock.tick.${ScheduleName}`>;

const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** One test's database, namespace and NATS connection; an outbox relay publishes what the clock commits. */
export class ClockWorld {
  private readonly disposers: (() => Promise<unknown>)[] = [];
  readonly store: TickRepository;
  relay!: OutboxRelay;

  private constructor(
    readonly db: TestDatabase,
    readonly namespace: Namespace,
    readonly dataSource: DataSource,
    readonly nc: NatsConnection,
    readonly jsm: JetStreamManager,
  ) {
    this.store = new TickRepository(dataSource);
  }

  static async create(options: { relay?: boolean } = {}): Promise<ClockWorld> {
    const db = await createTestDatabase();
    const dataSource = await createDataSource(db.url, { poolSize: 4, applicationName: 'clock-test' }).initialize();
    const namespace = new Namespace(testNamespace());
    const nc = await connectNats({ url: testInfra().natsUrl, name: 'clock-test' });
    const jsm = await jetstreamManager(nc);
    await provisionStreams(jsm, namespace, STREAMS);
    const world = new ClockWorld(db, namespace, dataSource, nc, jsm);
    world.disposers.push(
      () => db.drop(),
      () => dataSource.destroy(),
      () => nc.close(),
      () => new Kvm(nc).open(clockStateBucket(namespace), { bindOnly: true }).then((kv) => kv.destroy()),
    );
    if (options.relay !== false) {
      world.relay = new OutboxRelay(dataSource, new JetStreamPublisher(jetstream(nc), namespace), { logger: silent, pollIntervalMs: 100 });
      world.relay.start();
      world.disposers.push(() => world.relay.stop());
    }
    return world;
  }

  /** Every tick on the namespace's CLOCK stream, in stream order. */
  async streamTicks(): Promise<Tick[]> {
    const stream = this.namespace.stream('CLOCK');
    const { state } = await this.jsm.streams.info(stream);
    const ticks: Tick[] = [];
    for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
      const message = await this.jsm.streams.getMessage(stream, { seq });
      if (message) ticks.push(message.json<Tick>());
    }
    return ticks;
  }

  /** Waits until the outbox is empty, then reads the stream. */
  async publishedTicks(): Promise<Tick[]> {
    await eventually(
      () => this.dataSource.query(`SELECT count(*)::int AS n FROM outbox_events WHERE sent_at IS NULL`),
      (rows: { n: number }[]) => rows[0].n === 0,
    );
    return this.streamTicks();
  }

  async dispose(): Promise<void> {
    for (const dispose of this.disposers.reverse()) await dispose().catch(() => undefined);
  }
}

export { eventually };

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Remembers what the clock logged and counted. */
export class Recorder {
  readonly lines: string[] = [];
  readonly ticked: { schedule: string; trigger: string; lagSeconds: number }[] = [];
  readonly missedSlots = new Map<string, number>();

  readonly log = {
    log: (message: string) => void this.lines.push(`log: ${message}`),
    warn: (message: string) => void this.lines.push(`warn: ${message}`),
    error: (message: string) => void this.lines.push(`error: ${message}`),
  };

  readonly metrics = {
    ticked: (schedule: ScheduleName, trigger: string, lagSeconds: number) => void this.ticked.push({ schedule, trigger, lagSeconds }),
    missed: (schedule: ScheduleName, slots: number) => void this.missedSlots.set(schedule, (this.missedSlots.get(schedule) ?? 0) + slots),
  };

  warnings(): string[] {
    return this.lines.filter((line) => line.startsWith('warn: ')).map((line) => line.slice(6));
  }
}
