import type { EntityManager } from 'typeorm';
import type { Envelope } from '@lifecycle/contracts';
import { OutboxRepository } from './outbox.repository';

/**
 * Writes events into the outbox in the caller's transaction: they are published if and only if it
 * commits. `aggregate` names the entity whose events must keep their order, e.g. `subscription:42`.
 */
export class OutboxWriter {
  private readonly repository = new OutboxRepository();

  /** Returns how many were new (an event id already in the outbox is skipped). */
  append<E extends Envelope>(manager: EntityManager, envelopes: readonly E[], aggregate: (envelope: E) => string): Promise<number> {
    return this.repository.append(
      manager,
      envelopes.map((envelope) => ({
        eventId: envelope.id,
        subject: envelope.type,
        aggregate: aggregate(envelope),
        payload: JSON.stringify(envelope),
      })),
    );
  }
}
