import type { ConsumerInfo, JetStreamManager } from '@nats-io/jetstream';
import { STREAMS } from '@lifecycle/contracts';
import type { Namespace } from '@lifecycle/messaging';

export interface DurableConsumer {
  stream: string;
  name: string;
  /** Filter subjects without namespace. */
  filters: string[];
  info: ConsumerInfo;
}

/** Every durable consumer the services provisioned, with what it filters. */
export async function listConsumers(jsm: JetStreamManager, namespace: Namespace): Promise<DurableConsumer[]> {
  const out: DurableConsumer[] = [];
  for (const stream of STREAMS) {
    const name = namespace.stream(stream.name);
    for (const info of await jsm.consumers.list(name).next()) {
      // ordered (ephemeral) consumers are readers such as this suite's, not services
      if (!info.config.durable_name) continue;
      const raw = info.config.filter_subjects ?? (info.config.filter_subject ? [info.config.filter_subject] : []);
      out.push({ stream: stream.name, name: info.name, filters: raw.map((s) => namespace.strip(s) ?? s), info });
    }
  }
  return out;
}

/** Consumers that still hold work: messages not delivered yet or delivered and not settled. */
export function busyConsumers(consumers: readonly DurableConsumer[]): string[] {
  return consumers
    .filter((c) => c.info.num_pending > 0 || c.info.num_ack_pending > 0)
    .map((c) => `${c.name} (pending ${c.info.num_pending}, unacked ${c.info.num_ack_pending})`);
}
