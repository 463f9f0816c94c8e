/** Data fields the timeline shows: ids and key facts, never addresses, names or free text from customers. */
const TIMELINE_FIELDS = [
  'schedule',
  'scheduledAt',
  'trigger',
  'subscriptionId',
  'companyId',
  'workspaceId',
  'paymentId',
  'invoiceNumber',
  'daysBefore',
  'attempt',
  'action',
  'emailType',
  'check',
  'code',
  'resource',
  'severity',
] as const;

export function timelineFacts(data: Record<string, unknown>): Record<string, string | number | boolean | null> {
  const facts: Record<string, string | number | boolean | null> = {};
  for (const field of TIMELINE_FIELDS) {
    const value = data[field];
    if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') facts[field] = value;
  }
  return facts;
}

/** The subjects the timeline shows: ticks, lifecycle facts and alerts (reports would drown them, 100 a day). */
export const TIMELINE_SUBJECTS = [
  'clock.tick.',
  'trial.',
  'renewal.',
  'payment.',
  'subscription.',
  'workspace.',
  'notification.',
  'health.alert.',
] as const;
