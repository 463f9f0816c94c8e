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
import { Namespace } from './namespace';

/** The JetStream duplicate window; the event id (Nats-Msg-Id) dedups within it, consumers' ledgers beyond it. */
export const DUPLICATE_WINDOW_MS = 2 * 60 * 60 * 1000;

export function streamConfig(definition: StreamDefinition, namespace: Namespace): Partial<StreamConfig> & { name: string } {
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
    num_replicas: 1,
  };
}

export type ProvisionOutcome = 'created' | 'updated' | 'unchanged';

/** Creates each stream, or updates one whose config drifted from the contracts. Safe to run from every process. */
export async function provisionStreams(
  jsm: JetStreamManager,
  namespace: Namespace,
  definitions: readonly StreamDefinition[],
): Promise<Record<string, ProvisionOutcome>> {
  const outcomes: Record<string, ProvisionOutcome> = {};
  for (const definition of definitions) {
    const wanted = streamConfig(definition, namespace);
    outcomes[wanted.name] = await provisionStream(jsm, wanted);
  }
  return outcomes;
}

async function provisionStream(jsm: JetStreamManager, wanted: Partial<StreamConfig> & { name: string }): Promise<ProvisionOutcome> {
  let current: StreamConfig;
  try {
    current = (await jsm.streams.info(wanted.name)).config;
  } catch (error) {
    if (!isNotFound(error)) throw error;
    try {
      await jsm.streams.add(wanted);
      return 'created';
    } catch (addError) {
      // another process created it between our lookup and our add
      if (!(addError instanceof JetStreamApiError)) throw addError;
      current = (await jsm.streams.info(wanted.name)).config;
    }
  }
  if (configDrift(current, wanted, ['name']).length === 0) return 'unchanged';
  await jsm.streams.update(wanted.name, { ...wanted } as Partial<StreamConfig>);
  return 'updated';
}

export function isNotFound(error: unknown): boolean {
  return error instanceof JetStreamApiError && error.status === 404;
}
