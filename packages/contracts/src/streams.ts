import type { StreamDefinition } from './stream.definition';

const DAY_MS = 86_400_000;

export const STREAM_NAMES = ['CLOCK', 'LIFECYCLE', 'WORKSPACE', 'NOTIFICATION', 'HEALTH', 'DLQ', 'BILLING_WORK'] as const;
export type StreamName = (typeof STREAM_NAMES)[number];

/** ARCHITECTURE.md, "Events": the stream table. */
export const STREAMS: readonly (StreamDefinition & { readonly name: StreamName })[] = [
  {
    name: 'CLOCK',
    // Never `clock.control.>`: a stream capturing a request subject answers the requester with its PubAck.
    subjects: ['clock.tick.>'],
    maxAgeMs: 7 * DAY_MS,
    description: 'Schedule ticks',
  },
  {
    name: 'LIFECYCLE',
    subjects: ['trial.>', 'renewal.>', 'payment.>', 'subscription.>'],
    maxAgeMs: 90 * DAY_MS,
    description: 'Billing facts; the audit trail operators tail',
  },
  { name: 'WORKSPACE', subjects: ['workspace.>'], maxAgeMs: 90 * DAY_MS, description: 'Workspace stops and starts' },
  { name: 'NOTIFICATION', subjects: ['notification.>'], maxAgeMs: 30 * DAY_MS, description: 'Email outcomes' },
  { name: 'HEALTH', subjects: ['health.>'], maxAgeMs: 30 * DAY_MS, description: 'Health reports and alerts' },
  {
    name: 'DLQ',
    subjects: ['dlq.>'],
    maxAgeMs: 30 * DAY_MS,
    description: 'Dead letters: original subject, headers, payload, error and delivery count',
  },
  {
    name: 'BILLING_WORK',
    subjects: ['billing.sweep.>'],
    maxAgeMs: 7 * DAY_MS,
    retention: 'workqueue',
    description: 'Shards of billing sweeps, shared by the billing replicas through one durable per sweep; removed once done',
  },
];

/** NATS subject matching: `*` is exactly one token, a trailing `>` one or more tokens. */
export function subjectMatches(pattern: string, subject: string): boolean {
  const want = pattern.split('.');
  const have = subject.split('.');
  if (have.some((token) => token === '')) return false;
  for (let i = 0; i < want.length; i++) {
    const token = want[i];
    if (token === '>') return i === want.length - 1 && have.length > i;
    if (i >= have.length) return false;
    if (token !== '*' && token !== have[i]) return false;
  }
  return want.length === have.length;
}

export function streamForSubject(subject: string): (typeof STREAMS)[number] | undefined {
  return STREAMS.find((stream) => stream.subjects.some((pattern) => subjectMatches(pattern, subject)));
}
