import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { DeadLetter, Envelope } from '@lifecycle/contracts';
import { JetStreamPublisher, Namespace } from '@lifecycle/messaging';

export interface StoredMessage {
  subject: string;
  msgId: string | undefined;
  json: unknown;
}

/** A test's view of one namespace on the shared nats-server: publish like billing, read streams like an operator. */
export class NatsProbe {
  private constructor(
    readonly nc: NatsConnection,
    readonly jsm: JetStreamManager,
    readonly ns: Namespace,
    readonly publisher: JetStreamPublisher,
  ) {}

  static async connect(url: string, namespace: string): Promise<NatsProbe> {
    const nc = await connect({ servers: url });
    const ns = new Namespace(namespace);
    return new NatsProbe(nc, await jetstreamManager(nc), ns, new JetStreamPublisher(jetstream(nc), ns));
  }

  publish(envelope: Envelope): Promise<unknown> {
    return this.publisher.publish(envelope);
  }

  /** The same bytes under another Nats-Msg-Id: what a redelivery or a relay that crashed after publishing produces. */
  async publishAgain(envelope: Envelope, msgId: string): Promise<void> {
    await jetstream(this.nc).publish(this.ns.subject(envelope.type), JSON.stringify(envelope), { msgID: msgId });
  }

  async messages(stream: string): Promise<StoredMessage[]> {
    const name = this.ns.stream(stream);
    const { state } = await this.jsm.streams.info(name);
    const out: StoredMessage[] = [];
    if (state.messages === 0) return out;
    for (let seq = state.first_seq; seq <= state.last_seq; seq++) {
      const msg = await this.jsm.streams.getMessage(name, { seq }).catch(() => null);
      if (msg) out.push({ subject: this.ns.strip(msg.subject) ?? msg.subject, msgId: msg.header?.get('Nats-Msg-Id'), json: msg.json() });
    }
    return out;
  }

  async workspaceEvents(companyId: number): Promise<Envelope[]> {
    return (await this.messages('WORKSPACE'))
      .map((m) => m.json as Envelope)
      .filter((e) => (e.data as { companyId?: number }).companyId === companyId);
  }

  async deadLetters(consumer: string): Promise<DeadLetter[]> {
    return (await this.messages('DLQ')).filter((m) => m.subject === `dlq.${consumer}`).map((m) => m.json as DeadLetter);
  }

  /** True once the consumer has settled every message its stream holds for it. */
  async drained(stream: string, durable: string): Promise<boolean> {
    const info = await this.jsm.consumers.info(this.ns.stream(stream), durable);
    return info.num_pending === 0 && info.num_ack_pending === 0;
  }

  close(): Promise<void> {
    return this.nc.close();
  }
}
