const DAY_MS = 86_400_000;

/** How long data-retention keeps rows (docs/operations.md, "Data retention"). */
export interface RetentionSettings {
  /** Sent outbox events, handled-message records and clock slots older than this are deleted. */
  windowMs: number;
  /** email_logs and audit_logs (dispute evidence) older than this are deleted; null: never. */
  evidenceMs: number | null;
  /** Rows per DELETE statement; each statement commits on its own, so locks stay short. */
  batchSize: number;
}

/** Dead letters live 30 days (the DLQ stream); a replayed letter must still find the ids its consumers recorded. */
export const MIN_RETENTION_WINDOW_MS = 30 * DAY_MS;
/** The longest stream retention (LIFECYCLE, 90 days): no event that can still be delivered may find its email_logs dedup key gone. */
export const MIN_EVIDENCE_RETENTION_MS = 90 * DAY_MS;

export function retentionSettings(overrides: Partial<RetentionSettings> = {}): RetentionSettings {
  return { windowMs: 30 * DAY_MS, evidenceMs: 2 * 365 * DAY_MS, batchSize: 10_000, ...overrides };
}
