import { z } from 'zod';
import { CLOCK_CONTROL_PREFIX, SCHEDULE_NAMES, TICK_TRIGGERS } from '@lifecycle/contracts';
import { InvalidDurationError, parseDuration } from '@lifecycle/time';

/**
 * `clock.control.*`: core NATS request/reply (never stored: ARCHITECTURE.md, "Events"), answered by one
 * clock replica (queue group `clock`). Bodies are JSON, validated on both ends.
 */
export const CLOCK_CONTROL = {
  advance: `${CLOCK_CONTROL_PREFIX}.advance`,
  set: `${CLOCK_CONTROL_PREFIX}.set`,
  run: `${CLOCK_CONTROL_PREFIX}.run`,
} as const;
export type ClockControlSubject = (typeof CLOCK_CONTROL)[keyof typeof CLOCK_CONTROL];

export const CLOCK_CONTROL_QUEUE = 'clock';

const isoTime = z.iso
  .datetime({ offset: true, message: 'must be an ISO-8601 time, e.g. 2026-12-01T09:00:00Z' })
  .transform((value) => new Date(value));

const duration = z.string().transform((value, ctx) => {
  try {
    const ms = parseDuration(value);
    if (ms > 0) return ms;
    ctx.addIssue({ code: 'custom', message: `duration "${value}" must be longer than 0` });
  } catch (error) {
    if (!(error instanceof InvalidDurationError)) throw error;
    ctx.addIssue({ code: 'custom', message: error.message });
  }
  return z.NEVER;
});

export const advanceRequestSchema = z.strictObject({ duration });
export const setRequestSchema = z.strictObject({ at: isoTime });
export const runRequestSchema = z.strictObject({
  schedule: z.enum(SCHEDULE_NAMES, { message: `must be one of ${SCHEDULE_NAMES.join(', ')}` }),
  at: isoTime.optional(),
});

export const controlReplySchema = z.discriminatedUnion('ok', [
  z.strictObject({
    ok: z.literal(true),
    now: z.iso.datetime(),
    ticks: z.array(
      z.strictObject({ id: z.string(), schedule: z.enum(SCHEDULE_NAMES), scheduledAt: z.iso.datetime(), trigger: z.enum(TICK_TRIGGERS) }),
    ),
  }),
  z.strictObject({
    ok: z.literal(false),
    error: z.string(),
    /** Ticks committed (so they will be published) but not published yet when the reply was sent. */
    pending: z.array(z.string()).optional(),
  }),
]);
export type ControlReply = z.infer<typeof controlReplySchema>;
