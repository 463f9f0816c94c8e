import type { DesiredState, GuardEvent } from './guard-event';

/** The company's last accepted decision (`workspace_guard_state`). */
export interface CompanyDecision {
  desired: DesiredState;
  /** occurredAt of the deciding event. */
  decidedAt: Date;
  eventId: string;
}

export type Verdict = 'apply' | 'stale';

/**
 * Per company, the event that happened last wins, whatever order deliveries arrive in: an event older
 * than the recorded decision is stale. At the same instant `running` wins, because a reactivation
 * always answers an expiry or suspension, never the other way round. The deciding event itself
 * applies again, so a redelivery finishes what a failed attempt left undone.
 */
export function judge(current: CompanyDecision | null, event: Pick<GuardEvent, 'id' | 'occurredAt' | 'desired'>): Verdict {
  if (!current || current.eventId === event.id) return 'apply';
  const difference = event.occurredAt.getTime() - current.decidedAt.getTime();
  if (difference !== 0) return difference > 0 ? 'apply' : 'stale';
  return event.desired === 'running' && current.desired === 'suspended' ? 'apply' : 'stale';
}
