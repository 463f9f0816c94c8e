import { z } from 'zod';
import { SCHEDULE_NAMES, type ScheduleName } from '../schedule-names';
import { isoDateTimeSchema } from './common.schemas';

export const CLOCK_TICK_PREFIX = 'clock.tick';
/** Request/reply only: no stream may capture it, or the stream's PubAck would answer the requester. */
export const CLOCK_CONTROL_PREFIX = 'clock.control';

export const TICK_TRIGGERS = ['schedule', 'catch-up', 'manual', 'simulated'] as const;
export type TickTrigger = (typeof TICK_TRIGGERS)[number];

export type ClockTickSubject<N extends ScheduleName = ScheduleName> = `clock.tick.${N}`;

export function clockTickSubject<N extends ScheduleName>(schedule: N): ClockTickSubject<N> {
  return `${CLOCK_TICK_PREFIX}.${schedule}`;
}

export const CLOCK_TICK_SUBJECTS: readonly ClockTickSubject[] = SCHEDULE_NAMES.map(clockTickSubject);

export function clockTickDataSchema<N extends ScheduleName>(schedule: N) {
  return z.object({
    schedule: z.literal(schedule),
    scheduledAt: isoDateTimeSchema.describe('The nominal slot; sweeps take "now" from it, never from the wall clock'),
    firedAt: isoDateTimeSchema,
    trigger: z.enum(TICK_TRIGGERS),
  });
}

export type ClockTickDataSchema<N extends ScheduleName> = ReturnType<typeof clockTickDataSchema<N>>;
export type ClockTick<N extends ScheduleName = ScheduleName> = z.infer<ClockTickDataSchema<N>>;
