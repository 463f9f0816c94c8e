import { Client, type ClientConfig } from 'pg';
import { Backoff } from './backoff';

export const OUTBOX_CHANNEL = 'outbox_events';

interface ListenerLogger {
  warn(message: string): void;
}

/**
 * A dedicated connection (not from the pool) that LISTENs for the outbox trigger's NOTIFY and calls
 * `onWake`. It reconnects forever; every (re)connect also wakes, since notifications sent while it
 * was away are lost.
 */
export class OutboxNotificationListener {
  private client: Client | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;
  private readonly backoff = new Backoff(250, 10_000);

  constructor(
    private readonly config: ClientConfig,
    private readonly onWake: () => void,
    private readonly logger: ListenerLogger,
  ) {}

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({ ...this.config, application_name: `${this.config.application_name ?? 'lifecycle'}-outbox-listen` });
    this.client = client;
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      client.removeAllListeners('notification');
      void client.end().catch(() => undefined);
      if (this.stopped || this.client !== client) return;
      this.client = null;
      const delay = this.backoff.next();
      this.logger.warn(`outbox LISTEN connection lost (${error?.message ?? 'ended'}); reconnecting in ${delay} ms`);
      this.retry = setTimeout(() => void this.connect(), delay);
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', () => this.onWake());
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.backoff.reset();
      this.onWake();
    } catch (error) {
      onLost(error as Error);
    }
  }
}
