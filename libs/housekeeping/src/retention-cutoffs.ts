import type { RetentionSettings } from './data-retention.settings';

export interface RetentionCutoffs {
  /** outbox_events.sent_at and processed_messages.processed_at: stamped by the database's wall clock. */
  wallStamped: Date;
  /** clock_slots.slot: the slot time (simulated time in simulated mode). */
  slots: Date;
  /** email_logs.sent_at and audit_logs.timestamp; null: kept forever. */
  evidence: Date | null;
}

/**
 * Rows older than the window before the tick's time are pruned (ARCHITECTURE.md, "Time enters only
 * through ticks"). Columns the database stamps with its own now() are measured from the earlier of the
 * tick and the wall clock, so a simulated clock running ahead never prunes rows that are in truth recent.
 */
export function retentionCutoffs(tickAt: Date, wallNow: Date, settings: RetentionSettings): RetentionCutoffs {
  const before = (at: number, ms: number) => new Date(at - ms);
  return {
    wallStamped: before(Math.min(tickAt.getTime(), wallNow.getTime()), settings.windowMs),
    slots: before(tickAt.getTime(), settings.windowMs),
    evidence: settings.evidenceMs === null ? null : before(tickAt.getTime(), settings.evidenceMs),
  };
}
