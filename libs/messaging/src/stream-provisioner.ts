import {
  DiscardPolicy,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { StreamDefinition } from '@lifecycle/contracts';
import { configDrift } from './config-drift';
import { isLeaderElectionError } from './jetstream.publisher';
import { Namespace } from './namespace';
import { lowerReplicasCommand, replicasToApply } from './stream-replicas';

/** The JetStream duplicate window; the event id (Nats-Msg-Id) dedups within it, consumers' ledgers beyond it. */
export const DUPLICATE_WINDOW_MS = 2 * 60 * 60 * 1000;

export function streamConfig(definition: StreamDefinition, namespace: Namespace, replicas = 1): Partial<StreamConfig> & { name: string } {
  return {
    name: namespace.stream(definition.name),
    description: definition.description,
    subjects: definition.subjects.map((s) => namespace.subject(s)),
    // a work-queue stream deletes each message once acknowledged (billing's sweep shards)
    retention: definition.retention === 'workqueue' ? RetentionPolicy.Workqueue : RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_age: nanos(definition.maxAgeMs),
    duplicate_window: nanos(Math.min(DUPLICATE_WINDOW_MS, definition.maxAgeMs)),
    // STREAM_REPLICAS; durable consumers leave theirs at 0 and so follow their stream
    num_replicas: replicas,
  };
}

/** `kept-replicas`: the stream has more copies than STREAM_REPLICAS asks; they are kept (see lowerReplicasCommand). */
export type ProvisionOutcome = 'created' | 'updated' | 'unchanged' | 'kept-replicas';

export interface ProvisionOptions {
  /** STREAM_REPLICAS (1 when absent). */
  replicas?: number;
  /** Told about each stream that keeps more copies than asked, with the command that lowers them. */
  onDrift?: (message: string) => void;
}

/** Creates each stream, or updates one whose config drifted from the contracts. Safe to run from every process. */
export async function provisionStreams(
  jsm: JetStreamManager,
  namespace: Namespace,
  definitions: readonly StreamDefinition[],
  options: ProvisionOptions = {},
): Promise<Record<string, ProvisionOutcome>> {
  const outcomes: Record<string, ProvisionOutcome> = {};
  for (const definition of definitions) {
    const wanted = streamConfig(definition, namespace, options.replicas ?? 1);
    outcomes[wanted.name] = await provisionStream(jsm, wanted, options);
  }
  return outcomes;
}

async function provisionStream(jsm: JetStreamManager, wanted: Partial<StreamConfig> & { name: string }, options: ProvisionOptions): Promise<ProvisionOutcome> {
  let current: StreamConfig;
  try {
    // a stream another process is creating right now may not answer in time (its leader is being elected)
    current = (await whileCreating(() => jsm.streams.info(wanted.name), 6, isLeaderElectionError)).config;
  } catch (error) {
    if (!isNotFound(error)) throw error;
    try {
      await jsm.streams.add(wanted);
      return 'created';
    } catch (addError) {
      // another process created it between our lookup and our add; on a cluster our add may also time
      // out while that creation's replicas elect their leader
      if (!isCreateRace(addError)) throw addError;
      current = (await whileCreating(() => jsm.streams.info(wanted.name))).config;
    }
  }
  return reconcileStream(jsm, current, wanted, options);
}

/** Updates the stream's drifted keys; its copies are raised to the wanted count but never lowered. */
export async function reconcileStream(
  jsm: JetStreamManager,
  current: StreamConfig,
  wanted: Partial<StreamConfig> & { name: string },
  options: Pick<ProvisionOptions, 'onDrift'> = {},
): Promise<ProvisionOutcome> {
  const { replicas, drift } = replicasToApply(current.num_replicas, wanted.num_replicas ?? current.num_replicas);
  if (drift) {
    options.onDrift?.(
      `stream ${wanted.name} has ${current.num_replicas} replicas, STREAM_REPLICAS asks for ${wanted.num_replicas}: ` +
        `kept (lowering drops copies); to lower it: ${lowerReplicasCommand(wanted.name, wanted.num_replicas!)}`,
    );
  }
  const applied = { ...wanted, num_replicas: replicas };
  if (configDrift(current, applied, ['name']).length === 0) return drift ? 'kept-replicas' : 'unchanged';
  await jsm.streams.update(wanted.name, { ...applied } as Partial<StreamConfig>);
  return 'updated';
}

function isCreateRace(error: unknown): boolean {
  return error instanceof JetStreamApiError || isLeaderElectionError(error);
}

/**
 * Repeats a JetStream call made while another process creates the same stream or bucket: on a cluster
 * the creation takes an election, and meanwhile a request may time out or find nothing.
 */
export async function whileCreating<T>(call: () => Promise<T>, attempts = 6, retryOn: (error: unknown) => boolean = isCreateRace): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= attempts || !retryOn(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
}

export function isNotFound(error: unknown): boolean {
  return error instanceof JetStreamApiError && error.status === 404;
}
