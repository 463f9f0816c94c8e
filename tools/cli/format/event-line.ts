import { deadLetterSchema, parseEnvelope, type Envelope } from '@lifecycle/contracts';
import type { StreamMessage } from '@lifecycle/housekeeping';
import type { Colour, Palette } from './palette';
import { truncate } from './table';
import { formatInstant } from './time';

export interface DescribedMessage {
  /** The event's occurredAt (a dead letter's deadAt; the stored time when the body is no event). */
  at: string;
  subject: string;
  facts: string;
  correlationId: string | null;
  tone?: Colour;
}

const money = (amount: number, currency: string) => `${(amount / 100).toFixed(2)} ${currency}`;
const company = (d: { companyId: number; companyName?: string }) => `company=${d.companyId}${d.companyName ? ` "${d.companyName}"` : ''}`;
const sub = (d: { subscriptionId: number }) => `sub=${d.subscriptionId}`;

/** The facts an operator looks for, per family: ids, milestones, amounts, attempts, recipients, codes. */
export function eventFacts(e: Envelope): { facts: string; tone?: Colour } {
  switch (e.type) {
    case 'trial.expiring':
      return { facts: `${sub(e.data)} ${company(e.data)} ${e.data.daysBefore}d before, trial ends ${formatInstant(e.data.trialEndsAt)}` };
    case 'trial.expired':
      return { facts: `${sub(e.data)} ${company(e.data)} trial ended ${formatInstant(e.data.trialEndedAt)}`, tone: 'yellow' };
    case 'renewal.upcoming':
      return { facts: `${sub(e.data)} ${company(e.data)} ${e.data.daysBefore}d before, renews ${formatInstant(e.data.periodEndsAt)} for ${money(e.data.amount, e.data.currency)}` };
    case 'payment.failed': {
      const next = e.data.nextRetryAt ? `next retry ${formatInstant(e.data.nextRetryAt)}` : 'no retry left';
      const attempt = `attempt ${e.data.attempt}/${e.data.maxAttempts}`;
      return { facts: `pay=${e.data.paymentId} ${sub(e.data)} ${company(e.data)} ${money(e.data.amount, e.data.currency)} ${attempt}: ${truncate(e.data.reason, 80)}; ${next}`, tone: 'red' };
    }
    case 'payment.succeeded':
      return {
        facts: `pay=${e.data.paymentId} ${sub(e.data)} ${company(e.data)} ${money(e.data.amount, e.data.currency)} invoice ${e.data.invoiceNumber}, paid until ${formatInstant(e.data.periodEndsAt)}`,
        tone: 'green',
      };
    case 'subscription.past_due':
    case 'subscription.suspended':
    case 'subscription.reactivated': {
      const pay = e.data.paymentId === null ? '' : ` pay=${e.data.paymentId}`;
      return { facts: `${sub(e.data)} ${company(e.data)}${pay}: ${truncate(e.data.reason, 80)}`, tone: e.type === 'subscription.reactivated' ? 'green' : 'yellow' };
    }
    case 'workspace.stopped':
    case 'workspace.started':
    case 'workspace.action_failed': {
      const failed = e.type === 'workspace.action_failed' ? ` ${e.data.action} failed: ${truncate(e.data.error, 100)}` : '';
      const facts = `ws=${e.data.workspaceId} "${e.data.workspaceName}" company=${e.data.companyId} because ${e.data.reason} (${e.data.driver})${failed}`;
      return { facts, tone: failed ? 'red' : e.type === 'workspace.started' ? 'green' : undefined };
    }
    case 'notification.email.sent':
    case 'notification.email.failed':
    case 'notification.email.bounced': {
      const error = e.data.error ? `: ${truncate(e.data.error, 100)}` : '';
      const tone = e.type === 'notification.email.sent' ? 'green' : 'red';
      return { facts: `${e.data.emailType} to ${e.data.recipient}${e.data.companyId ? ` company=${e.data.companyId}` : ''}${error}`, tone };
    }
    case 'health.report':
      return { facts: `${e.data.check}: ${e.data.issues.length} issue(s)`, tone: 'dim' };
    case 'health.alert.raised':
    case 'health.alert.resolved': {
      const verb = e.type === 'health.alert.raised' ? 'raised' : 'resolved';
      const tone: Colour = verb === 'resolved' ? 'green' : e.data.severity === 'critical' ? 'red' : 'yellow';
      return { facts: `${verb} ${e.data.severity} ${e.data.code} ${e.data.resource}: ${truncate(e.data.message, 120)}`, tone };
    }
    default:
      if (e.type.startsWith('clock.tick.')) {
        const tick = e.data as { scheduledAt: string; trigger: string };
        return { facts: `slot ${formatInstant(tick.scheduledAt)} (${tick.trigger})`, tone: 'dim' };
      }
      if (e.type.startsWith('billing.sweep.')) {
        const shard = e.data as { shard: number; shards: number; afterId: number; throughId: number | null; scheduledAt: string };
        const ids = `ids ${shard.afterId + 1}–${shard.throughId ?? '∞'}`;
        return { facts: `shard ${shard.shard + 1}/${shard.shards} ${ids} of slot ${formatInstant(shard.scheduledAt)}`, tone: 'dim' };
      }
      return { facts: '' };
  }
}

export function describeMessage(message: StreamMessage): DescribedMessage {
  const text = new TextDecoder().decode(message.data);
  if (message.subject.startsWith('dlq.')) {
    let parsed;
    try {
      parsed = deadLetterSchema.safeParse(JSON.parse(text));
    } catch {
      parsed = null;
    }
    if (parsed?.success) {
      const l = parsed.data;
      const facts = `${l.consumer} gave up on ${l.originalSubject} (${l.reason}, ${l.deliveryCount} deliveries): ${truncate(l.error, 120)}`;
      return { at: l.deadAt, subject: message.subject, facts, correlationId: null, tone: 'red' };
    }
    return { at: message.storedAt.toISOString(), subject: message.subject, facts: '(not a dead letter)', correlationId: null, tone: 'magenta' };
  }
  const parsed = parseEnvelope(message.subject, text);
  if (!parsed.ok) return { at: message.storedAt.toISOString(), subject: message.subject, facts: `(${truncate(parsed.error, 160)})`, correlationId: null, tone: 'magenta' };
  const { facts, tone } = eventFacts(parsed.envelope);
  return { at: parsed.envelope.occurredAt, subject: message.subject, facts, correlationId: parsed.envelope.correlationId, tone };
}

/** One line per event: time, subject, the facts that matter, correlation id. */
export function formatTailLine(message: StreamMessage, palette: Palette): string {
  const d = describeMessage(message);
  const subject = d.subject.padEnd(26);
  const correlation = d.correlationId ? `  ${palette.paint('dim', `corr=${d.correlationId}`)}` : '';
  return `${palette.paint('dim', formatInstant(d.at))}  ${palette.paint(d.tone ?? 'cyan', subject)}  ${d.facts}${correlation}`.trimEnd();
}

/** `--json`: the body as stored (an envelope, or a dead letter), one per line; a body that is no JSON is wrapped. */
export function formatTailJson(message: StreamMessage): string {
  const text = new TextDecoder().decode(message.data);
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return JSON.stringify({ stream: message.stream, seq: message.seq, subject: message.subject, storedAt: message.storedAt.toISOString(), body: text });
  }
}
