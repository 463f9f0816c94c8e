import type { z } from 'zod';
import { envelopeSchemaOf, type Envelope, type ServiceName } from './envelope';
import { SCHEDULE_NAMES, SCHEDULE_PURPOSES, type ScheduleName } from './schedule-names';
import type { StreamName } from './streams';
import { clockTickDataSchema, clockTickSubject, type ClockTickDataSchema, type ClockTickSubject } from './events/clock.events';
import { TRIAL_EXPIRED, TRIAL_EXPIRING, trialExpiredDataSchema, trialExpiringDataSchema } from './events/trial.events';
import { RENEWAL_UPCOMING, renewalUpcomingDataSchema } from './events/renewal.events';
import {
  PAYMENT_FAILED,
  PAYMENT_SUCCEEDED,
  paymentFailedDataSchema,
  paymentSucceededDataSchema,
} from './events/payment.events';
import {
  SUBSCRIPTION_PAST_DUE,
  SUBSCRIPTION_REACTIVATED,
  SUBSCRIPTION_SUSPENDED,
  subscriptionPastDueDataSchema,
  subscriptionReactivatedDataSchema,
  subscriptionSuspendedDataSchema,
} from './events/subscription.events';
import {
  WORKSPACE_ACTION_FAILED,
  WORKSPACE_STARTED,
  WORKSPACE_STOPPED,
  workspaceActionFailedDataSchema,
  workspaceStartedDataSchema,
  workspaceStoppedDataSchema,
} from './events/workspace.events';
import {
  NOTIFICATION_EMAIL_BOUNCED,
  NOTIFICATION_EMAIL_FAILED,
  NOTIFICATION_EMAIL_SENT,
  emailBouncedDataSchema,
  emailFailedDataSchema,
  emailSentDataSchema,
} from './events/notification.events';
import {
  HEALTH_ALERT_RAISED,
  HEALTH_ALERT_RESOLVED,
  HEALTH_REPORT,
  healthAlertRaisedDataSchema,
  healthAlertResolvedDataSchema,
  healthReportDataSchema,
} from './events/health.events';
import {
  billingSweepShardDataSchema,
  billingSweepSubject,
  SHARDED_SWEEPS,
  type BillingSweepShardDataSchema,
  type BillingSweepSubject,
  type ShardedSweep,
} from './events/billing-work.events';

export interface CatalogueEntry<D extends z.ZodType = z.ZodType> {
  readonly data: D;
  readonly stream: StreamName;
  /** The service that emits the event. */
  readonly source: ServiceName;
  readonly description: string;
}

function entry<D extends z.ZodType>(data: D, stream: StreamName, source: ServiceName, description: string) {
  return { data, stream, source, description } satisfies CatalogueEntry<D>;
}

const CLOCK_TICKS = Object.fromEntries(
  SCHEDULE_NAMES.map((schedule) => [
    clockTickSubject(schedule),
    entry(clockTickDataSchema(schedule), 'CLOCK', 'clock', `Slot of ${schedule}: ${SCHEDULE_PURPOSES[schedule]}`),
  ]),
) as { readonly [N in ScheduleName as ClockTickSubject<N>]: CatalogueEntry<ClockTickDataSchema<N>> };

const BILLING_SWEEP_SHARDS = Object.fromEntries(
  SHARDED_SWEEPS.map((sweep) => [
    billingSweepSubject(sweep),
    entry(billingSweepShardDataSchema(sweep), 'BILLING_WORK', 'billing', `One id range of a ${sweep} sweep, for any billing replica to run`),
  ]),
) as { readonly [S in ShardedSweep as BillingSweepSubject<S>]: CatalogueEntry<BillingSweepShardDataSchema<S>> };

/** Every subject a stream stores, with its data schema (ARCHITECTURE.md, "Events"). */
export const EVENT_CATALOGUE = {
  ...CLOCK_TICKS,
  [TRIAL_EXPIRING]: entry(trialExpiringDataSchema, 'LIFECYCLE', 'billing', 'A trial ends in 7, 3 or 1 days'),
  [TRIAL_EXPIRED]: entry(trialExpiredDataSchema, 'LIFECYCLE', 'billing', 'A trial ended unpaid; status is now expired'),
  [RENEWAL_UPCOMING]: entry(renewalUpcomingDataSchema, 'LIFECYCLE', 'billing', 'A paid period ends in 7 or 3 days'),
  [PAYMENT_FAILED]: entry(paymentFailedDataSchema, 'LIFECYCLE', 'billing', 'A charge failed; a retry may follow'),
  [PAYMENT_SUCCEEDED]: entry(
    paymentSucceededDataSchema,
    'LIFECYCLE',
    'billing',
    'A charge succeeded, the invoice is issued and the period extended',
  ),
  [SUBSCRIPTION_PAST_DUE]: entry(subscriptionPastDueDataSchema, 'LIFECYCLE', 'billing', 'Dunning started'),
  [SUBSCRIPTION_SUSPENDED]: entry(
    subscriptionSuspendedDataSchema,
    'LIFECYCLE',
    'billing',
    'Retries ran out; the subscription is suspended',
  ),
  [SUBSCRIPTION_REACTIVATED]: entry(
    subscriptionReactivatedDataSchema,
    'LIFECYCLE',
    'billing',
    'An expired or suspended subscription is active again',
  ),
  [WORKSPACE_STOPPED]: entry(workspaceStoppedDataSchema, 'WORKSPACE', 'workspace-guard', 'A workspace was stopped'),
  [WORKSPACE_STARTED]: entry(workspaceStartedDataSchema, 'WORKSPACE', 'workspace-guard', 'A workspace was started'),
  [WORKSPACE_ACTION_FAILED]: entry(
    workspaceActionFailedDataSchema,
    'WORKSPACE',
    'workspace-guard',
    'Stopping or starting a workspace failed',
  ),
  [NOTIFICATION_EMAIL_SENT]: entry(emailSentDataSchema, 'NOTIFICATION', 'notifier', 'The mail provider accepted a mail'),
  [NOTIFICATION_EMAIL_FAILED]: entry(emailFailedDataSchema, 'NOTIFICATION', 'notifier', 'A mail failed permanently'),
  [NOTIFICATION_EMAIL_BOUNCED]: entry(emailBouncedDataSchema, 'NOTIFICATION', 'notifier', 'The provider reported a bounce'),
  [HEALTH_REPORT]: entry(healthReportDataSchema, 'HEALTH', 'health', 'The outcome of one health check run'),
  [HEALTH_ALERT_RAISED]: entry(healthAlertRaisedDataSchema, 'HEALTH', 'health', 'An issue appeared'),
  [HEALTH_ALERT_RESOLVED]: entry(healthAlertResolvedDataSchema, 'HEALTH', 'health', 'An issue cleared'),
  ...BILLING_SWEEP_SHARDS,
} as const;

type Catalogue = typeof EVENT_CATALOGUE;

/** Subject → data payload, so that `publish(subject, payload)` type-checks (immich's EventMap). */
export type EventMap = { [S in keyof Catalogue]: z.infer<Catalogue[S]['data']> };
export type Subject = keyof EventMap;

export const SUBJECTS: readonly Subject[] = Object.freeze(Object.keys(EVENT_CATALOGUE) as Subject[]);

export function isSubject(value: string): value is Subject {
  return Object.hasOwn(EVENT_CATALOGUE, value);
}

export function dataSchemaFor(subject: string): z.ZodType | undefined {
  return isSubject(subject) ? EVENT_CATALOGUE[subject].data : undefined;
}

const envelopeSchemas = new Map<Subject, z.ZodType<Envelope>>();

export function envelopeSchemaFor(subject: string): z.ZodType<Envelope> | undefined {
  if (!isSubject(subject)) return undefined;
  let schema = envelopeSchemas.get(subject);
  if (!schema) {
    schema = envelopeSchemaOf(subject, EVENT_CATALOGUE[subject].data) as unknown as z.ZodType<Envelope>;
    envelopeSchemas.set(subject, schema);
  }
  return schema;
}
