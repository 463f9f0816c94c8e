import { clockTickSubject, createEnvelope, isoId, type ClockTick, type ScheduleName, type TickTrigger } from '@lifecycle/contracts';
import type { TickEnvelope } from './tick.store';

export interface TickFacts {
  id: string;
  schedule: ScheduleName;
  scheduledAt: Date;
  firedAt: Date;
  trigger: TickTrigger;
}

/** The `clock.tick.<schedule>` event; the tick is its own cause, so correlationId = id. */
export function tickEnvelope(facts: TickFacts): TickEnvelope {
  const data: ClockTick = {
    schedule: facts.schedule,
    scheduledAt: isoId(facts.scheduledAt),
    firedAt: facts.firedAt.toISOString(),
    trigger: facts.trigger,
  };
  return createEnvelope(clockTickSubject(facts.schedule), {
    id: facts.id,
    source: 'clock',
    correlationId: facts.id,
    occurredAt: facts.firedAt,
    data,
  });
}
