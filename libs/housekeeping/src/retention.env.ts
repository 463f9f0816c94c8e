import { z } from 'zod';
import { formatDays, parseOptionalRetentionPeriod, parseRetentionPeriod } from './retention-period';
import { MIN_EVIDENCE_RETENTION_MS, MIN_RETENTION_WINDOW_MS, retentionSettings, type RetentionSettings } from './data-retention.settings';

const atLeast = (minMs: number, optional: boolean) =>
  z.string().superRefine((value, ctx) => {
    let ms: number | null;
    try {
      ms = optional ? parseOptionalRetentionPeriod(value) : parseRetentionPeriod(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: `must be a duration such as 30d, 12w or 2y${optional ? ', or off' : ''}` });
      return;
    }
    if (ms !== null && ms < minMs) ctx.addIssue({ code: 'custom', message: `must be at least ${formatDays(minMs)}${optional ? ' (or off)' : ''}` });
  });

/** The variables of the data-retention tick (billing handles it; ARCHITECTURE.md, "The five services"). */
export const retentionEnv = {
  RETENTION_WINDOW: atLeast(MIN_RETENTION_WINDOW_MS, false)
    .default('30d')
    .describe(
      'data-retention: sent outbox events, handled-message records and clock slots older than this are deleted (the latest slot of each schedule is kept); at least 30d, the lifetime of dead letters',
    ),
  EVIDENCE_RETENTION: atLeast(MIN_EVIDENCE_RETENTION_MS, true)
    .default('2y')
    .describe('data-retention: `email_logs` and `audit_logs` (dispute evidence) older than this are deleted; `off` keeps them forever; at least 90d'),
};

export type RetentionEnv = z.infer<z.ZodObject<typeof retentionEnv>>;

export function retentionSettingsFromEnv(env: RetentionEnv): RetentionSettings {
  return retentionSettings({
    windowMs: parseRetentionPeriod(env.RETENTION_WINDOW),
    evidenceMs: parseOptionalRetentionPeriod(env.EVIDENCE_RETENTION),
  });
}
