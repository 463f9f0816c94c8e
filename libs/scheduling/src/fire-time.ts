import { tickId } from '@lifecycle/contracts';
import { jitterFor } from './jitter';
import type { ScheduleDefinition } from './schedule.definition';

/** When a slot becomes due: the slot plus its deterministic jitter. */
export function fireTimeOf(def: Pick<ScheduleDefinition, 'name' | 'jitterMs'>, slot: Date): Date {
  return new Date(slot.getTime() + jitterFor(tickId(def.name, slot), def.jitterMs));
}
