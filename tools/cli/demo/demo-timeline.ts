import type { JetStreamClient } from '@nats-io/jetstream';
import { parseEnvelope, type Envelope } from '@lifecycle/contracts';
import type { Namespace } from '@lifecycle/messaging';

const STREAMS = ['LIFECYCLE', 'WORKSPACE', 'NOTIFICATION', 'HEALTH'] as const;

/** Follows the event streams of the demo's namespace and hands out what arrived since the last call. */
export class DemoTimeline {
  private readonly received: Envelope[] = [];
  private readonly stops: (() => void)[] = [];
  readonly counts = new Map<string, number>();

  static async follow(js: JetStreamClient, namespace: Namespace): Promise<DemoTimeline> {
    const timeline = new DemoTimeline();
    for (const stream of STREAMS) {
      const consumer = await js.consumers.get(namespace.stream(stream));
      const messages = await consumer.consume();
      timeline.stops.push(() => void messages.stop());
      void (async () => {
        for await (const message of messages) {
          const subject = namespace.strip(message.subject);
          if (!subject) continue;
          const parsed = parseEnvelope(subject, message.data);
          if (!parsed.ok) continue;
          timeline.received.push(parsed.envelope);
          timeline.counts.set(subject, (timeline.counts.get(subject) ?? 0) + 1);
        }
      })();
    }
    return timeline;
  }

  /** Everything received since the last call, in the order it happened. */
  take(): Envelope[] {
    return this.received.splice(0).sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.type.localeCompare(b.type));
  }

  stop(): void {
    this.stops.forEach((stop) => stop());
  }
}
