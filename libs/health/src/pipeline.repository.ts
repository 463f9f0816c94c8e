import type { JetStreamManager } from '@nats-io/jetstream';
import { isProductConsumerName, STREAMS } from '@lifecycle/contracts';
import { isNotFound, type Namespace } from '@lifecycle/messaging';
import type { ConsumerState, DeadLetterCount, PipelineState } from './health-facts';
import type { PipelineProbe } from './health.ports';

const DLQ = 'DLQ';
const DLQ_PREFIX = 'dlq.';

/**
 * Dead letters per consumer (the DLQ stream's per-subject counts) and every durable's backlog, in this
 * namespace; the durables of outside consumers (docs/contracts.md) apart from the services' own.
 */
export class PipelineRepository implements PipelineProbe {
  constructor(
    private readonly jsm: JetStreamManager,
    private readonly namespace: Namespace,
  ) {}

  async state(): Promise<PipelineState> {
    const [deadLetters, durables] = await Promise.all([this.deadLetters(), this.consumers()]);
    return {
      deadLetters,
      consumers: durables.filter((c) => isProductConsumerName(c.consumer)),
      outsideConsumers: durables.filter((c) => !isProductConsumerName(c.consumer)),
    };
  }

  private async deadLetters(): Promise<DeadLetterCount[]> {
    const info = await this.jsm.streams
      .info(this.namespace.stream(DLQ), { subjects_filter: this.namespace.subject(`${DLQ_PREFIX}>`) })
      .catch(orNullWhenMissing);
    return Object.entries(info?.state.subjects ?? {})
      .flatMap(([subject, count]) => {
        const plain = this.namespace.strip(subject);
        return plain?.startsWith(DLQ_PREFIX) ? [{ consumer: plain.slice(DLQ_PREFIX.length), count }] : [];
      })
      .sort((a, b) => a.consumer.localeCompare(b.consumer));
  }

  private async consumers(): Promise<ConsumerState[]> {
    const perStream = await Promise.all(
      STREAMS.map(async (stream) => {
        const states: ConsumerState[] = [];
        try {
          for await (const info of this.jsm.consumers.list(this.namespace.stream(stream.name))) {
            // Only the services' durable consumers: an operator's `tail` or `dlq list` is an ephemeral reader, not lag.
            if (!info.config.durable_name) continue;
            states.push({ stream: stream.name, consumer: info.name, pending: info.num_pending, ackPending: info.num_ack_pending });
          }
        } catch (error) {
          orNullWhenMissing(error);
        }
        return states;
      }),
    );
    return perStream.flat().sort((a, b) => a.consumer.localeCompare(b.consumer));
  }
}

// Streams are provisioned by every service at boot; one not there yet simply holds nothing.
function orNullWhenMissing(error: unknown): null {
  if (isNotFound(error)) return null;
  throw error;
}
