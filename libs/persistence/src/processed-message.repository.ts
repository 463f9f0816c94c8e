import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Consumers' idempotency ledger (ARCHITECTURE.md, "Delivery guarantees"). */
@Injectable()
export class ProcessedMessageRepository {
  /**
   * Records that `consumer` handled `eventId`; false when it already had. Call it inside the
   * transaction that applies the effect, so the mark and the effect commit or roll back together.
   */
  async markProcessed(manager: EntityManager, consumer: string, eventId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO processed_messages (consumer, event_id) VALUES ($1, $2)
       ON CONFLICT (consumer, event_id) DO NOTHING
       RETURNING 1 AS inserted`,
      [consumer, eventId],
    );
    return rows.length === 1;
  }
}

export const markProcessed = (manager: EntityManager, consumer: string, eventId: string): Promise<boolean> =>
  new ProcessedMessageRepository().markProcessed(manager, consumer, eventId);
