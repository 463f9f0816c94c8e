import { createEnvelope, tickId, type Envelope, type ScheduleName } from '@lifecycle/contracts';

/** A tick as the clock publishes it for a slot. */
export function tickEnvelope(schedule: ScheduleName, scheduledAt: string): Envelope {
  const id = tickId(schedule, scheduledAt);
  return createEnvelope(`clock.tick.${schedule}`, {
    id,
    source: 'clock',
    correlationId: id,
    occurredAt: scheduledAt,
    data: { schedule, scheduledAt, firedAt: scheduledAt, trigger: 'schedule' },
  } as never) as Envelope;
}
