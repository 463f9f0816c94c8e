import { z } from 'zod';
import { InvalidDurationError, parseDuration } from '@lifecycle/time';
import { cronExpressionProblem } from './cron-expression';
import { CATCH_UP_POLICIES, type ScheduleDefinition } from './schedule.definition';
import { canonicalTimeZone } from './time-zone';

const cron = z.string().transform((expression, ctx) => {
  const problem = cronExpressionProblem(expression);
  if (problem === undefined) return expression.trim();
  ctx.addIssue({ code: 'custom', message: `invalid cron expression "${expression}" (${problem})` });
  return z.NEVER;
});

const timeZone = z.string().transform((zone, ctx) => {
  const canonical = canonicalTimeZone(zone);
  if (canonical !== undefined) return canonical;
  ctx.addIssue({ code: 'custom', message: `unknown time zone "${zone}"` });
  return z.NEVER;
});

// `0` may be written bare; any other jitter needs a unit, so that `30` is not read as 30 ms.
const jitter = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const reject = (message: string) => {
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  const text = String(value).trim();
  if (text.startsWith('-')) return reject(`jitter must not be negative, got "${value}"`);
  if (text === '0') return 0;
  if (typeof value === 'number') return reject(`jitter "${value}" needs a unit, e.g. 30m or 90s`);
  try {
    return parseDuration(text);
  } catch (error) {
    if (!(error instanceof InvalidDurationError)) throw error;
    return reject(`jitter: ${error.message}`);
  }
});

/** One schedule's entry in the schedules file; absent keys keep the default. */
export const scheduleOverrideSchema = z
  .strictObject({
    cron: cron.optional(),
    timeZone: timeZone.optional(),
    jitter: jitter.optional(),
    catchUp: z.enum(CATCH_UP_POLICIES).optional(),
    catchUpLimit: z.int().min(1).optional(),
    enabled: z.boolean().optional(),
  })
  .transform(({ jitter: jitterMs, ...rest }): Partial<Omit<ScheduleDefinition, 'name'>> => {
    const override = { ...rest, jitterMs };
    return Object.fromEntries(Object.entries(override).filter(([, value]) => value !== undefined));
  });

export const SCHEDULE_OVERRIDE_KEYS = Object.keys(scheduleOverrideSchema.in.shape);
