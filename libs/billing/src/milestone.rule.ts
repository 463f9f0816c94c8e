const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** How long before its nominal time a d-day reminder may go out: daily ticks with up to 12 h of jitter or lateness. */
export const MILESTONE_LEAD_MS = 12 * HOUR_MS;

export interface MilestoneInput<D extends number> {
  /** T: trial_ends_at or current_period_end. */
  endsAt: Date;
  /** When the subscription (trial or paid period) began. */
  startedAt: Date;
  /** The tick's scheduledAt. */
  now: Date;
  milestones: readonly D[];
}

/**
 * The reminder to send at `now`, or null (ARCHITECTURE.md, "Business rules"; docs/billing.md).
 * d is applicable when the subscription existed d days before T, and due from T − d days − 12 h
 * until T; the smallest applicable due milestone wins, so a late sweep never sends a larger one.
 * Whether it was already sent is the outbox's business (the event id includes T).
 */
export function dueMilestone<D extends number>({ endsAt, startedAt, now, milestones }: MilestoneInput<D>): D | null {
  const end = endsAt.getTime();
  if (now.getTime() >= end) return null;
  let due: D | null = null;
  for (const d of milestones) {
    const nominal = end - d * DAY_MS;
    const applicable = startedAt.getTime() <= nominal;
    const open = nominal - MILESTONE_LEAD_MS <= now.getTime();
    if (applicable && open && (due === null || d < due)) due = d;
  }
  return due;
}

/** How far ahead of `now` a sweep must look: the largest milestone plus the lead. */
export function milestoneHorizonMs(milestones: readonly number[]): number {
  return Math.max(0, ...milestones) * DAY_MS + MILESTONE_LEAD_MS;
}
