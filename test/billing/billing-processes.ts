import { eventually as waitFor } from '@lifecycle/testing';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { createEnvelope, STREAMS, tickId, type Envelope } from '@lifecycle/contracts';
import { connectNats, JetStreamPublisher, Namespace, provisionStreams } from '@lifecycle/messaging';
import { freePort, testInfra, testNamespace } from '@lifecycle/testing';
import { spawnApp, type RunningApp } from '../app-processes';

export function eventually<T>(probe: () => Promise<T> | T, accept: (value: T) => boolean, timeoutMs = 30000): Promise<T> {
  return waitFor(probe, accept, timeoutMs);
}

export type BillingTick = Envelope<'clock.tick.trial-reminders' | 'clock.tick.trial-expiry' | 'clock.tick.renewal-reminders'>;

export function tickEnvelope(schedule: 'trial-reminders' | 'trial-expiry' | 'renewal-reminders', scheduledAt: string): BillingTick {
  return createEnvelope(`clock.tick.${schedule}`, {
    id: tickId(schedule, scheduledAt),
    source: 'clock',
    correlationId: tickId(schedule, scheduledAt),
    occurredAt: scheduledAt,
    data: { schedule, scheduledAt, firedAt: scheduledAt, trigger: 'schedule' },
  } as never) as BillingTick;
}

/** A namespace on the test NATS server, with its streams, a publisher and stream readers. */
export class TestJetStream {
  private constructor(
    readonly namespace: Namespace,
    readonly nc: NatsConnection,
    readonly jsm: JetStreamManager,
    readonly publisher: JetStreamPublisher,
  ) {}

  static async create(): Promise<TestJetStream> {
    const namespace = new Namespace(testNamespace());
    const nc = await connectNats({ url: testInfra().natsUrl, name: 'billing-e2e' });
    const jsm = await jetstreamManager(nc);
    await provisionStreams(jsm, namespace, STREAMS);
    return new TestJetStream(namespace, nc, jsm, new JetStreamPublisher(jetstream(nc), namespace));
  }

  /** Publishes the tick again without Nats-Msg-Id, as a replay after the duplicate window would. */
  async republishWithoutDedup(envelope: BillingTick): Promise<void> {
    await jetstream(this.nc).publish(this.namespace.subject(envelope.type), JSON.stringify(envelope));
  }

  async messages(stream: string): Promise<Envelope[]> {
    const name = this.namespace.stream(stream);
    const { state } = await this.jsm.streams.info(name);
    const envelopes: Envelope[] = [];
    for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
      const message = await this.jsm.streams.getMessage(name, { seq });
      if (message) envelopes.push(message.json<Envelope>());
    }
    return envelopes;
  }

  async close(): Promise<void> {
    for (const stream of STREAMS) await this.jsm.streams.delete(this.namespace.stream(stream.name)).catch(() => undefined);
    await this.nc.close();
  }
}

export interface BillingProcess extends RunningApp {
  port: number;
}

/** `node dist/apps/billing/src/main.js` on the given database and namespace, ready when /readyz answers 200. */
export async function startBilling(databaseUrl: string, namespace: Namespace, env: Record<string, string> = {}): Promise<BillingProcess> {
  const port = await freePort();
  const app = spawnApp('billing', {
    DATABASE_URL: databaseUrl,
    NATS_URL: testInfra().natsUrl,
    LIFECYCLE_NAMESPACE: namespace.value,
    HTTP_PORT: String(port),
    ...env,
  });
  await eventually(
    () => fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status).catch(() => app.child.exitCode ?? 0),
    (status) => status === 200 || app.child.exitCode !== null,
  );
  if (app.child.exitCode !== null) throw new Error(`billing exited with ${app.child.exitCode}:\n${app.output()}`);
  return { ...app, port };
}

export async function stopBilling(app: BillingProcess): Promise<void> {
  if (app.child.exitCode !== null || app.child.signalCode !== null) return;
  app.child.kill('SIGTERM');
  await app.exited;
}
