import { z } from 'zod';
import { isoDateTimeSchema } from './common.schemas';

export const HEALTH_REPORT = 'health.report';
export const HEALTH_ALERT_RAISED = 'health.alert.raised';
export const HEALTH_ALERT_RESOLVED = 'health.alert.resolved';

export const HEALTH_ALERT_SUBJECTS = [HEALTH_ALERT_RAISED, HEALTH_ALERT_RESOLVED] as const;
export type HealthAlertSubject = (typeof HEALTH_ALERT_SUBJECTS)[number];

/** The schedules that drive a health check. */
export const HEALTH_CHECKS = ['workspace-health', 'billing-health', 'email-health'] as const;
export type HealthCheckName = (typeof HEALTH_CHECKS)[number];

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const healthIssueSchema = z.object({
  code: z.string().min(1).meta({ examples: ['workspace.running_while_suspended'] }),
  severity: z.enum(SEVERITIES),
  resource: z.string().min(1).meta({ examples: ['workspace:12'] }),
  message: z.string(),
});
export type HealthIssue = z.infer<typeof healthIssueSchema>;

export const healthReportDataSchema = z.object({
  check: z.enum(HEALTH_CHECKS),
  scheduledAt: isoDateTimeSchema,
  issues: z.array(healthIssueSchema),
  counts: z.record(z.string(), z.number().nonnegative()),
});
export type HealthReport = z.infer<typeof healthReportDataSchema>;

const alertShape = {
  ...healthIssueSchema.shape,
  check: z.enum(HEALTH_CHECKS),
  firstSeenAt: isoDateTimeSchema,
};

export const healthAlertRaisedDataSchema = z.object(alertShape);
export type HealthAlertRaised = z.infer<typeof healthAlertRaisedDataSchema>;

export const healthAlertResolvedDataSchema = z.object({ ...alertShape, resolvedAt: isoDateTimeSchema });
export type HealthAlertResolved = z.infer<typeof healthAlertResolvedDataSchema>;
