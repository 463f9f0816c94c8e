import type { Admin, Envelope, Locale } from '@lifecycle/contracts';
import { EMAIL_TYPE_BY_SUBJECT, type EmailType, type MailEnvelope, type MailSubject } from './email-types';
import { MailFormatter } from './mail-formatter';
import type { NotifierSettings } from './notifier.settings';
import type { MailAddress } from './outgoing-mail';

/** Who gets which mail about an event, and the facts its template states. */
export interface MailPlan {
  dedupKey: string;
  emailType: EmailType;
  locale: Locale;
  to: MailAddress;
  companyId: number | null;
  userId: number | null;
  /** The template's view model: plain JSON, also Mailjet's `Variables` for mapped types. */
  view: Record<string, unknown>;
}

type Customer = Envelope<Exclude<MailSubject, 'health.alert.raised' | 'health.alert.resolved'>>;
type OpsAlert = Envelope<'health.alert.raised' | 'health.alert.resolved'>;

/** null when nobody is to be mailed (operator alerts without OPS_ALERT_EMAIL). */
export function planMail(envelope: MailEnvelope, settings: NotifierSettings): MailPlan | null {
  const emailType = EMAIL_TYPE_BY_SUBJECT[envelope.type];
  if (envelope.type === 'health.alert.raised' || envelope.type === 'health.alert.resolved') {
    const to = settings.opsAlert.to;
    if (!to) return null;
    const f = new MailFormatter(settings.opsAlert.locale, settings.timeZone);
    return { dedupKey: envelope.id, emailType, locale: f.locale, to: { email: to }, companyId: null, userId: null, view: opsAlertView(envelope, f) };
  }
  const { admin, companyId } = envelope.data;
  const f = new MailFormatter(admin.locale, settings.timeZone);
  return {
    dedupKey: envelope.id,
    emailType,
    locale: admin.locale,
    to: recipient(admin),
    companyId,
    userId: admin.userId,
    view: { ...customerView(envelope, f, settings), ...factsView(envelope, f) },
  };
}

function recipient(admin: Admin): MailAddress {
  return admin.fullName.trim() ? { email: admin.email, name: admin.fullName.trim() } : { email: admin.email };
}

function customerView(envelope: Customer, f: MailFormatter, settings: NotifierSettings): Record<string, unknown> {
  const { admin, companyName, plan } = envelope.data;
  return { recipientName: admin.fullName.trim() || admin.email, companyName, planName: f.plan(plan), links: settings.links };
}

function factsView(envelope: Customer, f: MailFormatter): Record<string, unknown> {
  switch (envelope.type) {
    case 'trial.expiring': {
      const { daysBefore, trialEndsAt } = envelope.data;
      return { daysBefore, oneDay: daysBefore === 1, trialEndsAt: f.dateTime(trialEndsAt), trialEndsOn: f.date(trialEndsAt) };
    }
    case 'trial.expired':
      return { trialEndedAt: f.dateTime(envelope.data.trialEndedAt) };
    case 'renewal.upcoming': {
      const { daysBefore, periodEndsAt, amount, currency } = envelope.data;
      return { daysBefore, periodEndsAt: f.dateTime(periodEndsAt), renewsOn: f.date(periodEndsAt), amount: f.money(amount, currency) };
    }
    case 'payment.failed': {
      const { amount, currency, attempt, maxAttempts, nextRetryAt, reason, payInApp } = envelope.data;
      return {
        payInApp: payInApp === true,
        amount: f.money(amount, currency),
        attempt,
        maxAttempts,
        reason,
        nextRetry: nextRetryAt ? { at: f.dateTime(nextRetryAt) } : false,
      };
    }
    case 'payment.succeeded': {
      const { amount, currency, invoiceNumber, periodEndsAt } = envelope.data;
      return { amount: f.money(amount, currency), invoiceNumber, periodEndsAt: f.date(periodEndsAt) };
    }
    case 'subscription.suspended':
    case 'subscription.reactivated':
      return { reason: envelope.data.reason };
  }
}

const SEVERITY_LABELS: Record<Locale, Record<string, string>> = {
  en: { info: 'INFO', warning: 'WARNING', critical: 'CRITICAL' },
  tr: { info: 'BİLGİ', warning: 'UYARI', critical: 'KRİTİK' },
};

function opsAlertView(envelope: OpsAlert, f: MailFormatter): Record<string, unknown> {
  const { check, code, severity, resource, message, firstSeenAt } = envelope.data;
  return {
    check,
    code,
    severity,
    severityLabel: SEVERITY_LABELS[f.locale][severity] ?? severity.toUpperCase(),
    resource,
    message,
    firstSeenAt: f.dateTime(firstSeenAt),
    resolvedAt: envelope.type === 'health.alert.resolved' ? f.dateTime(envelope.data.resolvedAt) : null,
  };
}
