import { z } from 'zod';
import type { EventMap, Subject } from './event-map';

export const ENVELOPE_VERSION = 1;

export const SERVICE_NAMES = ['clock', 'billing', 'notifier', 'workspace-guard', 'health', 'lifecyclectl'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** The JSON frame around every event (ARCHITECTURE.md, "Events"); `id` is also the `Nats-Msg-Id`. */
export function envelopeSchemaOf<T extends string, D extends z.ZodType>(type: T, dataSchema: D) {
  return z.strictObject({
    id: z.string().min(1).max(512).describe('Deterministic dedup key of the fact; equals the Nats-Msg-Id header'),
    type: z.literal(type),
    version: z.literal(ENVELOPE_VERSION),
    occurredAt: z.iso.datetime(),
    source: z.enum(SERVICE_NAMES),
    correlationId: z.string().min(1).max(512).describe('Id of the tick or event that caused this one'),
    data: dataSchema,
  });
}

/** Distributes over `S`, so `Envelope` (every subject) is a union discriminated by `type`. */
export type Envelope<S extends Subject = Subject> = {
  [K in S]: {
    id: string;
    type: K;
    version: typeof ENVELOPE_VERSION;
    occurredAt: string;
    source: ServiceName;
    correlationId: string;
    data: EventMap[K];
  };
}[S];
