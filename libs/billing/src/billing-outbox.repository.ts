import type { EntityManager } from 'typeorm';
import type { Envelope } from '@lifecycle/contracts';
import { markOutboxWritten } from '@lifecycle/outbox';

export interface OutboxInsert {
  envelope: Envelope;
  subscriptionId: number;
  /** Compared with the subscription's end column by `guard`; ignored without one. */
  endsAt?: Date;
}

// The lock space of libs/outbox's OutboxRepository.append: writers of one aggregate take turns until
// commit, so per aggregate the outbox id order is the commit order the relay publishes in. Kept in step
// by billing-outbox.int-spec.ts, which checks that this insert waits for an OutboxWriter transaction.
const OUTBOX_WRITER_LOCK_SPACE = 0x0b0c;

export const subscriptionAggregate = (subscriptionId: number): string => `subscription:${subscriptionId}`;

/**
 * Set-based insert into outbox_events (same columns as OutboxWriter) that returns the event ids it
 * inserted: `ON CONFLICT (event_id) DO NOTHING` makes the outbox the ledger of what was sent.
 * `guard`, a condition on `s` (subscriptions) and `u.ends_at`, drops events whose subscription changed
 * after the page was read (e.g. a trial expired or extended by a concurrent transaction).
 */
export async function insertOutboxEvents(manager: EntityManager, events: readonly OutboxInsert[], guard?: string): Promise<Set<string>> {
  if (events.length === 0) return new Set();
  markOutboxWritten(manager);
  const aggregates = events.map((e) => subscriptionAggregate(e.subscriptionId));
  await manager.query(
    `SELECT pg_advisory_xact_lock($1, hashtext(a)) FROM (SELECT DISTINCT a FROM unnest($2::text[]) AS a ORDER BY a) AS s`,
    [OUTBOX_WRITER_LOCK_SPACE, aggregates],
  );
  const rows: { event_id: string }[] = await manager.query(
    `INSERT INTO outbox_events (event_id, subject, aggregate, payload)
     SELECT u.event_id, u.subject, u.aggregate, u.payload
     FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::jsonb[], $5::int[], $6::timestamp[])
          WITH ORDINALITY AS u(event_id, subject, aggregate, payload, subscription_id, ends_at, n)
     ${guard ? `JOIN subscriptions s ON s.id = u.subscription_id AND ${guard}` : ''}
     ORDER BY u.n
     ON CONFLICT (event_id) DO NOTHING
     RETURNING event_id`,
    [
      events.map((e) => e.envelope.id),
      events.map((e) => e.envelope.type),
      aggregates,
      events.map((e) => JSON.stringify(e.envelope)),
      events.map((e) => e.subscriptionId),
      events.map((e) => e.endsAt ?? null),
    ],
  );
  return new Set(rows.map((r) => r.event_id));
}
