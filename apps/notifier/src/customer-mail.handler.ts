import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { Envelope } from '@lifecycle/contracts';
import type { MailOutcome, Notifier } from '@lifecycle/notifier';
import { NOTIFIER } from './notifier.tokens';

/** Lifecycle facts mailed to the company admin. */
@Controller()
export class CustomerMailHandler {
  constructor(@Inject(NOTIFIER) private readonly notifier: Notifier) {}

  @EventPattern<string>('trial.expiring')
  trialExpiring(@Payload() event: Envelope<'trial.expiring'>): Promise<MailOutcome> {
    return this.notifier.sendMail.execute(event);
  }

  @EventPattern<string>('trial.expired')
  trialExpired(@Payload() event: Envelope<'trial.expired'>): Promise<MailOutcome> {
    return this.notifier.sendMail.execute(event);
  }

  @EventPattern<string>('renewal.upcoming')
  renewalUpcoming(@Payload() event: Envelope<'renewal.upcoming'>): Promise<MailOutcome> {
    return this.notifier.sendMail.execute(event);
  }

  @EventPattern<string>('payment.failed')
  paymentFailed(@Payload() event: Envelope<'payment.failed'>): Promise<MailOutcome> {
    return this.notifier.sendMail.execute(event);
  }

  @EventPattern<string>('payment.succeeded')
  paymentSucceeded(@Payload() event: Envelope<'payment.succeeded'>): Promise<MailOutcome> {
    return this.notifier.sendMail.execute(event);
  }

  @EventPattern<string>('subscription.suspended')
  subscriptionSuspended(@Payload() event: Envelope<'subscription.suspended'>): Promise<MailOutcome> {
    return this.notifier.sendMail.execute(event);
  }

  @EventPattern<string>('subscription.reactivated')
  subscriptionReactivated(@Payload() event: Envelope<'subscription.reactivated'>): Promise<MailOutcome> {
    return this.notifier.sendMail.execute(event);
  }
}
