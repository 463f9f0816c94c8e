import {
  createEnvelope,
  isoId,
  paymentFailedId,
  paymentSucceededId,
  subscriptionStatusId,
  type Currency,
  type SubscriptionStatusSubject,
} from '@lifecycle/contracts';
import type { OutboxInsert } from './billing-outbox.repository';
import type { AdminRef } from './dunning.store';
import type { LocalePolicy } from './locale.policy';

/** What every billing fact says about the subscription (the contract's subscriptionFactShape). */
export interface SubscriptionFact {
  subscriptionId: number;
  companyId: number;
  companyName: string;
  plan: string;
  admin: AdminRef;
}

export interface EventMeta {
  occurredAt: Date;
  correlationId: string;
}

/** Builds dunning's events (validated by the contracts; InvalidEventError on bad data) as outbox rows of the subscription. */
export class DunningEvents {
  constructor(private readonly locales: LocalePolicy) {}

  paymentFailed(
    fact: SubscriptionFact,
    p: { paymentId: number; attempt: number; maxAttempts: number; nextRetryAt: Date | null; reason: string; amount: number; currency: string; payInApp?: boolean },
    meta: EventMeta,
  ): OutboxInsert {
    const envelope = createEnvelope('payment.failed', {
      id: paymentFailedId(p.paymentId),
      source: 'billing',
      ...meta,
      data: {
        ...this.fact(fact, p.currency),
        paymentId: p.paymentId,
        attempt: p.attempt,
        maxAttempts: p.maxAttempts,
        nextRetryAt: p.nextRetryAt ? isoId(p.nextRetryAt) : null,
        reason: p.reason,
        amount: p.amount,
        currency: p.currency as Currency,
        ...(p.payInApp ? { payInApp: true } : {}),
      },
    });
    return { envelope, subscriptionId: fact.subscriptionId };
  }

  paymentSucceeded(
    fact: SubscriptionFact,
    p: { paymentId: number; invoiceId: number; invoiceNumber: string; amount: number; currency: string; periodEndsAt: Date; late?: boolean },
    meta: EventMeta,
  ): OutboxInsert {
    const envelope = createEnvelope('payment.succeeded', {
      id: paymentSucceededId(p.paymentId),
      source: 'billing',
      ...meta,
      data: {
        ...this.fact(fact, p.currency),
        paymentId: p.paymentId,
        invoiceId: p.invoiceId,
        invoiceNumber: p.invoiceNumber,
        amount: p.amount,
        currency: p.currency as Currency,
        periodEndsAt: isoId(p.periodEndsAt),
        ...(p.late ? { lateSettlement: true as const } : {}),
      },
    });
    return { envelope, subscriptionId: fact.subscriptionId };
  }

  /** `cause` makes the id: the payment that made the change, or the time of the status being left (contracts' subscriptionStatusId). */
  statusChange(
    type: SubscriptionStatusSubject,
    fact: SubscriptionFact,
    p: { reason: string; paymentId: number | null; cause: { paymentId: number } | { at: Date }; currency: string | null },
    meta: EventMeta,
  ): OutboxInsert {
    const envelope = createEnvelope(type, {
      id: subscriptionStatusId(type, fact.subscriptionId, p.cause),
      source: 'billing',
      ...meta,
      data: { ...this.fact(fact, p.currency), reason: p.reason, paymentId: p.paymentId },
    });
    return { envelope, subscriptionId: fact.subscriptionId };
  }

  private fact(fact: SubscriptionFact, currency: string | null) {
    return {
      subscriptionId: fact.subscriptionId,
      companyId: fact.companyId,
      companyName: fact.companyName,
      plan: fact.plan,
      admin: { ...fact.admin, locale: this.locales.localeFor(currency) },
    };
  }
}
