import type { JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { LoggerService } from '@nestjs/common';
import type { ResolvedConsumer } from './consumer-provisioner';
import { buildDeadLetter, type DeadLetterPublisher } from './dead-letter.publisher';
import { Namespace } from './namespace';
import { describeError } from './retry-policy';

interface MaxDeliveriesAdvisory {
  stream: string;
  consumer: string;
  stream_seq: number;
  deliveries: number;
}

/**
 * The delivery count dead-letters a message whose last delivery failed in a handler. When the last
 * delivery ends without any outcome (the process died, ack_wait ran out), only the server knows:
 * it announces MAX_DELIVERIES, and one process per consumer (queue group) dead-letters the stored message.
 */
export class MaxDeliveriesWatcher {
  private subscription: Subscription | null = null;

  constructor(
    private readonly deps: {
      nc: NatsConnection;
      jsm: JetStreamManager;
      namespace: Namespace;
      consumer: ResolvedConsumer;
      deadLetters: DeadLetterPublisher;
      logger: LoggerService;
    },
  ) {}

  start(): void {
    const { consumer, namespace } = this.deps;
    const stream = namespace.stream(consumer.stream);
    this.subscription = this.deps.nc.subscribe(`$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${stream}.${consumer.durable}`, {
      queue: `${stream}.${consumer.durable}`,
      callback: (error, msg) => {
        if (error) return;
        void this.deadLetter(msg.json<MaxDeliveriesAdvisory>()).catch((e: unknown) =>
          this.deps.logger.error(`${consumer.durable}: dead letter after max deliveries failed: ${describeError(e)}`),
        );
      },
    });
  }

  stop(): void {
    this.subscription?.unsubscribe();
    this.subscription = null;
  }

  private async deadLetter(advisory: MaxDeliveriesAdvisory): Promise<void> {
    const { consumer, namespace } = this.deps;
    const stored = await this.deps.jsm.streams.getMessage(advisory.stream, { seq: advisory.stream_seq });
    if (!stored) return;
    this.deps.logger.error(`${consumer.durable}: #${advisory.stream_seq} had no outcome after ${advisory.deliveries} deliveries; dead-lettered`);
    await this.deps.deadLetters.publish(
      buildDeadLetter({
        consumer: consumer.durable,
        stream: consumer.stream,
        streamSequence: advisory.stream_seq,
        originalSubject: namespace.strip(stored.subject) ?? stored.subject,
        headers: stored.header,
        data: stored.data,
        error: `no outcome after ${advisory.deliveries} deliveries (the handler's process stopped or ack_wait ran out)`,
        reason: 'max-deliveries',
        deliveryCount: advisory.deliveries,
        deadAt: new Date(),
      }),
    );
  }
}
