/** The tables data-retention prunes. */
export const RETENTION_TABLES = ['outbox_events', 'processed_messages', 'clock_slots', 'email_logs', 'audit_logs'] as const;
export type RetentionTable = (typeof RETENTION_TABLES)[number];

export interface RetentionStore {
  /** Deletes at most `limit` prunable rows of `table` older than `before`, in a statement of its own; returns how many. */
  deleteBatch(table: RetentionTable, before: Date, limit: number): Promise<number>;
}

export interface RetentionMetrics {
  deleted(table: RetentionTable, rows: number): void;
}

export interface HousekeepingLogger {
  log(message: string): void;
  warn(message: string): void;
}
