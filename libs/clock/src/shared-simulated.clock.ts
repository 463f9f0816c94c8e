import { JetStreamApiCodes, JetStreamApiError, jetstreamManager } from '@nats-io/jetstream';
import { Kvm, type KV, type KvEntry } from '@nats-io/kv';
import type { NatsConnection, QueuedIterator } from '@nats-io/transport-node';
import type { KvWatchEntry } from '@nats-io/kv';
import { Namespace, reconcileStream, whileCreating } from '@lifecycle/messaging';
import { Clock } from '@lifecycle/time';
import { SimulatedTimeConflictError } from './clock.errors';
import { SILENT_CLOCK_LOG, type ClockLog } from './clock.log';
import type { SimulatedTime } from './simulated-time';

export const CLOCK_STATE_BUCKET = 'CLOCK_STATE';
export const SIMULATED_NOW_KEY = 'now';

export class InvalidSimulatedTimeError extends Error {
  constructor(bucket: string, value: string) {
    super(`KV ${bucket}/${SIMULATED_NOW_KEY} holds "${value.slice(0, 60)}", not an ISO time`);
    this.name = 'InvalidSimulatedTimeError';
  }
}

function decode(bucket: string, entry: KvEntry): Date {
  const text = entry.string();
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) throw new InvalidSimulatedTimeError(bucket, text);
  return at;
}

function isWrongLastSequence(error: unknown): boolean {
  return error instanceof JetStreamApiError && (error.code === JetStreamApiCodes.StreamWrongLastSequence || error.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown);
}

/** The bucket that holds the simulated now of one namespace. */
export function clockStateBucket(namespace: Namespace): string {
  return namespace.stream(CLOCK_STATE_BUCKET);
}

/**
 * The simulated "now" every process shares (ARCHITECTURE.md, "Time enters only through ticks"): a
 * JetStream KV key, `<namespace>_CLOCK_STATE/now`, written by the clock service and watched by every
 * process in simulated mode, so the `Clock` port of every service tells the same time.
 */
export class SharedSimulatedClock extends Clock implements SimulatedTime {
  private current: Date;
  private revision: number;
  private watcher: QueuedIterator<KvWatchEntry> | null = null;
  private readonly listeners = new Set<(at: Date) => void>();

  private constructor(
    private readonly kv: KV,
    private readonly bucket: string,
    entry: KvEntry,
    private readonly log: ClockLog = SILENT_CLOCK_LOG,
  ) {
    super();
    this.current = decode(bucket, entry);
    this.revision = entry.revision;
  }

  /**
   * Opens (creating when absent) the bucket with `replicas` copies (STREAM_REPLICAS; an existing bucket's
   * are raised, never lowered, as the streams'); the key starts at `start` only if nobody set it before.
   */
  static async open(nc: NatsConnection, namespace: Namespace, start: Date, replicas = 1, log: ClockLog = SILENT_CLOCK_LOG): Promise<SharedSimulatedClock> {
    const bucket = clockStateBucket(namespace);
    // On a cluster the bucket's creation takes an election, and replicas starting at the same time ask
    // at once: each step is repeated while a request times out or finds nothing yet (whileCreating).
    const jsm = await jetstreamManager(nc);
    const kv = await whileCreating(async () => {
      // no direct gets: with replicas a direct get may be answered by a follower that has not yet applied
      // the latest write, so a process could read no key right after it was created, or a stale now
      const opened = await new Kvm(nc).create(bucket, { history: 1, replicas, allow_direct: false });
      const { config } = await jsm.streams.info(`KV_${bucket}`);
      await reconcileStream(jsm, config, { name: config.name, num_replicas: replicas, allow_direct: false }, { onDrift: (message) => log.warn(message) });
      return opened;
    });
    const entry = await whileCreating(async () => {
      try {
        await kv.create(SIMULATED_NOW_KEY, start.toISOString());
      } catch (error) {
        // Another process created the key first (or our own create was stored before it timed out): its value stands.
        if (!(await kv.get(SIMULATED_NOW_KEY))) throw error;
      }
      return kv.get(SIMULATED_NOW_KEY);
    });
    if (!entry || entry.operation !== 'PUT') throw new Error(`KV ${bucket}/${SIMULATED_NOW_KEY} vanished while opening it`);
    const clock = new SharedSimulatedClock(kv, bucket, entry, log);
    await clock.watch();
    return clock;
  }

  /** The stored simulated now without creating anything; null when no clock has started in simulated mode. */
  static async read(nc: NatsConnection, namespace: Namespace): Promise<Date | null> {
    const bucket = clockStateBucket(namespace);
    let entry: KvEntry | null;
    try {
      entry = await (await new Kvm(nc).open(bucket, { bindOnly: true })).get(SIMULATED_NOW_KEY);
    } catch {
      return null;
    }
    return entry && entry.operation === 'PUT' ? decode(bucket, entry) : null;
  }

  now(): Date {
    return new Date(this.current);
  }

  async refresh(): Promise<Date> {
    const entry = await this.kv.get(SIMULATED_NOW_KEY);
    if (entry && entry.operation === 'PUT') this.accept(entry);
    return this.now();
  }

  async set(at: Date): Promise<void> {
    let revision: number;
    try {
      revision = await this.kv.update(SIMULATED_NOW_KEY, at.toISOString(), this.revision);
    } catch (error) {
      if (!isWrongLastSequence(error)) throw error;
      const expected = this.revision;
      await this.refresh().catch(() => undefined);
      this.log.warn(`simulated time: ${this.bucket}/${SIMULATED_NOW_KEY} is not at revision ${expected} (${(error as Error).message}); read back revision ${this.revision}`);
      throw new SimulatedTimeConflictError();
    }
    if (revision > this.revision) {
      this.revision = revision;
      this.current = new Date(at);
      this.notify();
    }
  }

  onChange(listener: (at: Date) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.watcher?.stop();
    this.watcher = null;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.close();
  }

  private async watch(): Promise<void> {
    this.watcher = await this.kv.watch({ key: SIMULATED_NOW_KEY });
    void (async () => {
      for await (const entry of this.watcher!) {
        if (entry.operation === 'PUT') this.accept(entry);
      }
    })().catch(() => undefined);
  }

  // Entries arrive in revision order, but this process's own writes are applied before their echo.
  private accept(entry: KvEntry): void {
    if (entry.revision <= this.revision) return;
    const at = decode(this.bucket, entry);
    this.revision = entry.revision;
    this.current = at;
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener(this.now());
  }
}
