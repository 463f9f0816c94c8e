import type { Envelope } from '@lifecycle/contracts';

export interface NarrativeLine {
  at: string;
  company: string;
  text: string;
  tone: 'plain' | 'good' | 'bad' | 'warn' | 'mail';
}

const money = (amount: number, currency: string) => `${(amount / 100).toFixed(2)} ${currency}`;
const day = (iso: string) => new Date(iso).toISOString().slice(5, 16).replace('T', ' ');
const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

/** One readable line per event that tells the story; reports, ticks and echoes are left out. */
export function narrate(event: Envelope, companyName: (id: number | undefined) => string): NarrativeLine | null {
  const line = (companyId: number | undefined, text: string, tone: NarrativeLine['tone'] = 'plain') => ({
    at: event.occurredAt,
    company: companyName(companyId),
    text,
    tone,
  });
  switch (event.type) {
    case 'trial.expiring':
      return line(event.data.companyId, `trial ends in ${days(event.data.daysBefore)} (${day(event.data.trialEndsAt)}): reminder`);
    case 'trial.expired':
      return line(event.data.companyId, 'trial ended: subscription expired', 'warn');
    case 'renewal.upcoming':
      return line(event.data.companyId, `renews in ${days(event.data.daysBefore)} (${day(event.data.periodEndsAt)}) for ${money(event.data.amount, event.data.currency)}: reminder`);
    case 'payment.failed': {
      const next = event.data.nextRetryAt ? `retry ${day(event.data.nextRetryAt)}` : 'no retries left';
      return line(event.data.companyId, `payment of ${money(event.data.amount, event.data.currency)} failed (attempt ${event.data.attempt}/${event.data.maxAttempts}, ${event.data.reason}); ${next}`, 'bad');
    }
    case 'payment.succeeded':
      return line(event.data.companyId, `payment of ${money(event.data.amount, event.data.currency)} succeeded: invoice ${event.data.invoiceNumber}, paid until ${day(event.data.periodEndsAt)}`, 'good');
    case 'subscription.past_due':
      return line(event.data.companyId, 'subscription past due', 'warn');
    case 'subscription.suspended':
      return line(event.data.companyId, `subscription suspended (${event.data.reason})`, 'bad');
    case 'subscription.reactivated':
      return line(event.data.companyId, `subscription reactivated (${event.data.reason})`, 'good');
    case 'workspace.stopped':
      return line(event.data.companyId, `workspace "${event.data.workspaceName}" suspended`, 'warn');
    case 'workspace.started':
      return line(event.data.companyId, `workspace "${event.data.workspaceName}" restored`, 'good');
    case 'workspace.action_failed':
      return line(event.data.companyId, `workspace "${event.data.workspaceName}": ${event.data.action} failed: ${event.data.error}`, 'bad');
    case 'notification.email.sent':
      return line(event.data.companyId, `mail ${event.data.emailType} → ${event.data.recipient}`, 'mail');
    case 'notification.email.failed':
    case 'notification.email.bounced':
      return line(event.data.companyId, `mail ${event.data.emailType} to ${event.data.recipient} ${event.type.split('.').pop()}: ${event.data.error ?? ''}`, 'bad');
    case 'health.alert.raised':
      return line(undefined, `health alert ${event.data.severity} ${event.data.code} ${event.data.resource}: ${event.data.message}`, event.data.severity === 'critical' ? 'bad' : 'warn');
    case 'health.alert.resolved':
      return line(undefined, `health alert resolved ${event.data.code} ${event.data.resource}`, 'good');
    default:
      return null;
  }
}
