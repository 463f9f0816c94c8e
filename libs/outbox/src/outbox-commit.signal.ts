import type { EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';

/**
 * In-process wake-up of the relay when a transaction that wrote outbox events commits: the relay
 * otherwise finds them at its next poll. Replaces the NOTIFY trigger, which made PostgreSQL commit
 * every outbox-writing transaction one at a time (docs/performance.md). Writers in other processes
 * are found by polling.
 */
const wroteEvents = new WeakSet<QueryRunner>();

/** Marks the caller's transaction as one that wrote outbox events. */
export function markOutboxWritten(manager: EntityManager): void {
  if (manager.queryRunner?.isTransactionActive) wroteEvents.add(manager.queryRunner);
}

/** A TypeORM subscriber that calls `onCommit` after the outermost commit of a marked transaction. */
export class OutboxCommitSubscriber implements EntitySubscriberInterface {
  constructor(private readonly onCommit: () => void) {}

  afterTransactionCommit(event: TransactionCommitEvent): void {
    // Releasing a savepoint also broadcasts a commit; the transaction is still open then.
    if (event.queryRunner.isTransactionActive || !wroteEvents.has(event.queryRunner)) return;
    this.onCommit();
    forget(event.queryRunner);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) forget(event.queryRunner);
  }
}

// After the broadcast: every subscriber of the DataSource (one per relay) sees the mark first.
function forget(runner: QueryRunner): void {
  queueMicrotask(() => wroteEvents.delete(runner));
}
