import { AckPolicy, DeliverPolicy, JetStreamApiError, ReplayPolicy, type ConsumerConfig, type JetStreamManager } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { consumerName, DELIVERY_DEFAULTS, streamForSubject, type ServiceName } from '@lifecycle/contracts';
import { configDrift } from './config-drift';
import { Namespace } from './namespace';
import { isNotFound, type ProvisionOutcome } from './stream-provisioner';

export interface ConsumerSettings {
  /** Deliveries before a failing message is dead-lettered. */
  maxDeliver: number;
  ackWaitMs: number;
  /** nak delays by delivery: the n-th failure waits backoffMs[n-1]; the last value repeats. */
  backoffMs: readonly number[];
  /** Messages in flight at once in one process. */
  concurrency: number;
}

export interface ConsumerDefinition extends Partial<ConsumerSettings> {
  service: ServiceName;
  /** A contract subject or a pattern (`clock.tick.>`), without namespace. */
  subject: string;
  /** Default: consumerName(service, subject). */
  durable?: string;
}

export interface ResolvedConsumer extends ConsumerSettings {
  service: ServiceName;
  subject: string;
  durable: string;
  /** Stream name as the contracts spell it (without namespace). */
  stream: string;
}

export const CONSUMER_DEFAULTS: Readonly<ConsumerSettings> = Object.freeze({ ...DELIVERY_DEFAULTS, concurrency: 8 });

export class UnknownStreamError extends Error {
  constructor(readonly subject: string) {
    super(`no stream captures "${subject}": it is not a subject or pattern of the contracts`);
    this.name = 'UnknownStreamError';
  }
}

export function resolveConsumer(definition: ConsumerDefinition): ResolvedConsumer {
  const stream = streamForSubject(definition.subject);
  if (!stream) throw new UnknownStreamError(definition.subject);
  const settings = { ...CONSUMER_DEFAULTS, ...withoutUndefined(definition) };
  if (!(settings.maxDeliver >= 1) || !(settings.ackWaitMs > 0) || !(settings.concurrency >= 1) || settings.backoffMs.length === 0) {
    throw new RangeError(`consumer for "${definition.subject}": maxDeliver and concurrency must be ≥ 1, ackWaitMs > 0, backoffMs non-empty`);
  }
  return {
    ...settings,
    service: definition.service,
    subject: definition.subject,
    durable: definition.durable ?? consumerName(definition.service, definition.subject),
    stream: stream.name,
  };
}

export function consumerConfig(consumer: ResolvedConsumer, namespace: Namespace): Partial<ConsumerConfig> & { durable_name: string } {
  return {
    durable_name: consumer.durable,
    description: `${consumer.service} handles ${consumer.subject}`,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    replay_policy: ReplayPolicy.Instant,
    filter_subject: namespace.subject(consumer.subject),
    max_deliver: consumer.maxDeliver,
    ack_wait: nanos(consumer.ackWaitMs),
  };
}

export interface ProvisionedConsumer {
  /** Namespaced stream name. */
  stream: string;
  durable: string;
  outcome: ProvisionOutcome;
}

/** A durable pull consumer with explicit ack; creates it or updates a drifted config. Safe to run from every process at once. */
export async function provisionConsumer(
  jsm: JetStreamManager,
  namespace: Namespace,
  definition: ConsumerDefinition | ResolvedConsumer,
): Promise<ProvisionedConsumer> {
  const consumer = 'stream' in definition ? definition : resolveConsumer(definition);
  const stream = namespace.stream(consumer.stream);
  const wanted = consumerConfig(consumer, namespace);
  const done = (outcome: ProvisionOutcome): ProvisionedConsumer => ({ stream, durable: wanted.durable_name, outcome });

  let current: ConsumerConfig;
  try {
    current = (await jsm.consumers.info(stream, wanted.durable_name)).config;
  } catch (error) {
    if (!isNotFound(error)) throw error;
    try {
      await jsm.consumers.add(stream, wanted);
      return done('created');
    } catch (addError) {
      // another process created it between our lookup and our add
      if (!(addError instanceof JetStreamApiError)) throw addError;
      current = (await jsm.consumers.info(stream, wanted.durable_name)).config;
    }
  }
  const drift = configDrift(current, wanted);
  if (drift.length === 0) return done('unchanged');
  try {
    await jsm.consumers.update(stream, wanted.durable_name, pick(wanted, drift));
  } catch (error) {
    throw new Error(`consumer ${stream}/${wanted.durable_name} drifted in ${drift.join(', ')} and could not be updated: ${String(error)}`, {
      cause: error,
    });
  }
  return done('updated');
}

function pick<T extends object>(source: T, keys: readonly (keyof T)[]): Partial<T> {
  return Object.fromEntries(keys.map((key) => [key, source[key]])) as Partial<T>;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
