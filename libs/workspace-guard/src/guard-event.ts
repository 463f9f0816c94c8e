import type { Envelope } from '@lifecycle/contracts';

export const SUSPENDING_SUBJECTS = ['trial.expired', 'subscription.suspended'] as const;
export const RESTORING_SUBJECTS = ['subscription.reactivated'] as const;
/** The events workspace-guard acts on (ARCHITECTURE.md, "The five services"). */
export const GUARD_SUBJECTS = [...SUSPENDING_SUBJECTS, ...RESTORING_SUBJECTS] as const;
export type GuardSubject = (typeof GUARD_SUBJECTS)[number];

/** What the company's workspaces should be: `running` (restored) or `suspended`. */
export type DesiredState = 'running' | 'suspended';

/** A lifecycle event, reduced to what the guard decides on. */
export interface GuardEvent {
  id: string;
  type: GuardSubject;
  occurredAt: Date;
  companyId: number;
  desired: DesiredState;
}

export function guardEventFrom(envelope: Envelope<GuardSubject>): GuardEvent {
  return {
    id: envelope.id,
    type: envelope.type,
    occurredAt: new Date(envelope.occurredAt),
    companyId: envelope.data.companyId,
    desired: (RESTORING_SUBJECTS as readonly string[]).includes(envelope.type) ? 'running' : 'suspended',
  };
}
